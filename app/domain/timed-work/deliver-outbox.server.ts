/**
 * Tick step: delivers the outbox's due calls (docs/decisions/009-outbox.md), outside any
 * transaction. The kinds are the payment calls (`stripe.collect`, `stripe.transfer`,
 * `stripe.refund`, app/domain/payments/stripe-handlers.server.ts). A row of an unknown kind is
 * marked failed (never retried forever).
 */
import type { Db } from '#db/client.server'
import { deliverDue, type DeliverSummary, type OutboxHandlers } from '~/domain/outbox/outbox.server'
import { paymentHandlers } from '~/domain/payments/stripe-handlers.server'

export const outboxHandlers: OutboxHandlers = { ...paymentHandlers }

/** Delivers batches until nothing is due (bounded, so one tick never runs forever). */
export async function deliverOutbox(db: Db, handlers: OutboxHandlers = outboxHandlers, maxBatches = 10): Promise<DeliverSummary> {
  const total: DeliverSummary = { delivered: 0, retrying: 0, failed: 0 }
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const done = await deliverDue(db, handlers)
    total.delivered += done.delivered
    total.retrying += done.retrying
    total.failed += done.failed
    if (done.delivered + done.retrying + done.failed === 0) break
  }
  return total
}
