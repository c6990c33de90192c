/**
 * The transparency log's sequencer (app/domain/transparency/sequencer.server.ts) under races and
 * crashes: every event written is sequenced exactly once, in a log whose heads and proofs verify.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { asc, count, eq, sql } from 'drizzle-orm'
import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { getDatabase, getDb, openDatabase, type Database, type Db } from '#db/client.server'
import { auditEvents, bids, logHeads, logState } from '#db/schema'
import { GENESIS_HASH, hashAuditRow, type AuditRow } from '~/domain/audit/chain'
import { resetClock } from '~/domain/now'
import { consistencyProofFor, inclusionProofFor, latestHead } from '~/domain/transparency/log.server'
import { runSequencer, sequenceBatch, sequencerHooks, signLatestHead } from '~/domain/transparency/sequencer.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { recordAudit, systemActor } from '~/utils/audit.server'
import { at, insertOpenNeed, setupMarketplace, shanghaiNoon } from '#test/support/needs-fixtures'

const isPostgres = process.env.TEST_DB === 'postgres'

afterEach(() => {
  sequencerHooks.beforeCommit = undefined
  resetClock()
})

async function writeEvents(db: Db, n: number, tag: string) {
  for (let i = 0; i < n; i += 1) {
    await db.transaction((tx) =>
      recordAudit(tx, { actor: systemActor, action: 'test.event', entityType: 'test', entityId: `${tag}-${i}`, payload: { i } }),
    )
  }
}

async function leafIndexes(db: Db) {
  const rows = await db.select({ id: auditEvents.id, leafIndex: auditEvents.leafIndex }).from(auditEvents)
  return rows
}

describe('the sequencer', () => {
  it('events written before the log (the old hash chain) become its first leaves, in order, each carrying its chain hash', async () => {
    const db = await getDb()
    // Rows as the chained recordAudit wrote them before migration 0021 (inserts are allowed).
    let prev = GENESIS_HASH
    const chained: string[] = []
    for (let i = 0; i < 5; i += 1) {
      const row: AuditRow = {
        occurredAt: new Date(`2026-01-0${i + 1}T00:00:00.000Z`),
        actorUserId: null,
        actorOrganisationId: null,
        action: 'legacy.event',
        entityType: 'test',
        entityId: `legacy-${i}`,
        payload: { i },
      }
      const hash = hashAuditRow(prev, row)
      await db.insert(auditEvents).values({ ...row, prevHash: prev, hash, salt: `${i}`.padStart(32, 'a') })
      chained.push(hash)
      prev = hash
    }
    await writeEvents(db, 3, 'after')
    const run = await runSequencer(db)
    expect(run).toMatchObject({ sequenced: 8, treeSize: 8, busy: false, signed: 8 })
    const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.leafIndex))
    expect(rows.slice(0, 5).map((r) => JSON.parse(r.leaf!).legacyChainHash)).toEqual(chained)
    expect(rows.slice(5).every((r) => !('legacyChainHash' in JSON.parse(r.leaf!)))).toBe(true)
    // The old head is bound into the log: the last legacy leaf carries it.
    expect(JSON.parse(rows[4].leaf!).legacyChainHash).toBe(prev)
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, count: 8 })
  })

  it('sequencers racing each other and the writers: every event gets exactly one leaf, the leaves are 0…n−1', async () => {
    const db = await getDb()
    const before = (await db.select({ n: count() }).from(auditEvents))[0].n
    await Promise.all([
      writeEvents(db, 60, 'a'),
      writeEvents(db, 60, 'b'),
      (async () => {
        for (let i = 0; i < 20; i += 1) await Promise.all([sequenceBatch(db, 7), sequenceBatch(db, 11), runSequencer(db)])
      })(),
    ])
    await Promise.all([runSequencer(db), runSequencer(db), runSequencer(db)])
    await runSequencer(db)
    const rows = await leafIndexes(db)
    expect(rows.length).toBe(before + 120)
    expect(rows.map((r) => r.leafIndex).sort((a, b) => a! - b!)).toEqual(rows.map((_, i) => i))
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, count: rows.length })
  })

  it.runIf(isPostgres)('a sequencer finding the leader lock taken skips, and sequences once it is free', async () => {
    const db = await getDb()
    await writeEvents(db, 3, 'lock')
    const pool = (db as unknown as { $client: import('pg').Pool }).$client
    const leader = await pool.connect()
    try {
      await leader.query('begin')
      await leader.query('select pg_advisory_xact_lock(727100015)')
      expect(await runSequencer(db)).toMatchObject({ sequenced: 0, busy: true })
      await leader.query('commit')
    } finally {
      leader.release()
    }
    expect((await runSequencer(db)).sequenced).toBeGreaterThanOrEqual(3)
  })

  it('a crash inside a batch sequences nothing; a crash between sequencing and signing is signed by the next pass', async () => {
    const db = await getDb()
    await runSequencer(db)
    const [{ treeSize: start }] = await db.select({ treeSize: logState.treeSize }).from(logState)
    await writeEvents(db, 5, 'crash')
    sequencerHooks.beforeCommit = () => {
      throw new Error('crash before commit')
    }
    await expect(sequenceBatch(db)).rejects.toThrow('crash before commit')
    sequencerHooks.beforeCommit = undefined
    expect((await db.select({ treeSize: logState.treeSize }).from(logState))[0].treeSize).toBe(start)
    expect((await leafIndexes(db)).filter((r) => r.leafIndex === null)).toHaveLength(5)

    // The batch commits, then the process dies before signing: no head has the new size…
    expect(await sequenceBatch(db)).toMatchObject({ sequenced: 5, treeSize: start + 5 })
    expect(await db.select().from(logHeads).where(eq(logHeads.treeSize, start + 5))).toHaveLength(0)
    // …until the next pass, which sequences nothing again and signs it.
    expect(await runSequencer(db)).toMatchObject({ sequenced: 0, treeSize: start + 5, signed: start + 5 })
    expect(await signLatestHead(db)).toBeNull()
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true, count: start + 5 })
  })

  it('proofs from the stored nodes: every leaf is included in the latest head, and every earlier head is consistent with it', async () => {
    const db = await getDb()
    for (let round = 0; round < 4; round += 1) {
      await writeEvents(db, 3 + round, `p${round}`)
      await runSequencer(db)
    }
    const head = (await latestHead(db))!
    const { verifyInclusion, verifyConsistency } = await import('~/domain/transparency/verify')
    const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.leafIndex))
    const { leafHashHex } = await import('~/domain/transparency/verify')
    for (const row of rows) {
      const proof = await inclusionProofFor(db, row.leafIndex!, head.treeSize)
      expect(proof.leafHash).toBe(await leafHashHex(new TextEncoder().encode(row.leaf!)))
      expect(await verifyInclusion({ leafHash: proof.leafHash, index: row.leafIndex!, treeSize: head.treeSize, path: proof.auditPath, rootHash: head.rootHash })).toBe(true)
    }
    for (const earlier of await db.select().from(logHeads).orderBy(asc(logHeads.treeSize))) {
      const proof = await consistencyProofFor(db, earlier.treeSize, head.treeSize)
      expect(
        await verifyConsistency({ firstSize: earlier.treeSize, secondSize: head.treeSize, firstRoot: earlier.rootHash, secondRoot: head.rootHash, proof: proof.consistency }),
      ).toBe(true)
    }
  })

  it('kill -9 during a bid wave loses no event and sequences none twice', async () => {
    // PostgreSQL: the child writes to this file's database. PGlite is embedded — it dies with the
    // process that holds it — so the child opens its own on-disk PGlite, prepared here and reopened
    // after the kill, which is exactly what a restarted `npm start` does.
    let db = await getDb()
    let reopened: Database | undefined
    const dir = mkdtempSync(path.join(tmpdir(), 'bid-wave-'))
    const pgliteDir = path.join(dir, 'pglite')
    if (!isPostgres) {
      // From the suite's migrated template (no initdb, no migrations), written to disk.
      const { PGlite } = await import('@electric-sql/pglite')
      const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
      const { drizzle } = await import('drizzle-orm/pglite')
      const schema = await import('#db/schema')
      const client = new PGlite(pgliteDir, { loadDataDir: new Blob([await readFile(inject('pgliteTemplateFile'))]), extensions: { pg_trgm } })
      await client.waitReady
      const own: Database = { db: drizzle({ client, schema }) as unknown as Db, kind: 'pglite', close: () => client.close() }
      db = own.db
      reopened = own
    }
    at(shanghaiNoon('2026-06-15'))
    const keys = Array.from({ length: 8 }, (_, i) => `a${i}`)
    const m = await setupMarketplace(db, { agencies: keys, tag: 'K9' })
    const need = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-06-30' })
    const target = isPostgres
      ? { url: (db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString }
      : { pgliteDir }
    if (reopened) await reopened.close()
    const args = path.join(dir, 'args.json')
    writeFileSync(
      args,
      JSON.stringify({ ...target, needId: need.id, userIds: keys.map((k) => m.agencies[k].user.id), clock: shanghaiNoon('2026-06-15').toISOString() }),
    )
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/bid-wave-child.ts', args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    // The wave never ends by itself: kill it once 40 changes committed and the sequencer appended at least once.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        const placed = (out.match(/^bid /gm) ?? []).length
        if (placed >= 40 && /^seq /m.test(out)) resolve()
      })
      child.once('exit', () => reject(new Error(`child exited early: ${err}`)))
    })
    child.kill('SIGKILL')
    await exited
    if (!isPostgres) {
      reopened = await openDatabase({ pgliteDir })
      db = reopened.db
    }
    try {
      const placed = (out.match(/^bid /gm) ?? []).length
      const waveBids = await db.select({ id: bids.id, revision: bids.revision }).from(bids).where(eq(bids.needId, need.id))
      // Every change the child saw commit is there (a few more may have committed unannounced).
      expect(waveBids.reduce((sum, b) => sum + b.revision, 0)).toBeGreaterThanOrEqual(placed)
      // Every committed change has its event, and the restarted sequencer gives each one a leaf.
      await runSequencer(db)
      const events = await db
        .select({ entityId: auditEvents.entityId, leafIndex: auditEvents.leafIndex })
        .from(auditEvents)
        .where(sql`${auditEvents.entityType} = 'bid' and ${auditEvents.action} in ('bid.submitted', 'bid.revised')`)
      for (const bid of waveBids) expect(events.filter((e) => e.entityId === bid.id)).toHaveLength(bid.revision)
      expect(events.every((e) => e.leafIndex !== null)).toBe(true)
      const all = await leafIndexes(db)
      expect(new Set(all.map((r) => r.leafIndex)).size).toBe(all.length)
      expect(await verifyAuditLog(db)).toMatchObject({ ok: true, count: all.length })
    } finally {
      if (!isPostgres) await reopened?.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)

  it('every event written in this file is included in the final signed head', async () => {
    const db = await getDb()
    await runSequencer(db)
    const head = (await latestHead(db))!
    const [{ n }] = await db.select({ n: count() }).from(auditEvents)
    expect(head.treeSize).toBe(n)
    expect((await getDatabase()).kind).toBe(isPostgres ? 'postgresql' : 'pglite')
  })
})
