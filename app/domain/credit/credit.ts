/**
 * The credit score (SPEC §8, issue 14 §2): a pure function of the append-only ledger. Every
 * constant is here. Each ledger row carries the points actually applied — caps are applied when
 * the row is written (`pointsFor`) — so the score is the base plus the sum of the rows and anyone
 * recomputes it from the public ledger.
 *
 * Product choices (research/next-wave.md §2.4, flagged there as ours): base 100; each overdue
 * working day −1 with a cap of 10 points per contract; a contract 10 working days past C adds one
 * violation −10; a contract not signed in time −5; a termination at the agency's fault −10 (the
 * "abandoning after selection" analogue); an upheld objection with the winner at fault −10 (as an
 * upheld complaint). The tier thresholds' defaults are here (`defaultTierThresholds`); the admin
 * sets the ones in force in the marketplace settings (`MarketplaceConfig.creditTiers`, bounds in
 * `tierThresholdBounds`), and every writer of a stored tier reads them (ledger.server.ts).
 */

export const creditBase = 100

export type CreditTier = 'A' | 'B' | 'C' | 'D'
export const creditTiers: readonly CreditTier[] = ['A', 'B', 'C', 'D']

/** The lowest score of each tier above D (A ≥ 90, B 75–89, C 60–74, D < 60). */
export interface TierThresholds {
  a: number
  b: number
  c: number
}

export const defaultTierThresholds: Readonly<TierThresholds> = { a: 90, b: 75, c: 60 }

/**
 * What the admin may set: whole numbers with 1 ≤ C < B < A ≤ 100 (the base), so D is never empty
 * and an agency with no event yet (the base) is always in A.
 */
export const tierThresholdBounds = { min: 1, max: creditBase } as const

/** True when the thresholds are whole numbers within the bounds and strictly descending A > B > C. */
export function validTierThresholds(t: TierThresholds): boolean {
  const { min, max } = tierThresholdBounds
  return (
    [t.a, t.b, t.c].every((v) => Number.isInteger(v) && v >= min && v <= max) && t.a > t.b && t.b > t.c
  )
}

/**
 * The one place a credit score becomes the 0–100 comprehensive scoring uses (methods.ts takes a
 * whole number 0–100): the score may run above the base (positive ratings) or below zero (many
 * penalties); it is clamped to [0, 100] — a score of 100 or more gets the full credit weight, a
 * score of 0 or less none. Integer in, integer out.
 */
export function selectionCreditScore(score: number): number {
  if (!Number.isSafeInteger(score)) throw new Error(`credit score ${score} is not a whole number`)
  return Math.min(100, Math.max(0, score))
}

export const creditPoints = {
  /** Each working day past C (+ extensions). */
  overdueDay: -1,
  /** The most the overdue days of one contract take in total (a negative number of points). */
  overdueDayCapPerContract: -10,
  /** Working days past C after which the contract adds one violation. */
  overdueViolationAfterDays: 10,
  overdueViolation: -10,
  /** The agency did not sign its contract in time (the contract lapsed at its fault). */
  contractLapsed: -5,
  /** The contract was terminated at the agency's fault. */
  terminatedAtFault: -10,
  /** An objection upheld because of the winner's own fault. */
  objectionUpheld: -10,
  /** A complaint about the agency upheld by the supervising regulator. */
  complaintUpheld: -10,
} as const

export const creditEventKinds = [
  'overdue_day',
  'overdue_violation',
  'contract_lapsed',
  'terminated_at_fault',
  'objection_upheld',
  'owner_rating',
  'department_rating',
  'violation_recorded',
  'commendation',
  'repair',
  'complaint_upheld',
] as const
export type CreditEventKind = (typeof creditEventKinds)[number]

/** The kinds whose points are not a constant: computed from the rating's scores (`ratingCreditPoints`) when it is recorded. */
export const ratingCreditKinds = ['owner_rating', 'department_rating'] as const satisfies readonly CreditEventKind[]
export type RatingCreditKind = (typeof ratingCreditKinds)[number]

export type CreditSource = 'rating' | 'contract' | 'objection' | 'complaint' | 'violation' | 'repair' | 'commendation'

/** Where each kind comes from. */
export const sourceOf: Readonly<Record<CreditEventKind, CreditSource>> = {
  overdue_day: 'contract',
  overdue_violation: 'violation',
  contract_lapsed: 'contract',
  terminated_at_fault: 'contract',
  objection_upheld: 'objection',
  owner_rating: 'rating',
  department_rating: 'rating',
  violation_recorded: 'violation',
  commendation: 'commendation',
  repair: 'repair',
  complaint_upheld: 'complaint',
}

