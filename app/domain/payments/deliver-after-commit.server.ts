/**
 * A contract action whose decision asks for payment calls (pay, accept, a ruling, an agreed
 * ending) hands those calls to Stripe at once, AFTER its transaction committed, instead of
 * leaving them for the next tick: `actOnContract` (one transaction, the outbox rows written with
 * the change), then `deliverOne` for each row the decision wrote, outside any transaction.
 *
 * Delivery is best effort here: a Stripe that is down, slow or answers 5xx leaves the row
 * pending with its backoff (the outbox records it), and the tick retries it with the same
 * idempotency key. Nothing of it reaches the user as an error: the action has happened, and the
 * page shows the payment's state as Stripe last answered.
 */
import type { Db } from '#db/client.server'
import { actOnContract, type ContractActionInput, type ContractActionResult } from '~/domain/contracts/contract-actions.server'
import type { ContractAction } from '~/domain/needs/need-lifecycle'
import { deliverOne, type DeliverSummary } from '~/domain/outbox/outbox.server'
import type { SessionUser } from '~/utils/auth.server'
import { paymentHandlers } from './stripe-handlers.server'

/** What the delivery after the commit did for each outbox row (null: not due, or another deliverer has it). */
export type Delivered = Record<string, keyof DeliverSummary | null>

/** Delivers the outbox rows `keys` now; never throws (a row that could not go stays for the tick). */
export async function deliverAfterCommit(db: Db, keys: readonly string[]): Promise<Delivered> {
  const delivered: Delivered = {}
  for (const key of keys) {
    try {
      delivered[key] = await deliverOne(db, key, paymentHandlers)
    } catch (error) {
      // The claim or the record failed (the database, not Stripe): the row is due again for the tick.
      console.error(`outbox: delivery after commit failed for ${key}`, error)
      delivered[key] = null
    }
  }
  return delivered
}

/** `actOnContract`, then the payment calls its decision wrote delivered after the commit. */
export async function actOnContractAndPay(
  db: Db,
  user: SessionUser,
  contractId: string,
  action: ContractAction,
  input: ContractActionInput = {},
): Promise<ContractActionResult & { delivered: Delivered }> {
  const result = await actOnContract(db, user, contractId, action, input)
  return { ...result, delivered: await deliverAfterCommit(db, result.applied.outboxKeys) }
}
