/**
 * The public result of a need (SPEC §5 公示, §9 public pages): what its selection rounds decided,
 * read from `selection_rounds` (the stored `runSelection` decision + `ineligibleBids`, the draw
 * transcript, the owner's reason, the cost justification) and shown on `/needs/:id` and in
 * `GET /api/v1/needs/:id` as `result`. Public fields only; amounts in integer fen.
 *
 * What is public, and when (`bidVisibility` for the public, docs/sealed-bids.md):
 * - Nothing before the window closes: a draft is NotFound, an open need has no result (null) —
 *   the sealed-bid guarantee. A need past `open` shows its rounds once they exist (an
 *   `evaluating` need whose selection has not run yet shows none).
 * - A cancelled need publishes no bid, whenever it was cancelled: its result is the cancel
 *   reason, no rounds, no commitments (a round shown during an earlier publicity is withdrawn
 *   with it).
 * - Every round, newest first: method, outcome, the winner (agency name and credit code, quote,
 *   committed days, whether the quote is abnormally low), the publicity end date, the bids left
 *   out (ineligible at the close with the reason, or invalid with the reasons — names only, no
 *   amounts), the objection counts (pending / upheld / rejected / moot), whether a cost
 *   justification was required and its text once attached, and a winner later disqualified
 *   (objection upheld, justification missing) with the reason.
 * - Price methods (lowest price, comprehensive): every valid quote with its bidder, rank and
 *   abnormally-low flag, and the threshold (valid quotes strictly below it are flagged);
 *   comprehensive adds every bidder's score breakdown (hundredths of a point).
 * - Random draw and direct pick are not price methods: only the winner's quote. A draw names its
 *   candidates (the public transcript at `/draws/:needId` shows them too); a direct pick shows
 *   the owner's written reason.
 * - A failed round (流标) shows the valid count against the minimum, not the quotes (the need may
 *   be re-posted and the same agencies bid again).
 * - Every agency a round names carries its credit tier (`credit`): the tier and score stored with
 *   the round (`creditAtClose`, as they stood at the window's close — they never change), or, for
 *   a round stored before that existed, the agency's current standing, marked `asOf: 'current'`.
 * - Commitments (`commitments`): for every bid whose quote the result publishes (a decided round's
 *   winner, every valid quote of a decided price-method round) and for each of its versions, the
 *   revealed nonce, the exact string whose SHA-256 the audit log recorded when the version was
 *   submitted (`bid:<bidId>:r<revision>:q<quoteFen>:d<committedDays>:n<nonce>`, without `:n…`
 *   for versions from before the nonce; bids.server.ts `quoteCommitment`), the commitment as the
 *   audit event stores it, and that event's id and hash — so anyone can recompute the commitment
 *   and an auditor can find it in the log (docs/bid-commitments.md). Bids whose quote stays
 *   unpublished (draw losers, excluded bids, failed rounds, withdrawn bids) get no entry: their
 *   nonce would give their quote away.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.server'
import { auditEvents, awards, bidRevisions, bids, needs, objections, organisations, selectionRounds } from '#db/schema'
import { isCreditTier, type CreditTier } from '~/domain/credit/credit'
import { creditStandings, type CreditStanding } from '~/domain/credit/standings.server'
import { NotFound } from '~/domain/errors'
import type { ScoreBreakdown } from '../selection/methods'
import { committedString } from '../bidding/bid-commitment'
import { allows } from '../bidding/bid-visibility'
import { bidVisibilityOf } from '../bidding/bid-visibility.server'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Method = (typeof needs.$inferSelect)['method']
type NeedState = (typeof needs.$inferSelect)['state']

/** Methods whose result publishes every valid quote (SPEC §5 "for price methods all quotes"). */
export const priceMethods: readonly Method[] = ['lowest_price', 'comprehensive']

// ── The stored decision (selection_rounds.result), read defensively ──────────

const scoreSchema = z.object({
  price: z.number(),
  credit: z.number(),
  rating: z.number(),
  days: z.number(),
  total: z.number(),
  creditScoreUsed: z.number(),
  creditDefaulted: z.boolean(),
  ratingHundredthsUsed: z.number(),
  ratingDefaulted: z.boolean(),
})

