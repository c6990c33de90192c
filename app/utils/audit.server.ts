import { asc, desc, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { auditEvents } from '#db/schema'
import { GENESIS_HASH, hashAuditRow, verifyChain, type AuditRow } from '~/domain/audit/chain'
import { now } from '~/domain/now'

/** Serialises appends so each event links to the one before it. */
const AUDIT_CHAIN_LOCK = 727_100_002

export interface Actor {
  userId: string | null
  organisationId: string | null
}

export const systemActor: Actor = { userId: null, organisationId: null }

export interface AuditInput {
  actor: Actor
  action: string
  entityType: string
  entityId: string
  payload?: unknown
}

/**
 * Appends one event to the audit chain. Call it inside the transaction that makes the change,
 * so the change and its audit event commit or roll back together.
 */
export async function recordAudit(tx: Db, input: AuditInput): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
  const prevHash = last?.hash ?? GENESIS_HASH
  const row: AuditRow = {
    occurredAt: now(),
    actorUserId: input.actor.userId,
    actorOrganisationId: input.actor.organisationId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    // Round-trip through JSON so what we hash is what jsonb gives back.
    payload: JSON.parse(JSON.stringify(input.payload ?? {})),
  }
  const hash = hashAuditRow(prevHash, row)
  await tx.insert(auditEvents).values({ ...row, prevHash, hash })
  return hash
}

/** Recomputes the whole chain from the database. */
export async function verifyAuditChain(db: Db) {
  const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.id))
  return verifyChain(rows)
}
