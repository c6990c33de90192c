import { createInstance } from 'i18next'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { ClockTimeline } from '~/components/clock-timeline'
import { ProvisionalNote } from '~/components/provisional-note'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import { officialCalendar } from '~/domain/calendar/working-days'
import { computeClock, type ClockEvent } from '~/domain/clock/bundled-clock'
import { i18nOptions } from '~/i18n/config'

async function render(element: ReturnType<typeof createElement>, lng: 'en' | 'zh-CN') {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  return renderToString(createElement(I18nextProvider, { i18n }, element))
}

describe('provisionalYearsBetween', () => {
  it('gives the provisional years among the years of the span, whatever the order; nulls ignored', () => {
    const years = [2027, 2028, 2029]
    expect(provisionalYearsBetween(years, '2026-12-02', '2027-02-15')).toEqual([2027])
    expect(provisionalYearsBetween(years, '2028-03-01', null, '2026-12-02')).toEqual([2027, 2028])
    expect(provisionalYearsBetween(years, '2026-01-05', '2026-12-31')).toEqual([])
    expect(provisionalYearsBetween(years, null, undefined)).toEqual([])
  })
})

describe('ProvisionalNote', () => {
  it('explains itself in both languages and renders nothing without years', async () => {
    const en = await render(createElement(ProvisionalNote, { years: [2027, 2028] }), 'en')
    expect(en).toContain('data-provisional-years="2027,2028"')
    expect(en).toContain('>provisional<')
    expect(en).toContain('The official holiday arrangement for 2027, 2028 is not loaded yet')
    const zh = await render(createElement(ProvisionalNote, { years: [2027] }), 'zh-CN')
    expect(zh).toContain('暂定')
    expect(zh).toContain('2027 年的官方节假日安排尚未收录')
    expect(await render(createElement(ProvisionalNote, { years: [] }), 'en')).toBe('')
  })
})

describe('ClockTimeline through a provisional year', () => {
  const calendar = officialCalendar()
  const limits = { committedDays: 20, serviceDays: 25, statutoryDays: 60, processingDays: 20 }
  const events: ClockEvent[] = [{ type: 'started', date: '2026-11-20' } as ClockEvent]

  it('marks the due dates that fall in 2027 as provisional', async () => {
    const state = computeClock({ calendar, today: '2026-12-02', limits, events })
    expect(state.agency.dueDate?.startsWith('2026-12')).toBe(true)
    expect(state.total.dueDate?.startsWith('2027-')).toBe(true)
    const html = await render(
      createElement(ClockTimeline, { state, today: state.today, provisionalYears: calendar.provisionalYears }),
      'en',
    )
    expect(html).toContain('data-provisional-years="2027"')
  })

  it('marks nothing when every year involved is official', async () => {
    const state = computeClock({ calendar, today: '2025-10-24', limits, events: [{ type: 'started', date: '2025-08-25' } as ClockEvent] })
    const html = await render(
      createElement(ClockTimeline, { state, today: state.today, provisionalYears: calendar.provisionalYears }),
      'en',
    )
    expect(html).not.toContain('provisional-note')
  })
})
