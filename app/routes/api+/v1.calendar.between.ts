import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarQuery, provisionalOf, requiredParam } from '~/domain/calendar/api.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/calendar/between?from=YYYY-MM-DD&to=YYYY-MM-DD → {"from","to","workingDays","provisional","provisionalYears"}:
 * working days in (from, to]; provisionalYears: the years between them without an official arrangement
 */
export const loader = apiHandle(async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url)
  return calendarQuery((calendar) => {
    const from = requiredParam(url, 'from')
    const to = requiredParam(url, 'to')
    const workingDays = calendar.workingDaysBetween(from, to)
    return { from, to, workingDays, ...provisionalOf(calendar.provisionalYearsIn(from, to)) }
  })
})