const storedBidSchema = z.object({
  bidId: z.string(),
  agencyId: z.string(),
  quoteFen: z.number(),
  committedDays: z.number(),
  valid: z.boolean(),
  invalidReasons: z.array(z.string()).catch([]),
  abnormallyLow: z.boolean().catch(false),
  score: scoreSchema.nullable().catch(null),
  rank: z.number().nullable().catch(null),
})

const storedResultSchema = z.object({
  outcome: z.string().catch(''),
  candidateBidIds: z.array(z.string()).catch([]),
  validBidCount: z.number().catch(0),
  minValidBids: z.number().catch(0),
  requiresJustification: z.boolean().catch(false),
  abnormalBelowFen: z.number().nullable().catch(null),
  bids: z.array(storedBidSchema).catch([]),
  ineligibleBids: z.array(z.object({ bidId: z.string(), agencyId: z.string(), reason: z.string() })).catch([]),
  /** Each bidding agency's credit at the window's close (rounds stored before it have none). */
  creditAtClose: z
    .record(
      z.string(),
      z.object({ score: z.number().int(), tier: z.string().refine(isCreditTier), ratingHundredths: z.number().nullable() }),
    )
    .catch({}),
})

export type StoredResult = z.infer<typeof storedResultSchema>

/** The stored decision of a round; anything unreadable becomes an empty decision, never a crash. */
export function parseStoredResult(value: unknown): StoredResult {
  const parsed = storedResultSchema.safeParse(value ?? {})
  return parsed.success ? parsed.data : storedResultSchema.parse({})
}

const transcriptSchema = z.object({
  candidates: z.array(z.object({ agencyCreditCode: z.string(), bidId: z.string() })).catch([]),
  winner: z.object({ agencyCreditCode: z.string(), bidId: z.string() }).nullable().catch(null),
})

// ── Public shapes ────────────────────────────────────────────────────────────

/** An agency's credit tier as a result shows it: stored with the round (`close`), or its current one for an older round. */
export interface PublicCredit {
  tier: CreditTier
  score: number
  asOf: 'close' | 'current'
}

/** An agency as results name it: both names (screens pick with `organisationName`), its credit code and credit tier. */
export interface PublicParty {
  agencyName: string
  /** The agency's English name; '' when it has none. */
  agencyNameEn: string
  creditCode: string
  /** null only when neither a stored nor a current standing was given (the pure shaping without one). */
  credit: PublicCredit | null
}

/** Comprehensive: one bidder's score as `scoreBids` computed it (methods.ts), every value in hundredths of a point. */
export type PublicScore = ScoreBreakdown

export interface PublicQuote extends PublicParty {
  quoteFen: number
  committedDays: number
  /** 1-based, equal values share a rank. */
  rank: number | null
  abnormallyLow: boolean
  chosen: boolean
  score: PublicScore | null
}

export interface PublicExcluded extends PublicParty {
  /** `ineligible`: the agency could not take the work at the close (reason as `terms.ineligible.<reason>`); `invalid`: the bid broke the need's limits. */
  kind: 'ineligible' | 'invalid'
  reasons: string[]
}

export interface PublicRound {
  round: number
  method: Method
  /** 'winner' | 'draw' | 'owner_pick' | 'failed' */
  outcome: string
  /** When the round was decided (ISO instant). */
  decidedAt: string
  winner: (PublicParty & { quoteFen: number; committedDays: number; abnormallyLow: boolean }) | null
  /**
   * The winner was later taken out: `objectionUpheld`, `justificationMissing` or another recorded
   * reason; `redone` once a later round exists (only then may the page say it was re-selected).
   */
  winnerDisqualified: { reason: string; redone: boolean } | null
  publicityEndsOn: string | null
  validBidCount: number
  minValidBids: number
  /** Price methods, decided rounds only: valid quotes strictly below this are abnormally low. */
  abnormalBelowFen: number | null
  /** Price methods, decided rounds only: every valid quote in the method's order. Otherwise null. */
  quotes: PublicQuote[] | null
  excluded: PublicExcluded[]
  /** Direct selection: the owner's written reason. */
  ownerReason: string | null
  /** A verifiable draw decided the round: the public transcript and the candidates it ran among. */
  draw: { url: string; candidates: PublicParty[] } | null
  objections: { pending: number; upheld: number; rejected: number; moot: number }
  /** Lowest price with an abnormally low winner: the cost justification (text once attached). */
  justification: { required: boolean; text: string | null; attachedAt: string | null }
}

