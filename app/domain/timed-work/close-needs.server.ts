/**
 * Timed work — close finished needs (SPEC §4 `accepted ─rated→ closed`): an `accepted` need whose
 * approval decision is recorded closes (`close`, the system's) once the owner has rated the
 * contract or the owner's rating window (ratings.ts `ownerRatingDueOn`) is over. The owner's
 * rating and the approval decision close the need at once when they complete the conditions
 * (ratings.server.ts, contract-actions.server.ts); this step closes the rest — the needs whose
 * owner never rated — the day after the window's last day.
 *
 * The listing narrows the candidates with the same window (one calendar read, no transaction per
 * need still inside its window); each candidate is then closed in its own transaction through
 * `actOnContractAsSystem` (the need's lock, the facts re-read and `decideNeed` re-asked under it):
 * a second tick, or a rating that closed the need between the listing and the lock, finds the need
 * `closed` and writes nothing.
 */
import { and, eq, isNotNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyRatings, contracts, needs } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import type { CalendarDate } from '~/domain/dates'
import { ownerDueOnWith } from '~/domain/ratings/owner-rating-window.server'
import { actOnContractAsSystem } from '../contracts/contract-actions.server'

/** Contracts of accepted needs with the approval decision recorded whose owner has rated or whose rating window ended before `today`. */
export async function contractsToClose(db: Db, today: CalendarDate): Promise<string[]> {
  const rows = await db
    .select({ id: contracts.id, acceptedAt: contracts.acceptedAt, ownerRatingId: agencyRatings.id })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .leftJoin(agencyRatings, and(eq(agencyRatings.contractId, contracts.id), eq(agencyRatings.raterKind, 'owner')))
    .where(and(eq(needs.state, 'accepted'), isNotNull(contracts.approvalOutcome), isNotNull(contracts.acceptedAt)))
  if (rows.length === 0) return []
  const calendar = await getCalendar(db)
  return rows
    .filter((r) => r.ownerRatingId !== null || (r.acceptedAt !== null && today > ownerDueOnWith(calendar, r.acceptedAt)))
    .map((r) => r.id)
}

/** True when THIS call closed the contract's need. */
export async function closeNeed(db: Db, contractId: string): Promise<boolean> {
  return db.transaction(async (tx) => (await actOnContractAsSystem(tx, contractId, 'close')) !== null)
}
