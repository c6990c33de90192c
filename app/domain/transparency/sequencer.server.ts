/**
 * The log's sequencer (docs/transparency-log.md §9): takes committed, unsequenced audit events in
 * batches, gives them consecutive leaf indexes, appends them to the Merkle tree, and signs a head.
 *
 * - **One at a time.** A batch is one transaction that first takes `pg_try_advisory_xact_lock`
 *   (a busy lock means another instance is sequencing: this one skips) and then the single
 *   `log_state` row FOR UPDATE. The row lock alone already makes two sequencers take turns; the
 *   advisory lock makes the loser skip instead of waiting.
 * - **Exactly once.** The events are read `FOR UPDATE` with `leaf_index IS NULL`; leaf indexes,
 *   the new perfect-subtree nodes and the new size and root commit together or not at all. A crash
 *   before the commit leaves everything unsequenced for the next pass; after it, nothing is redone.
 *   `leaf_index` is UNIQUE and the trigger lets it be set only once, so a bug could not assign two.
 * - **Signing is its own step** (`signLatestHead`): it signs the current size if no head has that
 *   size yet. A crash between a batch and its signature leaves a tree with no head for its size;
 *   the next pass signs it.
 * - Events are sequenced in `id` order among those committed when the batch reads them. An event
 *   whose transaction commits late gets a later leaf than events with higher ids — the log's order
 *   is the order of sequencing, which is what the leaves and proofs state.
 */
import { sql } from 'drizzle-orm'
import { sign } from 'node:crypto'
import type { Db } from '#db/client.server'
import { logHeads } from '#db/schema'
import { now } from '~/domain/now'
import { appendLeaves, frontier, leafHash, rootOf, treeHeadMessage } from './merkle'
import { leafTextOf } from './public-form'
import { signingKey } from './signing-key.server'
import { fetchNodes } from './tree.server'

/** Session-independent lock id: the sequencer's leadership. */
const SEQUENCER_LOCK = 727_100_015
export const SEQUENCE_BATCH = 1000

type EventRow = {
  id: number | string
  occurred_at: Date | string
  actor_user_id: string | null
  actor_organisation_id: string | null
  action: string
  entity_type: string
  entity_id: string
  payload: unknown
  salt: string
  prev_hash: string | null
  hash: string | null
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows

/** Test hook: called after a batch's rows are assigned, before its commit (a crash mid-batch). */
export const sequencerHooks: { beforeCommit?: (treeSize: number) => Promise<void> | void } = {}

export interface BatchResult {
  /** Events sequenced by this call. */
  sequenced: number
  /** Another instance held the sequencer's lock. */
  busy: boolean
  treeSize: number
}

/** Sequences up to `limit` committed events (one transaction). */
export async function sequenceBatch(db: Db, limit = SEQUENCE_BATCH): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    const [{ locked }] = rowsOf<{ locked: boolean }>(
      await tx.execute(sql`select pg_try_advisory_xact_lock(${SEQUENCER_LOCK}) as locked`),
    )
    if (!locked) {
      const [seen] = rowsOf<{ tree_size: number | string }>(await tx.execute(sql`select tree_size from log_state where id = 1`))
      return { sequenced: 0, busy: true, treeSize: Number(seen.tree_size) }
    }
    const [state] = rowsOf<{ tree_size: number | string; root_hash: string }>(
      await tx.execute(sql`select tree_size, root_hash from log_state where id = 1 for update`),
    )
    const size = Number(state.tree_size)
    const events = rowsOf<EventRow>(
      await tx.execute(sql`
        select id, occurred_at, actor_user_id, actor_organisation_id, action, entity_type, entity_id,
               payload, salt, prev_hash, hash
        from audit_events where leaf_index is null order by id limit ${limit} for update`),
    )
    if (events.length === 0) return { sequenced: 0, busy: false, treeSize: size }

    const leaves = events.map((e, i) => {
      const text = leafTextOf({
        id: Number(e.id),
        occurredAt: new Date(e.occurred_at),
        actorUserId: e.actor_user_id,
        actorOrganisationId: e.actor_organisation_id,
        action: e.action,
        entityType: e.entity_type,
        entityId: e.entity_id,
        payload: typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload,
        salt: e.salt,
        legacyChainHash: e.prev_hash === null ? null : e.hash,
      })
      const contentHash = (JSON.parse(text) as { contentHash: string }).contentHash
      return { id: Number(e.id), leafIndex: size + i, text, contentHash, hash: leafHash(Buffer.from(text, 'utf8')) }
    })
    const existing = await fetchNodes(tx, frontier(size))
    const created = appendLeaves(size, leaves.map((l) => l.hash), existing.get)
    const all = new Map(existing.map)
    for (const n of created) all.set(`${n.level}:${n.index}`, n.hash)
    const newSize = size + leaves.length
    const root = rootOf(newSize, (level, index) => {
      const h = all.get(`${level}:${index}`)
      if (!h) throw new Error(`log node ${level}:${index} missing`)
      return h
    }).toString('hex')

    await tx.execute(sql`
      update audit_events a set leaf_index = v.leaf_index, leaf = v.leaf, content_hash = coalesce(a.content_hash, v.content_hash)
      from jsonb_to_recordset(${JSON.stringify(leaves.map((l) => ({ id: l.id, leaf_index: l.leafIndex, leaf: l.text, content_hash: l.contentHash })))}::jsonb)
        as v(id bigint, leaf_index bigint, leaf text, content_hash text)
      where a.id = v.id`)
    await tx.execute(sql`
      insert into log_nodes (level, idx, hash)
      select level, idx, hash from jsonb_to_recordset(${JSON.stringify(created.map((n) => ({ level: n.level, idx: n.index, hash: n.hash.toString('hex') })))}::jsonb)
        as v(level smallint, idx bigint, hash text)`)
    await tx.execute(sql`update log_state set tree_size = ${newSize}, root_hash = ${root} where id = 1`)
    await sequencerHooks.beforeCommit?.(newSize)
    return { sequenced: leaves.length, busy: false, treeSize: newSize }
  })
}

