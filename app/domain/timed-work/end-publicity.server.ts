/**
 * Timed work, step 3 — end publicity: `publicity` needs whose current round's `publicityEndsOn`
 * < today (Shanghai) → `end_publicity`. A pending objection of the current round refuses it (the
 * need stays in publicity past its end date until a regulator rules). A winner that must attach
 * a cost justification and has not (`selection_rounds.justification` empty) →
 * `need.winner_disqualified`: its bid becomes `disqualified`, `needs.round` + 1, back to
 * `evaluating`, and the next tick redoes the selection (the same follow-up an upheld objection
 * produces). Otherwise → `awarded`, exactly once: the award row (`claimAward`), the move, the
 * notifications and the audit event in one transaction under the need's lock.
 */
import { and, eq, lt, ne } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs, objections, selectionRounds } from '#db/schema'
import type { CalendarDate } from '~/domain/dates'
import { systemActor } from '~/utils/audit.server'
import { liveBidderIds, lockNeed } from '../needs/need-access.server'
import { needFactsOf, systemNeedActor } from '../needs/need-decision'
import { applyNeedDecision } from '../needs/need-effects.server'
import { decideNeed } from '../needs/need-lifecycle'
import { currentRound } from '../selection/selection-rounds.server'

/** Needs in publicity whose current round's publicity ended before today. */
export async function publicitiesEnded(db: Db, today: CalendarDate): Promise<string[]> {
  const rows = await db
    .select({ id: needs.id })
    .from(needs)
    .innerJoin(selectionRounds, and(eq(selectionRounds.needId, needs.id), eq(selectionRounds.round, needs.round)))
    .where(and(eq(needs.state, 'publicity'), lt(selectionRounds.publicityEndsOn, today)))
  return rows.map((r) => r.id)
}

/** True when THIS call awarded the need. */
export async function endPublicity(db: Db, needId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const need = await lockNeed(tx, needId)
    if (need.state !== 'publicity') return false
    const round = await currentRound(tx, need)
    if (!round?.chosenBidId || !round.publicityEndsOn) return false
    const [bid] = await tx
      .select({ id: bids.id, agencyId: bids.agencyOrganisationId, quoteFen: bids.quoteFen })
      .from(bids)
      .where(and(eq(bids.id, round.chosenBidId), eq(bids.needId, need.id), ne(bids.status, 'withdrawn')))
    if (!bid) return false
    const roundObjections = await tx
      .select({ objector: objections.objectorOrganisationId, status: objections.status })
      .from(objections)
      .where(and(eq(objections.needId, need.id), eq(objections.round, need.round)))
    const facts = needFactsOf(systemNeedActor, need, await liveBidderIds(tx, need.id), {
      winner: {
        bidId: bid.id,
        agencyId: bid.agencyId,
        quoteFen: bid.quoteFen,
        requiresJustification: round.result.requiresJustification === true,
        justificationAttached: round.justification != null && round.justification.trim() !== '',
      },
      publicity: {
        endsOn: round.publicityEndsOn,
        pendingObjections: roundObjections.filter((o) => o.status === 'pending').length,
        objectedAgencyIds: roundObjections.map((o) => o.objector),
      },
    })
    const decision = decideNeed('end_publicity', facts)
    // Refused (publicity running, an objection pending): stays in publicity until the next tick.
    if (!decision.ok) return false
    // awarded, or need.winner_disqualified: no justification, no award — the winner out, round r + 1.
    await applyNeedDecision(tx, { need, facts, actor: systemActor }, decision)
    return decision.next === 'awarded'
  })
}
