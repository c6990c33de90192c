/**
 * The audit hash chain. Each event's hash is
 *   SHA-256( prevHash + "\n" + canonicalJson(row) )
 * in lowercase hex, where row = { occurredAt (ISO-8601 UTC, ms), actorUserId,
 * actorOrganisationId, action, entityType, entityId, payload } and canonicalJson sorts object
 * keys and emits no whitespace. The first event's prevHash is GENESIS_HASH.
 */
import { createHash } from 'node:crypto'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditRow {
  occurredAt: Date
  actorUserId: string | null
  actorOrganisationId: string | null
  action: string
  entityType: string
  entityId: string
  payload: unknown
}

export interface ChainedAuditRow extends AuditRow {
  id: number
  prevHash: string
  hash: string
}

/** JSON with object keys sorted at every depth; undefined members are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number')
    return JSON.stringify(value ?? null)
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function hashAuditRow(prevHash: string, row: AuditRow): string {
  const canonical = canonicalJson({
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorOrganisationId: row.actorOrganisationId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    payload: row.payload,
  })
  return createHash('sha256').update(`${prevHash}\n${canonical}`).digest('hex')
}

export type ChainVerdict =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; brokenAt: number; reason: 'prev_hash' | 'hash' }

/** Recomputes the chain over rows in id order. */
export function verifyChain(rows: Iterable<ChainedAuditRow>): ChainVerdict {
  let prev = GENESIS_HASH
  let count = 0
  for (const row of rows) {
    if (row.prevHash !== prev) return { ok: false, count, brokenAt: row.id, reason: 'prev_hash' }
    const expected = hashAuditRow(prev, row)
    if (row.hash !== expected) return { ok: false, count, brokenAt: row.id, reason: 'hash' }
    prev = row.hash
    count += 1
  }
  return { ok: true, count, head: prev }
}
