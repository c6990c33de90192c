import { describe, expect, it } from 'vitest'
import {
  buildCalendar,
  CalendarInputError,
  CalendarRangeError,
  officialCalendar,
} from '~/domain/calendar/working-days'
import { addCalendarDays } from '~/domain/dates'

/**
 * The State Council's notices, typed in independently of the library that ships the data:
 * 国办发明电〔2023〕7号 (2024), 〔2024〕12号 (2025), 〔2025〕7号 (2026).
 */
const range = (from: string, to: string) => {
  const out: string[] = []
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d)
  return out
}
const notices: Record<number, { off: string[]; work: string[] }> = {
  2024: {
    off: [
      '2024-01-01',
      ...range('2024-02-10', '2024-02-17'),
      ...range('2024-04-04', '2024-04-06'),
      ...range('2024-05-01', '2024-05-05'),
      ...range('2024-06-08', '2024-06-10'),
      ...range('2024-09-15', '2024-09-17'),
      ...range('2024-10-01', '2024-10-07'),
    ],
    work: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    off: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'),
      ...range('2025-04-04', '2025-04-06'),
      ...range('2025-05-01', '2025-05-05'),
      ...range('2025-05-31', '2025-06-02'),
      ...range('2025-10-01', '2025-10-08'),
    ],
    work: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    off: [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ],
    work: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
}

const calendar = officialCalendar()
const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())

describe('the official calendar, every day of 2024, 2025 and 2026', () => {
  for (const [year, notice] of Object.entries(notices)) {
    it(`${year}: each day's working status and kind match the State Council notice`, () => {
      const off = new Set(notice.off)
      const work = new Set(notice.work)
      for (const date of range(`${year}-01-01`, `${year}-12-31`)) {
        const expectedWorking = off.has(date) ? false : work.has(date) ? true : !isWeekend(date)
        const info = calendar.dayKind(date)
        expect(calendar.isWorkingDay(date), date).toBe(expectedWorking)
        expect(info.working, date).toBe(expectedWorking)
        const expectedKind = off.has(date) ? 'holiday' : work.has(date) ? 'makeup_workday' : isWeekend(date) ? 'weekend' : 'workday'
        expect(info.kind, date).toBe(expectedKind)
        if (expectedKind === 'holiday' || expectedKind === 'makeup_workday') {
          expect(info.nameZh, date).toBeTruthy()
          expect(info.nameEn, date).toBeTruthy()
        } else {
          expect(info.nameZh, date).toBeNull()
        }
      }
    })
  }

  it('names the 2025 National Day and Mid-Autumn holiday in both languages', () => {
    expect(calendar.dayKind('2025-10-01')).toEqual({
      date: '2025-10-01',
      working: false,
      kind: 'holiday',
      nameZh: '国庆中秋',
      nameEn: 'National Day and Mid-Autumn Festival',
      provisional: false,
    })
    expect(calendar.dayKind('2025-09-28')).toMatchObject({ working: true, kind: 'makeup_workday' })
    expect(calendar.dayKind('2025-10-11')).toMatchObject({ working: true, kind: 'makeup_workday' })
  })
})

describe('addWorkingDays (the start day is not counted)', () => {
  it('n = 0 is the start day itself, even on a holiday', () => {
    expect(calendar.addWorkingDays('2025-10-03', 0)).toBe('2025-10-03')
  })
  it('skips weekends and holidays, and counts make-up Saturdays and Sundays', () => {
    expect(calendar.addWorkingDays('2025-09-26', 1)).toBe('2025-09-28') // Sunday make-up day
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09')
    expect(calendar.addWorkingDays('2025-10-09', 2)).toBe('2025-10-11') // Saturday make-up day
    expect(calendar.addWorkingDays('2025-10-10', 1)).toBe('2025-10-11')
    expect(calendar.addWorkingDays('2025-10-11', 1)).toBe('2025-10-13')
  })
  it('starting on a day off counts from the next working day', () => {
    expect(calendar.addWorkingDays('2025-10-04', 1)).toBe('2025-10-09')
    expect(calendar.addWorkingDays('2025-11-22', 1)).toBe('2025-11-24')
  })
  it('crosses year boundaries', () => {
    // 2026-01-01..03 are off and Sunday 01-04 is a make-up workday.
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04')
    expect(calendar.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05')
    expect(calendar.workingDaysBetween('2025-12-30', '2026-01-05')).toBe(3) // 12-31, 01-04, 01-05
  })
  it('refuses a negative or fractional n', () => {
    expect(() => calendar.addWorkingDays('2025-01-02', -1)).toThrow(CalendarInputError)
    expect(() => calendar.addWorkingDays('2025-01-02', 1.5)).toThrow(CalendarInputError)
  })
})

describe('workingDaysBetween counts (from, to]', () => {
  it('is 0 for the same day and for a span of days off', () => {
    expect(calendar.workingDaysBetween('2025-10-01', '2025-10-01')).toBe(0)
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0)
  })
  it('counts make-up days and skips holidays', () => {
    // (09-26, 10-12]: 09-28 (Sun, make-up), 09-29, 09-30, 10-09, 10-10, 10-11 (Sat, make-up).
    expect(calendar.workingDaysBetween('2025-09-26', '2025-10-12')).toBe(6)
  })
  it('is the inverse of addWorkingDays', () => {
    for (const [start, n] of [
      ['2024-02-01', 10],
      ['2025-09-20', 15],
      ['2025-12-20', 20],
      ['2026-02-10', 7],
    ] as const) {
      expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n))).toBe(n)
    }
  })
  it('is negative when to is before from', () => {
    expect(calendar.workingDaysBetween('2025-10-13', '2025-10-09')).toBe(-3)
  })
})

