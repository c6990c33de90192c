/**
 * The owner's rating window as the database holds it: the last day the owner may rate a contract
 * (`ownerRatingDueOn` from the acceptance day, on the working-day calendar) and whether the owner
 * has rated. Read by the ratings' own decisions (ratings.server.ts) and by the need's `close`
 * (contract-actions.server.ts, timed-work/close-needs.server.ts), so both judge the same window.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyRatings } from '#db/schema'
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { ratingConfig } from '~/domain/config'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import type { NeedFacts } from '~/domain/needs/need-lifecycle'
import { ownerRatingDueOn } from './ratings'

type Tx = Db

/** The owner's last day to rate a contract accepted at `acceptedAt`, on `calendar`. */
export function ownerDueOnWith(calendar: WorkingDayCalendar, acceptedAt: Date): CalendarDate {
  return ownerRatingDueOn(
    shanghaiDate(acceptedAt),
    (d, n) => calendar.addWorkingDays(d, n),
    ratingConfig.ownerRatingWorkingDays,
  )
}

/** The owner's last day to rate (null while the contract is not accepted). */
export async function ownerDueOnOf(tx: Tx, acceptedAt: Date | null): Promise<CalendarDate | null> {
  return acceptedAt ? ownerDueOnWith(await getCalendar(tx), acceptedAt) : null
}

/** `close`'s fact: has the owner rated the contract, and its last day to (undefined while not accepted). */
export async function ownerRatingFacts(
  tx: Tx,
  contract: { id: string; acceptedAt: Date | null },
): Promise<NeedFacts['ownerRating']> {
  const dueOn = await ownerDueOnOf(tx, contract.acceptedAt)
  if (!dueOn) return undefined
  const [rated] = await tx
    .select({ id: agencyRatings.id })
    .from(agencyRatings)
    .where(and(eq(agencyRatings.contractId, contract.id), eq(agencyRatings.raterKind, 'owner')))
    .limit(1)
  return { rated: rated !== undefined, dueOn }
}
