/**
 * Selection among the bids of a need (SPEC §5). Pure: the caller supplies the live bids of
 * eligible agencies (eligibility — status, qualification, blacklist — is decided before, in
 * `agencies/eligibility.ts`), the need's method and limits, and the config. Nothing here draws
 * lots: where chance decides (random method, ties) the result names the candidates and
 * `draw.ts` picks among them verifiably.
 *
 * Arithmetic is integer or exact rational throughout (BigInt where a product could leave the
 * safe-integer range), so a boundary is never decided by a floating-point rounding.
 *
 * - **Validity.** A bid is valid when its quote ≤ the price ceiling (when there is one), its
 *   committed days C ≤ the service limit S, it was not excluded by an upheld objection (or a
 *   missing cost justification), and — for direct selection that is not after a failed round —
 *   its quote ≤ the direct-selection threshold (this closes the gap of a direct need published
 *   without a ceiling). Every reason a bid is invalid is listed.
 * - **Minimum.** Fewer valid bids than `minValidBids[method]` → outcome `failed` (流标).
 * - **Abnormally low.** A valid quote q is flagged when q < share × mean of the valid quotes,
 *   i.e. q · den · n < num · Σq (strictly below: exactly 70 % is not flagged). Shown for every
 *   method; `abnormalBelowFen` = ⌈num · Σq / (den · n)⌉ is the exact integer cut: flagged ⇔
 *   q < abnormalBelowFen.
 * - **direct**: the owner picks any valid bid (outcome `owner_pick`, candidates = all valid).
 * - **random**: outcome `draw`, candidates = all valid bids.
 * - **lowest_price**: the lowest valid quote wins; several at the same lowest quote → `draw`
 *   among them. When the winning quote is flagged, `requiresJustification` is true: the winner
 *   must attach a cost justification before award.
 * - **comprehensive**: published integer weights (price, credit, rating, days) summing to 100;
 *   each component in hundredths of a point, rounded half up separately, total = their sum (so
 *   the published breakdown adds up exactly, and the published total is what decides):
 *     price  = lowest valid quote / quote × w_price
 *     credit = credit score (0–100) / 100 × w_credit            (no score → config default)
 *     rating = (rating average − 1) / 4 × w_rating, 1 → 0, 5 → full (never rated → config default)
 *     days   = fewest committed days among valid bids / C × w_days
 *   The highest total wins; equal totals → `draw` among them. A flagged winner is shown as such
 *   but needs no justification (SPEC asks it only for lowest price).
 *
 * Ties are never broken by submission time: `submittedAt` only orders the display.
 */
import type { MarketplaceConfig, SelectionMethod } from '~/domain/config'

export const selectionMethods: readonly SelectionMethod[] = ['direct', 'random', 'lowest_price', 'comprehensive']

export interface SelectionBid {
  bidId: string
  agencyId: string
  /** Integer fen, > 0. */
  quoteFen: number
  /** C: committed service days, integer ≥ 1. */
  committedDays: number
  /** Integer 0–100, or null when the agency has none (then the config default is used and marked). */
  creditScore: number | null
  /** Average rating 1–5 (rounded to hundredths on entry), or null when never rated. */
  ratingAverage: number | null
  /** When the (latest revision of the) bid was submitted — display order only. */
  submittedAt: Date
}

/** Integer weights in points, summing to 100. */
export interface ComprehensiveWeights {
  price: number
  credit: number
  rating: number
  days: number
}

export interface SelectionNeed {
  method: SelectionMethod
  /** 最高限价 in fen; null only for direct selection. */
  priceCeilingFen: number | null
  /** S: the service time limit in working days. */
  serviceLimitDays: number
  /** Required for comprehensive; ignored otherwise. */
  weights: ComprehensiveWeights | null
  /** Direct selection after a failed round: the amount threshold does not apply. */
  afterFailedRound?: boolean
  /** Bids taken out of the running by an upheld objection or a missing justification. */
  excludedBidIds?: readonly string[]
}

export type InvalidReason = 'quoteAboveCeiling' | 'daysAboveLimit' | 'excluded' | 'aboveDirectThreshold'

