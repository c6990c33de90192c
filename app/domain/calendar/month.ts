/** The month grid and deadline calculator behind the public /calendar page (pure). */
import { addCalendarDays, type CalendarDate } from '~/domain/dates'
import type { DayInfo, WorkingDayCalendar } from './types'
import { CalendarInputError, CalendarRangeError } from './working-days'

export interface MonthView {
  year: number
  month: number
  previous: string | null
  next: string | null
  /** Monday-first weeks; null pads the first and last week. */
  weeks: (DayInfo | null)[][]
  specialDays: DayInfo[]
  /** The month lies in a provisional year (statutory holidays and weekends only). */
  provisional: boolean
}

const pad = (n: number) => String(n).padStart(2, '0')

function clampMonth(calendar: WorkingDayCalendar, asked: string | null, today: CalendarDate): { year: number; month: number } {
  const m = asked && /^(\d{4})-(\d{2})$/.exec(asked)
  let year = m ? Number(m[1]) : Number(today.slice(0, 4))
  let month = m ? Number(m[2]) : Number(today.slice(5, 7))
  if (month < 1 || month > 12) month = 1
  if (year < calendar.firstYear) [year, month] = [calendar.firstYear, 1]
  if (year > calendar.lastYear) [year, month] = [calendar.lastYear, 12]
  return { year, month }
}

export function monthGrid(calendar: WorkingDayCalendar, asked: string | null, today: CalendarDate): MonthView {
  const { year, month } = clampMonth(calendar, asked, today)
  const first = `${year}-${pad(month)}-01`
  const days: DayInfo[] = []
  for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addCalendarDays(d, 1)) days.push(calendar.dayKind(d))
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7 // Monday = 0
  const cells: (DayInfo | null)[] = [...Array(lead).fill(null), ...days]
  while (cells.length % 7) cells.push(null)
  const weeks: (DayInfo | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  const prev = month === 1 ? { y: year - 1, m: 12 } : { y: year, m: month - 1 }
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 }
  return {
    year,
    month,
    previous: prev.y >= calendar.firstYear ? `${prev.y}-${pad(prev.m)}` : null,
    next: next.y <= calendar.lastYear ? `${next.y}-${pad(next.m)}` : null,
    weeks,
    specialDays: days.filter((d) => d.kind === 'holiday' || d.kind === 'makeup_workday'),
    provisional: days[0]?.provisional ?? false,
  }
}

export interface CalcOutcome {
  ok: boolean
  messageKey: string
  params: Record<string, string | number>
  /** The provisional years the computation went through ([] when all official, or on an error). */
  provisionalYears: number[]
}

function explain(error: unknown): CalcOutcome {
  if (error instanceof CalendarRangeError) {
    return {
      ok: false,
      messageKey: 'calendar.errors.unknownYear',
      params: { date: error.date, firstYear: error.firstYear, lastYear: error.lastYear },
      provisionalYears: [],
    }
  }
  if (error instanceof CalendarInputError) {
    return {
      ok: false,
      messageKey: error.parameter === 'days' ? 'calendar.errors.days' : 'calendar.errors.date',
      params: { parameter: error.parameter },
      provisionalYears: [],
    }
  }
  throw error
}

/** Runs whichever calculation the query asks for: start + days, or from → to. */
export function runCalculator(calendar: WorkingDayCalendar, query: URLSearchParams) {
  const start = query.get('start')
  const days = query.get('days')
  const from = query.get('from')
  const to = query.get('to')
  let add: CalcOutcome | null = null
  if (start !== null || days !== null) {
    try {
      const n = days !== null && /^\d{1,4}$/.test(days.trim()) ? Number(days) : Number.NaN
      if (!Number.isInteger(n) || n > 3650) throw new CalendarInputError('days', 'bad days')
      const date = calendar.addWorkingDays(start ?? '', n)
      add = {
        ok: true,
        messageKey: 'calendar.addResult',
        params: { start: start ?? '', days: n, date },
        provisionalYears: calendar.provisionalYearsIn(start ?? '', date),
      }
    } catch (error) {
      add = explain(error)
    }
  }
  let between: CalcOutcome | null = null
  if (from !== null || to !== null) {
    try {
      const count = calendar.workingDaysBetween(from ?? '', to ?? '')
      between = {
        ok: true,
        messageKey: 'calendar.betweenResult',
        params: { from: from ?? '', to: to ?? '', count },
        provisionalYears: calendar.provisionalYearsIn(from ?? '', to ?? ''),
      }
    } catch (error) {
      between = explain(error)
    }
  }
  return { add: { start, days, outcome: add }, between: { from, to, outcome: between } }
}