/** One version of a published bid, with what it takes to recompute its audit commitment. */
export interface PublicRevisionCommitment {
  revision: number
  quoteFen: number
  committedDays: number
  /** The revealed nonce (32 hex digits); null for a version from before the nonce (the old formula). */
  nonce: string | null
  /** The exact ASCII string whose SHA-256 (lowercase hex) is the commitment. */
  committed: string
  /** `payload.quoteCommitment` of the audit event, as the log stores it; null when no event was found. */
  commitment: string | null
  /** The audit event (`bid.submitted` / `bid.revised`) that recorded this version. */
  /** The audit event that committed this version, with its leaf in the transparency log (null until sequenced). */
  auditEvent: { id: number; leafIndex: number | null; action: string; occurredAt: string } | null
}

/** A bid whose quote the result publishes, with every version, oldest first (the last is the one selected on). */
export interface PublicBidCommitment extends Omit<PublicParty, 'credit'> {
  bidId: string
  revisions: PublicRevisionCommitment[]
}

export interface PublicResult {
  state: NeedState
  method: Method
  /** The need's current round. */
  round: number
  /** Newest first. */
  rounds: PublicRound[]
  awardedAt: string | null
  cancelReason: string | null
  /** The published bids' commitments (see the file comment); empty until a round publishes a quote. */
  commitments: PublicBidCommitment[]
}

// ── Shaping (pure) ───────────────────────────────────────────────────────────

export interface RoundRow {
  round: number
  method: Method
  outcome: string
  chosenBidId: string | null
  result: unknown
  drawTranscript: unknown
  publicityEndsOn: string | null
  reason: string | null
  justification: string | null
  justifiedAt: Date | null
  createdAt: Date
}

export interface BidFacts extends Omit<PublicParty, 'credit'> {
  bidId: string
  agencyId: string
  quoteFen: number
  committedDays: number
  status: 'live' | 'withdrawn' | 'disqualified'
  statusReason: string | null
}

export type ObjectionCounts = PublicRound['objections']

/** The tier a round shows for an agency: the stored one at the close, else the current one (labelled so), else none. */
function creditOf(
  stored: StoredResult,
  current: ReadonlyMap<string, CreditStanding>,
  agencyId: string | undefined,
): PublicCredit | null {
  if (!agencyId) return null
  const atClose = stored.creditAtClose[agencyId]
  if (atClose && isCreditTier(atClose.tier)) return { tier: atClose.tier, score: atClose.score, asOf: 'close' }
  const now = current.get(agencyId)
  return now ? { tier: now.tier, score: now.score, asOf: 'current' } : null
}

const party = (b: Omit<BidFacts, 'bidId'>, credit: PublicCredit | null): PublicParty => ({
  agencyName: b.agencyName,
  agencyNameEn: b.agencyNameEn,
  creditCode: b.creditCode,
  credit,
})

/** The agencies a round names with no stored standing (rounds stored before `creditAtClose`). */
export function agenciesWithoutStoredCredit(rows: RoundRow[], bidsById: ReadonlyMap<string, BidFacts>): string[] {
  const ids = new Set<string>()
  for (const row of rows) {
    const stored = parseStoredResult(row.result)
    for (const b of bidsById.values()) if (!stored.creditAtClose[b.agencyId]) ids.add(b.agencyId)
  }
  return [...ids]
}

/** A round that chose a bid (not failed, not awaiting the owner's pick). */
const isDecided = (row: Pick<RoundRow, 'outcome' | 'chosenBidId'>) =>
  row.outcome !== 'failed' && row.chosenBidId !== null

/**
 * The bids whose quote `shapeRound` publishes for this round — the winner of a decided round and
 * every valid quote of a decided price-method round — in that order, each once.
 */
