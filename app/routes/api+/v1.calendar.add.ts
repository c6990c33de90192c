import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarQuery, daysParam, provisionalOf, requiredParam } from '~/domain/calendar/api.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/calendar/add?start=YYYY-MM-DD&days=N → {"start","days","date","provisional","provisionalYears"}
 * (the start day is not counted; provisionalYears: the years from start to date without an official arrangement)
 */
export const loader = apiHandle(async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url)
  return calendarQuery((calendar) => {
    const start = requiredParam(url, 'start')
    const days = daysParam(url)
    const date = calendar.addWorkingDays(start, days)
    return { start, days, date, ...provisionalOf(calendar.provisionalYearsIn(start, date)) }
  })
})
