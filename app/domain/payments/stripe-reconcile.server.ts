/**
 * Reconciliation: the ONE place the contract's money changes (docs/decisions/010-payments.md).
 * Each function takes a Stripe object as Stripe answered it — to the outbox handler's own call,
 * or re-read from Stripe when a verified webhook named it — and, in the caller's short
 * transaction and under the need's lock, SETS what the object says: the contract_payments row
 * (Stripe id, status), the contract's collect status and its held / released / refunded fen.
 * Setting (never adding) makes it idempotent and order-proof: the same object twice, or a stale
 * event after a newer one (its object is re-read, so it is the newer state), changes nothing more.
 * A paid contract never goes back to unpaid. Every change writes one audit event (payment.held,
 * payment.failed, payment.released, payment.refunded) with the amounts and Stripe ids.
 *
 * A payment that succeeds after the contract has ended (it lapsed or was terminated before the
 * money came) is not held for anything: reconciliation records it, asks for a full Refund through
 * the outbox under its own key (`contract:<id>:refund:late`) and writes
 * `payment.late_refund_requested` on the contract; the service never starts.
 *
 * When the PaymentIntent has succeeded, the system starts the service
 * (`actOnContractAsSystem(…, 'start_service')`: the state machine refuses when it is too early —
 * not signed by both — or already done, and then nothing happens).
 */
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import type Stripe from 'stripe'
import type { Db } from '#db/client.server'
import { contractPayments, contracts } from '#db/schema'
import { actOnContractAsSystem } from '~/domain/contracts/contract-actions.server'
import type { ContractRow } from '~/domain/contracts/contracts.server'
import { lockNeed, UUID } from '~/domain/needs/need-access.server'
import { now } from '~/domain/now'
import { recordAudit, systemActor } from '~/utils/audit.server'
import { lateRefundKey, paymentIntentKey, recordLateRefund, refundKey } from './payment-calls.server'

type Tx = Db

export interface Reconciled {
  /** The contract the object belongs to (null: not one of ours — ignored). */
  contractId: string | null
  /** The audit actions written (empty: nothing changed). */
  changes: string[]
  /** Whether this reconciliation started the service. */
  started: boolean
}

const ignored: Reconciled = { contractId: null, changes: [], started: false }

/** The code to keep of a Stripe payment error: the decline reason when it says more than "declined". */
export function paymentErrorCode(error: { code?: string | null; decline_code?: string | null } | null | undefined): string {
  if (!error) return 'generic'
  if (error.decline_code && error.decline_code !== 'generic_decline') return error.decline_code
  return error.code ?? 'generic'
}

/** The contract `contractId` under its need's lock (null when there is no such contract). */
async function lockedContract(tx: Tx, contractId: string | null | undefined): Promise<ContractRow | null> {
  if (!contractId || !UUID.test(contractId)) return null
  const [first] = await tx.select({ needId: contracts.needId }).from(contracts).where(eq(contracts.id, contractId))
  if (!first) return null
  await lockNeed(tx, first.needId)
  const [row] = await tx.select().from(contracts).where(eq(contracts.id, contractId))
  return row ?? null
}

async function contractIdOfPaymentIntent(tx: Tx, paymentIntentId: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: contracts.id })
    .from(contracts)
    .where(eq(contracts.paymentIntentId, paymentIntentId))
  return row?.id ?? null
}

const idOf = (value: string | { id: string } | null | undefined) =>
  value == null ? null : typeof value === 'string' ? value : value.id

async function audit(tx: Tx, c: ContractRow, action: string, payload: Record<string, unknown>) {
  await recordAudit(tx, {
    actor: systemActor,
    action,
    entityType: 'contract',
    entityId: c.id,
    payload: { needId: c.needId, ...payload },
  })
}

