/**
 * Which years a date or a span of dates goes through that are provisional (no official holiday
 * arrangement loaded yet — docs/decisions/004). Pure and client-safe: a page gets the
 * calendar's `provisionalYears` from its loader and marks each date with ProvisionalNote.
 */
import type { CalendarDate } from '~/domain/dates'

const yearOf = (date: CalendarDate | null | undefined) =>
  typeof date === 'string' && /^\d{4}-/.test(date) ? Number(date.slice(0, 4)) : null

/** The provisional years among the years of the given dates' span (nulls ignored), ascending. */
export function provisionalYearsBetween(
  provisionalYears: readonly number[],
  ...dates: (CalendarDate | null | undefined)[]
): number[] {
  const years = dates.map(yearOf).filter((y): y is number => y !== null)
  if (years.length === 0) return []
  const from = Math.min(...years)
  const to = Math.max(...years)
  return provisionalYears.filter((y) => y >= from && y <= to)
}
