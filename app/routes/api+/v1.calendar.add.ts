import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarJson, daysParam, requiredParam } from '~/domain/calendar/api.server'

/** GET /api/v1/calendar/add?start=YYYY-MM-DD&days=N → {"start","days","date"} (the start day is not counted) */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  return calendarJson(request, (calendar) => {
    const start = requiredParam(url, 'start')
    const days = daysParam(url)
    return { start, days, date: calendar.addWorkingDays(start, days) }
  })
}
