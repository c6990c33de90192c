/**
 * China's working-day calendar: weekends, official public holidays and make-up workdays (调休).
 *
 * Dates are Asia/Shanghai calendar dates ('YYYY-MM-DD'), handled as whole day numbers since
 * 1970-01-01 — never JS Date arithmetic in the host's zone. On construction the calendar lays
 * every day of its known years into flat arrays with a running count of working days, so
 * `workingDaysBetween` is two array reads (O(1)) and `addWorkingDays` one binary search
 * (O(log n)).
 *
 * Years whose official arrangement is loaded (the shipped data, or a complete year imported by
 * the admin) are **official**. A later year, up to PROVISIONAL_YEARS_AHEAD years after the last
 * official one, is **provisional**: its days off are the statutory holidays of the
 * 全国年节及纪念日放假办法 (2024 revision, `statutoryHolidays`) plus weekends, with no make-up days
 * and no compensatory days; every count through it reports the year (`provisionalYearsIn`).
 * A date before the first official year or after the provisional horizon is an error naming
 * the range — never a guess.
 */
import { HolidayUtil, Lunar } from 'lunar-javascript'
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
  /** Years in the range counted from the statutory holidays only (no official arrangement yet). */
  provisionalYears?: readonly number[]
}

/** How far past the last official year the calendar counts provisionally (docs/decisions/004). */
export const PROVISIONAL_YEARS_AHEAD = 10
/** The calendar (and the admin's year range) ends with this year. */
export const LAST_SUPPORTED_YEAR = 2100

/** A date outside the years the calendar supports (the official years and the provisional ones after them). */
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
  const provisional = new Set((source.provisionalYears ?? []).filter((y) => y >= firstYear && y <= lastYear))
  const provisionalYears = [...provisional].sort((a, b) => a - b)
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
    provisionalYears,
    provisionalYearsIn(from, to) {
      const a = first + index(from, 'from')
      const b = first + index(to, 'to')
      if (provisional.size === 0) return []
      const ya = Number(dateOf(Math.min(a, b)).slice(0, 4))
      const yb = Number(dateOf(Math.max(a, b)).slice(0, 4))
      return provisionalYears.filter((y) => y >= ya && y <= yb)
    },
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
        provisional: provisional.has(Number(dates[i].slice(0, 4))),
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
export function officialSpecialDays(): { firstYear: number; lastYear: number; specialDays: readonly SpecialDay[] } {
  shipped ??= readShippedDays()
  return shipped
}

let shipped: { firstYear: number; lastYear: number; specialDays: readonly SpecialDay[] } | undefined

function readShippedDays() {
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
  /** Corrections and later years' days (admin-edited); they replace the official or provisional entry for a date. */
  days: readonly SpecialDay[]
  /** Years after the shipped data whose complete arrangement an admin has imported. */
  extraYears: readonly number[]
}

/**
 * The official calendar merged with admin overrides. Official years: the shipped data and every
 * imported later year. The range runs to PROVISIONAL_YEARS_AHEAD years after the last official
 * year (at most LAST_SUPPORTED_YEAR); each year in it without an official arrangement is
 * provisional and gets the statutory holidays.
 */
export function officialCalendar(overrides: CalendarOverrides = { days: [], extraYears: [] }): WorkingDayCalendar {
  const official = officialSpecialDays()
  const imported = new Set(overrides.extraYears.filter((y) => y > official.lastYear && y <= LAST_SUPPORTED_YEAR))
  const lastOfficial = Math.max(official.lastYear, ...imported)
  const lastYear = Math.min(LAST_SUPPORTED_YEAR, lastOfficial + PROVISIONAL_YEARS_AHEAD)
  const provisionalYears: number[] = []
  for (let y = official.lastYear + 1; y <= lastYear; y++) if (!imported.has(y)) provisionalYears.push(y)
  const byDate = new Map<string, SpecialDay>()
  for (const d of official.specialDays) byDate.set(d.date, d)
  for (const year of provisionalYears) {
    for (const h of statutoryHolidays(year)) {
      byDate.set(h.date, { date: h.date, kind: 'holiday', nameZh: h.nameZh, nameEn: holidayNameEn(h.nameZh) })
    }
  }
  for (const d of overrides.days) byDate.set(d.date, d)
  return buildCalendar({ firstYear: official.firstYear, lastYear, specialDays: [...byDate.values()], provisionalYears })
}

