/**
 * `submitForm` plus the refusals a reviewer can meet after a valid submit (a Conflict → 409, a
 * rule without a field → 422), as a form-level error with the typed values. Superseded by
 * `runIntents` (app/utils/intents.server.ts, decision 008); kept for the routes not yet
 * converted (moved here from app/domain/agencies/review-views.server.ts so no domain file
 * imports Remix). The lead removes it once nothing uses it.
 */
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { Conflict, RuleViolation } from '~/domain/errors'
import { readForm, submitForm } from '~/utils/forms.server'

export interface FormProblem {
  messageKey: string
  params: Record<string, string | number>
}

export async function submitReviewForm<Schema extends z.ZodType, T>(
  request: Request,
  schema: Schema,
  run: (value: z.output<Schema>) => Promise<T>,
) {
  const copy = request.clone()
  const outcome = await submitForm(request, schema, async (value) => {
    try {
      return { done: true as const, value: await run(value) }
    } catch (error) {
      if (error instanceof Conflict || (error instanceof RuleViolation && !error.field)) return { done: false as const, error }
      throw error
    }
  })
  if (!outcome.ok) return outcome
  if (outcome.value.done) return { ok: true as const, value: outcome.value.value }
  const { error } = outcome.value
  const submission = parseWithZod(await readForm(copy), { schema })
  const formError: FormProblem = { messageKey: error.messageKey, params: error.params }
  return {
    ok: false as const,
    response: data({ result: submission.reply({ formErrors: [error.messageKey] }), formError }, { status: error.status }),
  }
}
