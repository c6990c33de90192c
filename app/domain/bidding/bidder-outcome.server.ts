/**
 * What a bidder that was not selected learns of the result: who won the current round and, for
 * the price methods, at what quote — read from the public result, so it shows exactly when the
 * public may see it (`bidVisibility` 'public' allows `result`: publicity or later;
 * docs/sealed-bids.md) and never earlier. The winner itself, an agency that never bid, and a
 * round without a (still standing) winner get nothing.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs, selectionRounds } from '#db/schema'
import { Forbidden } from '~/domain/errors'
import type { SessionUser } from '~/utils/auth.server'
import { priceMethods, publicResult } from '../publicity/results.server'

export interface BidderOutcome {
  round: number
  winnerName: string
  /** '' when the winner has no English name. */
  winnerNameEn: string
  /** Price methods only (lowest price, comprehensive): the winning quote. */
  winnerQuoteFen: number | null
  /** The public result page. */
  resultUrl: string
}

export async function outcomeForBidder(db: Db, user: SessionUser, needId: string): Promise<BidderOutcome | null> {
  if (user.role !== 'agency' || !user.organisationId) throw new Forbidden()
  const result = await publicResult(db, needId)
  const current = result?.rounds.find((r) => r.round === result.round)
  if (!current?.winner || current.winnerDisqualified) return null
  const own = await db
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.needId, needId), eq(bids.agencyOrganisationId, user.organisationId)))
  if (own.length === 0) return null
  const [round] = await db
    .select({ chosenBidId: selectionRounds.chosenBidId })
    .from(selectionRounds)
    .innerJoin(needs, eq(needs.id, selectionRounds.needId))
    .where(and(eq(selectionRounds.needId, needId), eq(selectionRounds.round, needs.round)))
  if (!round?.chosenBidId || own.some((b) => b.id === round.chosenBidId)) return null
  return {
    round: current.round,
    winnerName: current.winner.agencyName,
    winnerNameEn: current.winner.agencyNameEn,
    winnerQuoteFen: priceMethods.includes(current.method) ? current.winner.quoteFen : null,
    resultUrl: `/needs/${needId}#result-title`,
  }
}
