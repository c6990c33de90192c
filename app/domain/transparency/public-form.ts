// PLACEHOLDER until the pubform branch merges (its version replaces this file whole).
import { createHash } from 'node:crypto'
import { canonicalJson } from '~/domain/audit/chain'

export interface PrivateEvent {
  id: number
  occurredAt: Date
  actorUserId: string | null
  actorOrganisationId: string | null
  action: string
  entityType: string
  entityId: string
  payload: unknown
  salt: string
  legacyChainHash: string | null
}

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

export function commitment(salt: string, path: string, value: unknown): { sha256: string } {
  return { sha256: sha(`${salt}\n${path}\n${canonicalJson(value)}`) }
}

export function contentHashOf(e: Omit<PrivateEvent, 'id' | 'legacyChainHash'>): string {
  return sha(
    `${e.salt}\n${canonicalJson({
      occurredAt: e.occurredAt.toISOString(),
      actorUserId: e.actorUserId,
      actorOrganisationId: e.actorOrganisationId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      payload: e.payload,
    })}`,
  )
}

export function publicFormOf(e: PrivateEvent) {
  const payload = Object.fromEntries(
    Object.entries((e.payload ?? {}) as Record<string, unknown>).map(([k, v]) => [k, commitment(e.salt, `payload.${k}`, v)]),
  )
  return {
    v: 1,
    eventId: e.id,
    occurredAt: e.occurredAt.toISOString(),
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    actor: {
      organisationId: e.actorOrganisationId,
      userId: e.actorUserId === null ? null : commitment(e.salt, 'actor.userId', e.actorUserId),
    },
    payload,
    contentHash: contentHashOf(e),
    ...(e.legacyChainHash ? { legacyChainHash: e.legacyChainHash } : {}),
  }
}

export function leafTextOf(e: PrivateEvent): string {
  return canonicalJson(publicFormOf(e))
}
