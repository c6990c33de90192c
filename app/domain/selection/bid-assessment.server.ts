/**
 * The bids of a need as selection sees them — the one place tick's automatic selection and the
 * owner's screens (owner-selection) take them from, so both assess the same bids the same way:
 *
 * - every bid of the need with its agency, oldest submission first;
 * - the live ones whose agency is still eligible (`agenciesEligibility`, all of them in one query,
 *   with the need's service type and minimum level — `agencyEligibility`'s answers) go into `runSelection` with their agency's credit score and rating
 *   as they stood at the window's close (standing-at-close.server.ts; the score mapped into 0–100
 *   by `selectionCreditScore`); the live ones whose agency is not are `ineligibleBids`, with the
 *   reason;
 * - `creditAtClose`: those standings for every agency with a bid, which the selection result
 *   stores (the breakdown's values and the badges on the results never change after);
 * - `among` narrows the live bids considered (a redo round runs among the previous round's bids
 *   only, timed-work/redo-round.server.ts): the others are neither assessed nor listed as ineligible.
 */
import { asc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs, organisations } from '#db/schema'
import type { IneligibleReason } from '~/domain/agencies/eligibility'
import { agenciesEligibility } from '~/domain/agencies/eligibility.server'
import type { MarketplaceConfig } from '~/domain/config'
import { selectionCreditScore } from '~/domain/credit/credit'
import { registrationDeadline } from '~/domain/needs/publish-rules'
import { runSelection, type SelectionBid, type SelectionDecision } from './methods'
import { standingsAt, type StandingAtClose, type StandingsAtClose } from './standing-at-close.server'

type Tx = Db
type NeedRow = typeof needs.$inferSelect

/** Every bid of the need with its agency's name and credit code, oldest submission first. */
function bidsOf(tx: Tx, needId: string) {
  return tx
    .select({
      id: bids.id,
      agencyId: bids.agencyOrganisationId,
      agencyName: organisations.name,
      agencyNameEn: organisations.nameEn,
      creditCode: organisations.creditCode,
      quoteFen: bids.quoteFen,
      committedDays: bids.committedDays,
      note: bids.note,
      team: bids.team,
      status: bids.status,
      statusReason: bids.statusReason,
      submittedAt: bids.submittedAt,
    })
    .from(bids)
    .innerJoin(organisations, eq(organisations.id, bids.agencyOrganisationId))
    .where(eq(bids.needId, needId))
    .orderBy(asc(bids.submittedAt), asc(bids.id))
}

export type AssessableBid = Awaited<ReturnType<typeof bidsOf>>[number]

export interface BidAssessment {
  /** Every bid of the need, oldest submission first. */
  all: AssessableBid[]
  /** The live bids considered whose agency is eligible: the selection's input. */
  eligible: AssessableBid[]
  /** The live bids considered whose agency is not, with the reason. */
  ineligibleBids: { bidId: string; agencyId: string; reason: IneligibleReason }[]
  /** The agencies with a live bid (considered or not). */
  liveAgencyIds: string[]
  /** Each bidding agency's credit score, tier and rating at the window's close. */
  creditAtClose: StandingsAtClose
  result: SelectionDecision
}

/**
 * Loads and assesses the need's bids: selection for `as` (by default the need's own method and
 * whether it follows a failed round), among the live bids in `among` when given.
 */
export async function assessBids(
  tx: Tx,
  need: NeedRow,
  config: MarketplaceConfig,
  { as = need, among }: { as?: Pick<NeedRow, 'method' | 'afterFailedRound'>; among?: ReadonlySet<string> } = {},
): Promise<BidAssessment> {
  const all = await bidsOf(tx, need.id)
  const live = all.filter((b) => b.status === 'live')
  const considered = live.filter((b) => !among || among.has(b.id))
  // Every considered agency at once (one query), with the need's minimum level looked up in it.
  const verdicts = await agenciesEligibility(
    tx,
    considered.map((b) => b.agencyId),
    need.serviceTypeId,
    { levelId: need.minLevelId },
  )
  const eligible: AssessableBid[] = []
  const ineligibleBids: BidAssessment['ineligibleBids'] = []
  for (const bid of considered) {
    const verdict = verdicts.get(bid.agencyId)!
    if (verdict.eligible) eligible.push(bid)
    else ineligibleBids.push({ bidId: bid.id, agencyId: bid.agencyId, reason: verdict.reason })
  }
  const creditAtClose = await standingsAt(
    tx,
    all.map((b) => b.agencyId),
    registrationDeadline(need.registrationClosesOn),
    config.creditTiers,
  )
  const result = runSelection(
    {
      method: as.method,
      priceCeilingFen: need.priceCeilingFen,
      serviceLimitDays: need.serviceDays,
      weights: need.weights ?? null,
      afterFailedRound: as.afterFailedRound,
    },
    eligible.map((b) => selectionBid(b, creditAtClose[b.agencyId])),
    config,
  )
  // Weights refused: publishing should have prevented this; leave the need for an administrator.
  if (!result.ok) throw new Error(`selection refused: ${result.reason}`)
  return {
    all,
    eligible,
    ineligibleBids,
    liveAgencyIds: [...new Set(live.map((b) => b.agencyId))],
    creditAtClose,
    result,
  }
}

function selectionBid(b: AssessableBid, standing: StandingAtClose | undefined): SelectionBid {
  if (!standing) throw new Error(`no standing at close for agency ${b.agencyId}`)
  return {
    bidId: b.id,
    agencyId: b.agencyId,
    quoteFen: b.quoteFen,
    committedDays: b.committedDays,
    creditScore: selectionCreditScore(standing.score),
    ratingAverage: standing.ratingHundredths === null ? null : standing.ratingHundredths / 100,
    submittedAt: b.submittedAt,
  }
}
