import { describe, expect, it } from 'vitest'
import { addCalendarDays, calendarDaysBetween, isCalendarDate, shanghaiDate } from '~/domain/dates'

describe('Asia/Shanghai calendar dates', () => {
  it('takes the Shanghai date of an instant whatever the host zone', () => {
    expect(shanghaiDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })
  it('adds and counts calendar days across month, year and leap-day boundaries', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(calendarDaysBetween('2025-12-30', '2026-01-02')).toBe(3)
    expect(calendarDaysBetween('2026-01-02', '2025-12-30')).toBe(-3)
  })
  it('recognises real dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2025-02-29')).toBe(false)
    expect(isCalendarDate('2025-2-1')).toBe(false)
  })
})