/** Comprehensive score of one valid bid; every value in hundredths of a point (10000 = 100.00). */
export interface ScoreBreakdown {
  price: number
  credit: number
  rating: number
  days: number
  total: number
  /** The credit score used, and whether it was the default for a missing one. */
  creditScoreUsed: number
  creditDefaulted: boolean
  /** The rating used, in hundredths (100–500), and whether it was the default for an unrated agency. */
  ratingHundredthsUsed: number
  ratingDefaulted: boolean
}

export interface BidAssessment {
  bidId: string
  agencyId: string
  quoteFen: number
  committedDays: number
  submittedAt: Date
  valid: boolean
  invalidReasons: InvalidReason[]
  /** Only valid bids are judged (false for invalid ones). */
  abnormallyLow: boolean
  /** Comprehensive method, valid bids only. */
  score: ScoreBreakdown | null
  /** 1-based rank among valid bids for lowest price and comprehensive (equal values share a rank); null otherwise. */
  rank: number | null
}

export type SelectionOutcome = 'failed' | 'winner' | 'draw' | 'owner_pick'

export interface SelectionDecision {
  ok: true
  method: SelectionMethod
  outcome: SelectionOutcome
  /**
   * winner: the one winning bid; draw: the bids the verifiable draw runs among (random: all
   * valid; lowest price / comprehensive: the tied best); owner_pick: all valid bids; failed: [].
   */
  candidateBidIds: string[]
  validBidCount: number
  minValidBids: number
  /** Lowest price only: the winning quote is abnormally low, so a cost justification is due before award. */
  requiresJustification: boolean
  /** Σ of valid quotes and their count: the mean as an exact fraction (null when there is no valid bid). */
  meanQuote: { sumFen: number; count: number } | null
  /** Valid quotes strictly below this integer are abnormally low (null when there is no valid bid). */
  abnormalBelowFen: number | null
  /**
   * Every bid: valid ones first in the method's order (lowest price: quote ascending;
   * comprehensive: total descending; otherwise submission), then invalid ones; within equal
   * values by submission time, then bid id — for display, never to break a tie.
   */
  bids: BidAssessment[]
}

export type SelectionRefusal = {
  ok: false
  reason: 'weightsMissing' | 'weightsInvalid'
  params: Record<string, number>
}

export type SelectionResult = SelectionDecision | SelectionRefusal

/** Malformed bid data (a caller bug, not a business refusal). */
export class SelectionInputError extends Error {
  constructor(
    readonly bidId: string,
    readonly field: string,
    message: string,
  ) {
    super(`bid ${bidId}: ${message}`)
    this.name = 'SelectionInputError'
  }
}

const isNonNegInt = (n: number) => Number.isSafeInteger(n) && n >= 0

/**
 * Weights must be whole, non-negative points summing to 100. Returns null when valid, or the
 * refusal (with the sum, so the message can say "the weights add up to 95").
 */
export function validateWeights(weights: ComprehensiveWeights | null | undefined): SelectionRefusal | null {
  if (!weights) return { ok: false, reason: 'weightsMissing', params: {} }
  const parts = [weights.price, weights.credit, weights.rating, weights.days]
  const sum = parts.reduce((a, b) => a + b, 0)
  if (!parts.every(isNonNegInt) || sum !== 100) {
    return {
      ok: false,
      reason: 'weightsInvalid',
      params: { price: weights.price, credit: weights.credit, rating: weights.rating, days: weights.days, sum },
    }
  }
  return null
}

/** Rating average 1–5 → hundredths 100–500, rounded to the nearest hundredth. */
export function ratingToHundredths(rating: number): number {
  return Math.round(rating * 100)
}

/** round(a / b) half up, for a ≥ 0, b > 0, exactly (BigInt). */
function divRound(a: bigint, b: bigint): number {
  return Number((2n * a + b) / (2n * b))
}

function checkBid(b: SelectionBid): void {
  if (!Number.isSafeInteger(b.quoteFen) || b.quoteFen <= 0)
    throw new SelectionInputError(b.bidId, 'quoteFen', 'quote must be a whole number of fen > 0')
  if (!Number.isSafeInteger(b.committedDays) || b.committedDays < 1)
    throw new SelectionInputError(b.bidId, 'committedDays', 'committed days must be a whole number ≥ 1')
  if (b.creditScore !== null && (!Number.isInteger(b.creditScore) || b.creditScore < 0 || b.creditScore > 100)) {
    throw new SelectionInputError(b.bidId, 'creditScore', 'credit score must be a whole number 0–100 or null')
  }
  if (b.ratingAverage !== null && !(Number.isFinite(b.ratingAverage) && b.ratingAverage >= 1 && b.ratingAverage <= 5)) {
    throw new SelectionInputError(b.bidId, 'ratingAverage', 'rating average must be 1–5 or null')
  }
}

