/**
 * The owner's side of selection once the registration window has closed (SPEC §4–5): the
 * unsealed bids with validity and the abnormally-low flag, the direct pick with a written
 * reason, and the two ways on after a failed round (流标): re-post as a new draft (once) or —
 * when the config allows it — switch to direct selection among the still-live valid bids.
 *
 * Every change is one transaction that locks the need (`lockNeed`), asks `decideNeed` with
 * the facts read under the lock, and hands the decision to `applyNeedDecision` (the guarded
 * move, the follow-ups, notifications and audit event, in the same transaction). An owner of another organisation gets NotFound, any
 * other role Forbidden, before anything is read.
 *
 * Validity is what `runSelection` says for the need's method over the live bids of agencies
 * that are still eligible (`agencyEligibility` with the need's minimum level), from the same
 * `assessBids` tick uses; the other live bids are listed as ineligible with the reason.
 */
import { randomUUID } from 'node:crypto'
import { and, count, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs } from '#db/schema'
import type { IneligibleReason } from '~/domain/agencies/eligibility'
import { getCalendar } from '~/domain/calendar/calendar.server'
import type { CreditTier } from '~/domain/credit/credit'
import { now } from '~/domain/now'
import { marketplaceConfig, type MarketplaceConfig } from '~/domain/config'
import { shanghaiDate } from '~/domain/dates'
import { Conflict, Forbidden, NotFound, RuleViolation, type MessageParams } from '~/domain/errors'
import type { Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { assessBids } from './bid-assessment.server'
import { bidVisibilityOf } from '../bidding/bid-visibility.server'
import { lockNeed, readNeed, UUID } from '../needs/need-access.server'
import { enforce, needFactsOf } from '../needs/need-decision'
import { applyNeedDecision } from '../needs/need-effects.server'
import { decideNeed, type NeedFacts, type NeedRefusal } from '../needs/need-lifecycle'
import { currentRound } from './selection-rounds.server'
import { publicityEnds } from '../needs/publish-rules'
import type { InvalidReason, SelectionDecision } from './methods'
import type { StandingsAtClose } from './standing-at-close.server'

type Tx = Db
type NeedRow = typeof needs.$inferSelect

const actorOf = (user: SessionUser): Actor => ({ userId: user.id, organisationId: user.organisationId })

/** Owners only (403 otherwise); the need must be the caller's (404 otherwise). */
async function ownNeed(tx: Tx, user: SessionUser, needId: string, lock: boolean): Promise<NeedRow> {
  if (user.role !== 'owner') throw new Forbidden()
  const need = lock ? await lockNeed(tx, needId) : await readNeed(tx, needId)
  if (need.ownerOrganisationId !== user.organisationId) throw new NotFound()
  return need
}

export interface OwnerBidRow {
  bidId: string
  agencyId: string
  agencyName: string
  /** '' when the agency has no English name. */
  agencyNameEn: string
  quoteFen: number
  committedDays: number
  note: string
  team: string
  status: 'live' | 'withdrawn' | 'disqualified'
  statusReason: string | null
  submittedAt: string
  /** Live bids only: null when the agency is eligible, else why not. */
  ineligibleReason: IneligibleReason | null
  /** Live bids of eligible agencies only. */
  valid: boolean
  invalidReasons: InvalidReason[]
  abnormallyLow: boolean
  /** The agency's credit tier and score at the window's close (what selection uses). */
  credit: { tier: CreditTier; score: number; asOf: 'close' }
}

interface Assessment {
  rows: OwnerBidRow[]
  result: SelectionDecision
  ineligibleBids: { bidId: string; agencyId: string; reason: IneligibleReason }[]
  liveAgencyIds: string[]
  creditAtClose: StandingsAtClose
}

/** Every bid of the need, assessed as tick would (for `method`, after a failed round or not). */
async function assess(
  tx: Tx,
  need: NeedRow,
  config: MarketplaceConfig,
  as: { method: NeedRow['method']; afterFailedRound: boolean } = need,
): Promise<Assessment> {
  const { all, ineligibleBids, liveAgencyIds, creditAtClose, result } = await assessBids(tx, need, config, { as })
  const ineligible = new Map(ineligibleBids.map((b) => [b.bidId, b.reason]))
  const assessed = new Map(result.bids.map((b) => [b.bidId, b]))
  return {
    result,
    ineligibleBids,
    liveAgencyIds,
    creditAtClose,
    rows: all.map((b) => {
      const a = assessed.get(b.id)
      return {
        bidId: b.id,
        agencyId: b.agencyId,
        agencyName: b.agencyName,
        agencyNameEn: b.agencyNameEn,
        quoteFen: b.quoteFen,
        committedDays: b.committedDays,
        note: b.note,
        team: b.team,
        status: b.status,
        statusReason: b.statusReason,
        submittedAt: b.submittedAt.toISOString(),
        ineligibleReason: ineligible.get(b.id) ?? null,
        valid: a?.valid ?? false,
        invalidReasons: a?.invalidReasons ?? [],
        abnormallyLow: a?.abnormallyLow ?? false,
        credit: { tier: creditAtClose[b.agencyId].tier, score: creditAtClose[b.agencyId].score, asOf: 'close' as const },
      }
    }),
  }
}

function ownerFacts(user: SessionUser, need: NeedRow, bidderAgencyIds: readonly string[], extra: Partial<NeedFacts> = {}): NeedFacts {
  const actor = { role: user.role, organisationId: user.organisationId, supervisedServiceTypeIds: [] }
  return needFactsOf(actor, need, bidderAgencyIds, extra)
}

const refusalKey = (reason: NeedRefusal) => `ownerSelection.refusals.${reason}`

/** The owner-selection refusals under their own keys, field-level where it belongs (`enforce` maps the common ones). */
const ownerRefusal = (reason: NeedRefusal, params: MessageParams) =>
  reason === 'notACandidate'
    ? new RuleViolation(refusalKey(reason), params, 'bidId')
    : new Conflict(refusalKey(reason), params)

async function repostedAs(tx: Tx, needId: string): Promise<string | null> {
  const [row] = await tx.select({ id: needs.id }).from(needs).where(eq(needs.repostedFromId, needId))
  return row?.id ?? null
}

/** failed: what the failed round leaves for re-posting and switching (valid = still-live valid bids under direct-after-failed rules). */
async function failedRoundFacts(tx: Tx, need: NeedRow, config: MarketplaceConfig) {
  const direct = await assess(tx, need, config, { method: 'direct', afterFailedRound: true })
  return { assessment: direct, failedRound: { validBidCount: direct.result.validBidCount, repostedAs: await repostedAs(tx, need.id) } }
}

// ── Read ─────────────────────────────────────────────────────────────────────

export type OwnerBidsView =
  | {
      sealed: true
      liveBids: number
      /** Cancelled before the window closed: how many bids it had then — they stay sealed for ever. */
      cancelledBids?: number
    }
  | {
      sealed: false
      bids: OwnerBidRow[]
      validBidCount: number
      minValidBids: number
      /** Valid quotes strictly below this are abnormally low. */
      abnormalBelowFen: number | null
      /** evaluating + direct: the bids the owner may pick. */
      candidateBidIds: string[]
      round: {
        round: number
        outcome: string
        chosenBidId: string | null
        publicityEndsOn: string | null
        reason: string | null
      } | null
      /** failed or terminated: whether re-post is allowed (once), and the refusal when not. */
      repost: {
        allowed: boolean
        refusal: NeedRefusal | null
        repostedAs: string | null
        after: 'failed' | 'terminated'
      } | null
      /** failed: whether switching to direct selection is allowed, and the refusal when not. */
      switchToDirect: { allowed: boolean; refusal: NeedRefusal | null; params: Record<string, string | number> } | null
    }

/**
 * The bids as the owner may see them (`bidVisibility` for the owner, docs/sealed-bids.md): a
 * count while sealed — and for ever when the need was cancelled before the window closed —,
 * every bid once the window has closed.
 */
export async function bidsForOwner(
  db: Db,
  user: SessionUser,
  needId: string,
  config: MarketplaceConfig = marketplaceConfig,
): Promise<OwnerBidsView> {
  const need = await ownNeed(db, user, needId, false)
  if ((await bidVisibilityOf(db, need, 'owner')) !== 'all') {
    const [row] = await db
      .select({ n: count() })
      .from(bids)
      .where(and(eq(bids.needId, need.id), eq(bids.status, 'live')))
    if (need.state !== 'cancelled') return { sealed: true, liveBids: row?.n ?? 0 }
    const [cancelled] = await db
      .select({ n: count() })
      .from(bids)
      .where(and(eq(bids.needId, need.id), eq(bids.statusReason, 'need_cancelled')))
    return { sealed: true, liveBids: row?.n ?? 0, cancelledBids: cancelled?.n ?? 0 }
  }
  const assessment = await assess(db, need, config)
  const round = await currentRound(db, need)
  let repost: Extract<OwnerBidsView, { sealed: false }>['repost'] = null
  let switchToDirect: Extract<OwnerBidsView, { sealed: false }>['switchToDirect'] = null
  if (need.state === 'failed') {
    const { failedRound, assessment: direct } = await failedRoundFacts(db, need, config)
    const facts = ownerFacts(user, need, direct.liveAgencyIds, { failedRound })
    const r = decideNeed('repost', facts, config)
    const s = decideNeed('switch_to_direct', facts, config)
    repost = { allowed: r.ok, refusal: r.ok ? null : r.reason, repostedAs: failedRound.repostedAs, after: 'failed' }
    switchToDirect = { allowed: s.ok, refusal: s.ok ? null : s.reason, params: s.ok ? {} : (s.params ?? {}) }
  }
  if (need.state === 'terminated') {
    // The contract ended (lapsed unsigned, by agreement or by a ruling): the need may be re-posted once.
    const ended = { repostedAs: await repostedAs(db, need.id) }
    const r = decideNeed('repost', ownerFacts(user, need, [], { ended }), config)
    repost = { allowed: r.ok, refusal: r.ok ? null : r.reason, repostedAs: ended.repostedAs, after: 'terminated' }
  }
  const picking = need.state === 'evaluating' && need.method === 'direct'
  return {
    sealed: false,
    bids: assessment.rows,
    validBidCount: assessment.result.validBidCount,
    minValidBids: assessment.result.minValidBids,
    abnormalBelowFen: assessment.result.abnormalBelowFen,
    candidateBidIds: picking && assessment.result.outcome === 'owner_pick' ? assessment.result.candidateBidIds : [],
    round: round && {
      round: round.round,
      outcome: round.outcome,
      chosenBidId: round.chosenBidId,
      publicityEndsOn: round.publicityEndsOn,
      reason: round.reason,
    },
    repost,
    switchToDirect,
  }
}

// ── Direct pick ──────────────────────────────────────────────────────────────

export interface DirectPickInput {
  bidId: string
  reason: string
}

/** evaluating + direct: the owner picks one valid bid with a written reason → publicity. */
export async function pickDirect(
  db: Db,
  user: SessionUser,
  needId: string,
  input: DirectPickInput,
  config: MarketplaceConfig = marketplaceConfig,
) {
  const calendar = await getCalendar(db)
  return db.transaction(async (tx) => {
    const need = await ownNeed(tx, user, needId, true)
    const assessment = await assess(tx, need, config)
    const { result } = assessment
    const reason = input.reason.trim()
    const facts = ownerFacts(user, need, assessment.liveAgencyIds, {
      reason,
      selection: { result, chosenBidId: UUID.test(input.bidId) ? input.bidId : null, drawId: null },
    })
    const decision = decideNeed('select', facts, config)
    enforce(decision, ownerRefusal)
    if (await currentRound(tx, need)) throw new Conflict('needs.errors.wrongState', { state: need.state })
    const at = now()
    const roundId = randomUUID()
    const publicityEndsOn = publicityEnds(shanghaiDate(at), config, calendar)
    const winnerAgencyId = assessment.rows.find((b) => b.bidId === input.bidId)?.agencyId ?? null
    const applied = await applyNeedDecision(
      tx,
      {
        need,
        facts,
        actor: actorOf(user),
        selectionRound: {
          id: roundId,
          outcome: result.outcome,
          result: JSON.parse(JSON.stringify({ ...result, ineligibleBids: assessment.ineligibleBids, creditAtClose: assessment.creditAtClose })) as Record<string, unknown>,
          publicityEndsOn,
          reason,
          createdAt: at,
        },
        audit: {
          round: need.round,
          selectionRoundId: roundId,
          agencyId: winnerAgencyId,
          afterFailedRound: need.afterFailedRound,
          publicityEndsOn,
        },
      },
      decision,
    )
    return { id: need.id, state: applied.state, publicityEndsOn }
  })
}

// ── After a failed round ─────────────────────────────────────────────────────

/**
 * failed, or terminated (the contract lapsed or was ended) → a copy of the need as a new draft
 * (once); the need stays as it is. Returns the draft's id.
 */
export async function repostFailed(db: Db, user: SessionUser, needId: string): Promise<string> {
  return db.transaction(async (tx) => {
    const need = await ownNeed(tx, user, needId, true)
    const failedRound =
      need.state === 'failed'
        ? {
            validBidCount: Number((await currentRound(tx, need))?.result.validBidCount ?? 0),
            repostedAs: await repostedAs(tx, need.id),
          }
        : undefined
    const ended = need.state === 'terminated' ? { repostedAs: await repostedAs(tx, need.id) } : undefined
    const facts = ownerFacts(user, need, [], { failedRound, ended })
    const decision = decideNeed('repost', facts)
    enforce(decision, ownerRefusal)
    const applied = await applyNeedDecision(tx, { need, facts, actor: actorOf(user) }, decision)
    if (!applied.draftId) throw new Error('repost made no draft')
    return applied.draftId
  })
}

/** failed → direct selection among the still-live valid bids: a new round in evaluating; the failed round's row stays. */
export async function switchToDirect(
  db: Db,
  user: SessionUser,
  needId: string,
  config: MarketplaceConfig = marketplaceConfig,
) {
  return db.transaction(async (tx) => {
    const need = await ownNeed(tx, user, needId, true)
    const failed =
      need.state === 'failed'
        ? await failedRoundFacts(tx, need, config)
        : { failedRound: undefined, assessment: null }
    const bidderAgencyIds = failed.assessment?.liveAgencyIds ?? []
    const facts = ownerFacts(user, need, bidderAgencyIds, { failedRound: failed.failedRound })
    const decision = decideNeed('switch_to_direct', facts, config)
    enforce(decision, ownerRefusal)
    const applied = await applyNeedDecision(tx, { need, facts, actor: actorOf(user) }, decision)
    return { id: need.id, state: applied.state, round: applied.set.round ?? need.round }
  })
}