export function publishedBidIds(row: RoundRow, bidsById: ReadonlyMap<string, BidFacts>): string[] {
  if (!isDecided(row)) return []
  const ids = new Set<string>()
  if (row.chosenBidId && bidsById.has(row.chosenBidId)) ids.add(row.chosenBidId)
  if (priceMethods.includes(row.method)) {
    for (const b of parseStoredResult(row.result).bids) if (b.valid && bidsById.has(b.bidId)) ids.add(b.bidId)
  }
  return [...ids]
}

/**
 * One round as the public sees it. `bidsById` holds every bid the round names (name, credit code,
 * amounts); `currentCredit` the current standing of agencies the round stored none for.
 */
export function shapeRound(
  needId: string,
  row: RoundRow,
  bidsById: ReadonlyMap<string, BidFacts>,
  counts: ObjectionCounts = { pending: 0, upheld: 0, rejected: 0, moot: 0 },
  laterRoundExists = false,
  currentCredit: ReadonlyMap<string, CreditStanding> = new Map(),
): PublicRound {
  const stored = parseStoredResult(row.result)
  const partyOf = (b: BidFacts) => party(b, creditOf(stored, currentCredit, b.agencyId))
  const assessed = new Map(stored.bids.map((b) => [b.bidId, b]))
  const decided = isDecided(row)
  const isPriceMethod = priceMethods.includes(row.method)
  const chosen = row.chosenBidId ? bidsById.get(row.chosenBidId) : undefined
  const chosenAssessment = row.chosenBidId ? assessed.get(row.chosenBidId) : undefined

  const quotes: PublicQuote[] | null =
    decided && isPriceMethod
      ? stored.bids
          .filter((b) => b.valid && bidsById.has(b.bidId))
          .map((b) => {
            const facts = bidsById.get(b.bidId) as BidFacts
            return {
              ...partyOf(facts),
              quoteFen: b.quoteFen,
              committedDays: b.committedDays,
              rank: b.rank,
              abnormallyLow: b.abnormallyLow,
              chosen: b.bidId === row.chosenBidId,
              score: row.method === 'comprehensive' ? b.score : null,
            }
          })
      : null

  const excluded: PublicExcluded[] = []
  for (const b of stored.ineligibleBids) {
    const facts = bidsById.get(b.bidId)
    if (facts) excluded.push({ ...partyOf(facts), kind: 'ineligible', reasons: [b.reason] })
  }
  for (const b of stored.bids) {
    const facts = bidsById.get(b.bidId)
    if (!b.valid && facts) excluded.push({ ...partyOf(facts), kind: 'invalid', reasons: b.invalidReasons })
  }

  let draw: PublicRound['draw'] = null
  if (row.drawTranscript) {
    const transcript = transcriptSchema.safeParse(row.drawTranscript)
    const candidates = transcript.success ? transcript.data.candidates : []
    draw = {
      url: `/draws/${needId}`,
      candidates: candidates.map((c) => {
        const facts = bidsById.get(c.bidId)
        return {
          agencyName: facts?.agencyName ?? '',
          agencyNameEn: facts?.agencyNameEn ?? '',
          creditCode: c.agencyCreditCode,
          credit: creditOf(stored, currentCredit, facts?.agencyId),
        }
      }),
    }
  }

  return {
    round: row.round,
    method: row.method,
    outcome: row.outcome,
    decidedAt: row.createdAt.toISOString(),
    winner:
      decided && chosen
        ? {
            ...partyOf(chosen),
            quoteFen: chosenAssessment?.quoteFen ?? chosen.quoteFen,
            committedDays: chosenAssessment?.committedDays ?? chosen.committedDays,
            abnormallyLow: chosenAssessment?.abnormallyLow ?? false,
          }
        : null,
    winnerDisqualified:
      decided && chosen?.status === 'disqualified'
        ? { reason: chosen.statusReason ?? 'other', redone: laterRoundExists }
        : null,
    publicityEndsOn: row.publicityEndsOn,
    validBidCount: stored.validBidCount,
    minValidBids: stored.minValidBids,
    abnormalBelowFen: decided && isPriceMethod ? stored.abnormalBelowFen : null,
    quotes,
    excluded,
    ownerReason: row.method === 'direct' ? row.reason : null,
    draw,
    objections: counts,
    justification: {
      required: decided && stored.requiresJustification,
      text: row.justification?.trim() ? row.justification : null,
      attachedAt: row.justification?.trim() && row.justifiedAt ? row.justifiedAt.toISOString() : null,
    },
  }
}

