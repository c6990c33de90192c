/**
 * China's working-day calendar: weekends, official public holidays and make-up workdays (调休).
 *
 * Dates are Asia/Shanghai calendar dates ('YYYY-MM-DD'), handled as whole day numbers since
 * 1970-01-01 — never JS Date arithmetic in the host's zone. On construction the calendar lays
 * every day of its known years into flat arrays with a running count of working days, so
 * `workingDaysBetween` is two array reads (O(1)) and `addWorkingDays` one binary search
 * (O(log n)). A date outside the known years is an error that names the range — never a
 * guess that weekends are the only days off.
 */
import { HolidayUtil } from 'lunar-javascript'
import type { CalendarDate } from '~/domain/dates'
import { holidayNameEn } from './holiday-names'
import type { DayInfo, DayKind, WorkingDayCalendar } from './types'

export type { DayInfo, DayKind, WorkingDayCalendar } from './types'

/** A day that differs from the plain weekday/weekend rule, or a correction of one. */
export interface SpecialDay {
  date: CalendarDate
  /** 'holiday' = day off; 'makeup_workday' = a weekend day worked; 'workday' = an ordinary workday (cancels a special day). */
  kind: 'holiday' | 'makeup_workday' | 'workday'
  nameZh: string | null
  nameEn: string | null
}

export interface CalendarSource {
  firstYear: number
  lastYear: number
  specialDays: readonly SpecialDay[]
}

/** A date outside the years whose official arrangement the calendar knows. */
export class CalendarRangeError extends Error {
  constructor(
    readonly date: string,
    readonly firstYear: number,
    readonly lastYear: number,
  ) {
    super(`${date} is outside the known calendar years ${firstYear}–${lastYear}`)
    this.name = 'CalendarRangeError'
  }
}

/** A malformed argument (not a real YYYY-MM-DD date, or a bad day count). */
export class CalendarInputError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message)
    this.name = 'CalendarInputError'
  }
}

const DAY_MS = 86_400_000

/** Day number since 1970-01-01 of a 'YYYY-MM-DD' string, or NaN when it is not a real date. */
function dayNumber(date: string): number {
  if (typeof date !== 'string' || date.length !== 10 || date[4] !== '-' || date[7] !== '-') return Number.NaN
  const y = +date.slice(0, 4)
  const m = +date.slice(5, 7)
  const d = +date.slice(8, 10)
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return Number.NaN
  const n = Date.UTC(y, m - 1, d) / DAY_MS
  // Date.UTC rolls 2025-02-30 over into March; a real date survives the round trip.
  if (d > 28 && new Date(n * DAY_MS).getUTCDate() !== d) return Number.NaN
  return n
}

function dateOf(day: number): CalendarDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

