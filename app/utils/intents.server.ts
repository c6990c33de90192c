/**
 * The one way a route runs a form action (docs/decisions/008-form-intents.md).
 *
 * A route declares its intents — for each, the zod schema of its form and the domain call —
 * and `runIntents` does the rest the same way everywhere:
 * - a body that is not a form → 415/400 (readForm); an unknown intent → 400 (error boundary);
 * - bad input (the schema, or a character no text field accepts) → 400, field errors;
 * - a refused business rule → its own status (`RuleViolation`/`RuleViolations` 422, `Conflict`
 *   409, `TooManyRequests` 429): at its field when it names one, else as the form's error;
 * - `Forbidden`/`NotFound` and anything unexpected are rethrown: `handle()` answers 403/404, a
 *   bug stays a 500.
 * Every refusal carries the values as typed (never `hideFields`, e.g. passwords), and nothing is
 * written because each domain call runs in one transaction. Components read the answer with
 * `useIntentReply(intent)` (app/components/forms.tsx) and show it with the form's fields and
 * `<FormProblem>`.
 */
import { parseWithZod } from '@conform-to/zod/v4'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { DomainError, Forbidden, NotFound, RuleViolation, RuleViolations, TooManyRequests } from '~/domain/errors'
import { errorResponse } from '~/utils/handler.server'
import { forbiddenCharacterErrors, readForm } from '~/utils/forms.server'
import { encodeMessage, type IntentReply } from '~/utils/intent-reply'

export interface IntentSpec<Schema extends z.ZodType, T> {
  schema: Schema
  /** The domain call: one transaction, throwing typed domain errors. */
  run: (value: z.output<Schema>, form: FormData) => Promise<T>
  /** The answer to a success: usually a redirect with a toast. */
  done: (value: T) => Response | Promise<Response>
  /** Fields never sent back (passwords). */
  hideFields?: string[]
  /**
   * Fields the control-character check leaves to the domain: hidden values no one types, which the
   * domain sanitises itself (login's `redirectTo`: a hostile one goes home, see safeRedirect).
   */
  skipCharacterCheck?: string[]
}

/** Declares one intent (keeps its schema's output type flowing into `run` and `done`). */
export function intent<Schema extends z.ZodType, T>(spec: IntentSpec<Schema, T>): IntentSpec<Schema, T> {
  return spec
}

type AnyIntent = IntentSpec<any, any>

/** The field of every form that names its intent (a hidden input or the submit button's value). */
export const INTENT_FIELD = 'intent'

/**
 * Runs the intent the form names. `intents` maps intent names to their specs; a route with one
 * form passes `{ default: spec }` and its form needs no intent field.
 */
export async function runIntents<Intents extends Record<string, AnyIntent>>(
  request: Request | FormData,
  intents: Intents,
): Promise<Response | ReturnType<typeof data<IntentReply<Extract<keyof Intents, string>>>>> {
  // A route that must read its body itself (a multipart upload read against a size budget) passes the form.
  const form = request instanceof FormData ? request : await readForm(request)
  const named = form.get(INTENT_FIELD)
  const name = (typeof named === 'string' && named in intents ? named : !named && 'default' in intents ? 'default' : null) as
    | Extract<keyof Intents, string>
    | null
  if (name === null) throw errorResponse(400, 'errors.badRequest')
  const spec = intents[name]!
  const { hideFields } = spec
  const submission = parseWithZod(form, { schema: spec.schema })
  const forbidden = forbiddenCharacterErrors(form, spec.skipCharacterCheck)
  const refuse = (status: number, reply: Parameters<typeof submission.reply>[0] = {}, formError: IntentReply['formError'] = null) =>
    data<IntentReply<Extract<keyof Intents, string>>>(
      { intent: name, result: submission.reply({ ...reply, hideFields }), formError },
      { status },
    )
  // A conform list button (add/remove a row) without JavaScript: the form comes back changed, nothing runs.
  if (submission.status === undefined && !forbidden) return refuse(200)
  if (submission.status !== 'success' || forbidden) return refuse(400, forbidden ? { fieldErrors: forbidden } : {})
  let value: unknown
  try {
    value = await spec.run(submission.value, form)
  } catch (error) {
    const refusal = refusalOf(error)
    if (!refusal) throw error
    return refuse(refusal.status, { fieldErrors: refusal.fieldErrors }, refusal.formError)
  }
  return spec.done(value)
}

interface Refusal {
  status: number
  fieldErrors: Record<string, string[]>
  formError: IntentReply['formError']
}

/**
 * A domain error the user can act on, as field errors and a form error with the error's own
 * status; null for errors a form does not answer (403/404 go to `handle()`, bugs stay bugs).
 */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof DomainError) || error instanceof Forbidden || error instanceof NotFound) return null
  if (error.status < 400 || error.status >= 500) return null
  const fieldErrors: Record<string, string[]> = {}
  const add = (field: string, key: string, params?: Record<string, string | number>) => {
    ;(fieldErrors[field] ??= []).push(encodeMessage(key, params))
  }
  if ((error instanceof RuleViolation || error instanceof TooManyRequests) && error.field) {
    add(error.field, error.messageKey, error.params)
    return { status: error.status, fieldErrors, formError: null }
  }
  if (error instanceof RuleViolations) {
    for (const p of error.problems) if (p.field) add(p.field, p.messageKey, p.params)
  }
  return { status: error.status, fieldErrors, formError: { messageKey: error.messageKey, params: error.params } }
}
