/**
 * The outbox (docs/decisions/009-outbox.md) on both databases. On PostgreSQL concurrent
 * deliverers run on different pooled connections and really race (SKIP LOCKED and the lease
 * decide); on PGlite (one connection) they serialise and the lease alone keeps a claimed row from
 * a second delivery. Either way every row is delivered once.
 */
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { outbox } from '#db/schema'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { retryDelayMs } from '~/domain/outbox/backoff'
import { claimDue, DEFAULT_LEASE_MS, deliverDue, enqueue, type OutboxCall, type OutboxHandlers } from '~/domain/outbox/outbox.server'
import { tick } from '~/domain/timed-work/tick.server'

const BASE = new Date('2030-03-01T02:00:00Z')

type Kinds = { 'test.call': { n: number } }

let clock: ReturnType<typeof fixedClock>

beforeEach(async () => {
  const db = await getDb()
  await db.delete(outbox)
  clock = fixedClock(BASE)
  setClock(clock)
  return () => resetClock()
})

async function enqueueCommitted(key: string, n = 1) {
  const db = await getDb()
  return db.transaction((tx) => enqueue<Kinds>(tx, { kind: 'test.call', idempotencyKey: key, payload: { n } }))
}

async function rowByKey(key: string) {
  const db = await getDb()
  const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, key))
  return row
}

function recording(answer: (call: OutboxCall<{ n: number }>) => unknown = (call) => ({ ok: call.payload.n })) {
  const calls: OutboxCall<{ n: number }>[] = []
  const handlers: OutboxHandlers<Kinds> = {
    'test.call': async (call) => {
      calls.push(call)
      return answer(call)
    },
  }
  return { calls, handlers }
}

describe('enqueue', () => {
  it('is part of the caller’s transaction: rolled back with it, nothing is left', async () => {
    const db = await getDb()
    await expect(
      db.transaction(async (tx) => {
        await enqueue<Kinds>(tx, { kind: 'test.call', idempotencyKey: 'rolled-back', payload: { n: 1 } })
        throw new Error('the state change failed')
      }),
    ).rejects.toThrow('the state change failed')
    expect(await db.select().from(outbox)).toEqual([])
  })

  it('the same idempotency key twice makes one row; the second call returns it', async () => {
    const db = await getDb()
    const first = await enqueueCommitted('same-key', 1)
    const second = await enqueueCommitted('same-key', 2)
    expect(second.id).toBe(first.id)
    expect(second.payload).toEqual({ n: 1 })
    const rows = await db.select().from(outbox)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: BASE, createdAt: BASE })
  })

  it('an unknown kind does not compile', () => {
    // Never run: the point is the type error.
    const typeCheckOnly = (tx: Awaited<ReturnType<typeof getDb>>) =>
      // @ts-expect-error 'test.unknown' is not a kind of Kinds
      enqueue<Kinds>(tx, { kind: 'test.unknown', idempotencyKey: 'x', payload: { n: 1 } })
    expect(typeof typeCheckOnly).toBe('function')
  })
})

