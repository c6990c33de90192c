/**
 * The public reads of the transparency log (docs/transparency-log.md §7): signed heads, leaves,
 * proofs, keys and the log's status. Each answers from a bounded number of rows.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, lt } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { auditEvents, logHeads, logKeys, logState } from '#db/schema'
import { RuleViolation, NotFound } from '~/domain/errors'
import { sequencerLag } from './sequencer.server'
import { consistencyProof, inclusionPath } from './tree.server'
import { leafHash } from './merkle'

export interface SignedHead {
  treeSize: number
  rootHash: string
  timestamp: number
  signature: string
  keyId: string
}

export interface LogLeaf {
  leafIndex: number
  /** The public form's canonical JSON; the leaf bytes are its UTF-8. */
  leaf: string
  leafHash: string
}

/** Most leaves one range request returns. */
export const MAX_LEAF_RANGE = 1000

const headColumns = {
  treeSize: logHeads.treeSize,
  rootHash: logHeads.rootHash,
  timestamp: logHeads.timestamp,
  signature: logHeads.signature,
  keyId: logHeads.keyId,
}

/** The latest signed head (null before the first signature). */
export async function latestHead(db: Db): Promise<SignedHead | null> {
  const [head] = await db.select(headColumns).from(logHeads).orderBy(desc(logHeads.treeSize)).limit(1)
  return head ?? null
}

/** The head signed at exactly this size. */
export async function headAt(db: Db, treeSize: number): Promise<SignedHead> {
  const [head] = await db.select(headColumns).from(logHeads).where(eq(logHeads.treeSize, treeSize))
  if (!head) throw new NotFound()
  return head
}

/** The signed heads from `from` on (ascending sizes), at most `limit`. */
export async function headsFrom(db: Db, from: number, limit: number): Promise<SignedHead[]> {
  return db.select(headColumns).from(logHeads).where(gte(logHeads.treeSize, from)).orderBy(asc(logHeads.treeSize)).limit(limit)
}

/** The public keys that ever signed a head. */
export async function publicKeys(db: Db): Promise<Array<{ keyId: string; publicKey: string; algorithm: 'Ed25519' }>> {
  const rows = await db.select({ keyId: logKeys.keyId, publicKey: logKeys.publicKey }).from(logKeys).orderBy(asc(logKeys.createdAt))
  return rows.map((r) => ({ ...r, algorithm: 'Ed25519' as const }))
}

async function currentSize(db: Db): Promise<number> {
  const [state] = await db.select({ treeSize: logState.treeSize }).from(logState).where(eq(logState.id, 1))
  return state?.treeSize ?? 0
}

const toLeaf = (r: { leafIndex: number | null; leaf: string | null }): LogLeaf => ({
  leafIndex: r.leafIndex!,
  leaf: r.leaf!,
  leafHash: leafHash(Buffer.from(r.leaf!, 'utf8')).toString('hex'),
})

/** Leaves [start, end) (end exclusive, at most MAX_LEAF_RANGE of them, only sequenced ones). */
export async function leavesIn(db: Db, start: number, end: number): Promise<LogLeaf[]> {
  if (!Number.isSafeInteger(start) || start < 0) throw new RuleViolation('transparency.errors.badIndex', {}, 'start')
  if (!Number.isSafeInteger(end) || end <= start) throw new RuleViolation('transparency.errors.badRange', {}, 'end')
  const stop = Math.min(end, start + MAX_LEAF_RANGE)
  const rows = await db
    .select({ leafIndex: auditEvents.leafIndex, leaf: auditEvents.leaf })
    .from(auditEvents)
    .where(and(gte(auditEvents.leafIndex, start), lt(auditEvents.leafIndex, stop)))
    .orderBy(asc(auditEvents.leafIndex))
  return rows.map(toLeaf)
}

export async function leafAt(db: Db, index: number): Promise<LogLeaf> {
  const [leaf] = await leavesIn(db, index, index + 1)
  if (!leaf) throw new NotFound()
  return leaf
}

/** Checks 0 ≤ first ≤ second ≤ the log's size; sizes must be whole numbers. */
async function assertSizes(db: Db, checks: Array<[number, string]>, max?: number) {
  const size = max ?? (await currentSize(db))
  for (const [n, field] of checks) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RuleViolation('transparency.errors.badSize', {}, field)
    if (n > size) throw new RuleViolation('transparency.errors.beyondLog', { size }, field)
  }
}

/** The inclusion proof of leaf `index` in the tree of `treeSize` leaves. */
export async function inclusionProofFor(db: Db, index: number, treeSize: number) {
  await assertSizes(db, [[treeSize, 'treeSize']])
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) throw new RuleViolation('transparency.errors.badIndex', {}, 'leafIndex')
  const [leaf, auditPath] = await Promise.all([leafAt(db, index), inclusionPath(db, index, treeSize)])
  return { leafIndex: index, treeSize, leafHash: leaf.leafHash, auditPath }
}

/** The consistency proof between the trees of `firstSize` ≤ `secondSize` leaves. */
export async function consistencyProofFor(db: Db, firstSize: number, secondSize: number) {
  await assertSizes(db, [[firstSize, 'first'], [secondSize, 'second']])
  if (firstSize > secondSize) throw new RuleViolation('transparency.errors.badRange', {}, 'first')
  return { firstSize, secondSize, consistency: await consistencyProof(db, firstSize, secondSize) }
}

/** The leaf of a sequenced event, by its audit event id. */
export async function leafIndexesOfEvents(db: Db, eventIds: number[]): Promise<Map<number, number>> {
  if (eventIds.length === 0) return new Map()
  const rows = await db
    .select({ id: auditEvents.id, leafIndex: auditEvents.leafIndex })
    .from(auditEvents)
    .where(and(inArray(auditEvents.id, eventIds), isNotNull(auditEvents.leafIndex)))
  return new Map(rows.map((r) => [r.id, r.leafIndex!]))
}

/** The log's status for /healthz and the admin overview. */
export async function logStatus(db: Db) {
  const [head, lag, size] = await Promise.all([latestHead(db), sequencerLag(db), currentSize(db)])
  return { treeSize: size, signedSize: head?.treeSize ?? 0, head, lagMs: lag.lagMs, pending: lag.pending }
}