/** A PaymentIntent: the contract's collect status and the money held. */
export async function reconcilePaymentIntent(tx: Tx, pi: Stripe.PaymentIntent): Promise<Reconciled> {
  const c =
    (await lockedContract(tx, pi.metadata?.contractId)) ??
    (await lockedContract(tx, await contractIdOfPaymentIntent(tx, pi.id)))
  // Not ours, or not the contract's ONE PaymentIntent (its id is kept once known).
  if (!c || (c.paymentIntentId !== null && c.paymentIntentId !== pi.id)) return ignored
  const at = now()
  const changes: string[] = []
  await tx
    .update(contractPayments)
    .set({
      stripeId: pi.id,
      status: pi.status,
      lastError: pi.last_payment_error ? paymentErrorCode(pi.last_payment_error) : null,
      updatedAt: at,
    })
    .where(
      and(
        eq(contractPayments.idempotencyKey, paymentIntentKey(c.id)),
        or(isNull(contractPayments.stripeId), eq(contractPayments.stripeId, pi.id)),
      ),
    )
  const set: Partial<typeof contracts.$inferInsert> = {}
  if (c.paymentIntentId === null) set.paymentIntentId = pi.id
  const chargeId = idOf(pi.latest_charge)
  if (pi.status === 'succeeded') {
    if (c.collectStatus !== 'paid' || c.heldFen !== pi.amount_received) {
      Object.assign(set, { collectStatus: 'paid', heldFen: pi.amount_received, lastPaymentError: null })
      changes.push('payment.held')
      await audit(tx, c, 'payment.held', {
        amountFen: pi.amount_received,
        paymentIntentId: pi.id,
        chargeId,
        attempt: c.collectAttempts,
      })
    }
  } else if (c.collectStatus !== 'paid') {
    // Not (yet) paid: what Stripe says about the attempt in flight, if anything.
    const failure =
      pi.status === 'canceled'
        ? 'payment_intent_canceled'
        : pi.status === 'requires_payment_method' && pi.last_payment_error
          ? paymentErrorCode(pi.last_payment_error)
          : null
    if (failure && (c.collectStatus !== 'failed' || c.lastPaymentError !== failure)) {
      Object.assign(set, { collectStatus: 'failed', lastPaymentError: failure })
      changes.push('payment.failed')
      await audit(tx, c, 'payment.failed', {
        amountFen: pi.amount,
        paymentIntentId: pi.id,
        chargeId,
        code: failure,
        attempt: c.collectAttempts,
      })
    } else if (pi.status === 'processing' && c.collectStatus !== 'processing') {
      set.collectStatus = 'processing'
    }
  }
  if (Object.keys(set).length > 0) {
    await tx
      .update(contracts)
      .set({ ...set, updatedAt: at })
      .where(eq(contracts.id, c.id))
  }
  // The money came after the contract ended (lapsed or terminated first): it is not the
  // platform's to hold. Refund all of it (once: its own key), and start nothing.
  if (changes.includes('payment.held') && c.terminationKind !== null) {
    const outboxKey = await recordLateRefund(tx, c, pi.amount_received)
    changes.push('payment.late_refund_requested')
    await audit(tx, c, 'payment.late_refund_requested', {
      amountFen: pi.amount_received,
      paymentIntentId: pi.id,
      terminationKind: c.terminationKind,
      outboxKey,
    })
    return { contractId: c.id, changes, started: false }
  }
  const started =
    pi.status === 'succeeded' && c.terminationKind === null
      ? (await actOnContractAsSystem(tx, c.id, 'start_service')) !== null
      : false
  return { contractId: c.id, changes, started }
}

/** What the contract's transfer / refund rows that succeeded add up to. */
async function succeededSum(tx: Tx, contractId: string, kind: 'transfer' | 'refund'): Promise<number> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${contractPayments.amountFen}), 0)` })
    .from(contractPayments)
    .where(
      and(
        eq(contractPayments.contractId, contractId),
        eq(contractPayments.kind, kind),
        eq(contractPayments.status, 'succeeded'),
      ),
    )
  return Number(row.total)
}

/** The contract_payments row of a Transfer / Refund: by its Stripe id, else by the key the handler put in its metadata. */
async function paymentRowOf(tx: Tx, contractId: string, stripeId: string, key: string | undefined) {
  const [row] = await tx
    .select()
    .from(contractPayments)
    .where(
      and(
        eq(contractPayments.contractId, contractId),
        or(eq(contractPayments.stripeId, stripeId), key ? eq(contractPayments.idempotencyKey, key) : sql`false`),
      ),
    )
  return row ?? null
}

/**
 * What the contract's Transfers have paid out: each Transfer Stripe made, less what has been
 * reversed of it (a partial reversal takes back part of it; a full one, all of it).
 */
async function releasedSum(tx: Tx, contractId: string): Promise<number> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${contractPayments.amountFen} - ${contractPayments.reversedFen}), 0)` })
    .from(contractPayments)
    .where(
      and(
        eq(contractPayments.contractId, contractId),
        eq(contractPayments.kind, 'transfer'),
        inArray(contractPayments.status, ['succeeded', 'partially_reversed', 'reversed']),
      ),
    )
  return Number(row.total)
}