export interface StatutoryHoliday {
  date: CalendarDate
  /** The holiday's name as the official arrangements spell it (e.g. 春节). */
  nameZh: string
}

const shift = (date: CalendarDate, days: number): CalendarDate => dateOf(dayNumber(date) + days)

/**
 * The statutory public holidays of a year under the 全国年节及纪念日放假办法 in force that year:
 * the 1999 text (until 2007), the 2007 revision (2008–2013), the 2013 revision (2014–2024) and
 * the 2024 revision (from 2025: New Year 1 day; Spring Festival 除夕 and 正月初一–初三;
 * Qingming 1; Labour Day May 1–2; Dragon Boat 1; Mid-Autumn 1; National Day Oct 1–3). Lunar
 * dates and the 清明 solar term come from lunar-javascript. A date shared by two holidays
 * (中秋 on Oct 1–3) is listed once. Sorted by date.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  let known = statutoryByYear.get(year)
  if (!known) statutoryByYear.set(year, (known = layOutStatutoryHolidays(year)))
  return known.map((h) => ({ ...h }))
}

const statutoryByYear = new Map<number, StatutoryHoliday[]>()

function layOutStatutoryHolidays(year: number): StatutoryHoliday[] {
  const out: StatutoryHoliday[] = []
  const add = (date: CalendarDate, nameZh: string) => {
    if (!out.some((h) => h.date === date)) out.push({ date, nameZh })
  }
  const ymd = (m: number, d: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  const lunarNewYear = Lunar.fromYmd(year, 1, 1)
  const chuyi = lunarNewYear.getSolar().toYmd()
  add(ymd(1, 1), '元旦节')
  const springFrom = year >= 2025 || (year >= 2008 && year <= 2013) ? -1 : 0
  const springTo = year >= 2008 && year <= 2013 ? 1 : 2
  for (let i = springFrom; i <= springTo; i++) add(shift(chuyi, i), '春节')
  if (year >= 2008) add(lunarNewYear.getJieQiTable()['清明'].toYmd(), '清明节')
  const labourDays = year >= 2025 ? 2 : year >= 2008 ? 1 : 3
  for (let i = 1; i <= labourDays; i++) add(ymd(5, i), '劳动节')
  if (year >= 2008) add(Lunar.fromYmd(year, 5, 5).getSolar().toYmd(), '端午节')
  if (year >= 2008) add(Lunar.fromYmd(year, 8, 15).getSolar().toYmd(), '中秋节')
  for (let i = 1; i <= 3; i++) add(ymd(10, i), '国庆节')
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/**
 * The statutory holidays of `year` that an arrangement does not give as days off: `days` are
 * the arrangement's special days of that year (for a year of the shipped data, the shipped
 * days with the import laid over them). An official notice may add days around a holiday and
 * move others by 调休, but the statutory dates themselves are always holidays.
 */
export function missingStatutoryHolidays(year: number, days: readonly Pick<SpecialDay, 'date' | 'kind'>[]): CalendarDate[] {
  const holidays = new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date))
  return statutoryHolidays(year)
    .map((h) => h.date)
    .filter((date) => !holidays.has(date))
}

/** The shipped official special days of one year (empty for a year after the shipped data). */
export function shippedDaysOf(year: number): SpecialDay[] {
  return officialSpecialDays().specialDays.filter((d) => d.date.startsWith(`${year}-`))
}
