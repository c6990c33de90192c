/**
 * The shape every form of the contract page has: a schema, ONE domain call for the signed-in
 * user on this contract (a function of app/domain/contracts/ that goes through `actOnContract`),
 * and on success the contract page again with a toast. Each intent file writes only what differs.
 */
import type { z } from 'zod'
import type { Db } from '#db/client.server'
import type { SessionUser } from '~/utils/auth.server'
import { intent, type IntentSpec } from '~/utils/intents.server'
import { redirectWithToast, type Toast } from '~/utils/toast.server'
import type { ContractIntentContext } from './__intents.server'

/** A domain call on one contract, with the form's value (and the form, for a file part). */
export type ContractCall<Value, T> = (
  db: Db,
  user: SessionUser,
  contractId: string,
  value: Value,
  form: FormData,
) => Promise<T>

export interface ContractIntentOptions {
  /** The toast's kind (default `success`; the payment says `info`: Stripe may still be working). */
  toastKind?: Toast['kind']
  /** Fields never sent back (the signing password). */
  hideFields?: string[]
}

/** `contractIntent(schema, call, toastKey, options?)` for the contract of `ctx`. */
export function contractIntentOf(ctx: ContractIntentContext) {
  return function contractIntent<Schema extends z.ZodType, T>(
    schema: Schema,
    call: ContractCall<z.output<Schema>, T>,
    toastKey: string,
    options: ContractIntentOptions = {},
  ): IntentSpec<Schema, T> {
    return intent({
      schema,
      run: (value, form) => call(ctx.db, ctx.user, ctx.contractId, value, form),
      done: () => redirectWithToast(ctx.back, { kind: options.toastKind ?? 'success', messageKey: toastKey }),
      ...(options.hideFields ? { hideFields: options.hideFields } : {}),
    })
  }
}