// ── Database ─────────────────────────────────────────────────────────────────

/** The bids (with agency name and credit code) a set of rounds names. */
async function bidFacts(db: Db, needId: string, stored: StoredResult[], chosen: (string | null)[]) {
  const ids = new Set<string>()
  for (const s of stored) {
    for (const b of s.bids) ids.add(b.bidId)
    for (const b of s.ineligibleBids) ids.add(b.bidId)
  }
  for (const id of chosen) if (id) ids.add(id)
  const wanted = [...ids].filter((id) => UUID.test(id))
  if (wanted.length === 0) return new Map<string, BidFacts>()
  const rows = await db
    .select({
      bidId: bids.id,
      agencyId: bids.agencyOrganisationId,
      agencyName: organisations.name,
      agencyNameEn: organisations.nameEn,
      creditCode: organisations.creditCode,
      quoteFen: bids.quoteFen,
      committedDays: bids.committedDays,
      status: bids.status,
      statusReason: bids.statusReason,
    })
    .from(bids)
    .innerJoin(organisations, eq(organisations.id, bids.agencyOrganisationId))
    .where(and(eq(bids.needId, needId), inArray(bids.id, wanted)))
  return new Map(rows.map((r) => [r.bidId, r]))
}

async function objectionCounts(db: Db, needId: string): Promise<Map<number, ObjectionCounts>> {
  const rows = await db
    .select({ round: objections.round, status: objections.status })
    .from(objections)
    .where(eq(objections.needId, needId))
  const byRound = new Map<number, ObjectionCounts>()
  for (const r of rows) {
    const counts = byRound.get(r.round) ?? { pending: 0, upheld: 0, rejected: 0, moot: 0 }
    counts[r.status] += 1
    byRound.set(r.round, counts)
  }
  return byRound
}

const commitmentPayloadSchema = z.object({ revision: z.number(), quoteCommitment: z.string() })

/**
 * The commitments of the published bids (in the order given), every version each: the versions
 * from bid_revisions (a bid from before the nonce may lack the row of its current version: the
 * bid row stands in, nonce null) and the audit event that recorded each.
 */
async function publishedCommitments(
  db: Db,
  bidIds: string[],
  facts: ReadonlyMap<string, BidFacts>,
): Promise<PublicBidCommitment[]> {
  if (bidIds.length === 0) return []
  const current = await db
    .select({ id: bids.id, revision: bids.revision, quoteFen: bids.quoteFen, committedDays: bids.committedDays })
    .from(bids)
    .where(inArray(bids.id, bidIds))
  const versions = await db
    .select({
      bidId: bidRevisions.bidId,
      revision: bidRevisions.revision,
      quoteFen: bidRevisions.quoteFen,
      committedDays: bidRevisions.committedDays,
      nonce: bidRevisions.commitmentNonce,
    })
    .from(bidRevisions)
    .where(inArray(bidRevisions.bidId, bidIds))
    .orderBy(asc(bidRevisions.revision))
  const events = await db
    .select({
      id: auditEvents.id,
      leafIndex: auditEvents.leafIndex,
      action: auditEvents.action,
      occurredAt: auditEvents.occurredAt,
      entityId: auditEvents.entityId,
      payload: auditEvents.payload,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, 'bid'),
        inArray(auditEvents.entityId, bidIds),
        inArray(auditEvents.action, ['bid.submitted', 'bid.revised']),
      ),
    )
    .orderBy(asc(auditEvents.id))

  return bidIds.flatMap((bidId) => {
    const bid = current.find((b) => b.id === bidId)
    const who = facts.get(bidId)
    if (!bid || !who) return []
    const rows = versions.filter((v) => v.bidId === bidId && v.revision <= bid.revision)
    if (!rows.some((v) => v.revision === bid.revision)) {
      rows.push({
        bidId,
        revision: bid.revision,
        quoteFen: bid.quoteFen,
        committedDays: bid.committedDays,
        nonce: null,
      })
    }
    return [
      {
        agencyName: who.agencyName,
        agencyNameEn: who.agencyNameEn,
        creditCode: who.creditCode,
        bidId,
        revisions: rows.map((v) => {
          const event = events.find((e) => {
            const payload = commitmentPayloadSchema.safeParse(e.payload)
            return e.entityId === bidId && payload.success && payload.data.revision === v.revision
          })
          const payload = event ? commitmentPayloadSchema.parse(event.payload) : null
          return {
            revision: v.revision,
            quoteFen: v.quoteFen,
            committedDays: v.committedDays,
            nonce: v.nonce,
            committed: committedString(bidId, v.revision, v.quoteFen, v.committedDays, v.nonce),
            commitment: payload?.quoteCommitment ?? null,
            auditEvent: event
              ? { id: event.id, leafIndex: event.leafIndex, action: event.action, occurredAt: event.occurredAt.toISOString() }
              : null,
          }
        }),
      },
    ]
  })
}

