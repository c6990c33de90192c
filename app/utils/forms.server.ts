import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { RuleViolation } from '~/domain/errors'

type FormReply = { result: SubmissionResult<string[]> }

export type FormOutcome<T> = { ok: true; value: T } | { ok: false; response: ReturnType<typeof data<FormReply>> }

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
  const submission = parseWithZod(await request.formData(), { schema })
  const { hideFields } = options
  if (submission.status !== 'success') {
    return { ok: false, response: data({ result: submission.reply({ hideFields }) }, { status: 400 }) }
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
