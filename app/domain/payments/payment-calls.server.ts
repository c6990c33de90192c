/**
 * The payment calls a need decision asks for (SPEC §7), recorded — never made — in the
 * decision's transaction: one outbox row each (docs/decisions/009-outbox.md) plus the
 * contract_payments row that will hold Stripe's object and status. The outbox delivers the call
 * after commit, with the row's idempotency key, and the contract's money changes only from
 * Stripe's answer or a verified webhook (stripe-reconcile.server.ts).
 *
 * Idempotency keys come from the contract (research §3.2), so a retry, a crash after the call
 * or a second click can never make a second object at Stripe:
 * - `contract:<id>:pi` — the one PaymentIntent of the contract (created once);
 * - `contract:<id>:collect:<n>` — the owner's n-th attempt to pay it (a confirm with a card);
 * - `contract:<id>:transfer:acceptance` / `contract:<id>:transfer:termination` — the Transfer;
 * - `contract:<id>:refund` — the Refund (a contract ends once);
 * - `contract:<id>:refund:late` — the full Refund of a payment that succeeded after the contract
 *   had ended (reconciliation asks for it, once: stripe-reconcile.server.ts).
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contractPayments, contracts } from '#db/schema'
import { now } from '~/domain/now'
import { enqueue } from '~/domain/outbox/outbox.server'
import type { PaymentCall } from '~/domain/needs/need-lifecycle'
import type { ContractRow } from '~/domain/contracts/contracts.server'

type Tx = Db

/** The outbox kinds of the payment calls, with their payloads. */
export interface PaymentOutboxKinds {
  /** Create (once) the contract's PaymentIntent and confirm it with the owner's payment method. */
  'stripe.collect': { contractId: string; amountFen: number; paymentMethod: string; attempt: number }
  /** Transfer to the agency's connected account. */
  'stripe.transfer': { contractId: string; amountFen: number; purpose: 'acceptance' | 'termination' }
  /** Refund to the owner (against the contract's PaymentIntent). */
  'stripe.refund': { contractId: string; amountFen: number }
}

export const paymentIntentKey = (contractId: string) => `contract:${contractId}:pi`
export const collectKey = (contractId: string, attempt: number) => `contract:${contractId}:collect:${attempt}`
export const transferKey = (contractId: string, purpose: 'acceptance' | 'termination') =>
  `contract:${contractId}:transfer:${purpose}`
export const refundKey = (contractId: string) => `contract:${contractId}:refund`
export const lateRefundKey = (contractId: string) => `contract:${contractId}:refund:late`

async function recordPayment(
  tx: Tx,
  c: ContractRow,
  row: { kind: 'payment_intent' | 'transfer' | 'refund'; purpose: string; idempotencyKey: string; amountFen: number },
) {
  const at = now()
  await tx
    .insert(contractPayments)
    .values({ contractId: c.id, ...row, createdAt: at, updatedAt: at })
    .onConflictDoNothing({ target: contractPayments.idempotencyKey })
}

/**
 * The money of a payment that succeeded after the contract had ended (lapsed or terminated
 * before it came) goes back to the owner in full: its contract_payments row and its outbox row
 * (`lateRefundKey`, so a replayed or second webhook asks for it once), in the caller's
 * transaction. Returns the outbox key.
 */
export async function recordLateRefund(tx: Tx, c: ContractRow, amountFen: number): Promise<string> {
  const key = lateRefundKey(c.id)
  await recordPayment(tx, c, { kind: 'refund', purpose: 'late_payment', idempotencyKey: key, amountFen })
  await enqueue<PaymentOutboxKinds>(tx, {
    kind: 'stripe.refund',
    idempotencyKey: key,
    payload: { contractId: c.id, amountFen },
  })
  return key
}

/** A recorded payment call: its outbox row's idempotency key, and what the audit event adds. */
export interface RecordedPaymentCall {
  outboxKey: string
  audit: Record<string, unknown>
}

/** Records one payment call of a decision on contract `c` (its outbox row, delivered after commit). */
export async function recordPaymentCall(tx: Tx, c: ContractRow, call: PaymentCall): Promise<RecordedPaymentCall> {
  switch (call.call) {
    case 'payment.collect': {
      // The attempt number is taken under the need's lock (the caller holds it), so two clicks
      // cannot both start one: the state machine refused the second (`paymentProcessing`).
      const [updated] = await tx
        .update(contracts)
        .set({
          collectStatus: 'processing',
          collectAttempts: sql`${contracts.collectAttempts} + 1`,
          lastPaymentError: null,
          updatedAt: now(),
        })
        .where(eq(contracts.id, c.id))
        .returning({ attempt: contracts.collectAttempts })
      await recordPayment(tx, c, {
        kind: 'payment_intent',
        purpose: 'collect',
        idempotencyKey: paymentIntentKey(c.id),
        amountFen: call.amountFen,
      })
      const key = collectKey(c.id, updated.attempt)
      await enqueue<PaymentOutboxKinds>(tx, {
        kind: 'stripe.collect',
        idempotencyKey: key,
        payload: {
          contractId: c.id,
          amountFen: call.amountFen,
          paymentMethod: call.paymentMethod,
          attempt: updated.attempt,
        },
      })
      return { outboxKey: key, audit: { paymentAttempt: updated.attempt, outboxKey: key } }
    }
    case 'escrow.release': {
      const key = transferKey(c.id, call.purpose)
      await recordPayment(tx, c, {
        kind: 'transfer',
        purpose: call.purpose,
        idempotencyKey: key,
        amountFen: call.amountFen,
      })
      await enqueue<PaymentOutboxKinds>(tx, {
        kind: 'stripe.transfer',
        idempotencyKey: key,
        payload: { contractId: c.id, amountFen: call.amountFen, purpose: call.purpose },
      })
      return { outboxKey: key, audit: { transferFen: call.amountFen, transferKey: key } }
    }
    case 'escrow.refund': {
      const key = refundKey(c.id)
      await recordPayment(tx, c, {
        kind: 'refund',
        purpose: 'termination',
        idempotencyKey: key,
        amountFen: call.amountFen,
      })
      await enqueue<PaymentOutboxKinds>(tx, {
        kind: 'stripe.refund',
        idempotencyKey: key,
        payload: { contractId: c.id, amountFen: call.amountFen },
      })
      return { outboxKey: key, audit: { refundFen: call.amountFen, refundKey: key } }
    }
    default: {
      const never: never = call
      throw new Error(`unhandled payment call ${JSON.stringify(never)}`)
    }
  }
}