/**
 * The public result of a need: NotFound for drafts and unknown ids, null while the window is
 * open (nothing of a bid is public before the close), else every round decided so far — except
 * for a cancelled need, whose bids are never published (`bidVisibility` for the public is
 * `count`): its result has the cancel reason and no rounds nor commitments.
 */
export async function publicResult(db: Db, needId: string): Promise<PublicResult | null> {
  if (!UUID.test(needId)) throw new NotFound()
  const [need] = await db
    .select({
      id: needs.id,
      state: needs.state,
      method: needs.method,
      round: needs.round,
      publishedAt: needs.publishedAt,
      cancelReason: needs.cancelReason,
    })
    .from(needs)
    .where(eq(needs.id, needId))
  if (!need || need.state === 'draft' || need.publishedAt === null) throw new NotFound()
  const visibility = await bidVisibilityOf(db, need, 'public')
  if (visibility === 'none') return null
  if (!allows(visibility, 'result')) {
    return {
      state: need.state,
      method: need.method,
      round: need.round,
      rounds: [],
      awardedAt: null,
      cancelReason: need.state === 'cancelled' ? need.cancelReason : null,
      commitments: [],
    }
  }

  const rows = await db
    .select({
      round: selectionRounds.round,
      method: selectionRounds.method,
      outcome: selectionRounds.outcome,
      chosenBidId: selectionRounds.chosenBidId,
      result: selectionRounds.result,
      drawTranscript: selectionRounds.drawTranscript,
      publicityEndsOn: selectionRounds.publicityEndsOn,
      reason: selectionRounds.reason,
      justification: selectionRounds.justification,
      justifiedAt: selectionRounds.justifiedAt,
      createdAt: selectionRounds.createdAt,
    })
    .from(selectionRounds)
    .where(eq(selectionRounds.needId, need.id))
    .orderBy(asc(selectionRounds.round))
  const stored = rows.map((r) => parseStoredResult(r.result))
  const facts = await bidFacts(
    db,
    need.id,
    stored,
    rows.map((r) => r.chosenBidId),
  )
  const counts = await objectionCounts(db, need.id)
  // One batched read of the current standings, only for rounds stored without theirs.
  const current = await creditStandings(db, agenciesWithoutStoredCredit(rows, facts))
  const [award] = await db.select({ awardedAt: awards.awardedAt }).from(awards).where(eq(awards.needId, need.id))

  const rounds = rows
    .map((row) =>
      shapeRound(
        need.id,
        row,
        facts,
        counts.get(row.round),
        rows.some((r) => r.round > row.round),
        current,
      ),
    )
    .reverse()
  const published = [...new Set([...rows].reverse().flatMap((row) => publishedBidIds(row, facts)))]
  return {
    state: need.state,
    method: need.method,
    round: need.round,
    rounds,
    awardedAt: award?.awardedAt.toISOString() ?? null,
    cancelReason: need.state === 'cancelled' ? need.cancelReason : null,
    commitments: await publishedCommitments(db, published, facts),
  }
}
