/**
 * The award (SPEC §5): exactly once per need, even under concurrent clicks, retries or two
 * server instances.
 *
 * `claimAward` is the award row itself, written under the need's lock (`lockNeed`): it re-checks
 * the need (and any existing award) as read under that lock, then inserts into `awards` (need_id
 * is the primary key) with ON CONFLICT DO NOTHING — the database's last word should the lock
 * ever be bypassed. The timed work's award goes through `applyNeedDecision` (the decision's
 * `contract.prepare` follow-up claims the award, in the transaction that moves the need and
 * appends its audit event). Every other attempt returns `{ awarded: false, reason: 'alreadyAwarded' }`
 * and writes nothing (test/integration/award-concurrency.test.ts races it).
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { awards, bids } from '#db/schema'
import { now } from '~/domain/now'
import { Conflict, NotFound } from '~/domain/errors'
import type { NeedRow } from '../needs/need-access.server'

type Tx = Db

export interface AwardInput {
  needId: string
  bidId: string
  /** The selection round the award belongs to; must be the need's current round. */
  round: number
  /** Who (or null for the system's timed work) awards. */
  actorUserId: string | null
}

export type AwardResult = { awarded: true } | { awarded: false; reason: 'alreadyAwarded' }

/**
 * Writes the award row for `need` (locked by the caller with `lockNeed`): the need must be in
 * publicity in `round`, the bid live and the need's. Writes nothing when it is already awarded.
 */
export async function claimAward(
  tx: Tx,
  need: NeedRow,
  input: Omit<AwardInput, 'needId'>,
): Promise<AwardResult & { agencyOrganisationId?: string }> {
  const { bidId, round, actorUserId } = input
  const [existing] = await tx.select({ needId: awards.needId }).from(awards).where(eq(awards.needId, need.id))
  if (existing || need.state === 'awarded') return { awarded: false, reason: 'alreadyAwarded' }
  if (need.state !== 'publicity') throw new Conflict('needs.errors.wrongState', { state: need.state })
  if (round !== need.round) throw new Conflict('needs.errors.staleRound', { round, current: need.round })
  const [bid] = await tx
    .select({ id: bids.id, agencyOrganisationId: bids.agencyOrganisationId, status: bids.status })
    .from(bids)
    .where(and(eq(bids.id, bidId), eq(bids.needId, need.id)))
  if (!bid) throw new NotFound()
  if (bid.status !== 'live') throw new Conflict('needs.bids.errors.notLive', { status: bid.status })
  const inserted = await tx
    .insert(awards)
    .values({
      needId: need.id,
      bidId: bid.id,
      agencyOrganisationId: bid.agencyOrganisationId,
      round,
      awardedAt: now(),
      awardedBy: actorUserId,
    })
    .onConflictDoNothing({ target: awards.needId })
    .returning({ needId: awards.needId })
  if (inserted.length === 0) return { awarded: false, reason: 'alreadyAwarded' }
  return { awarded: true, agencyOrganisationId: bid.agencyOrganisationId }
}