/**
 * The points a negative behaviour of the admin's list may carry (both inclusive): the database
 * checks the same range (db/schema/credit-actions.ts). A violation copies its behaviour's points.
 */
export const behaviourPointsBounds = { min: -50, max: -1 } as const
/** The points a regulator may give with one commendation (both inclusive). */
export const commendationPointsBounds = { min: 1, max: 10 } as const

/**
 * The kinds whose points the writer gives (besides the ratings): a recorded violation (its
 * behaviour's points), a commendation (the regulator's choice within the bounds) and a repair
 * (the negation of the repaired event's points).
 */
export const givenPointsKinds = ['violation_recorded', 'commendation', 'repair'] as const satisfies readonly CreditEventKind[]
export type GivenPointsKind = (typeof givenPointsKinds)[number]

/** The points each given-points kind's writer must supply (the field of `CreditFact` and `NewCreditEvent`). */
export type GivenPoints =
  | { kind: 'violation_recorded'; behaviourPoints: number }
  | { kind: 'commendation'; commendationPoints: number }
  | { kind: 'repair'; repairedPoints: number }

const within = (n: number, b: { min: number; max: number }) => Number.isSafeInteger(n) && n >= b.min && n <= b.max

/**
 * What the writer knows when it adds an event: for an overdue day, the points its contract's
 * overdue days already took; for a rating, the points its scores map to (`ratingCreditPoints` in
 * app/domain/ratings/ratings.ts, computed when the rating is recorded).
 */
export type CreditFact =
  | { kind: 'overdue_day'; overduePointsSoFar: number }
  | { kind: RatingCreditKind; ratingPoints: number }
  | GivenPoints
  | { kind: Exclude<CreditEventKind, 'overdue_day' | RatingCreditKind | GivenPointsKind> }

/**
 * The points to store with a new event (caps applied): never positive except a rating's, a
 * commendation's and a repair's. A given value out of its bounds is a programming error (the
 * forms and the admin's list are checked first): it throws rather than touch the ledger.
 */
export function pointsFor(fact: CreditFact): number {
  switch (fact.kind) {
    case 'overdue_day': {
      const room = creditPoints.overdueDayCapPerContract - Math.min(0, fact.overduePointsSoFar)
      return Math.min(0, Math.max(creditPoints.overdueDay, room))
    }
    case 'overdue_violation':
      return creditPoints.overdueViolation
    case 'contract_lapsed':
      return creditPoints.contractLapsed
    case 'terminated_at_fault':
      return creditPoints.terminatedAtFault
    case 'objection_upheld':
      return creditPoints.objectionUpheld
    case 'complaint_upheld':
      return creditPoints.complaintUpheld
    case 'owner_rating':
    case 'department_rating':
      if (!Number.isSafeInteger(fact.ratingPoints)) throw new Error(`credit ${fact.kind} with points ${fact.ratingPoints}`)
      return fact.ratingPoints + 0 // −0 (a rounded −0.15) stored as 0
    case 'violation_recorded':
      if (!within(fact.behaviourPoints, behaviourPointsBounds))
        throw new Error(`credit violation_recorded with points ${fact.behaviourPoints}`)
      return fact.behaviourPoints
    case 'commendation':
      if (!within(fact.commendationPoints, commendationPointsBounds))
        throw new Error(`credit commendation with points ${fact.commendationPoints}`)
      return fact.commendationPoints
    case 'repair':
      // Only a negative event is repaired; the repair gives back exactly what it took.
      if (!Number.isSafeInteger(fact.repairedPoints) || fact.repairedPoints >= 0)
        throw new Error(`credit repair of points ${fact.repairedPoints}`)
      return -fact.repairedPoints
    default:
      return assertNever(fact)
  }
}

/** The score: the base plus the points of every event. */
export function scoreOf(base: number, events: readonly { points: number }[]): number {
  return events.reduce((sum, e) => sum + e.points, base)
}

export function tierOf(score: number, thresholds: Readonly<TierThresholds> = defaultTierThresholds): CreditTier {
  if (score >= thresholds.a) return 'A'
  if (score >= thresholds.b) return 'B'
  if (score >= thresholds.c) return 'C'
  return 'D'
}

export function isCreditTier(value: unknown): value is CreditTier {
  return typeof value === 'string' && (creditTiers as readonly string[]).includes(value)
}

function assertNever(value: never): never {
  throw new Error(`unknown credit fact ${JSON.stringify(value)}`)
}
