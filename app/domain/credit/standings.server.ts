/**
 * Agencies' stored credit standings (score, tier, count), read from `agency_credit` — kept with
 * each ledger row, so no ledger scan per page view. An agency without a row has no event yet:
 * the base and its tier.
 */
import { inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { agencyCredit } from '#db/schema'
import { creditBase, isCreditTier, tierOf, type CreditTier } from './credit'

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
