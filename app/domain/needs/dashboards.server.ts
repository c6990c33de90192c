/**
 * The owner's and the agency's dashboards (issue item 10): every query scoped by the caller's
 * organisation, so an owner never sees another owner's need and an agency never another
 * agency's bid or quote.
 *
 * - Owner: needs by state (counts), the open needs with their live-bid count (a number only —
 *   the bids are sealed), and the actions due: drafts to publish, direct needs waiting for the
 *   owner's pick, failed needs waiting for re-post / switch to direct, needs in publicity with
 *   the end date and pending objections, abnormally low winners that still owe a cost
 *   justification.
 * - Agency: the open needs it may bid on (`openNeedsForAgency`, eligible ones), its own bids
 *   (need, state, its quote and revision, the outcome for it) and the results among them, and
 *   what is due: a cost justification it must attach as a flagged winner, an objection window
 *   open on a need it bid on and did not win.
 */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { awards, bids, needs, objections, organisations, selectionRounds } from '#db/schema'
import { now } from '~/domain/now'
import { shanghaiDate } from '~/domain/dates'
import { Forbidden } from '~/domain/errors'
import type { SessionUser } from '~/utils/auth.server'
import { openNeedsForAgency } from './notices.server'
import { parseStoredResult } from '../publicity/results.server'
import { isCreditTier, type CreditTier } from '~/domain/credit/credit'

type NeedState = (typeof needs.$inferSelect)['state']
type BidStatus = (typeof bids.$inferSelect)['status']

// ── Owner ────────────────────────────────────────────────────────────────────

export type OwnerDueItem =
  | { kind: 'publishDraft'; needId: string; title: string; updatedAt: string }
  | { kind: 'pickDirect'; needId: string; title: string; liveBids: number }
  | { kind: 'failedDecision'; needId: string; title: string; validBidCount: number; minValidBids: number }
  | { kind: 'publicity'; needId: string; title: string; endsOn: string; pendingObjections: number }
  | { kind: 'awaitingJustification'; needId: string; title: string; endsOn: string; agencyName: string; agencyNameEn: string }

export interface OwnerDashboard {
  counts: { state: NeedState; count: number }[]
  openNeeds: { id: string; title: string; registrationClosesOn: string; liveBids: number }[]
  due: OwnerDueItem[]
}