/** Signs the current tree if no head has its size yet; returns the size signed (or null). */
export async function signLatestHead(db: Db): Promise<number | null> {
  const key = await signingKey(db)
  return db.transaction(async (tx) => {
    const [state] = rowsOf<{ tree_size: number | string; root_hash: string }>(
      await tx.execute(sql`select tree_size, root_hash from log_state where id = 1 for share`),
    )
    const size = Number(state.tree_size)
    const [signed] = rowsOf<{ n: number }>(await tx.execute(sql`select 1 as n from log_heads where tree_size = ${size}`))
    if (signed) return null
    const timestamp = now().getTime()
    const signature = sign(null, Buffer.from(treeHeadMessage(size, timestamp, state.root_hash), 'utf8'), key.privateKey).toString('base64')
    const inserted = await tx
      .insert(logHeads)
      .values({ treeSize: size, rootHash: state.root_hash, timestamp, signature, keyId: key.keyId })
      .onConflictDoNothing()
      .returning({ treeSize: logHeads.treeSize })
    return inserted.length ? size : null
  })
}

export interface SequencerRun {
  sequenced: number
  treeSize: number
  signed: number | null
  busy: boolean
}

/** One pass: sequence until nothing committed is left (or another instance leads), then sign. */
export async function runSequencer(db: Db): Promise<SequencerRun> {
  let sequenced = 0
  let treeSize = 0
  let busy = false
  for (;;) {
    const batch = await sequenceBatch(db)
    sequenced += batch.sequenced
    treeSize = batch.treeSize
    busy = batch.busy
    if (busy || batch.sequenced < SEQUENCE_BATCH) break
  }
  const signed = busy ? null : await signLatestHead(db)
  return { sequenced, treeSize, signed, busy }
}

/** Whether any event waits (cheap: the partial index of unsequenced events). */
export async function hasPendingEvents(db: Db): Promise<boolean> {
  const rows = rowsOf<{ n: number }>(await db.execute(sql`select 1 as n from audit_events where leaf_index is null limit 1`))
  return rows.length > 0
}

/** Age in ms of the oldest unsequenced event by the app clock (0 when none waits), and how many wait. */
export async function sequencerLag(db: Db): Promise<{ lagMs: number; pending: number }> {
  const [row] = rowsOf<{ oldest: Date | string | null; pending: number | string }>(
    await db.execute(sql`select min(occurred_at) as oldest, count(*) as pending from audit_events where leaf_index is null`),
  )
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null
  return { lagMs: oldest === null ? 0 : Math.max(0, now().getTime() - oldest), pending: Number(row?.pending ?? 0) }
}

/**
 * Runs the sequencer every `intervalMs` (0: never) until stopped: a pass first asks the cheap
 * "anything waiting?" and sequences only then (plus once at the start, to sign the first head).
 * Passes never overlap; `stop()` waits for the one in flight.
 */
export function startSequencerLoop(intervalMs: number, getDb: () => Promise<Db>): { stop: () => Promise<void> } {
  if (intervalMs <= 0) return { stop: async () => undefined }
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<void> = Promise.resolve()
  let first = true
  const pass = async () => {
    const db = await getDb()
    if (first || (await hasPendingEvents(db))) await runSequencer(db)
    first = false
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      inFlight = pass()
        .catch((error) => console.error('transparency log sequencer failed:', error))
        .finally(schedule)
    }, intervalMs)
    timer.unref()
  }
  schedule()
  return {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await inFlight
    },
  }
}
