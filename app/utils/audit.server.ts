import { randomBytes } from 'node:crypto'
import type { Db } from '#db/client.server'
import { auditEvents } from '#db/schema'
import { now } from '~/domain/now'
import { contentHashOf } from '~/domain/transparency/public-form'

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
 * Records one audit event: a single INSERT inside the caller's transaction, so the change and its
 * event commit or roll back together. No lock and no read of any other row — the event waits,
 * unsequenced, until the log's sequencer gives it its leaf (app/domain/transparency/sequencer.server.ts,
 * docs/transparency-log.md §9). Returns the event's content hash.
 */
export async function recordAudit(tx: Db, input: AuditInput): Promise<string> {
  const row = {
    occurredAt: now(),
    actorUserId: input.actor.userId,
    actorOrganisationId: input.actor.organisationId,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    // Round-trip through JSON so what we hash is what jsonb gives back.
    payload: JSON.parse(JSON.stringify(input.payload ?? {})) as unknown,
    salt: randomBytes(16).toString('hex'),
  }
  const contentHash = contentHashOf(row)
  await tx.insert(auditEvents).values({ ...row, contentHash })
  return contentHash
}