export async function ownerDashboard(db: Db, user: SessionUser): Promise<OwnerDashboard> {
  if (user.role !== 'owner') throw new Forbidden()
  const org = user.organisationId
  const counts = await db
    .select({ state: needs.state, count: count() })
    .from(needs)
    .where(eq(needs.ownerOrganisationId, org))
    .groupBy(needs.state)
    .orderBy(asc(needs.state))

  const own = await db
    .select({
      id: needs.id,
      title: needs.title,
      state: needs.state,
      method: needs.method,
      round: needs.round,
      registrationClosesOn: needs.registrationClosesOn,
      updatedAt: needs.updatedAt,
    })
    .from(needs)
    .where(
      and(
        eq(needs.ownerOrganisationId, org),
        inArray(needs.state, ['draft', 'open', 'evaluating', 'failed', 'publicity']),
      ),
    )
    .orderBy(desc(needs.updatedAt), desc(needs.id))
  const ids = own.map((n) => n.id)

  const liveCounts = new Map<string, number>()
  const roundsByNeed = new Map<string, typeof selectionRounds.$inferSelect>()
  const reposted = new Set<string>()
  const pending = new Map<string, number>()
  const winnerNames = new Map<string, { name: string; nameEn: string }>()
  if (ids.length) {
    for (const r of await db
      .select({ needId: bids.needId, n: count() })
      .from(bids)
      .where(and(inArray(bids.needId, ids), eq(bids.status, 'live')))
      .groupBy(bids.needId))
      liveCounts.set(r.needId, r.n)
    for (const r of await db.select().from(selectionRounds).where(inArray(selectionRounds.needId, ids))) {
      const need = own.find((n) => n.id === r.needId)
      if (need && need.round === r.round) roundsByNeed.set(r.needId, r)
    }
    for (const r of await db
      .select({ from: needs.repostedFromId })
      .from(needs)
      .where(and(eq(needs.ownerOrganisationId, org), inArray(needs.repostedFromId, ids))))
      if (r.from) reposted.add(r.from)
    for (const r of await db
      .select({ needId: objections.needId, round: objections.round, n: count() })
      .from(objections)
      .where(and(inArray(objections.needId, ids), eq(objections.status, 'pending')))
      .groupBy(objections.needId, objections.round)) {
      const need = own.find((n) => n.id === r.needId)
      if (need && need.round === r.round) pending.set(r.needId, r.n)
    }
    const chosen = [...roundsByNeed.values()].map((r) => r.chosenBidId).filter((id): id is string => !!id)
    if (chosen.length) {
      for (const r of await db
        .select({ bidId: bids.id, name: organisations.name, nameEn: organisations.nameEn })
        .from(bids)
        .innerJoin(organisations, eq(organisations.id, bids.agencyOrganisationId))
        .where(inArray(bids.id, chosen)))
        winnerNames.set(r.bidId, { name: r.name, nameEn: r.nameEn })
    }
  }

  const due: OwnerDueItem[] = []
  for (const n of own) {
    const round = roundsByNeed.get(n.id)
    switch (n.state) {
      case 'draft':
        due.push({ kind: 'publishDraft', needId: n.id, title: n.title, updatedAt: n.updatedAt.toISOString() })
        break
      case 'evaluating':
        if (n.method === 'direct' && !round)
          due.push({ kind: 'pickDirect', needId: n.id, title: n.title, liveBids: liveCounts.get(n.id) ?? 0 })
        break
      case 'failed':
        if (!reposted.has(n.id)) {
          const stored = parseStoredResult(round?.result)
          due.push({
            kind: 'failedDecision',
            needId: n.id,
            title: n.title,
            validBidCount: stored.validBidCount,
            minValidBids: stored.minValidBids,
          })
        }
        break
      case 'publicity':
        if (round?.publicityEndsOn) {
          due.push({
            kind: 'publicity',
            needId: n.id,
            title: n.title,
            endsOn: round.publicityEndsOn,
            pendingObjections: pending.get(n.id) ?? 0,
          })
          if (parseStoredResult(round.result).requiresJustification && !round.justification?.trim()) {
            due.push({
              kind: 'awaitingJustification',
              needId: n.id,
              title: n.title,
              endsOn: round.publicityEndsOn,
              agencyName: (round.chosenBidId && winnerNames.get(round.chosenBidId)?.name) || '',
              agencyNameEn: (round.chosenBidId && winnerNames.get(round.chosenBidId)?.nameEn) || '',
            })
          }
        }
        break
    }
  }

  return {
    counts,
    openNeeds: own
      .filter((n) => n.state === 'open')
      .map((n) => ({
        id: n.id,
        title: n.title,
        registrationClosesOn: n.registrationClosesOn,
        liveBids: liveCounts.get(n.id) ?? 0,
      })),
    due,
  }
}

// ── Agency ───────────────────────────────────────────────────────────────────

/** What a bid came to, for the bidding agency. */
export type AgencyBidOutcome =
  | 'withdrawn'
  | 'bidding'
  | 'evaluating'
  | 'selected'
  | 'awarded'
  | 'notSelected'
  | 'disqualified'
  | 'failed'
  | 'cancelled'

/** The outcomes listed as results. */
export const resultOutcomes: readonly AgencyBidOutcome[] = [
  'selected',
  'awarded',
  'notSelected',
  'disqualified',
  'failed',
  'cancelled',
]

export interface OutcomeFacts {
  needState: NeedState
  bidStatus: BidStatus
  bidStatusReason: string | null
  /** The need's current round chose this bid. */
  chosenNow: boolean
  /** The need is awarded: whether to this bid (null = no award). */
  awardedToThisBid: boolean | null
}

/** Pure: the outcome of one bid for its agency. */
export function agencyBidOutcome(f: OutcomeFacts): AgencyBidOutcome {
  if (f.bidStatus === 'withdrawn' && f.bidStatusReason !== 'need_cancelled') return 'withdrawn'
  if (f.needState === 'cancelled') return 'cancelled'
  if (f.needState === 'open' || f.needState === 'draft') return 'bidding'
  if (f.bidStatus === 'disqualified') return 'disqualified'
  if (f.awardedToThisBid !== null) return f.awardedToThisBid ? 'awarded' : 'notSelected'
  if (f.needState === 'failed') return 'failed'
  if (f.needState === 'publicity') return f.chosenNow ? 'selected' : 'notSelected'
  return 'evaluating'
}

export interface AgencyBidRow {
  bidId: string
  needId: string
  title: string
  needState: NeedState
  method: (typeof needs.$inferSelect)['method']
  quoteFen: number
  committedDays: number
  revision: number
  status: BidStatus
  statusReason: string | null
  submittedAt: string
  outcome: AgencyBidOutcome
  /** Current round in publicity: its last day. */
  publicityEndsOn: string | null
  /** The agency's own credit tier at the window's close, as the current round stored it (null before a round). */
  creditAtClose: { tier: CreditTier; score: number; asOf: 'close' } | null
}