describe('supported years', () => {
  // Since issue 11 a year after the official data is provisional (test/unit/provisional-calendar.test.ts),
  // up to 10 years after the last official year; only dates outside 2001–2036 are refused.
  it('refuses a date outside the supported years, naming the range', () => {
    expect(calendar.lastYear).toBe(2036)
    expect(() => calendar.isWorkingDay('2037-01-05')).toThrow(CalendarRangeError)
    expect(() => calendar.isWorkingDay('2000-12-29')).toThrow(/2001–2036/)
    expect(() => calendar.addWorkingDays('2036-12-30', 5)).toThrow(CalendarRangeError)
  })
  it('refuses malformed and impossible dates', () => {
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', 'yesterday', '']) {
      expect(() => calendar.isWorkingDay(bad), bad).toThrow(CalendarInputError)
    }
  })
})

describe('overrides', () => {
  it('an override row changes the answer for its date', () => {
    const corrected = officialCalendar({
      days: [
        { date: '2025-10-08', kind: 'workday', nameZh: null, nameEn: null },
        { date: '2025-11-21', kind: 'holiday', nameZh: '地方假日', nameEn: 'Local holiday' },
      ],
      extraYears: [],
    })
    expect(corrected.isWorkingDay('2025-10-08')).toBe(true)
    expect(corrected.dayKind('2025-11-21')).toMatchObject({ working: false, kind: 'holiday', nameEn: 'Local holiday' })
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false)
  })
  it('a year imported by the admin is official and moves the provisional horizon; weekends still apply', () => {
    const extended = officialCalendar({
      days: [
        { date: '2027-01-01', kind: 'holiday', nameZh: '元旦', nameEn: "New Year's Day" },
        { date: '2027-01-09', kind: 'makeup_workday', nameZh: '元旦', nameEn: "New Year's Day" },
      ],
      extraYears: [2027],
    })
    expect(extended.lastYear).toBe(2037)
    expect(extended.provisionalYears[0]).toBe(2028)
    expect(extended.isWorkingDay('2027-01-01')).toBe(false)
    expect(extended.isWorkingDay('2027-01-02')).toBe(false) // Saturday
    expect(extended.dayKind('2027-01-09').kind).toBe('makeup_workday')
    expect(extended.dayKind('2027-01-09').provisional).toBe(false)
    expect(extended.dayKind('2028-01-03')).toMatchObject({ kind: 'workday', provisional: true })
    expect(() => extended.isWorkingDay('2038-01-04')).toThrow(CalendarRangeError)
  })
  it('a year imported out of order is official; the year before it stays provisional', () => {
    const gap = officialCalendar({ days: [], extraYears: [2028] })
    expect(gap.lastYear).toBe(2038)
    expect(gap.provisionalYears.slice(0, 2)).toEqual([2027, 2029])
    expect(gap.provisionalYearsIn('2026-12-01', '2028-12-31')).toEqual([2027])
  })
})

describe('buildCalendar from plain data', () => {
  it('treats a holiday on a weekend as a holiday and counts only working days', () => {
    const c = buildCalendar({
      firstYear: 2030,
      lastYear: 2030,
      specialDays: [{ date: '2030-01-05', kind: 'holiday', nameZh: 'X', nameEn: 'X' }],
    })
    expect(c.dayKind('2030-01-05').kind).toBe('holiday')
    expect(c.workingDaysBetween('2030-01-01', '2030-01-31')).toBe(22)
  })
})
