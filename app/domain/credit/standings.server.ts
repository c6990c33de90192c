/**
 * Agencies' stored credit standings (score, tier, count), read from `agency_credit` — kept with
 * each ledger row, so no ledger scan per page view. An agency without a row has no event yet:
 * the base and its tier (A under any thresholds the admin may set: A ≤ the base).
 *
 * The stored tier follows the thresholds in force: `recordCreditEvent` tiers with the ones it
 * reads in its transaction, and saving new thresholds re-tiers every row in the saving
 * transaction (`retierAgencies`).
 */
import { inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { agencyCredit } from '#db/schema'
import { creditBase, isCreditTier, tierOf, validTierThresholds, type CreditTier, type TierThresholds } from './credit'

export interface CreditStanding {
  score: number
  tier: CreditTier
  eventCount: number
}

const baseStanding = (): CreditStanding => ({ score: creditBase, tier: tierOf(creditBase), eventCount: 0 })

export function standingOf(row: { score: number; tier: string; eventCount: number } | undefined): CreditStanding {
  if (!row) return baseStanding()
  if (!isCreditTier(row.tier)) throw new Error(`agency_credit: unknown tier ${row.tier}`)
  return { score: row.score, tier: row.tier, eventCount: row.eventCount }
}

/** The stored standing of each agency (the base for one without events). */
export async function creditStandings(db: Db, agencyIds: string[]): Promise<Map<string, CreditStanding>> {
  const rows = agencyIds.length
    ? await db.select().from(agencyCredit).where(inArray(agencyCredit.agencyOrganisationId, agencyIds))
    : []
  const byId = new Map(rows.map((r) => [r.agencyOrganisationId, r]))
  return new Map(agencyIds.map((id) => [id, standingOf(byId.get(id))]))
}

/** SQL true for an agency (by its id column) whose stored tier is `tier` (the base's tier when it has no row). */
export function hasCreditTier(agencyId: AnyPgColumn, tier: CreditTier): SQL {
  return sql`coalesce((select ${agencyCredit.tier} from ${agencyCredit} where ${agencyCredit.agencyOrganisationId} = ${agencyId}), ${tierOf(creditBase)}) = ${tier}`
}

/** SQL: the tier of a score column under the thresholds (the same boundaries as `tierOf`). */
export function tierCase(score: AnyPgColumn, t: Readonly<TierThresholds>): SQL<string> {
  return sql<string>`case when ${score} >= ${t.a} then 'A' when ${score} >= ${t.b} then 'B' when ${score} >= ${t.c} then 'C' else 'D' end`
}

/**
 * Re-tiers every stored standing under new thresholds: one UPDATE with a CASE, in the caller's
 * transaction (the settings save). The table lock (SHARE ROW EXCLUSIVE: readers go on, writers
 * wait) orders it against `recordCreditEvent`: a writer that already holds its row commits first
 * and is re-tiered here; one that comes after waits for this commit and then reads the new
 * thresholds. Returns how many rows changed tier.
 */
export async function retierAgencies(tx: Db, thresholds: Readonly<TierThresholds>): Promise<number> {
  if (!validTierThresholds(thresholds)) throw new Error(`invalid tier thresholds ${JSON.stringify(thresholds)}`)
  await tx.execute(sql`lock table ${agencyCredit} in share row exclusive mode`)
  const tier = tierCase(agencyCredit.score, thresholds)
  const changed = await tx
    .update(agencyCredit)
    .set({ tier })
    .where(sql`${agencyCredit.tier} <> ${tier}`)
    .returning({ id: agencyCredit.agencyOrganisationId })
  return changed.length
}
