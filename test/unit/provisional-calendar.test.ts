import { describe, expect, it } from 'vitest'
import {
  CalendarRangeError,
  missingStatutoryHolidays,
  officialCalendar,
  shippedDaysOf,
  statutoryHolidays,
} from '~/domain/calendar/working-days'
import { runCalculator } from '~/domain/calendar/month'

/**
 * Provisional years (issue 11): a year without an official arrangement counts the statutory
 * holidays of the 全国年节及纪念日放假办法 (2024 revision) and weekends. The expected dates are
 * typed in from the published lunar calendar / solar-term tables, not derived from the code:
 * 2027 — 春节 (正月初一) Feb 6, so 除夕 Feb 5; 清明 Apr 5; 端午 (五月初五) Jun 9; 中秋 (八月十五) Sep 15.
 * 2028 — 春节 Jan 26, 除夕 Jan 25; 清明 Apr 4; 端午 May 28; 中秋 Oct 3 (inside National Day).
 */
const expected2027 = [
  ['2027-01-01', '元旦节'],
  ['2027-02-05', '春节'],
  ['2027-02-06', '春节'],
  ['2027-02-07', '春节'],
  ['2027-02-08', '春节'],
  ['2027-04-05', '清明节'],
  ['2027-05-01', '劳动节'],
  ['2027-05-02', '劳动节'],
  ['2027-06-09', '端午节'],
  ['2027-09-15', '中秋节'],
  ['2027-10-01', '国庆节'],
  ['2027-10-02', '国庆节'],
  ['2027-10-03', '国庆节'],
]
const expected2028 = [
  '2028-01-01',
  '2028-01-25',
  '2028-01-26',
  '2028-01-27',
  '2028-01-28',
  '2028-04-04',
  '2028-05-01',
  '2028-05-02',
  '2028-05-28',
  '2028-10-01',
  '2028-10-02',
  '2028-10-03',
]

const calendar = officialCalendar()

describe('the statutory holidays of a provisional year', () => {
  it('2027: 元旦, 除夕 and 正月初一–初三, 清明, May 1–2, 端午, 中秋, Oct 1–3', () => {
    expect(statutoryHolidays(2027).map((h) => [h.date, h.nameZh])).toEqual(expected2027)
  })
  it('2028: 中秋 falls on Oct 3 and is listed once', () => {
    expect(statutoryHolidays(2028).map((h) => h.date)).toEqual(expected2028)
  })
  it('hold in every year of the shipped official arrangements 2002–2026 (each statutory date is a holiday there)', () => {
    // The rule in force each year (1999 text, 2007, 2013 and 2024 revisions); lunar-javascript's
    // 2001 data begins after the 2001 holidays, so 2001 is not checked.
    for (let year = 2002; year <= 2026; year++) expect(missingStatutoryHolidays(year, shippedDaysOf(year)), String(year)).toEqual([])
  })
})

describe('the calendar past the official data', () => {
  it('is provisional from 2027 to 2036 (ten years after the last official year); before 2001 and after 2036 is refused', () => {
    expect(calendar.lastYear).toBe(2036)
    expect(calendar.provisionalYears).toEqual([2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035, 2036])
    expect(() => calendar.dayKind('2037-01-05')).toThrow(CalendarRangeError)
    expect(() => calendar.dayKind('2000-06-01')).toThrow(CalendarRangeError)
  })
  it('lays out 2027: statutory holidays off (named), weekends off, no make-up days', () => {
    const off = new Set(expected2027.map(([d]) => d))
    for (const [date, name] of expected2027) {
      expect(calendar.dayKind(date), date).toMatchObject({ working: false, kind: 'holiday', nameZh: name, provisional: true })
    }
    expect(calendar.dayKind('2027-02-04')).toMatchObject({ working: true, kind: 'workday', provisional: true })
    expect(calendar.dayKind('2027-02-09')).toMatchObject({ working: true, kind: 'workday' }) // no 调休 guessed
    expect(calendar.dayKind('2027-02-13')).toMatchObject({ working: false, kind: 'weekend' })
    // 2027 has 104 weekend days and 7 statutory holidays on weekdays: 365 − 104 − 7 = 254 working days.
    expect(calendar.workingDaysBetween('2026-12-31', '2027-12-31')).toBe(254)
    expect(off.size).toBe(13)
    expect(calendar.dayKind('2026-12-31')).toMatchObject({ working: true, provisional: false })
  })
  it('addWorkingDays and workingDaysBetween run through 2027 and report it', () => {
    // 2026-12-31 (Thu) counts, 2027-01-01 is off, then Mon 01-04 … Thu 01-07.
    expect(calendar.addWorkingDays('2026-12-30', 5)).toBe('2027-01-07')
    expect(calendar.provisionalYearsIn('2026-12-30', '2027-01-07')).toEqual([2027])
    // Spring Festival: Fri 02-05 and Mon 02-08 are off.
    expect(calendar.addWorkingDays('2027-02-01', 5)).toBe('2027-02-10')
    expect(calendar.workingDaysBetween('2027-01-29', '2027-02-12')).toBe(8)
    expect(calendar.provisionalYearsIn('2027-12-20', '2028-02-01')).toEqual([2027, 2028])
    expect(calendar.provisionalYearsIn('2028-02-01', '2027-12-20')).toEqual([2027, 2028])
    expect(calendar.provisionalYearsIn('2026-01-05', '2026-12-31')).toEqual([])
  })
  it('the calculator gives the answer and the provisional years', () => {
    const result = runCalculator(calendar, new URLSearchParams({ start: '2026-12-30', days: '5' }))
    expect(result.add.outcome).toMatchObject({ ok: true, params: { date: '2027-01-07' }, provisionalYears: [2027] })
    const official = runCalculator(calendar, new URLSearchParams({ from: '2026-01-05', to: '2026-02-02' }))
    expect(official.between.outcome).toMatchObject({ ok: true, provisionalYears: [] })
  })
  it('an admin override in a provisional year applies; the year stays provisional', () => {
    const c = officialCalendar({ days: [{ date: '2027-02-09', kind: 'holiday', nameZh: '春节', nameEn: null }], extraYears: [] })
    expect(c.dayKind('2027-02-09')).toMatchObject({ working: false, provisional: true })
  })
})

describe('an imported year must be complete', () => {
  it('a one-day 2027 file lacks every statutory holiday but New Year', () => {
    expect(missingStatutoryHolidays(2027, [{ date: '2027-01-01', kind: 'holiday' }])).toEqual(expected2027.slice(1).map(([d]) => d))
  })
  it('a statutory date given as a make-up workday is missing; extra days and 调休 around them are fine', () => {
    const days = expected2027.map(([date]) => ({ date, kind: 'holiday' as const }))
    const full = [...days, { date: '2027-02-09', kind: 'holiday' as const }, { date: '2027-02-20', kind: 'makeup_workday' as const }]
    expect(missingStatutoryHolidays(2027, full)).toEqual([])
    const moved = full.map((d) => (d.date === '2027-06-09' ? { ...d, kind: 'makeup_workday' as const } : d))
    expect(missingStatutoryHolidays(2027, moved)).toEqual(['2027-06-09'])
  })
})