/**
 * A Transfer to the agency: its row and the money released, SET from the Transfer (its amount
 * less `amount_reversed`), never added to. What is reversed only grows at Stripe, so an older
 * view of the Transfer (the handler's answer arriving after a reversal's webhook) never undoes a
 * reversal: the row keeps the larger `reversed_fen`.
 */
export async function reconcileTransfer(tx: Tx, transfer: Stripe.Transfer): Promise<Reconciled> {
  const c = await lockedContract(tx, transfer.metadata?.contractId)
  if (!c) return ignored
  const row = await paymentRowOf(tx, c.id, transfer.id, transfer.metadata?.paymentKey)
  if (!row || row.kind !== 'transfer' || (row.stripeId !== null && row.stripeId !== transfer.id)) return ignored
  const reversedFen = Math.min(transfer.amount, Math.max(row.reversedFen, transfer.amount_reversed ?? 0))
  const status = reversedFen >= transfer.amount ? 'reversed' : reversedFen > 0 ? 'partially_reversed' : 'succeeded'
  const at = now()
  await tx
    .update(contractPayments)
    .set({ stripeId: transfer.id, status, reversedFen, updatedAt: at })
    .where(eq(contractPayments.id, row.id))
  const released = await releasedSum(tx, c.id)
  if (released === c.releasedFen) return { contractId: c.id, changes: [], started: false }
  await tx.update(contracts).set({ releasedFen: released, updatedAt: at }).where(eq(contracts.id, c.id))
  await audit(tx, c, 'payment.released', {
    amountFen: transfer.amount,
    reversedFen,
    releasedFen: released,
    transferId: transfer.id,
    destination: idOf(transfer.destination),
    purpose: row.purpose,
    status,
  })
  return { contractId: c.id, changes: ['payment.released'], started: false }
}

async function setRefunded(tx: Tx, c: ContractRow, payload: Record<string, unknown>): Promise<Reconciled> {
  const refunded = await succeededSum(tx, c.id, 'refund')
  if (refunded === c.refundedFen) return { contractId: c.id, changes: [], started: false }
  await tx.update(contracts).set({ refundedFen: refunded, updatedAt: now() }).where(eq(contracts.id, c.id))
  await audit(tx, c, 'payment.refunded', { refundedFen: refunded, ...payload })
  return { contractId: c.id, changes: ['payment.refunded'], started: false }
}

/** A Refund to the owner: its row and the money refunded. */
export async function reconcileRefund(tx: Tx, refund: Stripe.Refund): Promise<Reconciled> {
  const c =
    (await lockedContract(tx, refund.metadata?.contractId)) ??
    (await lockedContract(tx, await contractIdOfPaymentIntent(tx, idOf(refund.payment_intent) ?? '')))
  if (!c) return ignored
  const row = await paymentRowOf(tx, c.id, refund.id, refund.metadata?.paymentKey ?? refundKey(c.id))
  if (!row || row.kind !== 'refund' || (row.stripeId !== null && row.stripeId !== refund.id)) return ignored
  await tx
    .update(contractPayments)
    .set({ stripeId: refund.id, status: refund.status ?? 'pending', updatedAt: now() })
    .where(eq(contractPayments.id, row.id))
  return setRefunded(tx, c, { amountFen: refund.amount, refundId: refund.id, chargeId: idOf(refund.charge) })
}

/**
 * A Charge (its `charge.refunded` event): when Stripe says the contract's charge has been refunded
 * at least what the contract's Refund asked for, that Refund succeeded — even if the handler never
 * heard Stripe's answer (its retry then replays the same Refund and finds it so).
 */
export async function reconcileCharge(tx: Tx, charge: Stripe.Charge): Promise<Reconciled> {
  const paymentIntentId = idOf(charge.payment_intent)
  if (!paymentIntentId) return ignored
  const c = await lockedContract(tx, await contractIdOfPaymentIntent(tx, paymentIntentId))
  if (!c) return ignored
  await tx
    .update(contractPayments)
    .set({ status: 'succeeded', updatedAt: now() })
    .where(
      and(
        inArray(contractPayments.idempotencyKey, [refundKey(c.id), lateRefundKey(c.id)]),
        sql`${contractPayments.status} <> 'succeeded'`,
        sql`${contractPayments.amountFen} <= ${charge.amount_refunded}`,
      ),
    )
  return setRefunded(tx, c, { chargeId: charge.id, chargeRefundedFen: charge.amount_refunded })
}
