/**
 * The public calendar API's shared edge: read the calendar, run one query, and turn calendar
 * errors into JSON — 400 naming the bad parameter, 422 naming the supported years (the official
 * years and the provisional ones after them, docs/decisions/004).
 */
import { getDb } from '#db/client.server'
import { getT } from '~/utils/i18n.server'
import { getCalendar } from './calendar.server'
import type { WorkingDayCalendar } from './types'
import { CalendarInputError, CalendarRangeError } from './working-days'

const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }

export class MissingParameter extends Error {
  constructor(readonly parameter: string) {
    super(`missing ${parameter}`)
  }
}

export function requiredParam(url: URL, name: string): string {
  const value = url.searchParams.get(name)
  if (value === null || value.trim() === '') throw new MissingParameter(name)
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
  if (!Number.isInteger(n) || n > 3650) throw new CalendarInputError('days', 'days must be a whole number ≥ 0')
  return n
}

export async function calendarJson(request: Request, run: (calendar: WorkingDayCalendar) => object): Promise<Response> {
  try {
    const calendar = await getCalendar(await getDb())
    return Response.json(run(calendar), { headers })
  } catch (error) {
    const t = await getT(request)
    if (error instanceof MissingParameter) {
      const message = t('calendar.errors.missing', { parameter: error.parameter })
      return Response.json({ error: { code: 'invalid_parameter', parameter: error.parameter, message } }, { status: 400, headers })
    }
    if (error instanceof CalendarInputError) {
      const key = error.parameter === 'days' ? 'calendar.errors.days' : 'calendar.errors.date'
      const message = t(key, { parameter: error.parameter })
      return Response.json({ error: { code: 'invalid_parameter', parameter: error.parameter, message } }, { status: 400, headers })
    }
    if (error instanceof CalendarRangeError) {
      const { firstYear, lastYear } = error
      const message = t('calendar.errors.unknownYear', { date: error.date, firstYear, lastYear })
      return Response.json(
        { error: { code: 'unknown_year', knownRange: { firstYear, lastYear }, message } },
        { status: 422, headers },
      )
    }
    throw error
  }
}
