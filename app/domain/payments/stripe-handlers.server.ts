/**
 * The outbox handlers of the payment calls (docs/decisions/010-payments.md). Each runs OUTSIDE
 * any transaction (the outbox calls it after its claim committed), calls Stripe with the outbox
 * row's idempotency key, then hands Stripe's answer to reconciliation (stripe-reconcile.server.ts)
 * in its own short transaction. Throwing means "try again later" (the outbox's backoff): a
 * network error, a timeout, a 5xx that the client's own retries did not get past. A declined card
 * is an ANSWER, not a failure to deliver: it is recorded (the contract unpaid, Stripe's code kept
 * for the page) and the row is done.
 *
 * Safe to run again with the same row: Stripe replays the answer to a key it has seen (24 h), and
 * the contract's one PaymentIntent is created under its own key `contract:<id>:pi` with a body
 * that never changes, so a retry, a crash after the call or a second deliverer find the same one.
 */
import { eq } from 'drizzle-orm'
import Stripe from 'stripe'
import type { Db } from '#db/client.server'
import { contracts, payoutAccounts } from '#db/schema'
import type { ContractRow } from '~/domain/contracts/contracts.server'
import type { OutboxCall, OutboxHandlers } from '~/domain/outbox/outbox.server'
import { stripeClient } from '~/utils/stripe.server'
import { paymentIntentKey, type PaymentOutboxKinds } from './payment-calls.server'
import {
  paymentErrorCode,
  reconcilePaymentIntent,
  reconcileRefund,
  reconcileTransfer,
  type Reconciled,
} from './stripe-reconcile.server'

export const transferGroupOf = (contractId: string) => `contract_${contractId}`

async function contractRow(db: Db, contractId: string): Promise<ContractRow> {
  const [row] = await db.select().from(contracts).where(eq(contracts.id, contractId))
  if (!row) throw new Error(`payment call for unknown contract ${contractId}`)
  return row
}

/** Stripe's answer reconciled in its own short transaction. */
async function reconcile<T>(db: Db, fn: (tx: Db, object: T) => Promise<Reconciled>, object: T): Promise<Reconciled> {
  return db.transaction((tx) => fn(tx, object))
}

/**
 * The contract's one PaymentIntent: the id kept on the contract, else created under
 * `contract:<id>:pi` (same body every time: a repeat is Stripe's replay, never a second one).
 */
async function paymentIntentOf(db: Db, stripe: Stripe, c: ContractRow): Promise<string> {
  if (c.paymentIntentId) return c.paymentIntentId
  const pi = await stripe.paymentIntents.create(
    {
      amount: c.priceFen,
      currency: 'cny',
      transfer_group: transferGroupOf(c.id),
      metadata: { contractId: c.id, needId: c.needId },
      description: `Contract ${c.id}`,
    },
    { idempotencyKey: paymentIntentKey(c.id) },
  )
  // Keep its id at once (reconciliation sets it, never overwrites another).
  await reconcile(db, reconcilePaymentIntent, pi)
  return pi.id
}

/** A confirm refused for a reason a retry would not change (declined card, unknown card, wrong state). */
function isAnswer(error: unknown): error is Stripe.errors.StripeCardError | Stripe.errors.StripeInvalidRequestError {
  return error instanceof Stripe.errors.StripeCardError || error instanceof Stripe.errors.StripeInvalidRequestError
}

