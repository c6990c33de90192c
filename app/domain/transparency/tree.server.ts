/**
 * Reads of the log's Merkle tree from its stored perfect-subtree nodes (`log_nodes`): roots and
 * proofs for any size the log has reached, each from one query for the O(log n) nodes it needs —
 * no request ever reads the whole log.
 */
import { sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { consistencyProofRanges, inclusionPathRanges, nodesNeeded, rangeHash } from './merkle'

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows

export interface NodeSet {
  map: Map<string, Buffer>
  get: (level: number, index: number) => Buffer
}

/** The stored nodes at the given coordinates (every one must exist). */
export async function fetchNodes(db: Db, coords: Array<{ level: number; index: number }>): Promise<NodeSet> {
  const map = new Map<string, Buffer>()
  if (coords.length > 0) {
    const wanted = JSON.stringify(coords.map((c) => ({ level: c.level, idx: c.index })))
    const rows = rowsOf<{ level: number; idx: number | string; hash: string }>(
      await db.execute(sql`
        select n.level, n.idx, n.hash from log_nodes n
        join jsonb_to_recordset(${wanted}::jsonb) as w(level smallint, idx bigint) on n.level = w.level and n.idx = w.idx`),
    )
    for (const r of rows) map.set(`${r.level}:${Number(r.idx)}`, Buffer.from(r.hash, 'hex'))
  }
  const get = (level: number, index: number) => {
    const hash = map.get(`${level}:${index}`)
    if (!hash) throw new Error(`log node ${level}:${index} is not stored`)
    return hash
  }
  return { map, get }
}

/** The hashes of the given ranges (each a range of the RFC 9162 recursion), in order, as hex. */
async function hashesOf(db: Db, ranges: Array<[number, number]>): Promise<string[]> {
  const nodes = await fetchNodes(db, nodesNeeded(ranges))
  return ranges.map(([a, b]) => rangeHash(a, b, nodes.get).toString('hex'))
}

/** The audit path for leaf `index` in the tree of `size` leaves (RFC 9162 PATH). */
export async function inclusionPath(db: Db, index: number, size: number): Promise<string[]> {
  return hashesOf(db, inclusionPathRanges(index, size))
}

/** The consistency proof between sizes `first` ≤ `second` (RFC 9162 PROOF). */
export async function consistencyProof(db: Db, first: number, second: number): Promise<string[]> {
  return hashesOf(db, consistencyProofRanges(first, second))
}

/** The root hash of the tree of `size` leaves (size ≤ the log's size). */
export async function rootAt(db: Db, size: number): Promise<string> {
  const hashes = await hashesOf(db, size === 0 ? [] : [[0, size]])
  return hashes[0] ?? 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
}
