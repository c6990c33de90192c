/**
 * The outbox (docs/decisions/009-outbox.md): calls to the outside world (Stripe, later) are never
 * made inside a database transaction. The code that changes state records the intent to call —
 * `enqueue(tx, …)` in ITS transaction, so the call exists if and only if the change committed —
 * and the timed work delivers it (`deliverDue`), at least once, with the row's idempotency key.
 *
 * Delivery of one batch:
 * 1. claim: a short transaction takes the due rows with `FOR UPDATE SKIP LOCKED` (a concurrent
 *    deliverer skips them), marks them `delivering` with a lease (`locked_until`) and one more
 *    attempt, and commits;
 * 2. call: each row's handler runs OUTSIDE any transaction, given the row's idempotency key;
 * 3. record: done + result, or the error and the next attempt from the backoff (`failed` after
 *    the last one). A row whose lease ran out (the process died after the claim) is due again and
 *    is delivered again with the SAME idempotency key.
 */
import { and, asc, eq, inArray, lte, or, sql, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { outbox } from '#db/schema'
import { now } from '~/domain/now'
import type { PaymentOutboxKinds } from '~/domain/payments/payment-calls.server'
import { afterFailure, MAX_ATTEMPTS } from './backoff'

type Tx = Db

/**
 * The kinds of call the app makes, each with its payload type: the payment calls
 * (`stripe.collect`, `stripe.transfer`, `stripe.refund`, app/domain/payments/payment-calls.server.ts).
 * `OutboxHandlers<OutboxKinds>` makes the compiler ask for a handler of each.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OutboxKinds extends PaymentOutboxKinds {}

export type KindMap = object

export interface OutboxCall<Payload = unknown> {
  id: string
  kind: string
  idempotencyKey: string
  payload: Payload
  /** 1 for the first delivery, 2 for the first retry… (a crashed delivery counts). */
  attempt: number
}

/**
 * Makes the call; its answer (JSON) is stored as the row's result. Throwing means "try again later".
 * `db` is the database the row was claimed from (the handler records the answer there, never in
 * another: a seed or a test may deliver from a database that is not the process's own).
 */
export type OutboxHandler<Payload = unknown> = (call: OutboxCall<Payload>, db: Db) => Promise<unknown>

/** One handler for every kind of `Kinds`, no more, no less. */
export type OutboxHandlers<Kinds extends KindMap = OutboxKinds> = {
  [Kind in keyof Kinds & string]: OutboxHandler<Kinds[Kind]>
}

export type OutboxRow = typeof outbox.$inferSelect

/**
 * Records a call to make, in the caller's transaction (rolled back with it). A second enqueue
 * with the same idempotency key is a no-op that returns the row already there.
 */
