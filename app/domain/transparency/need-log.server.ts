/**
 * A notice's events in the transparency log (GET /api/v1/needs/:id/log, the "In the transparency
 * log" section of /needs/:id, the browser check at /transparency): every SEQUENCED audit event of
 * a published need that the public may know of, by leaf index.
 *
 * Which events belong to a notice, and how each is found (every read goes through an index —
 * `audit_events_entity` (entity_type, entity_id), `bids_need`, `contracts.need_id` unique):
 * - the need's own events (`entityType: 'need'`, `entityId` the need): publication with its seed
 *   hash, the window's close, selection rounds and draws, publicity and objections, the award,
 *   the contract's signature and the service phase (the need state machine writes those on the
 *   need), a cancel… — but not the owner's draft edits before publication (`need.draft_*`), which
 *   the public never saw;
 * - its bids' events (`entityType: 'bid'`, `entityId` a bid of the need: submitted, revised,
 *   withdrawn) ONLY while the public's bid visibility is `result` (bid-visibility.ts): never while
 *   the window is open, never for a need cancelled (before or after the close);
 * - its contract's events (`entityType: 'contract'`, `entityId` the need's one contract): payments
 *   held, released, refunded, ratings.
 * A draft or an unknown id is NotFound, as for the notice itself.
 */
import { and, asc, eq, inArray, isNotNull, notInArray, or, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { auditEvents, bids, contracts, needs } from '#db/schema'
import { allows } from '~/domain/bidding/bid-visibility'
import { bidVisibilityOf } from '~/domain/bidding/bid-visibility.server'
import { NotFound } from '~/domain/errors'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The owner's edits of a draft: before publication, not part of the notice. */
export const PRE_PUBLICATION_ACTIONS = ['need.draft_created', 'need.draft_updated'] as const

export interface NoticeLogEvent {
  leafIndex: number
  action: string
  entityType: 'need' | 'bid' | 'contract'
  occurredAt: string
}

export interface NoticeLog {
  needId: string
  events: NoticeLogEvent[]
}

export async function needLog(db: Db, needId: string): Promise<NoticeLog> {
  if (!UUID.test(needId)) throw new NotFound()
  const [need] = await db
    .select({ id: needs.id, state: needs.state, publishedAt: needs.publishedAt })
    .from(needs)
    .where(eq(needs.id, needId))
  if (!need || need.state === 'draft' || need.publishedAt === null) throw new NotFound()

  const [bidsPublic, [contract]] = await Promise.all([
    bidVisibilityOf(db, need, 'public').then((visibility) => allows(visibility, 'result')),
    db.select({ id: contracts.id }).from(contracts).where(eq(contracts.needId, need.id)),
  ])
  const bidIds = bidsPublic ? (await db.select({ id: bids.id }).from(bids).where(eq(bids.needId, need.id))).map((b) => b.id) : []

  const of: SQL[] = [
    and(eq(auditEvents.entityType, 'need'), eq(auditEvents.entityId, need.id), notInArray(auditEvents.action, [...PRE_PUBLICATION_ACTIONS]))!,
  ]
  if (bidIds.length > 0) of.push(and(eq(auditEvents.entityType, 'bid'), inArray(auditEvents.entityId, bidIds))!)
  if (contract) of.push(and(eq(auditEvents.entityType, 'contract'), eq(auditEvents.entityId, contract.id))!)

  const rows = await db
    .select({
      leafIndex: auditEvents.leafIndex,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      occurredAt: auditEvents.occurredAt,
    })
    .from(auditEvents)
    .where(and(or(...of), isNotNull(auditEvents.leafIndex)))
    .orderBy(asc(auditEvents.leafIndex))
  return {
    needId: need.id,
    events: rows.map((r) => ({
      leafIndex: r.leafIndex!,
      action: r.action,
      entityType: r.entityType as NoticeLogEvent['entityType'],
      occurredAt: r.occurredAt.toISOString(),
    })),
  }
}