/** Why a bid is not valid for this need (empty = valid). */
export function invalidReasons(
  bid: Pick<SelectionBid, 'bidId' | 'quoteFen' | 'committedDays'>,
  need: SelectionNeed,
  config: MarketplaceConfig,
): InvalidReason[] {
  const reasons: InvalidReason[] = []
  if (need.priceCeilingFen !== null && bid.quoteFen > need.priceCeilingFen) reasons.push('quoteAboveCeiling')
  if (bid.committedDays > need.serviceLimitDays) reasons.push('daysAboveLimit')
  if (need.excludedBidIds?.includes(bid.bidId)) reasons.push('excluded')
  if (need.method === 'direct' && !need.afterFailedRound && bid.quoteFen > config.directSelectionThresholdFen)
    reasons.push('aboveDirectThreshold')
  return reasons
}

/**
 * Whether `quoteFen` is abnormally low against the valid quotes' sum and count:
 * quote < (num/den) × (sum/count)  ⇔  quote · den · count < num · sum.
 */
export function isAbnormallyLow(
  quoteFen: number,
  sumFen: number,
  count: number,
  share: MarketplaceConfig['abnormallyLowShare'],
): boolean {
  return BigInt(quoteFen) * BigInt(share.denominator) * BigInt(count) < BigInt(share.numerator) * BigInt(sumFen)
}

/** The smallest integer quote that is not abnormally low: ⌈num · sum / (den · count)⌉. */
export function abnormalBelowFen(
  sumFen: number,
  count: number,
  share: MarketplaceConfig['abnormallyLowShare'],
): number {
  const a = BigInt(share.numerator) * BigInt(sumFen)
  const b = BigInt(share.denominator) * BigInt(count)
  return Number((a + b - 1n) / b)
}

/** The comprehensive breakdown of one bid against the best quote and fewest days among the valid bids. */
export function scoreBid(
  bid: Pick<SelectionBid, 'quoteFen' | 'committedDays' | 'creditScore' | 'ratingAverage'>,
  best: { lowestQuoteFen: number; fewestDays: number },
  weights: ComprehensiveWeights,
  config: MarketplaceConfig,
): ScoreBreakdown {
  const creditDefaulted = bid.creditScore === null
  const creditScoreUsed = bid.creditScore ?? config.comprehensiveDefaults.creditScore
  const ratingDefaulted = bid.ratingAverage === null
  const ratingHundredthsUsed =
    bid.ratingAverage === null ? config.comprehensiveDefaults.ratingHundredths : ratingToHundredths(bid.ratingAverage)
  // Points × 100 (hundredths): price = lowest/quote · w · 100, days = fewest/C · w · 100.
  const price = divRound(BigInt(best.lowestQuoteFen) * BigInt(weights.price) * 100n, BigInt(bid.quoteFen))
  const days = divRound(BigInt(best.fewestDays) * BigInt(weights.days) * 100n, BigInt(bid.committedDays))
  // credit/100 · w · 100 = credit · w, exact.
  const credit = creditScoreUsed * weights.credit
  // (r − 1)/4 · w · 100 with r = rH/100 → (rH − 100) · w / 4.
  const rating = divRound(BigInt(ratingHundredthsUsed - 100) * BigInt(weights.rating), 4n)
  return {
    price,
    credit,
    rating,
    days,
    total: price + credit + rating + days,
    creditScoreUsed,
    creditDefaulted,
    ratingHundredthsUsed,
    ratingDefaulted,
  }
}

const bySubmission = (a: BidAssessment, b: BidAssessment) =>
  a.submittedAt.getTime() - b.submittedAt.getTime() || (a.bidId < b.bidId ? -1 : a.bidId > b.bidId ? 1 : 0)