export async function enqueue<Kinds extends KindMap = OutboxKinds, Kind extends keyof Kinds & string = keyof Kinds & string>(
  tx: Tx,
  call: { kind: Kind; idempotencyKey: string; payload: Kinds[Kind] },
): Promise<OutboxRow> {
  const at = now()
  const [inserted] = await tx
    .insert(outbox)
    .values({
      kind: call.kind,
      idempotencyKey: call.idempotencyKey,
      payload: call.payload,
      nextAttemptAt: at,
      createdAt: at,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning()
  if (inserted) return inserted
  const [existing] = await tx.select().from(outbox).where(eq(outbox.idempotencyKey, call.idempotencyKey))
  return existing
}

export interface DeliverOptions {
  /** How many rows one call claims (default 20). */
  limit?: number
  /** How long a claim holds a row before another deliverer may take it again (default 5 min). */
  leaseMs?: number
  /** Attempts before a row is `failed` for good (default MAX_ATTEMPTS). */
  maxAttempts?: number
}

export interface DeliverSummary {
  delivered: number
  retrying: number
  failed: number
}

export const DEFAULT_LEASE_MS = 5 * 60_000

/** Delivers the rows due now; returns what THIS call did. Never call it inside a transaction. */
export async function deliverDue<Kinds extends KindMap = OutboxKinds>(
  db: Db,
  handlers: OutboxHandlers<Kinds>,
  options: DeliverOptions = {},
): Promise<DeliverSummary> {
  const { limit = 20, leaseMs = DEFAULT_LEASE_MS, maxAttempts = MAX_ATTEMPTS } = options
  const summary: DeliverSummary = { delivered: 0, retrying: 0, failed: 0 }
  const claimed = await claimDue(db, limit, leaseMs)
  for (const row of claimed) summary[await deliverClaimed(db, row, handlers, maxAttempts)] += 1
  return summary
}

/**
 * Delivers ONE row now, by its idempotency key, if it is due (pending and due, or delivering with
 * its lease run out) and no one else holds it: the owner's click on "pay" hands its payment call
 * over at once, after the commit, instead of waiting for the next tick. The same claim and record
 * as `deliverDue`, so a failure is retried by the tick with the same backoff. Returns what
 * happened (`null`: not due, or another deliverer has it). Never call it inside a transaction.
 */
export async function deliverOne<Kinds extends KindMap = OutboxKinds>(
  db: Db,
  idempotencyKey: string,
  handlers: OutboxHandlers<Kinds>,
  options: Omit<DeliverOptions, 'limit'> = {},
): Promise<keyof DeliverSummary | null> {
  const { leaseMs = DEFAULT_LEASE_MS, maxAttempts = MAX_ATTEMPTS } = options
  const [row] = await claim(db, 1, leaseMs, eq(outbox.idempotencyKey, idempotencyKey))
  return row ? deliverClaimed(db, row, handlers, maxAttempts) : null
}

/** Steps 2 and 3 for one claimed row: call its handler outside any transaction, record the answer. */
async function deliverClaimed<Kinds extends KindMap>(
  db: Db,
  row: OutboxRow,
  handlers: OutboxHandlers<Kinds>,
  maxAttempts: number,
): Promise<keyof DeliverSummary> {
  const table = handlers as Record<string, OutboxHandler | undefined>
  const handler = Object.hasOwn(table, row.kind) ? table[row.kind] : undefined
  if (!handler) {
    await recordFailure(db, row, `no handler for kind ${row.kind}`, 'failed')
    return 'failed'
  }
  let result: unknown
  try {
    result = await handler(
      {
        id: row.id,
        kind: row.kind,
        idempotencyKey: row.idempotencyKey,
        payload: row.payload,
        attempt: row.attempts,
      },
      db,
    )
  } catch (error) {
    const next = afterFailure(row.attempts, row.id, now(), maxAttempts)
    await recordFailure(db, row, errorText(error), next.status === 'failed' ? 'failed' : next.nextAttemptAt)
    return next.status === 'failed' ? 'failed' : 'retrying'
  }
  await db
    .update(outbox)
    .set({ status: 'done', result: result ?? null, doneAt: now(), lockedUntil: null, lastError: null })
    .where(and(eq(outbox.id, row.id), inArray(outbox.status, ['pending', 'delivering'])))
  return 'delivered'
}

/** Step 1 (exported for the crash test): the due rows (pending and due, or delivering with the lease run out), leased to this call. */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  return claim(db, limit, leaseMs)
}

async function claim(db: Db, limit: number, leaseMs: number, only?: SQL): Promise<OutboxRow[]> {
  const at = now()
  const lease = new Date(at.getTime() + leaseMs)
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          only,
          or(
            and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, at)),
            and(eq(outbox.status, 'delivering'), lte(outbox.lockedUntil, at)),
          ),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true })
    if (due.length === 0) return []
    return tx
      .update(outbox)
      .set({ status: 'delivering', lockedUntil: lease, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          due.map((row) => row.id),
        ),
      )
      .returning()
  })
}

/**
 * Step 3 after a failure: only while this call's lease is still the row's (a deliverer that
 * took the row over after the lease ran out records its own answer).
 */
async function recordFailure(db: Db, row: OutboxRow, message: string, next: Date | 'failed'): Promise<void> {
  await db
    .update(outbox)
    .set(
      next === 'failed'
        ? { status: 'failed', lastError: message, lockedUntil: null, doneAt: now() }
        : { status: 'pending', lastError: message, lockedUntil: null, nextAttemptAt: next },
    )
    .where(and(eq(outbox.id, row.id), eq(outbox.status, 'delivering'), eq(outbox.lockedUntil, row.lockedUntil!)))
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.slice(0, 2000)
}
