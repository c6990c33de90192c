/**
 * Timed work, step 2 — select: `evaluating` needs with an automatic method (random, lowest price,
 * comprehensive; direct waits for the owner) and no selection_rounds row yet for their current
 * round. Live bids whose agency is still eligible at the close (`agencyEligibility`, with the
 * need's minimum level) go into `runSelection` (with each agency's credit score and rating at the
 * window's close, stored in the result as `creditAtClose`); the others are listed in the stored
 * result as `ineligibleBids`.
 * Both come from `assessBids` (bid-assessment.server.ts), the assessment the owner's screens show
 * too. failed → `fail` → `failed` (a failed selection_rounds row); draw → `runDraw` with the
 * need's committed seed; winner → that bid; then `select` → `publicity` with one selection_rounds
 * row (unique per need and round, written by the `winner.set` follow-up) and the audit event
 * `need.selected`, which reveals the seed and the draw's winner. A redo round (r + 1) runs among
 * round r's bids only (redo-round.server.ts).
 */
import { randomUUID } from 'node:crypto'
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { needs } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { now } from '~/domain/now'
import type { MarketplaceConfig } from '~/domain/config'
import { shanghaiDate } from '~/domain/dates'
import { systemActor } from '~/utils/audit.server'
import { lockNeed } from '../needs/need-access.server'
import { needFactsOf, systemNeedActor } from '../needs/need-decision'
import { applyNeedDecision } from '../needs/need-effects.server'
import { decideNeed } from '../needs/need-lifecycle'
import { publicityEnds } from '../needs/publish-rules'
import { assessBids } from '../selection/bid-assessment.server'
import { redoDraw, runDraw, type DrawCandidate, type DrawTranscript, type ExclusionReason } from '../selection/draw'
import { currentRound, insertSelectionRound } from '../selection/selection-rounds.server'
import { creditCodeOf, drawExclusions, goneFromPool, previousRound, redoPool, type RedoExclusion } from './redo-round.server'

const automaticMethods = ['random', 'lowest_price', 'comprehensive'] as const

/** Evaluating needs a selection may decide (the step re-checks each under its lock). */
export async function needsToSelect(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: needs.id })
    .from(needs)
    .where(and(eq(needs.state, 'evaluating'), inArray(needs.method, [...automaticMethods])))
  return rows.map((r) => r.id)
}

export async function selectNeed(db: Db, needId: string, config: MarketplaceConfig): Promise<'selected' | 'failed' | null> {
  const calendar = await getCalendar(db)
  return db.transaction(async (tx) => {
    const need = await lockNeed(tx, needId)
    if (need.state !== 'evaluating' || need.method === 'direct') return null
    if (await currentRound(tx, need)) return null

    // A redo (round r + 1 after round r's winner was disqualified) runs among round r's bids only.
    const previous = await previousRound(tx, need)
    const pool = previous ? redoPool(previous) : null
    const assessment = await assessBids(tx, need, config, { among: pool ?? undefined })
    const { all, eligible, ineligibleBids, result, creditAtClose, liveAgencyIds: bidderAgencyIds } = assessment
    const excluded: RedoExclusion[] = pool
      ? [
          ...goneFromPool(pool, all),
          ...ineligibleBids.map((b) => ({ ...b, creditCode: creditCodeOf(all, b.bidId), reason: b.reason as ExclusionReason })),
        ]
      : []
    const redo = previous && pool ? { fromRound: previous.round, excluded: excluded.map(({ creditCode: _, ...e }) => e) } : null
    const stored = JSON.parse(JSON.stringify({ ...result, ineligibleBids, creditAtClose, ...(redo ? { redo } : {}) })) as Record<string, unknown>
    const roundId = randomUUID()
    const at = now()

    if (result.outcome === 'failed') {
      const facts = needFactsOf(systemNeedActor, need, bidderAgencyIds, {
        selection: { result, chosenBidId: null, drawId: null },
      })
      const decision = decideNeed('fail', facts, config)
      if (!decision.ok) throw new Error(`fail refused: ${decision.reason}`)
      await insertSelectionRound(tx, need, { id: roundId, outcome: 'failed', chosenBidId: null, result: stored, createdAt: at })
      await applyNeedDecision(
        tx,
        { need, facts, actor: systemActor, audit: { round: need.round, selectionRoundId: roundId } },
        decision,
      )
      return 'failed'
    }

    let chosenBidId: string
    let transcript: DrawTranscript | null = null
    if (result.outcome === 'draw') {
      if (!need.seedSecret) throw new Error('a draw is needed but the need has no committed seed')
      const byId = new Map(eligible.map((b) => [b.id, b]))
      const candidates: DrawCandidate[] = result.candidateBidIds.map((bidId) => ({
        agencyCreditCode: (byId.get(bidId) as (typeof eligible)[number]).creditCode,
        bidId,
      }))
      const previousTranscript = need.method === 'random' ? (previous?.drawTranscript as DrawTranscript | null | undefined) : null
      if (previousTranscript) {
        // docs/draw.md §6: round r's candidates minus its winner minus the recorded exclusions.
        transcript = await redoDraw(previousTranscript, drawExclusions(previousTranscript, excluded))
        const same =
          transcript.round === need.round &&
          transcript.candidates.length === candidates.length &&
          transcript.candidates.every((c) => candidates.some((d) => d.bidId === c.bidId))
        if (!same) throw new Error('the redo candidates differ from the previous round’s minus its winner and the excluded')
      } else {
        transcript = await runDraw({ needId: need.id, round: need.round, seed: need.seedSecret, candidates })
      }
      chosenBidId = transcript.winner.bidId
    } else {
      chosenBidId = result.candidateBidIds[0]
    }

    const facts = needFactsOf(systemNeedActor, need, bidderAgencyIds, {
      selection: { result, chosenBidId, drawId: transcript ? roundId : null },
    })
    const decision = decideNeed('select', facts, config)
    if (!decision.ok) throw new Error(`select refused: ${decision.reason}`)
    const publicityEndsOn = publicityEnds(shanghaiDate(at), config, calendar)
    await applyNeedDecision(
      tx,
      {
        need,
        facts,
        actor: systemActor,
        selectionRound: {
          id: roundId,
          outcome: result.outcome,
          result: stored,
          drawTranscript: transcript ? (JSON.parse(JSON.stringify(transcript)) as Record<string, unknown>) : null,
          publicityEndsOn,
          createdAt: at,
        },
        audit: {
          round: need.round,
          selectionRoundId: roundId,
          agencyId: eligible.find((b) => b.id === chosenBidId)?.agencyId ?? null,
          publicityEndsOn,
          // The seed is revealed with the result: public from now on.
          seed: transcript?.seed ?? null,
          seedHash: transcript?.seedHash ?? need.seedHash,
          drawWinner: transcript ? { ...transcript.winner } : null,
          drawWinnerIndex: transcript?.winnerIndex ?? null,
        },
      },
      decision,
    )
    return 'selected'
  })
}
