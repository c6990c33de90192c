import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarJson, requiredParam } from '~/domain/calendar/api.server'

/** GET /api/v1/calendar/between?from=YYYY-MM-DD&to=YYYY-MM-DD → {"from","to","workingDays"}: working days in (from, to] */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  return calendarJson(request, (calendar) => {
    const from = requiredParam(url, 'from')
    const to = requiredParam(url, 'to')
    return { from, to, workingDays: calendar.workingDaysBetween(from, to) }
  })
}