export type AgencyDueItem =
  | { kind: 'justification'; needId: string; title: string; endsOn: string }
  | { kind: 'objectionWindow'; needId: string; title: string; endsOn: string }

export interface AgencyDashboard {
  opportunities: Awaited<ReturnType<typeof openNeedsForAgency>>
  bids: AgencyBidRow[]
  results: AgencyBidRow[]
  due: AgencyDueItem[]
}

/** The most recent bids shown. */
const BID_LIMIT = 100

export async function agencyDashboard(db: Db, user: SessionUser): Promise<AgencyDashboard> {
  if (user.role !== 'agency') throw new Forbidden()
  const org = user.organisationId
  const opportunities = (await openNeedsForAgency(db, user)).filter((n) => n.ineligibleReason === null)

  const own = await db
    .select({
      bidId: bids.id,
      needId: bids.needId,
      title: needs.title,
      needState: needs.state,
      method: needs.method,
      round: needs.round,
      quoteFen: bids.quoteFen,
      committedDays: bids.committedDays,
      revision: bids.revision,
      status: bids.status,
      statusReason: bids.statusReason,
      submittedAt: bids.submittedAt,
    })
    .from(bids)
    .innerJoin(needs, eq(needs.id, bids.needId))
    .where(eq(bids.agencyOrganisationId, org))
    .orderBy(desc(bids.submittedAt), desc(bids.id))
    .limit(BID_LIMIT)
  const needIds = [...new Set(own.map((b) => b.needId))]

  const rounds = new Map<string, typeof selectionRounds.$inferSelect>()
  const awardOf = new Map<string, string>()
  const objected = new Set<string>()
  if (needIds.length) {
    for (const r of await db.select().from(selectionRounds).where(inArray(selectionRounds.needId, needIds))) {
      const bid = own.find((b) => b.needId === r.needId)
      if (bid && bid.round === r.round) rounds.set(r.needId, r)
    }
    for (const a of await db
      .select({ needId: awards.needId, bidId: awards.bidId })
      .from(awards)
      .where(inArray(awards.needId, needIds)))
      awardOf.set(a.needId, a.bidId)
    for (const o of await db
      .select({ needId: objections.needId, round: objections.round })
      .from(objections)
      .where(and(inArray(objections.needId, needIds), eq(objections.objectorOrganisationId, org))))
      objected.add(`${o.needId}:${o.round}`)
  }

  const rows: AgencyBidRow[] = own.map((b) => {
    const round = rounds.get(b.needId)
    const awardBid = awardOf.get(b.needId)
    const atClose = round ? parseStoredResult(round.result).creditAtClose[org] : undefined
    return {
      bidId: b.bidId,
      needId: b.needId,
      title: b.title,
      needState: b.needState,
      method: b.method,
      quoteFen: b.quoteFen,
      committedDays: b.committedDays,
      revision: b.revision,
      status: b.status,
      statusReason: b.statusReason,
      submittedAt: b.submittedAt.toISOString(),
      outcome: agencyBidOutcome({
        needState: b.needState,
        bidStatus: b.status,
        bidStatusReason: b.statusReason,
        chosenNow: round?.chosenBidId === b.bidId,
        awardedToThisBid: awardBid === undefined ? null : awardBid === b.bidId,
      }),
      publicityEndsOn: b.needState === 'publicity' ? (round?.publicityEndsOn ?? null) : null,
      creditAtClose:
        atClose && isCreditTier(atClose.tier) ? { tier: atClose.tier, score: atClose.score, asOf: 'close' } : null,
    }
  })

  const today = shanghaiDate(now())
  const due: AgencyDueItem[] = []
  for (const b of own) {
    if (b.needState !== 'publicity' || b.status !== 'live') continue
    const round = rounds.get(b.needId)
    if (!round?.publicityEndsOn || today > round.publicityEndsOn) continue
    if (round.chosenBidId === b.bidId) {
      if (parseStoredResult(round.result).requiresJustification && !round.justification?.trim())
        due.push({ kind: 'justification', needId: b.needId, title: b.title, endsOn: round.publicityEndsOn })
    } else if (!objected.has(`${b.needId}:${b.round}`)) {
      due.push({ kind: 'objectionWindow', needId: b.needId, title: b.title, endsOn: round.publicityEndsOn })
    }
  }

  return {
    opportunities,
    bids: rows,
    results: rows.filter((r) => resultOutcomes.includes(r.outcome)),
    due,
  }
}
