/**
 * The owner pays the contract price (SPEC §7): the state machine's `pay` through
 * `actOnContract` (one transaction: the attempt is counted, the collect call recorded in the
 * outbox, the contract `processing`), then — AFTER the commit, outside any transaction — that
 * outbox row is delivered at once (`deliverOne`), so the owner usually sees Stripe's answer on
 * the page it lands on. If Stripe cannot be reached, the row stays due and the timed work retries
 * it with the same idempotency key; the page says "processing" meanwhile.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contracts } from '#db/schema'
import { actOnContract } from '~/domain/contracts/contract-actions.server'
import { deliverOne } from '~/domain/outbox/outbox.server'
import type { SessionUser } from '~/utils/auth.server'
import { collectKey } from './payment-calls.server'
import type { PayInput } from './payment-schemas'
import { paymentHandlers } from './stripe-handlers.server'

export async function payContract(db: Db, user: SessionUser, contractId: string, input: PayInput) {
  const result = await actOnContract(db, user, contractId, 'pay', { payment: { paymentMethod: input.paymentMethod } })
  // The attempt this click started (no other can start while it is `processing`).
  const [row] = await db
    .select({ attempt: contracts.collectAttempts })
    .from(contracts)
    .where(eq(contracts.id, result.contractId))
  const key = collectKey(result.contractId, row.attempt)
  const delivered = await deliverOne(db, key, paymentHandlers)
  return { contractId: result.contractId, outboxKey: key, delivered }
}
