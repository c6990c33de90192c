/** The working-day calendar's public shape (implemented in working-days.ts). */
import type { CalendarDate } from '~/domain/dates'

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday'

export interface DayInfo {
  date: CalendarDate
  working: boolean
  kind: DayKind
  /** The holiday's name for holidays and make-up workdays (e.g. 春节 / Spring Festival). */
  nameZh: string | null
  nameEn: string | null
  /** The day is in a provisional year (no official arrangement loaded: statutory holidays and weekends only). */
  provisional: boolean
}

export interface WorkingDayCalendar {
  /** The years the calendar supports, inclusive: the official years and the provisional ones after them. */
  readonly firstYear: number
  readonly lastYear: number
  /** The years in the range without an official arrangement (counted from the statutory holidays), ascending. */
  readonly provisionalYears: readonly number[]
  /** The provisional years among the years of from … to (either order), ascending; [] when all are official. */
  provisionalYearsIn(from: CalendarDate, to: CalendarDate): number[]
  isWorkingDay(date: CalendarDate): boolean
  dayKind(date: CalendarDate): DayInfo
  /** The date n working days after start; the start day itself is not counted (n ≥ 0; n = 0 → start). */
  addWorkingDays(start: CalendarDate, n: number): CalendarDate
  /** Working days in (from, to]; negative when to is before from (the count of (to, from], negated). */
  workingDaysBetween(from: CalendarDate, to: CalendarDate): number
}
