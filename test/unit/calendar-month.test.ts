import { describe, expect, it } from 'vitest'
import { monthGrid, runCalculator } from '~/domain/calendar/month'
import { officialCalendar } from '~/domain/calendar/working-days'

const calendar = officialCalendar()

describe('monthGrid', () => {
  it('lays out October 2025 Monday-first with its holidays and make-up day', () => {
    const view = monthGrid(calendar, '2025-10', '2025-10-09')
    expect(view.weeks[0].slice(0, 2)).toEqual([null, null]) // 2025-10-01 is a Wednesday
    expect(view.weeks[0][2]?.date).toBe('2025-10-01')
    expect(view.weeks.every((w) => w.length === 7)).toBe(true)
    expect(view.specialDays.map((d) => d.date)).toEqual([
      '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08', '2025-10-11',
    ])
    expect(view).toMatchObject({ previous: '2025-09', next: '2025-11' })
  })
  it('clamps to the supported years (official, then provisional) and defaults to the month of today', () => {
    // Decision 004: the years after the official data are provisional, up to ten years after it.
    expect(calendar.lastYear).toBe(2036)
    expect(monthGrid(calendar, '2099-05', '2025-10-09')).toMatchObject({ year: 2036, month: 12, next: null, provisional: true })
    expect(monthGrid(calendar, '2026-12', '2025-10-09')).toMatchObject({ year: 2026, month: 12, next: '2027-01', provisional: false })
    expect(monthGrid(calendar, '1999-05', '2025-10-09')).toMatchObject({ year: 2001, month: 1, previous: null })
    expect(monthGrid(calendar, 'junk', '2025-10-09')).toMatchObject({ year: 2025, month: 10 })
  })
})

describe('runCalculator', () => {
  it('adds working days and counts between dates', () => {
    const r = runCalculator(calendar, new URLSearchParams('start=2025-09-30&days=3&from=2025-09-26&to=2025-10-12'))
    expect(r.add.outcome).toEqual({
      ok: true,
      messageKey: 'calendar.addResult',
      params: { start: '2025-09-30', days: 3, date: '2025-10-11' },
      provisionalYears: [],
    })
    expect(r.between.outcome?.params.count).toBe(6)
  })
  it('says when a result goes through a provisional year', () => {
    // 2026-12-31 + 1 working day: 2027-01-01 is New Year's Day (statutory), so 2027-01-04 (Monday).
    const r = runCalculator(calendar, new URLSearchParams('start=2026-12-31&days=1&from=2026-12-25&to=2027-01-08'))
    expect(r.add.outcome).toMatchObject({ ok: true, params: { date: '2027-01-04' }, provisionalYears: [2027] })
    expect(r.between.outcome).toMatchObject({ ok: true, provisionalYears: [2027] })
  })
  it('explains bad input and unknown years instead of failing', () => {
    expect(runCalculator(calendar, new URLSearchParams('start=2025-09-30&days=-2')).add.outcome).toMatchObject({ ok: false, messageKey: 'calendar.errors.days' })
    expect(runCalculator(calendar, new URLSearchParams('start=2040-01-01&days=2')).add.outcome).toMatchObject({ ok: false, messageKey: 'calendar.errors.unknownYear' })
    expect(runCalculator(calendar, new URLSearchParams('from=2025-01-01&to=')).between.outcome).toMatchObject({ ok: false, messageKey: 'calendar.errors.date', params: { parameter: 'to' } })
    expect(runCalculator(calendar, new URLSearchParams('')).add.outcome).toBeNull()
  })
})
