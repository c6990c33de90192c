/**
 * What comprehensive scoring takes for each bidder (SPEC §8, issue 14 §2): its credit score and
 * its rating **as they stood when the need's registration window closed** (`registrationDeadline`
 * of its closing date), so every assessment of the need — the tick's, the owner's screens, a redo
 * round weeks later — sees the same numbers.
 *
 * - Credit: the base plus the points of every ledger row *written* at or before the close
 *   (`credit_events.created_at`, the app clock at insert). Not `on_date`: that is the day the
 *   fact happened, and the carry writes a fact days later — a row dated before the close but
 *   written after it would move the score of a closed window; one dated later but written before
 *   counts, as it was in the ledger at the close. The ledger is append-only, so the set of rows
 *   written by an instant in the past never changes.
 * - Rating: the owner ratings' overall average (`overallAverageHundredths`) over the ratings
 *   created at or before the close; null when there is none (methods.ts then uses the config's
 *   default and marks it defaulted).
 * - The tier is the one the raw score had under the thresholds in force at the assessment.
 *
 * The raw score is kept; `selectionCreditScore` (app/domain/credit/credit.ts) maps it into 0–100
 * for the scoring. The selection result stores these values (`creditAtClose`), so a published
 * breakdown and the badges on the results never change.
 */
import { and, inArray, lte, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyRatings, creditEvents } from '#db/schema'
import { creditBase, tierOf, type CreditTier, type TierThresholds } from '~/domain/credit/credit'
import { overallAverageHundredths } from '~/domain/ratings/ratings'

export interface StandingAtClose {
  /** The ledger score at the close (may be above 100 or below 0). */
  score: number
  tier: CreditTier
  /** The owner ratings' overall average at the close, in hundredths; null when never rated by then. */
  ratingHundredths: number | null
}

/** Per agency id (JSON-safe: stored in the selection result). */
export type StandingsAtClose = Record<string, StandingAtClose>

export async function standingsAt(
  db: Db,
  agencyIds: readonly string[],
  at: Date,
  thresholds: Readonly<TierThresholds>,
): Promise<StandingsAtClose> {
  const ids = [...new Set(agencyIds)]
  if (!ids.length) return {}
  const [points, ratings] = await Promise.all([
    db
      .select({ agencyId: creditEvents.agencyOrganisationId, sum: sql<string>`coalesce(sum(${creditEvents.points}), 0)` })
      .from(creditEvents)
      .where(and(inArray(creditEvents.agencyOrganisationId, ids), lte(creditEvents.createdAt, at)))
      .groupBy(creditEvents.agencyOrganisationId),
    db
      .select({
        agencyId: agencyRatings.agencyOrganisationId,
        sum: sql<string>`coalesce(sum(${agencyRatings.quality} + ${agencyRatings.timeliness} + ${agencyRatings.attitude} + ${agencyRatings.fee}), 0)`,
        count: sql<string>`count(*)`,
      })
      .from(agencyRatings)
      .where(
        and(
          inArray(agencyRatings.agencyOrganisationId, ids),
          sql`${agencyRatings.raterKind} = 'owner'`,
          lte(agencyRatings.createdAt, at),
        ),
      )
      .groupBy(agencyRatings.agencyOrganisationId),
  ])
  const pointsOf = new Map(points.map((r) => [r.agencyId, Number(r.sum)]))
  const ratingOf = new Map(ratings.map((r) => [r.agencyId, overallAverageHundredths(Number(r.sum), 4 * Number(r.count))]))
  const out: StandingsAtClose = {}
  for (const id of ids) {
    const score = creditBase + (pointsOf.get(id) ?? 0)
    out[id] = { score, tier: tierOf(score, thresholds), ratingHundredths: ratingOf.get(id) ?? null }
  }
  return out
}
