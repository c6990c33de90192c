/**
 * A deliberately naive working-day calendar for unit tests: weekends off, plus explicit holiday
 * and make-up workday lists. It walks day by day, so it is an independent oracle for code written
 * against `WorkingDayCalendar` — not a replacement for `officialCalendar()`.
 */
import type { DayInfo, WorkingDayCalendar } from '~/domain/calendar/types'
import { addCalendarDays, calendarDaysBetween, isCalendarDate, type CalendarDate } from '~/domain/dates'

export interface TestCalendarOptions {
  holidays?: readonly CalendarDate[]
  makeupWorkdays?: readonly CalendarDate[]
  firstYear?: number
  lastYear?: number
}

function weekdayOf(date: CalendarDate): number {
  // 0 = Sunday; 1970-01-01 was a Thursday. Pure day arithmetic, no Date in local time.
  const days = calendarDaysBetween('1970-01-01', date)
  return (((days + 4) % 7) + 7) % 7
}

export function createTestCalendar(options: TestCalendarOptions = {}): WorkingDayCalendar {
  const holidays = new Set(options.holidays ?? [])
  const makeup = new Set(options.makeupWorkdays ?? [])
  const firstYear = options.firstYear ?? 2000
  const lastYear = options.lastYear ?? 2030
  const check = (date: CalendarDate) => {
    if (!isCalendarDate(date)) throw new Error(`not a date: ${date}`)
    const year = Number(date.slice(0, 4))
    if (year < firstYear || year > lastYear) throw new Error(`${date} outside ${firstYear}–${lastYear}`)
  }
  const isWorkingDay = (date: CalendarDate): boolean => {
    check(date)
    if (holidays.has(date)) return false
    if (makeup.has(date)) return true
    const wd = weekdayOf(date)
    return wd !== 0 && wd !== 6
  }
  return {
    firstYear,
    lastYear,
    provisionalYears: [],
    provisionalYearsIn(from, to) {
      check(from)
      check(to)
      return []
    },
    isWorkingDay,
    dayKind(date): DayInfo {
      const wd = weekdayOf(date)
      const weekend = wd === 0 || wd === 6
      const kind = holidays.has(date)
        ? 'holiday'
        : makeup.has(date)
          ? 'makeup_workday'
          : weekend
            ? 'weekend'
            : 'workday'
      return { date, working: isWorkingDay(date), kind, nameZh: null, nameEn: null, provisional: false }
    },
    addWorkingDays(start, n) {
      check(start)
      if (!Number.isInteger(n) || n < 0) throw new Error('n must be a whole number ≥ 0')
      let date = start
      let left = n
      while (left > 0) {
        date = addCalendarDays(date, 1)
        if (isWorkingDay(date)) left -= 1
      }
      return date
    },
    workingDaysBetween(from, to) {
      check(from)
      check(to)
      if (to < from) return -this.workingDaysBetween(to, from)
      let count = 0
      for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d)) count += 1
      return count
    },
  }
}

/** Every date from `from` to `to` inclusive (test helper for holiday ranges). */
export function dateRange(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const out: CalendarDate[] = []
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d)
  return out
}
