import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { RuleViolation } from '~/domain/errors'
import { CONTROL_CHARACTERS, hasForbiddenCharacters } from '~/domain/validation'
import { errorResponse } from '~/utils/handler.server'

type FormReply = { result: SubmissionResult<string[]> }

export type FormOutcome<T> = { ok: true; value: T } | { ok: false; response: ReturnType<typeof data<FormReply>> }

/**
 * The one way an action reads its form. A body that is not a form (JSON, text/plain, no
 * Content-Type, multipart without a boundary) is refused with 415 and a body that claims to be
 * a form but cannot be read (malformed multipart, truncated) with 400 — both as translated error
 * responses, never the TypeError `request.formData()` throws (which would be a 500).
 */
export async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? ''
  const [essence, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase())
  const isForm =
    essence === 'application/x-www-form-urlencoded' ||
    (essence === 'multipart/form-data' && parameters.some((p) => /^boundary=.+/.test(p)))
  if (!isForm) throw errorResponse(415, 'input.notAForm')
  try {
    return await request.formData()
  } catch {
    throw errorResponse(400, 'input.malformedForm')
  }
}

/**
 * Fields holding a character no text field accepts (NUL, other controls, a lone surrogate) —
 * whatever the schema says, so a form whose schema has a bare z.string() still answers with a
 * field error rather than a database error.
 */
export function forbiddenCharacterErrors(form: FormData, skip: readonly string[] = []): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {}
  for (const [name, value] of form.entries()) {
    if (skip.includes(name)) continue
    if (typeof value === 'string' && hasForbiddenCharacters(value)) errors[name] = [CONTROL_CHARACTERS]
  }
  return Object.keys(errors).length ? errors : null
}

/**
 * The one way a form action runs: parse with the form's zod schema, run the domain function,
 * and on bad input — or a RuleViolation that names a field — answer 400 with field errors and
 * the typed values (never the fields in `hideFields`, such as passwords). Nothing is written on
 * failure because the domain function runs in one transaction.
 */
export async function submitForm<Schema extends z.ZodType, T>(
  request: Request,
  schema: Schema,
  run: (value: z.output<Schema>) => Promise<T>,
  options: { hideFields?: string[] } = {},
): Promise<FormOutcome<T>> {
  const form = await readForm(request)
  const submission = parseWithZod(form, { schema })
  const { hideFields } = options
  const forbidden = forbiddenCharacterErrors(form)
  if (submission.status !== 'success' || forbidden) {
    // reply() merges the extra field errors with the schema's own.
    const result = forbidden
      ? submission.reply({ fieldErrors: forbidden, hideFields })
      : submission.reply({ hideFields })
    return { ok: false, response: data({ result }, { status: 400 }) }
  }
  try {
    return { ok: true, value: await run(submission.value) }
  } catch (error) {
    if (error instanceof RuleViolation && error.field) {
      const fieldErrors = { [error.field]: [error.messageKey] }
      return { ok: false, response: data({ result: submission.reply({ fieldErrors, hideFields }) }, { status: 400 }) }
    }
    throw error
  }
}
