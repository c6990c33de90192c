import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarJson, provisionalOf } from '~/domain/calendar/api.server'

/**
 * GET /api/v1/calendar/day/:date → {"date","working","kind","name","provisional","provisionalYears"};
 * provisional: the day's year has no official arrangement loaded (statutory holidays and weekends only).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return calendarJson(request, (calendar) => {
    const day = calendar.dayKind(params.date ?? '')
    return {
      date: day.date,
      working: day.working,
      kind: day.kind,
      name: day.nameZh ? { zh: day.nameZh, en: day.nameEn } : null,
      ...provisionalOf(day.provisional ? [Number(day.date.slice(0, 4))] : []),
    }
  })
}
