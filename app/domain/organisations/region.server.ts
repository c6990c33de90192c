import { sql, type SQL } from 'drizzle-orm'
import { organisations } from '#db/schema'

/**
 * An organisation's region as one value for a select list: its catalogue code, else its legacy
 * free text ('' when neither). Screens show it with `regionName(value, locale)` (./names.ts),
 * which names a code in the reader's language and returns legacy text as written.
 */
export function regionValue(): SQL<string> {
  return sql<string>`coalesce(${organisations.regionCode}, ${organisations.regionLegacy})`
}