describe('deliverDue', () => {
  it('delivers a due row once with its idempotency key and records the result', async () => {
    const db = await getDb()
    const row = await enqueueCommitted('deliver-once', 7)
    const { calls, handlers } = recording()
    clock.advance(1_000)
    expect(await deliverDue(db, handlers)).toEqual({ delivered: 1, retrying: 0, failed: 0 })
    expect(calls).toEqual([{ id: row.id, kind: 'test.call', idempotencyKey: 'deliver-once', payload: { n: 7 }, attempt: 1 }])
    expect(await rowByKey('deliver-once')).toMatchObject({
      status: 'done',
      attempts: 1,
      result: { ok: 7 },
      lockedUntil: null,
      doneAt: new Date(BASE.getTime() + 1_000),
    })
    expect(await deliverDue(db, handlers)).toEqual({ delivered: 0, retrying: 0, failed: 0 })
    expect(calls).toHaveLength(1)
  })

  it('two deliverers running at once deliver each row exactly once', async () => {
    const db = await getDb()
    for (let i = 0; i < 12; i += 1) await enqueueCommitted(`concurrent-${i}`, i)
    const { calls, handlers } = recording()
    const [a, b] = await Promise.all([deliverDue(db, handlers, { limit: 12 }), deliverDue(db, handlers, { limit: 12 })])
    expect(a.delivered + b.delivered).toBe(12)
    expect(calls.map((c) => c.idempotencyKey).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `concurrent-${i}`).sort())
    const rows = await db.select().from(outbox)
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true)
  })

  it('calls the handler outside any transaction: another connection already sees the row as delivering', async () => {
    const db = await getDb()
    await enqueueCommitted('outside-tx')
    const seen: string[] = []
    const { handlers } = recording(async () => {
      // Through the pool (PostgreSQL: another connection; PGlite: would wait forever on an open transaction).
      const row = await rowByKey('outside-tx')
      seen.push(row.status)
      return null
    })
    expect(await deliverDue(db, handlers)).toEqual({ delivered: 1, retrying: 0, failed: 0 })
    expect(seen).toEqual(['delivering'])
    expect(await rowByKey('outside-tx')).toMatchObject({ status: 'done', result: null })
  })

  it('a handler that throws is retried after the backoff, and failed after the last attempt', async () => {
    const db = await getDb()
    const row = await enqueueCommitted('flaky')
    const { calls, handlers } = recording(() => {
      throw new Error('card_declined')
    })
    expect(await deliverDue(db, handlers, { maxAttempts: 3 })).toEqual({ delivered: 0, retrying: 1, failed: 0 })
    const firstRetryAt = new Date(BASE.getTime() + retryDelayMs(1, row.id))
    expect(await rowByKey('flaky')).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: firstRetryAt,
      lastError: 'Error: card_declined',
      lockedUntil: null,
    })

    clock.set(new Date(firstRetryAt.getTime() - 1))
    expect(await deliverDue(db, handlers, { maxAttempts: 3 })).toEqual({ delivered: 0, retrying: 0, failed: 0 })
    clock.set(firstRetryAt)
    expect(await deliverDue(db, handlers, { maxAttempts: 3 })).toEqual({ delivered: 0, retrying: 1, failed: 0 })
    const secondRetryAt = new Date(firstRetryAt.getTime() + retryDelayMs(2, row.id))
    expect((await rowByKey('flaky')).nextAttemptAt).toEqual(secondRetryAt)
    expect(retryDelayMs(2, row.id)).toBeGreaterThan(retryDelayMs(1, row.id))

    clock.set(secondRetryAt)
    expect(await deliverDue(db, handlers, { maxAttempts: 3 })).toEqual({ delivered: 0, retrying: 0, failed: 1 })
    expect(await rowByKey('flaky')).toMatchObject({ status: 'failed', attempts: 3, lastError: 'Error: card_declined' })
    clock.advance(24 * 3_600_000)
    expect(await deliverDue(db, handlers, { maxAttempts: 3 })).toEqual({ delivered: 0, retrying: 0, failed: 0 })
    expect(calls.map((c) => [c.idempotencyKey, c.attempt])).toEqual([
      ['flaky', 1],
      ['flaky', 2],
      ['flaky', 3],
    ])
  })

  it('a crash after the claim: the row is redelivered once the lease has run out, with the same key', async () => {
    const db = await getDb()
    const row = await enqueueCommitted('crashed')
    // A deliverer claims the row, then dies before calling or recording anything.
    const claimed = await claimDue(db, 10, DEFAULT_LEASE_MS)
    expect(claimed.map((r) => r.id)).toEqual([row.id])
    const { calls, handlers } = recording()

    clock.advance(DEFAULT_LEASE_MS - 1)
    expect(await deliverDue(db, handlers)).toEqual({ delivered: 0, retrying: 0, failed: 0 })
    expect((await rowByKey('crashed')).status).toBe('delivering')

    clock.advance(1)
    expect(await deliverDue(db, handlers)).toEqual({ delivered: 1, retrying: 0, failed: 0 })
    expect(calls).toEqual([{ id: row.id, kind: 'test.call', idempotencyKey: 'crashed', payload: { n: 1 }, attempt: 2 }])
    expect(await rowByKey('crashed')).toMatchObject({ status: 'done', attempts: 2 })
  })

  it('a row of a kind without a handler is failed, not retried forever (the tick delivers the outbox)', async () => {
    const db = await getDb()
    await db.transaction((tx) =>
      enqueue<{ 'test.orphan': object }>(tx, { kind: 'test.orphan', idempotencyKey: 'orphan', payload: {} }),
    )
    await tick(db)
    expect(await rowByKey('orphan')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'no handler for kind test.orphan' })
  })
})
