/**
 * Redo rounds (docs/draw.md §6): round r + 1 after round r's winner was disqualified (an upheld
 * objection or a missing cost justification). Nobody is added: the round runs among the bids
 * round r assessed (`result.bids`) minus its winner, minus those whose bid is no longer live or
 * whose agency is no longer eligible — each recorded with its reason in `result.redo.excluded`.
 * A random need's redo draw is `redoDraw(round r's transcript, exclusions)`, so
 * `verifyRedo(previous, next)` checks it from the two public transcripts.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { needs, selectionRounds } from '#db/schema'
import type { AssessableBid } from '../selection/bid-assessment.server'
import type { DrawExclusion, DrawTranscript, ExclusionReason } from '../selection/draw'
import type { RoundRow } from '../selection/selection-rounds.server'

type Tx = Db
type NeedRow = typeof needs.$inferSelect

/** A bid of round r that is not in round r + 1, and why (a DrawExclusion reason). */
export interface RedoExclusion {
  bidId: string
  agencyId: string
  creditCode: string
  reason: ExclusionReason
}

/** Round r of a need now in round r + 1, when round r had a winner (a redo); null otherwise. */
export async function previousRound(tx: Tx, need: NeedRow): Promise<RoundRow | null> {
  if (need.round <= 1) return null
  const [row] = await tx
    .select()
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, need.round - 1)))
  return row?.chosenBidId ? row : null
}

/** The bids a redo runs among: the ones round r assessed (its eligible live bids) minus its winner. */
export function redoPool(previous: RoundRow): Set<string> {
  const assessed = Array.isArray(previous.result.bids) ? (previous.result.bids as { bidId: string }[]) : []
  return new Set(assessed.map((b) => b.bidId).filter((id) => id !== previous.chosenBidId))
}

/** The pool's bids that are no longer live, with the reason (a DrawExclusion reason). */
export function goneFromPool(pool: ReadonlySet<string>, all: readonly AssessableBid[]): RedoExclusion[] {
  return all
    .filter((b) => pool.has(b.id) && b.status !== 'live')
    .map((b) => ({
      bidId: b.id,
      agencyId: b.agencyId,
      creditCode: b.creditCode,
      reason: b.status === 'withdrawn' ? 'bidWithdrawn' : 'bidDisqualified',
    }))
}

export function creditCodeOf(live: readonly { id: string; creditCode: string }[], bidId: string): string {
  return live.find((b) => b.id === bidId)?.creditCode ?? ''
}

/** The exclusions that concern the previous draw's candidates, as the transcript records them. */
export function drawExclusions(previous: DrawTranscript, excluded: readonly RedoExclusion[]): DrawExclusion[] {
  return excluded
    .filter((e) => previous.candidates.some((c) => c.bidId === e.bidId))
    .map((e) => ({ agencyCreditCode: e.creditCode, bidId: e.bidId, reason: e.reason }))
}
