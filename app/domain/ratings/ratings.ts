/**
 * Ratings of an agency's work on a contract (SPEC §8, issue 14 item 1), the pure rules:
 * - the owner of an accepted contract rates once, within `ratingConfig.ownerRatingWorkingDays`
 *   working days after the acceptance day: quality, timeliness, attitude, fee reasonableness (1–5);
 * - the supervising department (the regulator of the contract's approval) rates once, after the
 *   approval decision is recorded: the report's quality and timeliness (1–5);
 * - the agency replies once to the owner's rating;
 * - a supervising regulator hides a rating's text (comment and reply) with a reason; the scores stay.
 * The forms' schemas, who may do what when (`decideRating`), the averages shown on the agency's
 * profile, and the credit points a rating maps to (`ratingCreditPoints`, not written anywhere yet).
 *
 * Ratings are their own record beside the contract and judge from the contract's facts, not the
 * need's state: they stay possible after the need is `closed`. The need's `close` (the state
 * machine's, the system's) waits for the approval decision and for the owner's rating or the end of
 * the owner's window; the owner's rating closes the need at once when the decision is recorded.
 */
import { z } from 'zod'
import type { CalendarDate } from '~/domain/dates'
import { optionalText, publishedReason, requiredText } from '~/domain/validation'

export const raterKinds = ['owner', 'department'] as const
export type RaterKind = (typeof raterKinds)[number]

export const ownerDimensions = ['quality', 'timeliness', 'attitude', 'fee'] as const
export const departmentDimensions = ['reportQuality', 'reportTimeliness'] as const
export type OwnerDimension = (typeof ownerDimensions)[number]
export type DepartmentDimension = (typeof departmentDimensions)[number]

export const SCORE_MIN = 1
export const SCORE_MAX = 5

/** A score 1–5 as the form sends it ('1' … '5'); anything else is refused at its field. */
export const score = () =>
  z
    .string({ error: 'ratings.errors.scoreRequired' })
    .trim()
    .min(1, { message: 'ratings.errors.scoreRequired', abort: true })
    .regex(/^[1-5]$/, 'ratings.errors.scoreRange')
    .transform(Number)

export const COMMENT_MAX = 1000

export const OwnerRatingSchema = z.object({
  quality: score(),
  timeliness: score(),
  attitude: score(),
  fee: score(),
  comment: optionalText(COMMENT_MAX),
})

export const DepartmentRatingSchema = z.object({
  reportQuality: score(),
  reportTimeliness: score(),
  comment: optionalText(COMMENT_MAX),
})

export const RatingReplySchema = z.object({
  ratingId: z.uuid('validation.choose'),
  reply: requiredText(COMMENT_MAX),
})

export const HideRatingTextSchema = z.object({
  ratingId: z.uuid('validation.choose'),
  reason: publishedReason(1000),
})

export type OwnerRatingInput = z.output<typeof OwnerRatingSchema>
export type DepartmentRatingInput = z.output<typeof DepartmentRatingSchema>
export type RatingReplyInput = z.output<typeof RatingReplySchema>
export type HideRatingTextInput = z.output<typeof HideRatingTextSchema>

/** The last day the owner may rate: `days` working days after the acceptance day (which does not count). */
export function ownerRatingDueOn(
  acceptedOn: CalendarDate,
  addWorkingDays: (start: CalendarDate, n: number) => CalendarDate,
  days: number,
): CalendarDate {
  return addWorkingDays(acceptedOn, days)
}

export type RatingAction = 'rate_owner' | 'rate_department' | 'reply' | 'hide_text'

/** Who the caller is to the contract (as contract-actions.server.ts tells it). */
export type RatingViewer = 'owner' | 'agency' | 'regulator'

export interface RatingFacts {
  viewer: RatingViewer
  /** The contract's acceptance day (Asia/Shanghai), null while not accepted. */
  acceptedOn: CalendarDate | null
  /** The contract ended without acceptance (lapsed, terminated): nothing to rate. */
  terminated: boolean
  /** The approval decision is recorded. */
  approvalDecided: boolean
  /** The owner's last day to rate (null while not accepted). */
  ownerDueOn: CalendarDate | null
  today: CalendarDate
  ownerRated: boolean
  departmentRated: boolean
  /** For reply / hide_text: the rating named by the form (null: not a rating of this contract). */
  target: { raterKind: RaterKind; replied: boolean; hidden: boolean } | null
}

export type RatingRefusal =
  | 'notYourAction'
  | 'notAccepted'
  | 'windowClosed'
  | 'alreadyRated'
  | 'approvalNotDecided'
  | 'noSuchRating'
  | 'notOwnerRating'
  | 'alreadyReplied'
  | 'alreadyHidden'

/** The message of each refusal (literal keys, translated in app/i18n/areas/ratings.ts). */
export const ratingRefusalKeys: Readonly<Record<RatingRefusal, string>> = {
  notYourAction: 'errors.forbidden',
  notAccepted: 'ratings.refusals.notAccepted',
  windowClosed: 'ratings.refusals.windowClosed',
  alreadyRated: 'ratings.refusals.alreadyRated',
  approvalNotDecided: 'ratings.refusals.approvalNotDecided',
  noSuchRating: 'errors.notFound',
  notOwnerRating: 'ratings.refusals.notOwnerRating',
  alreadyReplied: 'ratings.refusals.alreadyReplied',
  alreadyHidden: 'ratings.refusals.alreadyHidden',
}

export type RatingDecision = { ok: true } | { ok: false; reason: RatingRefusal; forbidden: boolean }

const actorOf: Record<RatingAction, RatingViewer> = {
  rate_owner: 'owner',
  rate_department: 'regulator',
  reply: 'agency',
  hide_text: 'regulator',
}

