/**
 * Timed work on needs (SPEC §4–5), run by the system actor: close registration windows, run the
 * automatic selections, and award once publicity has ended. Idempotent and safe to run from many
 * instances at once.
 *
 * - The outer loop only selects candidate need ids; each need is then handled in its own
 *   transaction (one bad need never blocks the others — its error is logged and skipped), guarded
 *   by `pg_advisory_xact_lock(TICK_LOCK, hashtext(needId))` and a re-read of the need FOR UPDATE.
 *   Every decision goes through `decideNeed` (the state machine) with the facts read under lock.
 * - close windows: `open` needs whose `registrationDeadline(registrationClosesOn)` ≤ now() →
 *   `close_window` → `evaluating` (audit `need.window_closed`; the bids unseal with the state).
 * - select: `evaluating` needs with an automatic method (random, lowest price, comprehensive;
 *   direct waits for the owner) and no selection_rounds row yet for their current round. Live
 *   bids whose agency is still eligible at the close (`agencyEligibility`, with the need's
 *   minimum level) go into `runSelection` (credit score / rating null for now: the documented
 *   defaults apply); the others are listed in the stored result as `ineligibleBids`. Both come
 *   from `assessBids` (bid-assessment.server.ts), the assessment the owner's screens show too.
 *   failed → `fail` → `failed`; draw → `runDraw` with the need's committed seed; winner → that
 *   bid; then `select` → `publicity` with one selection_rounds row (unique per need and round)
 *   and the audit event `need.selected`, which reveals the seed and the draw's winner.
 * - end publicity: `publicity` needs whose current round's `publicityEndsOn` < today (Shanghai).
 *   A pending objection of the current round refuses it (the need stays in publicity past its end
 *   date until a regulator rules). A winner that must attach a cost justification and has not
 *   (`selection_rounds.justification` empty) → `need.winner_disqualified`: its bid becomes
 *   `disqualified`, `needs.round` + 1, back to `evaluating`, and the next tick redoes the
 *   selection. Otherwise → `awardNeed` (exactly once by itself).
 * - redo (round r + 1 after round r's winner was disqualified, by an upheld objection or a
 *   missing justification): nobody is added. The round runs among the bids round r assessed
 *   (`result.bids`) minus its winner, minus those whose bid is no longer live or whose agency is
 *   no longer eligible — each recorded with its reason in `result.redo.excluded`. A random
 *   need's redo draw is `redoDraw(round r's transcript, exclusions)` (docs/draw.md §6), so
 *   `verifyRedo(previous, next)` checks it from the two public transcripts.
 */
import { randomUUID } from 'node:crypto'
import { and, eq, inArray, lt, ne, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs, objections, selectionRounds } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { now } from '~/domain/now'
import type { MarketplaceConfig } from '~/domain/config'
import { shanghaiDate } from '~/domain/dates'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { recordAudit, systemActor } from '~/utils/audit.server'
import { awardNeed } from '../selection/award.server'
import { assessBids, type AssessableBid } from '../selection/bid-assessment.server'
import {
  redoDraw,
  runDraw,
  type DrawCandidate,
  type DrawExclusion,
  type DrawTranscript,
  type ExclusionReason,
} from '../selection/draw'
import { liveBidderIds } from '../needs/need-access.server'
import { needFactsOf } from '../needs/need-decision'
import { decideNeed, type NeedFacts } from '../needs/need-lifecycle'
import { sendNeedNotifications } from '../needs/need-notifications.server'
import { publicityEnds, registrationDeadline } from '../needs/publish-rules'

/** First key of the two-key advisory lock space used by the timed work (the second is the need's hash). */
const TICK_LOCK = 727_100_020

type Tx = Db
type NeedRow = typeof needs.$inferSelect

export interface TickSummary {
  closed: number
  selected: number
  failed: number
  awarded: number
}

const automaticMethods = ['random', 'lowest_price', 'comprehensive'] as const

