/**
 * `POST /webhooks/stripe` (docs/decisions/010-payments.md): a verified event names an object;
 * the object is RE-READ from Stripe (so events delivered late or out of order reconcile to the
 * current state, never to the event's stale copy) and reconciled, and the event id is stored in
 * stripe_events in the SAME transaction: a replayed event finds its id and has no second effect,
 * and an event whose reconciliation failed leaves nothing behind, so Stripe's retry is handled.
 *
 * - bad, missing or stale signature (checked against the app's clock) → 400, nothing written;
 * - an event already stored → 200, nothing done;
 * - payment_intent.*, charge.refunded, charge.refund.updated / refund.*, transfer.* → reconciled;
 * - anything else → 200, stored and ignored;
 * - Stripe unreachable while re-reading → thrown (500): Stripe delivers the event again.
 */
import { eq } from 'drizzle-orm'
import Stripe from 'stripe'
import type { Db } from '#db/client.server'
import { stripeEvents } from '#db/schema'
import { now } from '~/domain/now'
import { PaymentsNotConfigured, stripeClient, verifyWebhook } from '~/utils/stripe.server'
import {
  reconcileCharge,
  reconcilePaymentIntent,
  reconcileRefund,
  reconcileTransfer,
  type Reconciled,
} from './stripe-reconcile.server'

export type WebhookOutcome =
  | { status: 400; error: 'signature' }
  /** No webhook secret is configured here: no event can be verified, so none is accepted. */
  | { status: 400; error: 'not_configured' }
  | { status: 200; eventId: string; outcome: 'duplicate' | 'ignored' | 'reconciled'; changes: string[] }

type Tx = Db
type Step = (tx: Tx) => Promise<Reconciled>

/** The object the event names, re-read from Stripe, and how to reconcile it (null: a type we do not act on). */
async function currentObject(stripe: Stripe, event: Stripe.Event): Promise<Step | null> {
  const object = event.data.object as { id?: string; object?: string }
  if (!object.id) return null
  if (event.type.startsWith('payment_intent.')) {
    const pi = await stripe.paymentIntents.retrieve(object.id)
    return (tx) => reconcilePaymentIntent(tx, pi)
  }
  if (event.type.startsWith('transfer.')) {
    const transfer = await stripe.transfers.retrieve(object.id)
    return (tx) => reconcileTransfer(tx, transfer)
  }
  if (event.type === 'charge.refunded') {
    const charge = await stripe.charges.retrieve(object.id)
    return (tx) => reconcileCharge(tx, charge)
  }
  if (event.type.startsWith('refund.') || event.type === 'charge.refund.updated') {
    const refund = await stripe.refunds.retrieve(object.id)
    return (tx) => reconcileRefund(tx, refund)
  }
  return null
}

export async function receiveStripeWebhook(db: Db, rawBody: string, signature: string | null): Promise<WebhookOutcome> {
  let event: Stripe.Event
  try {
    event = verifyWebhook(rawBody, signature ?? '')
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) return { status: 400, error: 'signature' }
    if (error instanceof PaymentsNotConfigured) return { status: 400, error: 'not_configured' }
    throw error
  }
  const seen = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.id, event.id))
  if (seen.length > 0) return { status: 200, eventId: event.id, outcome: 'duplicate', changes: [] }
  // Outside any transaction: the call to Stripe.
  const step = await currentObject(stripeClient(), event)
  const objectId = (event.data.object as { id?: string }).id ?? null
  return db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type, objectId, receivedAt: now() })
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id })
    // Another delivery of the same event got here first.
    if (!stored) return { status: 200, eventId: event.id, outcome: 'duplicate', changes: [] } as const
    if (!step) return { status: 200, eventId: event.id, outcome: 'ignored', changes: [] } as const
    const done = await step(tx)
    return { status: 200, eventId: event.id, outcome: 'reconciled', changes: done.changes } as const
  })
}