export function buildCalendar(source: CalendarSource): WorkingDayCalendar {
  const { firstYear, lastYear } = source
  const first = Date.UTC(firstYear, 0, 1) / DAY_MS
  const last = Date.UTC(lastYear, 11, 31) / DAY_MS
  const size = last - first + 1
  const special = new Map<number, SpecialDay>()
  for (const s of source.specialDays) {
    const n = dayNumber(s.date)
    if (Number.isNaN(n)) throw new CalendarInputError('date', `invalid special day ${s.date}`)
    if (n >= first && n <= last) special.set(n, s)
  }
  // Every known date's string and its index: parsing and formatting become table look-ups.
  const dates: CalendarDate[] = new Array(size)
  const indexOf = new Map<string, number>()
  for (let i = 0; i < size; i++) {
    dates[i] = dateOf(first + i)
    indexOf.set(dates[i], i)
  }
  const working = new Uint8Array(size)
  const prefix = new Int32Array(size + 1) // prefix[i] = working days among indexes [0, i)
  for (let i = 0; i < size; i++) {
    const day = first + i
    const s = special.get(day)
    const wd = weekday(day)
    const isWeekend = wd === 0 || wd === 6
    working[i] = s ? (s.kind === 'holiday' ? 0 : 1) : isWeekend ? 0 : 1
    prefix[i + 1] = prefix[i] + working[i]
  }

  const index = (date: string, parameter: string): number => {
    const known = indexOf.get(date)
    if (known !== undefined) return known
    const n = dayNumber(date)
    if (Number.isNaN(n)) throw new CalendarInputError(parameter, `${parameter} must be a real date as YYYY-MM-DD`)
    if (n < first || n > last) throw new CalendarRangeError(date, firstYear, lastYear)
    return n - first
  }

  return {
    firstYear,
    lastYear,
    isWorkingDay(date) {
      return working[index(date, 'date')] === 1
    },
    dayKind(date): DayInfo {
      const i = index(date, 'date')
      const day = first + i
      const s = special.get(day)
      const wd = weekday(day)
      const isWeekend = wd === 0 || wd === 6
      let kind: DayKind
      if (s?.kind === 'holiday') kind = 'holiday'
      else if (s && isWeekend) kind = 'makeup_workday'
      else kind = isWeekend && !s ? 'weekend' : 'workday'
      const named = kind === 'holiday' || kind === 'makeup_workday'
      return {
        date: dates[i],
        working: working[i] === 1,
        kind,
        nameZh: named ? (s?.nameZh ?? null) : null,
        nameEn: named ? (s?.nameEn ?? null) : null,
      }
    },
    addWorkingDays(start, n) {
      const i = index(start, 'start')
      if (!Number.isInteger(n) || n < 0) throw new CalendarInputError('days', 'days must be a whole number ≥ 0')
      if (n === 0) return start
      const target = prefix[i + 1] + n
      if (target > prefix[size]) throw new CalendarRangeError(`${start} + ${n} working days`, firstYear, lastYear)
      // Smallest p with prefix[p] >= target; the day at index p - 1 is the n-th working day.
      let lo = i + 2
      let hi = size
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (prefix[mid] >= target) hi = mid
        else lo = mid + 1
      }
      return dates[lo - 1]
    },
    workingDaysBetween(from, to) {
      const a = index(from, 'from')
      const b = index(to, 'to')
      return prefix[b + 1] - prefix[a + 1]
    },
  }
}

/** China's official arrangements as published each year by the State Council (via lunar-javascript). */
export function officialSpecialDays(): { firstYear: number; lastYear: number; specialDays: SpecialDay[] } {
  const firstYear = 2001
  let lastYear = firstYear
  const specialDays: SpecialDay[] = []
  for (let year = firstYear; year <= 2100; year++) {
    const days = HolidayUtil.getHolidays(year)
    if (days.length === 0) break
    lastYear = year
    for (const h of days) {
      // Entries are listed under the holiday's year; keep each date in its own calendar year.
      specialDays.push({
        date: h.getDay(),
        kind: h.isWork() ? 'makeup_workday' : 'holiday',
        nameZh: h.getName(),
        nameEn: holidayNameEn(h.getName()),
      })
    }
  }
  return { firstYear, lastYear, specialDays }
}

export interface CalendarOverrides {
  /** Corrections and later years' days (admin-edited); they replace the official entry for a date. */
  days: readonly SpecialDay[]
  /** Years after the official data whose arrangement an admin has entered in full. */
  extraYears: readonly number[]
}

/**
 * The official calendar merged with admin overrides. Extra years extend the known range only
 * while they are consecutive after the official data.
 */
export function officialCalendar(overrides: CalendarOverrides = { days: [], extraYears: [] }): WorkingDayCalendar {
  const official = officialSpecialDays()
  let lastYear = official.lastYear
  const years = new Set(overrides.extraYears)
  while (years.has(lastYear + 1)) lastYear += 1
  const byDate = new Map<string, SpecialDay>()
  for (const d of official.specialDays) byDate.set(d.date, d)
  for (const d of overrides.days) byDate.set(d.date, d)
  return buildCalendar({ firstYear: official.firstYear, lastYear, specialDays: [...byDate.values()] })
}