/** Runs all timed work once; returns what THIS call did. Without `config`: the admin's current one. */
export async function tick(db: Db, given?: MarketplaceConfig): Promise<TickSummary> {
  const config = given ?? (await getMarketplaceConfig(db))
  const summary: TickSummary = { closed: 0, selected: 0, failed: 0, awarded: 0 }
  const today = shanghaiDate(now())

  // A window is over once today (Shanghai) is after its closing date (= registrationDeadline ≤ now).
  const toClose = await db
    .select({ id: needs.id })
    .from(needs)
    .where(and(eq(needs.state, 'open'), lt(needs.registrationClosesOn, today)))
  for (const { id } of toClose) {
    if (await guarded(id, 'close', () => closeWindow(db, id))) summary.closed += 1
  }

  const toSelect = await db
    .select({ id: needs.id })
    .from(needs)
    .where(and(eq(needs.state, 'evaluating'), inArray(needs.method, [...automaticMethods])))
  for (const { id } of toSelect) {
    const outcome = await guarded(id, 'select', () => selectNeed(db, id, config))
    if (outcome === 'selected') summary.selected += 1
    if (outcome === 'failed') summary.failed += 1
  }

  const toAward = await db
    .select({ id: needs.id })
    .from(needs)
    .innerJoin(selectionRounds, and(eq(selectionRounds.needId, needs.id), eq(selectionRounds.round, needs.round)))
    .where(and(eq(needs.state, 'publicity'), lt(selectionRounds.publicityEndsOn, today)))
  for (const { id } of toAward) {
    if (await guarded(id, 'award', () => endPublicity(db, id))) summary.awarded += 1
  }
  return summary
}

/** One need's work; an error is logged and the need skipped (retried by the next tick). */
async function guarded<T>(needId: string, step: string, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work()
  } catch (error) {
    console.error(`tick: ${step} failed for need ${needId}`, error)
    return null
  }
}

