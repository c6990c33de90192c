/**
 * The whole-log check, for tests and operators (never run by a request): sequences and signs what
 * waits, then recomputes everything from the private rows — each leaf's event id and content hash,
 * every leaf hash, the root of every signed head and each head's signature — and the legacy hash
 * chain of the events from before the log.
 */
import { verify as verifySignature, createPublicKey } from 'node:crypto'
import { asc, isNotNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { auditEvents, logHeads, logKeys, logState } from '#db/schema'
import { verifyChain, type ChainedAuditRow } from '~/domain/audit/chain'
import { appendLeaves, leafHash, rootOf, treeHeadMessage } from './merkle'
import { contentHashOf } from './public-form'
import { runSequencer } from './sequencer.server'

export type LogVerdict =
  | { ok: true; count: number; treeSize: number; rootHash: string }
  | { ok: false; count: number; reason: string }

const spkiOfRaw = (raw: Buffer) =>
  createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' })

export async function verifyAuditLog(db: Db): Promise<LogVerdict> {
  await runSequencer(db)
  const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.leafIndex), asc(auditEvents.id))
  const [state] = await db.select().from(logState)
  const fail = (reason: string): LogVerdict => ({ ok: false, count: rows.length, reason })
  const hashes: Buffer[] = []
  for (const [i, row] of rows.entries()) {
    if (row.leafIndex !== i || row.leaf === null) return fail(`event ${row.id}: leaf index ${row.leafIndex}, expected ${i}`)
    const leaf = JSON.parse(row.leaf) as { eventId?: unknown; contentHash?: unknown; legacyChainHash?: unknown }
    if (leaf.eventId !== row.id) return fail(`leaf ${i}: event id`)
    const content = contentHashOf(row)
    if (row.contentHash !== content || leaf.contentHash !== content) return fail(`leaf ${i}: content hash`)
    if ((row.prevHash !== null ? row.hash : undefined) !== leaf.legacyChainHash) return fail(`leaf ${i}: legacy chain hash`)
    hashes.push(leafHash(Buffer.from(row.leaf, 'utf8')))
  }
  if (state.treeSize !== rows.length) return fail(`log size ${state.treeSize}, ${rows.length} leaves`)
  const nodes = new Map<string, Buffer>()
  for (const n of appendLeaves(0, hashes, () => {
    throw new Error('unreachable')
  }))
    nodes.set(`${n.level}:${n.index}`, n.hash)
  const get = (level: number, index: number) => nodes.get(`${level}:${index}`)!
  const root = rootOf(rows.length, get).toString('hex')
  if (root !== state.rootHash) return fail('root hash')
  const keys = new Map((await db.select().from(logKeys)).map((k) => [k.keyId, spkiOfRaw(Buffer.from(k.publicKey, 'base64'))]))
  for (const head of await db.select().from(logHeads).orderBy(asc(logHeads.treeSize))) {
    if (head.treeSize > rows.length || rootOf(head.treeSize, get).toString('hex') !== head.rootHash) return fail(`head ${head.treeSize}: root`)
    const key = keys.get(head.keyId)
    const message = Buffer.from(treeHeadMessage(head.treeSize, head.timestamp, head.rootHash), 'utf8')
    if (!key || !verifySignature(null, message, key, Buffer.from(head.signature, 'base64'))) return fail(`head ${head.treeSize}: signature`)
  }
  const legacy = await db.select().from(auditEvents).where(isNotNull(auditEvents.prevHash)).orderBy(asc(auditEvents.id))
  const chain = verifyChain(legacy as ChainedAuditRow[])
  if (!chain.ok) return fail(`legacy chain broken at ${chain.brokenAt}`)
  return { ok: true, count: rows.length, treeSize: rows.length, rootHash: root }
}