/** Whether `facts.viewer` may take `action` now: who first (403), then the contract as it stands (409). */
export function decideRating(action: RatingAction, facts: RatingFacts): RatingDecision {
  const refuse = (reason: RatingRefusal, forbidden = false): RatingDecision => ({ ok: false, reason, forbidden })
  if (actorOf[action] !== facts.viewer) return refuse('notYourAction', true)
  switch (action) {
    case 'rate_owner':
      if (facts.terminated || !facts.acceptedOn || !facts.ownerDueOn) return refuse('notAccepted')
      if (facts.ownerRated) return refuse('alreadyRated')
      if (facts.today > facts.ownerDueOn) return refuse('windowClosed')
      return { ok: true }
    case 'rate_department':
      if (facts.terminated || !facts.acceptedOn) return refuse('notAccepted')
      if (!facts.approvalDecided) return refuse('approvalNotDecided')
      if (facts.departmentRated) return refuse('alreadyRated')
      return { ok: true }
    case 'reply':
      if (!facts.target) return refuse('noSuchRating')
      if (facts.target.raterKind !== 'owner') return refuse('notOwnerRating')
      if (facts.target.replied) return refuse('alreadyReplied')
      return { ok: true }
    case 'hide_text':
      if (!facts.target) return refuse('noSuchRating')
      if (facts.target.hidden) return refuse('alreadyHidden')
      return { ok: true }
  }
}

/** The rating actions `facts.viewer` may take now (for the page's forms; reply / hide are per rating). */
export function offeredRatingActions(facts: RatingFacts): ('rate_owner' | 'rate_department')[] {
  return (['rate_owner', 'rate_department'] as const).filter((a) => decideRating(a, facts).ok)
}

export interface RatingScores {
  raterKind: RaterKind
  quality: number | null
  timeliness: number | null
  attitude: number | null
  fee: number | null
  reportQuality: number | null
  reportTimeliness: number | null
}

/** The scores a rating has, as [sum, count] over its kind's dimensions. */
function sumOf(r: RatingScores): [number, number] {
  const values =
    r.raterKind === 'owner' ? [r.quality, r.timeliness, r.attitude, r.fee] : [r.reportQuality, r.reportTimeliness]
  const scores = values.filter((v): v is number => v !== null)
  return [scores.reduce((a, b) => a + b, 0), scores.length]
}

/** A fraction n / d rounded to the nearest integer, halves away from zero (exact, no floating point drift). */
function roundHalfAway(n: number, d: number): number {
  const sign = n < 0 ? -1 : 1
  const abs = Math.abs(n)
  return sign * Math.floor((2 * abs + d) / (2 * d))
}

/** A rating's average in hundredths (1.00–5.00 → 100–500), rounded half up. */
export function ratingAverageHundredths(r: RatingScores): number {
  const [sum, count] = sumOf(r)
  return roundHalfAway(sum * 100, count)
}

/**
 * The owner ratings' overall average in hundredths, from the sum and the count of their scores
 * (every dimension of every owner rating; the department's ratings are not in it), rounded half
 * up; null with no score. What comprehensive scoring takes as an agency's rating.
 */
export function overallAverageHundredths(scoreSum: number, scoreCount: number): number | null {
  if (!Number.isSafeInteger(scoreSum) || !Number.isSafeInteger(scoreCount) || scoreCount < 0)
    throw new Error(`rating sum ${scoreSum} / count ${scoreCount}`)
  return scoreCount === 0 ? null : roundHalfAway(scoreSum * 100, scoreCount)
}

/**
 * The credit points a rating maps to (next-wave §2.4, product choice): the owner's 1–5 average
 * maps linearly to −4 … +2 (1 → −4, 3 → −1, 5 → +2); the department's rating, mapped the same
 * way from its own average, weighs 3/5 of that (Yuyao's 5 : 3). Whole points, halves away from
 * zero. Nothing here writes to a ledger.
 */
export function ratingCreditPoints(r: RatingScores): number {
  const [sum, count] = sumOf(r)
  // points = −4 + 1.5 × (avg − 1) = (3·sum − 11·count) / (2·count)
  const numerator = 3 * sum - 11 * count
  const denominator = 2 * count
  return r.raterKind === 'owner' ? roundHalfAway(numerator, denominator) : roundHalfAway(3 * numerator, 5 * denominator)
}

export interface RatingSummary {
  count: number
  /** Per dimension: the average in hundredths (null with no rating of that kind). */
  averages: Record<OwnerDimension | DepartmentDimension, number | null>
  /** How many owner ratings have each rounded average 1–5 (index 0 → 1 star). */
  distribution: [number, number, number, number, number]
  ownerCount: number
  departmentCount: number
}

/** The agency profile's summary: averages per dimension, counts, the owner ratings' distribution. */
export function summariseRatings(ratings: readonly RatingScores[]): RatingSummary {
  const dims = [...ownerDimensions, ...departmentDimensions] as const
  const averages = {} as RatingSummary['averages']
  for (const d of dims) {
    const values = ratings.map((r) => r[d]).filter((v): v is number => v !== null)
    averages[d] = values.length ? roundHalfAway(values.reduce((a, b) => a + b, 0) * 100, values.length) : null
  }
  const distribution: RatingSummary['distribution'] = [0, 0, 0, 0, 0]
  for (const r of ratings) {
    if (r.raterKind !== 'owner') continue
    const [sum, count] = sumOf(r)
    const stars = Math.min(SCORE_MAX, Math.max(SCORE_MIN, roundHalfAway(sum, count)))
    distribution[stars - 1] += 1
  }
  return {
    count: ratings.length,
    averages,
    distribution,
    ownerCount: ratings.filter((r) => r.raterKind === 'owner').length,
    departmentCount: ratings.filter((r) => r.raterKind === 'department').length,
  }
}