/** Ranks (1-based, equal keys share the rank) over an already sorted list. */
function assignRanks(sorted: BidAssessment[], key: (b: BidAssessment) => number): void {
  let rank = 0
  let previous: number | null = null
  sorted.forEach((b, i) => {
    const k = key(b)
    if (k !== previous) rank = i + 1
    previous = k
    b.rank = rank
  })
}

export function runSelection(
  need: SelectionNeed,
  bids: readonly SelectionBid[],
  config: MarketplaceConfig,
): SelectionResult {
  if (need.method === 'comprehensive') {
    const refusal = validateWeights(need.weights)
    if (refusal) return refusal
  }
  const seen = new Set<string>()
  for (const b of bids) {
    checkBid(b)
    if (seen.has(b.bidId)) throw new SelectionInputError(b.bidId, 'bidId', 'duplicate bid id')
    seen.add(b.bidId)
  }

  const assessed: BidAssessment[] = bids.map((b) => {
    const reasons = invalidReasons(b, need, config)
    return {
      bidId: b.bidId,
      agencyId: b.agencyId,
      quoteFen: b.quoteFen,
      committedDays: b.committedDays,
      submittedAt: b.submittedAt,
      valid: reasons.length === 0,
      invalidReasons: reasons,
      abnormallyLow: false,
      score: null,
      rank: null,
    }
  })
  const valid = assessed.filter((b) => b.valid)
  const invalid = assessed.filter((b) => !b.valid).sort(bySubmission)
  const minValidBids = config.minValidBids[need.method]

  let meanQuote: SelectionDecision['meanQuote'] = null
  let cut: number | null = null
  if (valid.length > 0) {
    const sumFen = valid.reduce((s, b) => s + b.quoteFen, 0)
    if (!Number.isSafeInteger(sumFen))
      throw new SelectionInputError(valid[0].bidId, 'quoteFen', 'sum of quotes out of range')
    meanQuote = { sumFen, count: valid.length }
    cut = abnormalBelowFen(sumFen, valid.length, config.abnormallyLowShare)
    for (const b of valid)
      b.abnormallyLow = isAbnormallyLow(b.quoteFen, sumFen, valid.length, config.abnormallyLowShare)
  }

  if (need.method === 'lowest_price') {
    valid.sort((a, b) => a.quoteFen - b.quoteFen || bySubmission(a, b))
    assignRanks(valid, (b) => b.quoteFen)
  } else if (need.method === 'comprehensive') {
    const weights = need.weights as ComprehensiveWeights
    if (valid.length > 0) {
      const best = {
        lowestQuoteFen: Math.min(...valid.map((b) => b.quoteFen)),
        fewestDays: Math.min(...valid.map((b) => b.committedDays)),
      }
      const source = new Map(bids.map((b) => [b.bidId, b]))
      for (const b of valid) b.score = scoreBid(source.get(b.bidId) as SelectionBid, best, weights, config)
    }
    const total = (b: BidAssessment) => (b.score as ScoreBreakdown).total
    valid.sort((a, b) => total(b) - total(a) || bySubmission(a, b))
    assignRanks(valid, total)
  } else {
    valid.sort(bySubmission)
  }

  const base = {
    ok: true as const,
    method: need.method,
    validBidCount: valid.length,
    minValidBids,
    meanQuote,
    abnormalBelowFen: cut,
    bids: [...valid, ...invalid],
  }

  if (valid.length < minValidBids || valid.length === 0) {
    return { ...base, outcome: 'failed', candidateBidIds: [], requiresJustification: false }
  }
  switch (need.method) {
    case 'direct':
      return {
        ...base,
        outcome: 'owner_pick',
        candidateBidIds: valid.map((b) => b.bidId),
        requiresJustification: false,
      }
    case 'random':
      return { ...base, outcome: 'draw', candidateBidIds: valid.map((b) => b.bidId), requiresJustification: false }
    case 'lowest_price':
    case 'comprehensive': {
      const best = valid.filter((b) => b.rank === 1)
      const requiresJustification = need.method === 'lowest_price' && best[0].abnormallyLow
      return {
        ...base,
        outcome: best.length === 1 ? 'winner' : 'draw',
        candidateBidIds: best.map((b) => b.bidId),
        requiresJustification,
      }
    }
  }
}