export async function collect(call: OutboxCall<PaymentOutboxKinds['stripe.collect']>, db: Db, stripe = stripeClient()) {
  const c = await contractRow(db, call.payload.contractId)
  const piId = await paymentIntentOf(db, stripe, c)
  let pi: Stripe.PaymentIntent
  try {
    pi = await stripe.paymentIntents.confirm(
      piId,
      { payment_method: call.payload.paymentMethod },
      { idempotencyKey: call.idempotencyKey },
    )
  } catch (error) {
    if (!isAnswer(error)) throw error
    // Stripe's current PaymentIntent (a card error carries it; else read it again).
    const current = (error.payment_intent as Stripe.PaymentIntent | undefined) ?? (await stripe.paymentIntents.retrieve(piId))
    const code = paymentErrorCode(error)
    if (current.status === 'succeeded' || current.status === 'processing') {
      // Confirmed already (an earlier attempt got there): that is the answer.
      const done = await reconcile(db, reconcilePaymentIntent, current)
      return { paymentIntentId: piId, status: current.status, changes: done.changes }
    }
    // The attempt failed for good: the contract is unpaid with Stripe's code; the owner may try again.
    const failed = {
      ...current,
      status: current.status === 'canceled' ? 'canceled' : 'requires_payment_method',
      // This attempt's error (the PaymentIntent may still carry an earlier one).
      last_payment_error: { code: error.code, decline_code: error.decline_code, type: error.type },
    } as Stripe.PaymentIntent
    const done = await reconcile(db, reconcilePaymentIntent, failed)
    return { paymentIntentId: piId, status: failed.status, error: code, changes: done.changes }
  }
  const done = await reconcile(db, reconcilePaymentIntent, pi)
  return { paymentIntentId: pi.id, status: pi.status, changes: done.changes, started: done.started }
}

export async function transfer(call: OutboxCall<PaymentOutboxKinds['stripe.transfer']>, db: Db, stripe = stripeClient()) {
  const c = await contractRow(db, call.payload.contractId)
  const [account] = await db
    .select({ id: payoutAccounts.stripeAccountId })
    .from(payoutAccounts)
    .where(eq(payoutAccounts.organisationId, c.agencyOrganisationId))
  // The agency signs only with a payout account, so this waits for a person (and retries).
  if (!account) throw new Error(`agency ${c.agencyOrganisationId} has no payout account`)
  // Paid out of the contract's own charge when known (Stripe then moves the funds once they are available).
  const sourceTransaction = c.paymentIntentId
    ? (await stripe.paymentIntents.retrieve(c.paymentIntentId)).latest_charge
    : null
  const tr = await stripe.transfers.create(
    {
      amount: call.payload.amountFen,
      currency: 'cny',
      destination: account.id,
      transfer_group: transferGroupOf(c.id),
      ...(sourceTransaction ? { source_transaction: typeof sourceTransaction === 'string' ? sourceTransaction : sourceTransaction.id } : {}),
      metadata: { contractId: c.id, needId: c.needId, purpose: call.payload.purpose, paymentKey: call.idempotencyKey },
    },
    { idempotencyKey: call.idempotencyKey },
  )
  const done = await reconcile(db, reconcileTransfer, tr)
  return { transferId: tr.id, amountFen: tr.amount, changes: done.changes }
}

export async function refund(call: OutboxCall<PaymentOutboxKinds['stripe.refund']>, db: Db, stripe = stripeClient()) {
  const c = await contractRow(db, call.payload.contractId)
  if (!c.paymentIntentId) throw new Error(`contract ${c.id} has no PaymentIntent to refund`)
  const re = await stripe.refunds.create(
    {
      payment_intent: c.paymentIntentId,
      amount: call.payload.amountFen,
      metadata: { contractId: c.id, needId: c.needId, paymentKey: call.idempotencyKey },
    },
    { idempotencyKey: call.idempotencyKey },
  )
  const done = await reconcile(db, reconcileRefund, re)
  return { refundId: re.id, amountFen: re.amount, status: re.status, changes: done.changes }
}

/** The payment kinds' handlers (the outbox's handler map spreads them). */
export const paymentHandlers: OutboxHandlers<PaymentOutboxKinds> = {
  'stripe.collect': (call, db) => collect(call, db),
  'stripe.transfer': (call, db) => transfer(call, db),
  'stripe.refund': (call, db) => refund(call, db),
}
