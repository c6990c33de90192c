/**
 * The owner pays the contract price (SPEC §7): the state machine's `pay` through
 * `actOnContract` (one transaction: the attempt is counted, the collect call recorded in the
 * outbox, the contract `processing`), then — AFTER the commit, outside any transaction — that
 * outbox row is delivered at once (`actOnContractAndPay`), so the owner usually sees Stripe's answer on
 * the page it lands on. If Stripe cannot be reached, the row stays due and the timed work retries
 * it with the same idempotency key; the page says "processing" meanwhile.
 */
import type { Db } from '#db/client.server'
import type { SessionUser } from '~/utils/auth.server'
import { actOnContractAndPay } from './deliver-after-commit.server'
import type { PayInput } from './payment-schemas'

export async function payContract(db: Db, user: SessionUser, contractId: string, input: PayInput) {
  const result = await actOnContractAndPay(db, user, contractId, 'pay', { payment: { paymentMethod: input.paymentMethod } })
  // The collect call of the attempt this click started (no other can start while it is `processing`).
  const [key] = result.applied.outboxKeys
  const delivered = result.delivered[key]
  return { contractId: result.contractId, outboxKey: key, delivered }
}
