/**
 * The public calendar API's queries: read the calendar, run one computation, and say what was
 * wrong in typed errors — `InvalidParameter` (400, naming the parameter) for a missing or
 * malformed one, `UnknownYear` (422, with the supported range: the official years and the
 * provisional ones after them, docs/decisions/004) for a date outside the known years. The
 * route's `apiHandle()` turns them into JSON; nothing here knows about HTTP.
 */
import { getDb } from '#db/client.server'
import { DomainError, InvalidParameter } from '~/domain/errors'
import { getCalendar } from './calendar.server'
import type { WorkingDayCalendar } from './types'
import { CalendarInputError, CalendarRangeError } from './working-days'

/** A date outside the supported years: 422 `unknown_year`, the range in the body as `knownRange`. */
export class UnknownYear extends DomainError {
  readonly apiCode = 'unknown_year'
  readonly apiDetails: { knownRange: { firstYear: number; lastYear: number } }
  constructor(date: string, firstYear: number, lastYear: number) {
    super(422, 'calendar.errors.unknownYear', { date, firstYear, lastYear })
    this.apiDetails = { knownRange: { firstYear, lastYear } }
  }
}

export function requiredParam(url: URL, name: string): string {
  const value = url.searchParams.get(name)
  if (value === null || value.trim() === '') throw new InvalidParameter(name, 'calendar.errors.missing')
  return value.trim()
}

/** The provisional fields of every calendar answer: whether it went through a provisional year, and which. */
export function provisionalOf(years: readonly number[]) {
  return { provisional: years.length > 0, provisionalYears: [...years] }
}

/** A whole number of days, 0 ≤ n ≤ 3650. */
export function daysParam(url: URL): number {
  const raw = requiredParam(url, 'days')
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isInteger(n) || n > 3650) throw new InvalidParameter('days', 'calendar.errors.days')
  return n
}

/** Runs one computation on the current calendar; the calendar's own errors come out typed. */
export async function calendarQuery<T>(run: (calendar: WorkingDayCalendar) => T): Promise<T> {
  const calendar = await getCalendar(await getDb())
  try {
    return run(calendar)
  } catch (error) {
    if (error instanceof CalendarInputError) {
      const key = error.parameter === 'days' ? 'calendar.errors.days' : 'calendar.errors.date'
      throw new InvalidParameter(error.parameter, key)
    }
    if (error instanceof CalendarRangeError) throw new UnknownYear(error.date, error.firstYear, error.lastYear)
    throw error
  }
}
