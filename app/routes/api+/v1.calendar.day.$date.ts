import type { LoaderFunctionArgs } from '@remix-run/node'
import { calendarQuery, provisionalOf } from '~/domain/calendar/api.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/calendar/day/:date → {"date","working","kind","name","provisional","provisionalYears"};
 * provisional: the day's year has no official arrangement loaded (statutory holidays and weekends only).
 */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) =>
  calendarQuery((calendar) => {
    const day = calendar.dayKind(params.date ?? '')
    return {
      date: day.date,
      working: day.working,
      kind: day.kind,
      name: day.nameZh ? { zh: day.nameZh, en: day.nameEn } : null,
      ...provisionalOf(day.provisional ? [Number(day.date.slice(0, 4))] : []),
    }
  }),
)
