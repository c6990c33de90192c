/**
 * The award (SPEC §5): exactly once per need, even under concurrent clicks, retries or two
 * server instances.
 *
 * One transaction:
 * 1. `pg_advisory_xact_lock(AWARD_LOCK, hashtext(needId))` — every award attempt for the same
 *    need queues here, on any connection of any instance (a hash collision only serialises two
 *    unrelated needs, never merges them: the checks below are per need);
 * 2. re-reads the need (and any existing award) under that lock;
 * 3. inserts into `awards` (need_id is the primary key) with ON CONFLICT DO NOTHING — the
 *    database's last word should the lock ever be bypassed;
 * 4. only when that insert happened: moves the need `publicity → awarded` (guarded by the state
 *    it read) and appends one `need.awarded` audit event.
 * Every other attempt returns `{ awarded: false, reason: 'alreadyAwarded' }` and writes nothing.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { awards, bids, needs, users } from '#db/schema'
import { now } from '~/domain/now'
import { Conflict, NotFound } from '~/domain/errors'
import { recordAudit } from '~/utils/audit.server'

/** First key of the two-key advisory lock space used for awards (the second is the need's hash). */
const AWARD_LOCK = 727_100_010

export interface AwardInput {
  needId: string
  bidId: string
  /** The selection round the award belongs to; must be the need's current round. */
  round: number
  /** Who (or null for the system's timed work) awards. */
  actorUserId: string | null
}

export type AwardResult = { awarded: true } | { awarded: false; reason: 'alreadyAwarded' }

export async function awardNeed(db: Db, input: AwardInput): Promise<AwardResult> {
  const { needId, bidId, round, actorUserId } = input
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AWARD_LOCK}::int, hashtext(${needId}::text))`)
    const [need] = await tx.select().from(needs).where(eq(needs.id, needId)).for('update')
    if (!need) throw new NotFound()
    const [existing] = await tx.select({ needId: awards.needId }).from(awards).where(eq(awards.needId, needId))
    if (existing || need.state === 'awarded') return { awarded: false, reason: 'alreadyAwarded' } as const
    if (need.state !== 'publicity') throw new Conflict('needs.errors.wrongState', { state: need.state })
    if (round !== need.round) throw new Conflict('needs.errors.staleRound', { round, current: need.round })
    const [bid] = await tx
      .select({ id: bids.id, agencyOrganisationId: bids.agencyOrganisationId, status: bids.status })
      .from(bids)
      .where(and(eq(bids.id, bidId), eq(bids.needId, needId)))
    if (!bid) throw new NotFound()
    if (bid.status !== 'live') throw new Conflict('needs.bids.errors.notLive', { status: bid.status })

    const at = now()
    const inserted = await tx
      .insert(awards)
      .values({
        needId,
        bidId: bid.id,
        agencyOrganisationId: bid.agencyOrganisationId,
        round,
        awardedAt: at,
        awardedBy: actorUserId,
      })
      .onConflictDoNothing({ target: awards.needId })
      .returning({ needId: awards.needId })
    if (inserted.length === 0) return { awarded: false, reason: 'alreadyAwarded' } as const

    const moved = await tx
      .update(needs)
      .set({ state: 'awarded', updatedAt: at })
      .where(and(eq(needs.id, needId), eq(needs.state, 'publicity')))
      .returning({ id: needs.id })
    // Cannot happen under the lock and the row lock; if it did, roll the insert back rather than award twice.
    if (moved.length !== 1) throw new Conflict('needs.errors.wrongState', { state: need.state })

    let actorOrganisationId: string | null = null
    if (actorUserId) {
      const [actor] = await tx
        .select({ organisationId: users.organisationId })
        .from(users)
        .where(eq(users.id, actorUserId))
      actorOrganisationId = actor?.organisationId ?? null
    }
    await recordAudit(tx, {
      actor: { userId: actorUserId, organisationId: actorOrganisationId },
      action: 'need.awarded',
      entityType: 'need',
      entityId: needId,
      payload: { needId, bidId: bid.id, agencyOrganisationId: bid.agencyOrganisationId, round },
    })
    return { awarded: true } as const
  })
}