/** Takes the per-need lock and re-reads the need FOR UPDATE. */
async function lockNeed(tx: Tx, needId: string): Promise<NeedRow | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(${TICK_LOCK}::int, hashtext(${needId}::text))`)
  const [need] = await tx.select().from(needs).where(eq(needs.id, needId)).for('update')
  return need
}

function systemFacts(need: NeedRow, bidderAgencyIds: readonly string[], extra: Partial<NeedFacts> = {}): NeedFacts {
  return needFactsOf({ role: 'system', organisationId: null, supervisedServiceTypeIds: [] }, need, bidderAgencyIds, extra)
}

/** Moves the need from the state it was read in; zero rows means someone else moved it first. */
async function moveNeed(tx: Tx, need: NeedRow, state: NeedRow['state']): Promise<boolean> {
  const moved = await tx
    .update(needs)
    .set({ state, updatedAt: now() })
    .where(and(eq(needs.id, need.id), eq(needs.state, need.state)))
    .returning({ id: needs.id })
  return moved.length === 1
}

// ── close_window ─────────────────────────────────────────────────────────────

async function closeWindow(db: Db, needId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const need = await lockNeed(tx, needId)
    if (!need || need.state !== 'open') return false
    if (registrationDeadline(need.registrationClosesOn).getTime() > now().getTime()) return false
    const bidderAgencyIds = await liveBidderIds(tx, need.id)
    const decision = decideNeed('close_window', systemFacts(need, bidderAgencyIds))
    if (!decision.ok) return false
    if (!(await moveNeed(tx, need, decision.next))) return false
    await sendNeedNotifications(tx, need, decision.effects, bidderAgencyIds, null)
    await recordAudit(tx, {
      actor: systemActor,
      action: decision.effects.audit.event,
      entityType: 'need',
      entityId: need.id,
      payload: { ...decision.effects.audit.payload, closesOn: need.registrationClosesOn },
    })
    return true
  })
}

// ── select / fail ────────────────────────────────────────────────────────────

async function selectNeed(db: Db, needId: string, config: MarketplaceConfig): Promise<'selected' | 'failed' | null> {
  const calendar = await getCalendar(db)
  return db.transaction(async (tx) => {
    const need = await lockNeed(tx, needId)
    if (!need || need.state !== 'evaluating' || need.method === 'direct') return null
    const [done] = await tx
      .select({ id: selectionRounds.id })
      .from(selectionRounds)
      .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, need.round)))
    if (done) return null

    // A redo (round r + 1 after round r's winner was disqualified) runs among round r's bids only.
    const previous = need.round > 1 ? await previousRound(tx, need) : null
    const pool = previous ? redoPool(previous) : null
    const assessment = await assessBids(tx, need, config, { among: pool ?? undefined })
    const { all, eligible, ineligibleBids, result, liveAgencyIds: bidderAgencyIds } = assessment
    const excluded: RedoExclusion[] = pool
      ? [
          ...goneFromPool(pool, all),
          ...ineligibleBids.map((b) => ({ ...b, creditCode: creditCodeOf(all, b.bidId), reason: b.reason as ExclusionReason })),
        ]
      : []
    const redo = previous && pool ? { fromRound: previous.round, excluded: excluded.map(({ creditCode: _, ...e }) => e) } : null
    const stored = JSON.parse(JSON.stringify({ ...result, ineligibleBids, ...(redo ? { redo } : {}) })) as Record<string, unknown>
    const roundId = randomUUID()
    const at = now()

    if (result.outcome === 'failed') {
      const decision = decideNeed('fail', systemFacts(need, bidderAgencyIds, {
        selection: { result, chosenBidId: null, drawId: null },
      }), config)
      if (!decision.ok) throw new Error(`fail refused: ${decision.reason}`)
      if (!(await moveNeed(tx, need, decision.next))) return null
      await tx.insert(selectionRounds).values({
        id: roundId,
        needId: need.id,
        round: need.round,
        method: need.method,
        outcome: 'failed',
        chosenBidId: null,
        result: stored,
        createdAt: at,
      })
      await sendNeedNotifications(tx, need, decision.effects, bidderAgencyIds, null)
      await recordAudit(tx, {
        actor: systemActor,
        action: decision.effects.audit.event,
        entityType: 'need',
        entityId: need.id,
        payload: { ...decision.effects.audit.payload, round: need.round, selectionRoundId: roundId },
      })
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

    const decision = decideNeed('select', systemFacts(need, bidderAgencyIds, {
      selection: { result, chosenBidId, drawId: transcript ? roundId : null },
    }), config)
    if (!decision.ok) throw new Error(`select refused: ${decision.reason}`)
    if (!(await moveNeed(tx, need, decision.next))) return null
    const today = shanghaiDate(at)
    const publicityEndsOn = publicityEnds(today, config, calendar)
    await tx.insert(selectionRounds).values({
      id: roundId,
      needId: need.id,
      round: need.round,
      method: need.method,
      outcome: result.outcome,
      chosenBidId,
      result: stored,
      drawTranscript: transcript ? (JSON.parse(JSON.stringify(transcript)) as Record<string, unknown>) : null,
      publicityEndsOn,
      createdAt: at,
    })
    const winnerAgencyId = eligible.find((b) => b.id === chosenBidId)?.agencyId ?? null
    await sendNeedNotifications(tx, need, decision.effects, bidderAgencyIds, winnerAgencyId)
    await recordAudit(tx, {
      actor: systemActor,
      action: decision.effects.audit.event,
      entityType: 'need',
      entityId: need.id,
      payload: {
        ...decision.effects.audit.payload,
        round: need.round,
        selectionRoundId: roundId,
        agencyId: winnerAgencyId,
        publicityEndsOn,
        // The seed is revealed with the result: public from now on.
        seed: transcript?.seed ?? null,
        seedHash: transcript?.seedHash ?? need.seedHash,
        drawWinner: transcript ? { ...transcript.winner } : null,
        drawWinnerIndex: transcript?.winnerIndex ?? null,
      },
    })
    return 'selected'
  })
}

// ── redo rounds (docs/draw.md §6) ────────────────────────────────────────────

type RoundRow = typeof selectionRounds.$inferSelect

/** A bid of round r that is not in round r + 1, and why (a DrawExclusion reason). */
interface RedoExclusion {
  bidId: string
  agencyId: string
  creditCode: string
  reason: ExclusionReason
}

/** Round r of a need now in round r + 1, when round r had a winner (a redo); null otherwise. */
async function previousRound(tx: Tx, need: NeedRow): Promise<RoundRow | null> {
  const [row] = await tx
    .select()
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, need.round - 1)))
  return row?.chosenBidId ? row : null
}

/** The bids a redo runs among: the ones round r assessed (its eligible live bids) minus its winner. */
function redoPool(previous: RoundRow): Set<string> {
  const assessed = Array.isArray(previous.result.bids) ? (previous.result.bids as { bidId: string }[]) : []
  return new Set(assessed.map((b) => b.bidId).filter((id) => id !== previous.chosenBidId))
}

/** The pool's bids that are no longer live, with the reason (a DrawExclusion reason). */
function goneFromPool(pool: ReadonlySet<string>, all: readonly AssessableBid[]): RedoExclusion[] {
  return all
    .filter((b) => pool.has(b.id) && b.status !== 'live')
    .map((b) => ({
      bidId: b.id,
      agencyId: b.agencyId,
      creditCode: b.creditCode,
      reason: b.status === 'withdrawn' ? 'bidWithdrawn' : 'bidDisqualified',
    }))
}

function creditCodeOf(live: readonly { id: string; creditCode: string }[], bidId: string): string {
  return live.find((b) => b.id === bidId)?.creditCode ?? ''
}

/** The exclusions that concern the previous draw's candidates, as the transcript records them. */
function drawExclusions(previous: DrawTranscript, excluded: readonly RedoExclusion[]): DrawExclusion[] {
  return excluded
    .filter((e) => previous.candidates.some((c) => c.bidId === e.bidId))
    .map((e) => ({ agencyCreditCode: e.creditCode, bidId: e.bidId, reason: e.reason }))
}

// ── end_publicity → award ────────────────────────────────────────────────────

async function endPublicity(db: Db, needId: string): Promise<boolean> {
  const ready = await db.transaction(async (tx) => {
    const need = await lockNeed(tx, needId)
    if (!need || need.state !== 'publicity') return null
    const [round] = await tx
      .select()
      .from(selectionRounds)
      .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, need.round)))
    if (!round?.chosenBidId || !round.publicityEndsOn) return null
    const [bid] = await tx
      .select({ id: bids.id, agencyId: bids.agencyOrganisationId, quoteFen: bids.quoteFen })
      .from(bids)
      .where(and(eq(bids.id, round.chosenBidId), eq(bids.needId, need.id), ne(bids.status, 'withdrawn')))
    if (!bid) return null
    const roundObjections = await tx
      .select({ objector: objections.objectorOrganisationId, status: objections.status })
      .from(objections)
      .where(and(eq(objections.needId, need.id), eq(objections.round, need.round)))
    const pendingObjections = roundObjections.filter((o) => o.status === 'pending').length
    const bidderAgencyIds = await liveBidderIds(tx, need.id)
    const decision = decideNeed('end_publicity', systemFacts(need, bidderAgencyIds, {
      winner: {
        bidId: bid.id,
        agencyId: bid.agencyId,
        quoteFen: bid.quoteFen,
        requiresJustification: round.result.requiresJustification === true,
        justificationAttached: round.justification != null && round.justification.trim() !== '',
      },
      publicity: {
        endsOn: round.publicityEndsOn,
        pendingObjections,
        objectedAgencyIds: roundObjections.map((o) => o.objector),
      },
    }))
    // Refused (publicity running, an objection pending): stays in publicity until the next tick.
    if (!decision.ok) return null
    if (decision.next === 'evaluating') {
      // need.winner_disqualified: no justification, no award — exclude the winner, redo the round.
      const moved = await tx
        .update(needs)
        .set({ state: 'evaluating', round: need.round + 1, updatedAt: now() })
        .where(and(eq(needs.id, need.id), eq(needs.state, need.state), eq(needs.round, need.round)))
        .returning({ id: needs.id })
      if (moved.length !== 1) return null
      await tx
        .update(bids)
        .set({ status: 'disqualified', statusReason: 'justificationMissing' })
        .where(eq(bids.id, bid.id))
      await sendNeedNotifications(tx, need, decision.effects, bidderAgencyIds, bid.agencyId)
      await recordAudit(tx, {
        actor: systemActor,
        action: decision.effects.audit.event,
        entityType: 'need',
        entityId: need.id,
        payload: { ...decision.effects.audit.payload, round: need.round, nextRound: need.round + 1, agencyId: bid.agencyId },
      })
      return 'redone' as const
    }
    if (decision.next !== 'awarded') return null
    return { need, bid, round: need.round, effects: decision.effects, bidderAgencyIds }
  })
  if (ready === 'redone') return false
  if (!ready) return false
  const result = await awardNeed(db, { needId, bidId: ready.bid.id, round: ready.round, actorUserId: null })
  if (!result.awarded) return false
  // Only the one call that awarded gets here: the notifications go out once.
  await db.transaction(async (tx) => {
    await sendNeedNotifications(tx, ready.need, ready.effects, ready.bidderAgencyIds, ready.bid.agencyId)
  })
  return true
}
