/**
 * Extensions of the agency's committed days C (issue 13: "the owner may grant an extension of C,
 * logged, with reason") in the bundled clock, and the clock across the 2026 → 2027 year boundary
 * where 2027 is a provisional year (docs/decisions/004).
 *
 * Every expected date is worked out by hand from the official 2026 arrangement (Qingming
 * 04-04..06 off; New Year 2026 01-01..03 off with Sunday 01-04 worked) and, for 2027, from the
 * statutory holidays (元旦 01-01; 除夕 and 正月初一–初三 02-05..08) or the admin's 2027 days of
 * test/support/calendar-2027.ts (Spring Festival 02-05..12 off, Sunday 02-14 worked). March 2026
 * starts on a Sunday; December 2026 on a Tuesday; February 2027 on a Monday.
 */
import { createInstance } from 'i18next'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { ClockTimeline } from '~/components/clock-timeline'
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { buildCalendar, officialCalendar, shippedDaysOf, statutoryHolidays } from '~/domain/calendar/working-days'
import {
  ClockEventError,
  computeClock,
  type ClockEvent,
  type ClockEventErrorCode,
  type ClockLimits,
  type ClockState,
} from '~/domain/clock/bundled-clock'
import type { CalendarDate } from '~/domain/dates'
import { i18nOptions } from '~/i18n/config'
import { complete2027 } from '#test/support/calendar-2027'

const official = officialCalendar()

const limits = (over: Partial<ClockLimits> = {}): ClockLimits => ({
  committedDays: 10,
  serviceDays: 15,
  statutoryDays: 40,
  processingDays: 10,
  ...over,
})

type PlainType = Exclude<ClockEvent['type'], 'extended'>
const ev = (type: PlainType, date: CalendarDate, reason?: string): ClockEvent =>
  ({ type, date, ...(reason ? { reason } : {}) }) as ClockEvent
const extend = (date: CalendarDate, days: number, reason?: string): ClockEvent => ({
  type: 'extended',
  date,
  days,
  ...(reason ? { reason } : {}),
})

function clock(
  events: ClockEvent[],
  today: CalendarDate,
  over: Partial<ClockLimits> = {},
  calendar: WorkingDayCalendar = official,
): ClockState {
  return computeClock({ calendar, today, limits: limits(over), events })
}

function refusal(run: () => unknown): ClockEventError {
  try {
    run()
  } catch (e) {
    if (e instanceof ClockEventError) return e
    throw e
  }
  throw new Error('expected a ClockEventError')
}

async function render(state: ClockState, lng: 'en' | 'zh-CN', provisionalYears?: readonly number[]) {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  return renderToString(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(ClockTimeline, { state, today: state.today, ...(provisionalYears ? { provisionalYears } : {}) }),
    ),
  )
}

// March 2026: working days 03-03 (1), 04, 05, 06 (4), 09..13 (9), 16..20 (14), 23..27 (19), 30, 31 (21).
const started = ev('started', '2026-03-02')

describe('an extension while the agency is running', () => {
  it('moves the due date and the light, not L', () => {
    const before = clock([started], '2026-03-12')
    expect(before.agency).toMatchObject({ used: 8, budget: 10, remaining: 2, light: 'yellow', dueDate: '2026-03-16' })

    const s = clock([started, extend('2026-03-12', 5, '业主追加调查范围')], '2026-03-12')
    expect(s.committedDays).toBe(10)
    expect(s.extensionDays).toBe(5)
    expect(s.agencyBudget).toBe(15)
    expect(s.limits.committedDays).toBe(10) // the limits stay as given
    // 8 used of 15: 40 < 60, green; 7 left from 03-12: 13, 16, 17, 18, 19, 20, 23.
    expect(s.agency).toMatchObject({
      used: 8,
      budget: 15,
      remaining: 7,
      light: 'green',
      status: 'running',
      dueDate: '2026-03-23',
    })
    expect(s.extensions).toEqual([{ date: '2026-03-12', days: 5, reason: '业主追加调查范围', budgetAfter: 15 }])
    // L is the law's limit: 32 left from 03-12, across Qingming (04-04..06 off) → 04-28, with or without the extension.
    expect(s.total).toMatchObject({ used: 8, budget: 40, remaining: 32, dueDate: '2026-04-28' })
    expect(s.total).toEqual(before.total)
    expect(s.approval).toEqual(before.approval)
    expect(s.timeline).toMatchObject({
      todayX: 8,
      agencyDueX: 15,
      limitX: 40,
      extensions: [{ date: '2026-03-12', days: 5, x: 8 }],
    })
  })

  it('allows an extension on the start day itself', () => {
    const s = clock([started, extend('2026-03-02', 1)], '2026-03-02')
    expect(s.agency).toMatchObject({ used: 0, budget: 11, dueDate: '2026-03-17' })
  })
})

describe('an extension while paused', () => {
  const events = [
    started,
    ev('pause_recorded', '2026-03-06', '等待业主提供地形图'),
    extend('2026-03-09', 3, '设计变更'),
  ]

  it('raises the budget; the due date stays open until the clock resumes', () => {
    const s = clock(events, '2026-03-11')
    // Counted (03-02, 03-06] = 4; paused since.
    expect(s.agency).toMatchObject({
      used: 4,
      budget: 13,
      remaining: 9,
      status: 'paused',
      dueDate: null,
      light: 'green',
    })
    // Drawn as if counting resumed today: todayX 7 + 9.
    expect(s.timeline.todayX).toBe(7)
    expect(s.timeline.agencyDueX).toBe(16)
    expect(s.timeline.extensions).toEqual([{ date: '2026-03-09', days: 3, x: 5 }])
  })

  it('counts on against the extended budget after the resume', () => {
    const s = clock([...events, ev('resumed', '2026-03-13')], '2026-03-20')
    // Paused (03-06, 03-13] = 5; then 16..20 = 5: used 9 of 13 (45 < 52, green); 4 left → 03-26.
    expect(s.pauses).toEqual([expect.objectContaining({ from: '2026-03-06', to: '2026-03-13', workingDays: 5 })])
    expect(s.agency).toMatchObject({ used: 9, budget: 13, remaining: 4, light: 'green', dueDate: '2026-03-26' })
    // Without it: 9 of 10, yellow, due 03-23.
    const without = clock([started, ev('pause_recorded', '2026-03-06'), ev('resumed', '2026-03-13')], '2026-03-20')
    expect(without.agency).toMatchObject({ used: 9, budget: 10, light: 'yellow', dueDate: '2026-03-23' })
  })
})

describe('an extension after a return for revision', () => {
  // (03-02, 03-13] = 9; owner review 03-16, 03-17 not counted; revision 18, 19, 20.
  const events = [started, ev('delivered', '2026-03-13'), ev('returned_for_revision', '2026-03-17', '数据不全')]

  it('clears the overdue days and turns red back to yellow', () => {
    const late = clock(events, '2026-03-20')
    expect(late.agency).toMatchObject({ used: 12, budget: 10, light: 'red', dueDate: '2026-03-18' })
    expect(late.overdueDays).toEqual(['2026-03-19', '2026-03-20'])
    expect(late.timeline.agencyOverdueFromX).not.toBeNull()

    const s = clock([...events, extend('2026-03-20', 5, '退回后补充监测')], '2026-03-20')
    // 12 of 15: 60 ≥ 60, yellow; 3 left from 03-20 → 23, 24, 25.
    expect(s.agency).toMatchObject({ used: 12, budget: 15, remaining: 3, light: 'yellow', dueDate: '2026-03-25' })
    expect(s.overdueDays).toEqual([])
    expect(s.timeline.agencyOverdueFromX).toBeNull()
    expect(s.revisionRounds).toBe(1)
    expect(s.total).toEqual(late.total)
  })

  it('is allowed in owner review after a delivery; the stopped agency then has no due date', () => {
    const review = clock([started, ev('delivered', '2026-03-13'), extend('2026-03-16', 2)], '2026-03-16')
    expect(review.phase).toBe('owner_review')
    expect(review.agency).toMatchObject({ used: 9, budget: 12, status: 'stopped', dueDate: null })
    const s = clock(
      [started, ev('delivered', '2026-03-13'), extend('2026-03-16', 2), ev('returned_for_revision', '2026-03-17')],
      '2026-03-20',
    )
    // 12 of 12: reached on 03-20, nothing overdue, yellow.
    expect(s.agency).toMatchObject({ used: 12, budget: 12, remaining: 0, light: 'yellow', dueDate: '2026-03-20' })
    expect(s.overdueDays).toEqual([])
  })
})

describe('extensions and overdue days', () => {
  // Used 14 by 03-20; the 10th counted day is 03-16.
  const late = [started]

  it.each([
    [0, 'red', '2026-03-16', ['2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']],
    [2, 'red', '2026-03-18', ['2026-03-19', '2026-03-20']],
    [4, 'yellow', '2026-03-20', []],
    [10, 'green', '2026-03-30', []],
  ] as const)('an extension of %i: %s, due %s', (days, light, due, overdue) => {
    const events = days === 0 ? late : [...late, extend('2026-03-20', days)]
    const s = clock(events, '2026-03-20')
    expect(s.agency.used).toBe(14)
    expect(s.agency.budget).toBe(10 + days)
    expect(s.agency.light).toBe(light)
    expect(s.agency.dueDate).toBe(due)
    expect(s.overdueDays).toEqual(overdue)
  })

  it('lists overdue days again once the count passes the extended budget', () => {
    const s = clock([...late, extend('2026-03-20', 2)], '2026-03-25')
    // 14 by 03-20, then 23, 24, 25: 17 used of 12; the 12th is 03-18.
    expect(s.agency).toMatchObject({ used: 17, budget: 12, remaining: -5, light: 'red', dueDate: '2026-03-18' })
    expect(s.overdueDays).toEqual(['2026-03-19', '2026-03-20', '2026-03-23', '2026-03-24', '2026-03-25'])
  })
})

describe('two extensions', () => {
  it('add up, each mark at its own date', () => {
    const s = clock([started, extend('2026-03-05', 2, 'first'), extend('2026-03-16', 3, 'second')], '2026-03-20')
    // 14 used of 10 + 2 + 3 = 15: 70 ≥ 60, yellow; 1 left → 03-23.
    expect(s.extensionDays).toBe(5)
    expect(s.agencyBudget).toBe(15)
    expect(s.agency).toMatchObject({ used: 14, budget: 15, remaining: 1, light: 'yellow', dueDate: '2026-03-23' })
    expect(s.extensions).toEqual([
      { date: '2026-03-05', days: 2, reason: 'first', budgetAfter: 12 },
      { date: '2026-03-16', days: 3, reason: 'second', budgetAfter: 15 },
    ])
    expect(s.timeline.extensions).toEqual([
      { date: '2026-03-05', days: 2, x: 3 },
      { date: '2026-03-16', days: 3, x: 10 },
    ])
    expect(s.timeline.agencyDueX).toBe(15)
    expect(s.overdueDays).toEqual([])
  })

  it('may be granted on the same day', () => {
    const s = clock([started, extend('2026-03-20', 1), extend('2026-03-20', 1)], '2026-03-20')
    expect(s.agency).toMatchObject({ budget: 12, dueDate: '2026-03-18' })
    expect(s.overdueDays).toEqual(['2026-03-19', '2026-03-20'])
  })
})

describe('refused extensions', () => {
  const cases: [string, ClockEventErrorCode, ClockEvent[], number][] = [
    ['before the start', 'not_started', [extend('2026-03-02', 3)], 0],
    [
      'after submission to the approval department',
      'extension_after_submission',
      [started, ev('delivered', '2026-03-06'), ev('approval_submitted', '2026-03-09'), extend('2026-03-10', 3)],
      3,
    ],
    [
      'after the approval decision',
      'event_after_decision',
      [
        started,
        ev('delivered', '2026-03-06'),
        ev('approval_submitted', '2026-03-09'),
        ev('approval_decided', '2026-03-10'),
        extend('2026-03-11', 3),
      ],
      4,
    ],
    ['of 0 days', 'invalid_extension', [started, extend('2026-03-03', 0)], 1],
    ['of −1 day', 'invalid_extension', [started, extend('2026-03-03', -1)], 1],
    ['of 1.5 days', 'invalid_extension', [started, extend('2026-03-03', 1.5)], 1],
    ['of NaN days', 'invalid_extension', [started, extend('2026-03-03', Number.NaN)], 1],
    ['of "3" (not a number)', 'invalid_extension', [started, extend('2026-03-03', '3' as unknown as number)], 1],
    ['dated after today', 'event_in_future', [started, extend('2026-03-21', 3)], 1],
  ]

  it.each(cases)('%s: %s', (_, code, events, index) => {
    const e = refusal(() => clock(events, '2026-03-20'))
    expect({ code: e.code, index: e.index }).toEqual({ code, index })
    expect(e.event).toBe(events[index])
    expect(e.messageKey).toBe(`clock.errors.${code}`)
    expect(e.status).toBe(422)
  })

  it('points a bad day count at the days field', () => {
    const e = refusal(() => clock([started, extend('2026-03-03', 0)], '2026-03-20'))
    expect(e.field).toBe('days')
    expect(e.params).toMatchObject({ index: 2, date: '2026-03-03', event: 'extended', days: '0' })
    const late = refusal(() =>
      clock(
        [started, ev('delivered', '2026-03-06'), ev('approval_submitted', '2026-03-09'), extend('2026-03-10', 3)],
        '2026-03-20',
      ),
    )
    expect(late.field).toBeUndefined()
  })

  it('accepts one working day, the smallest extension', () => {
    expect(clock([started, extend('2026-03-03', 1)], '2026-03-20').agencyBudget).toBe(11)
  })
})

describe('the timeline picture with extensions', () => {
  const state = clock([started, extend('2026-03-05', 1, '补充踏勘'), extend('2026-03-16', 4)], '2026-03-20')

  it('reads C, + extension, = budget, and lists each extension, in English', async () => {
    const html = await render(state, 'en')
    expect(html).toContain(
      'Agency service: 14 of 15 working days used (C 10 + extension 5 = 15), Yellow; Approval: 0 of 10 working days used, Green',
    )
    expect(html).toContain('C extended by 1 working day on 2026-03-05')
    expect(html).toContain('C extended by 4 working days on 2026-03-16')
    expect(html).toContain('C due 2026-03-23')
    expect(html).toContain('C 10 + 5 = 15')
    expect(html).toContain('Extensions of C')
    expect(html).toContain('new limit 11 working days · 补充踏勘')
    expect(html).toContain('new limit 15 working days')
    expect(html).toContain('>+4<')
    expect(html).not.toMatch(/clock\.[a-zA-Z]/)
  })

  it('reads in Chinese', async () => {
    const html = await render(state, 'zh-CN')
    expect(html).toContain('中介服务已用 14 个工作日，时限 15 个工作日（C 10 + 延长 5 = 15），黄灯')
    expect(html).toContain('2026-03-05 C 延长 1 个工作日')
    expect(html).toContain('2026-03-16 C 延长 4 个工作日')
    expect(html).toContain('C 到期 2026-03-23')
    expect(html).toContain('承诺时限延长')
    expect(html).not.toMatch(/clock\.[a-zA-Z]/)
  })

  it('shows nothing about extensions when there are none', async () => {
    const html = await render(clock([started], '2026-03-20'), 'en')
    expect(html).toContain('Agency service: 14 of 10 working days used, Red')
    expect(html).not.toContain('extended by')
    expect(html).not.toContain('Extensions of C')
    expect(html).not.toContain('clock-extension')
  })
})

describe('a return for revision across the 2025/2026 year boundary (official New Year 2026)', () => {
  // Dec 2025: 16..19 (4), 22..24 (7) delivered; review 25, 26, 29 not counted; revision 30 (8),
  // 31 (9), 01-01..03 off, Sunday 01-04 worked (10), 05 (11), 06 (12) delivered again.
  const events = [
    ev('started', '2025-12-15'),
    ev('delivered', '2025-12-24'),
    ev('returned_for_revision', '2025-12-29'),
    ev('delivered', '2026-01-06'),
  ]

  it('reaches C on the make-up Sunday and lists the days after it as overdue', () => {
    const s = clock(events, '2026-01-08')
    expect(s.agency).toMatchObject({ used: 12, budget: 10, light: 'red', status: 'stopped', dueDate: '2026-01-04' })
    expect(s.overdueDays).toEqual(['2026-01-05', '2026-01-06'])
    expect(s.timeline.spans.map((x) => [x.kind, x.from, x.to])).toEqual([
      ['agency', '2025-12-15', '2025-12-24'],
      ['owner', '2025-12-24', '2025-12-29'],
      ['agency', '2025-12-29', '2026-01-06'],
      ['owner', '2026-01-06', '2026-01-08'],
    ])
  })

  it('an extension in the owner review after the second delivery clears them', () => {
    const s = clock([...events, extend('2026-01-08', 2)], '2026-01-08')
    expect(s.agency).toMatchObject({ used: 12, budget: 12, light: 'yellow', dueDate: '2026-01-06' })
    expect(s.overdueDays).toEqual([])
  })
})

describe('a pause across the 2025/2026 year boundary (exact counts)', () => {
  it('the make-up Sunday 2026-01-04 is a paused working day; New Year 01-01..03 is not', () => {
    const s = clock(
      [ev('started', '2025-12-15'), ev('pause_recorded', '2025-12-26'), ev('resumed', '2026-01-09')],
      '2026-01-20',
    )
    // Counted (12-15, 12-26] = 9; paused 12-29, 30, 31, 01-04, 05, 06, 07, 08, 09 = 9; then 12..16, 19, 20 = 7.
    expect(s.pauses[0]).toMatchObject({ from: '2025-12-26', to: '2026-01-09', workingDays: 9 })
    expect(s.agency).toMatchObject({ used: 16, budget: 10, dueDate: '2026-01-12' }) // the 10th counted day, the first after the resume
    expect(s.overdueDays).toEqual(['2026-01-13', '2026-01-14', '2026-01-15', '2026-01-16', '2026-01-19', '2026-01-20'])
  })
})

describe('across the 2026 → 2027 year boundary, 2027 provisional', () => {
  const provisional = official // 2027 counted from the statutory holidays only
  // The admin entered the (expected) 2027 Spring Festival days ahead of the notice: the year stays provisional.
  const adminDays = officialCalendar({ days: complete2027.days, extraYears: [] })
  // The same days imported as the complete official 2027 arrangement.
  const imported = officialCalendar({ days: complete2027.days, extraYears: [2027] })
  const big = { committedDays: 40, serviceDays: 45, statutoryDays: 80, processingDays: 20 }
  const start = ev('started', '2026-12-14')

  it('the calendars involved', () => {
    expect(provisional.provisionalYears[0]).toBe(2027)
    expect(adminDays.provisionalYears[0]).toBe(2027)
    expect(imported.provisionalYears[0]).toBe(2028)
    expect(adminDays.dayKind('2027-02-14')).toMatchObject({ working: true, kind: 'makeup_workday', provisional: true })
    expect(provisional.dayKind('2027-02-14')).toMatchObject({ working: false, kind: 'weekend' })
    expect(provisional.dayKind('2027-02-09').working).toBe(true)
    expect(adminDays.dayKind('2027-02-09').working).toBe(false)
  })

  it('projects the due date into 2027 with the provisional holidays and flags it', async () => {
    // Dec 2026: 15..18, 21..25, 28..31 = 13 used; 27 left, 2027-01-01 off.
    // Jan 04..08 (5), 11..15 (10), 18..22 (15), 25..29 (20), Feb 01..04 (24), then
    // statutory: 02-05 and 02-08 off → 09, 10, 11; admin's days: 02-05..12 off → Sunday 14, 15, 16.
    const plain = clock([start], '2026-12-31', big, provisional)
    expect(plain.agency).toMatchObject({ used: 13, dueDate: '2027-02-11' })
    const withDays = clock([start], '2026-12-31', big, adminDays)
    expect(withDays.agency).toMatchObject({ used: 13, dueDate: '2027-02-16' })
    expect(provisional.provisionalYearsIn(plain.startedOn ?? '', plain.agency.dueDate ?? '')).toEqual([2027])

    const html = await render(plain, 'en', provisional.provisionalYears)
    expect(html).toContain('data-provisional-years="2027"')
    expect(html).toContain('C due 2027-02-11')
    const officialHtml = await render(clock([start], '2026-12-31', big, imported), 'en', imported.provisionalYears)
    expect(officialHtml).toContain('C due 2027-02-16')
    expect(officialHtml).not.toContain('provisional-note')
  })

  // Counted to 02-03: Dec 13; Jan 04..08, 11..15, 18..22, 25..29 (33); Feb 01, 02, 03 (36).
  // The agency asks for a pause on 02-03, the owner confirms on 02-04 and grants 5 more days;
  // resumed 02-17, then 18, 19, 22, 23, 24 → 41 used by 02-24.
  const events = [
    start,
    ev('pause_requested', '2027-02-03', '等待业主提供勘察报告'),
    ev('pause_confirmed', '2027-02-04'),
    extend('2027-02-04', 5, '春节期间业主无法提供资料'),
    ev('resumed', '2027-02-17'),
  ]

  it('a pause over Spring Festival 2027 excludes the make-up Sunday, not the holidays', () => {
    const s = clock(events, '2027-02-24', big, adminDays)
    // Paused (02-03, 02-17]: 02-04, Sunday 02-14 (worked), 15, 16, 17 = 5; 02-05..12 are holidays.
    expect(s.pauses).toEqual([
      {
        from: '2027-02-03',
        to: '2027-02-17',
        workingDays: 5,
        source: 'confirmed',
        reason: '等待业主提供勘察报告',
        confirmedOn: '2027-02-04',
      },
    ])
    expect(s.agency.used + s.pauses[0].workingDays).toBe(adminDays.workingDaysBetween('2026-12-14', '2027-02-24'))
    // 41 of 40 + 5 = 45: 205 ≥ 180, yellow; 4 left → 25, 26, Mar 01, 02.
    expect(s.agency).toMatchObject({
      used: 41,
      budget: 45,
      remaining: 4,
      light: 'yellow',
      status: 'running',
      dueDate: '2027-03-02',
    })
    expect(s.overdueDays).toEqual([])
    // L = 80 is not extended: 39 left from 02-24 → Feb 25, 26 (2); Mar 01..31 (25); Apr 01, 02 (27);
    // 03..05 off (Qingming); 06..09 (31), 12..16 (36), 19, 20, 21 (39).
    expect(s.total).toMatchObject({ used: 41, budget: 80, remaining: 39, dueDate: '2027-04-21' })
    expect(adminDays.provisionalYearsIn(s.startedOn ?? '', s.total.dueDate ?? '')).toEqual([2027])
  })

  it('without the extension the same day is overdue', () => {
    const s = clock(
      events.filter((e) => e.type !== 'extended'),
      '2027-02-24',
      big,
      adminDays,
    )
    // The 40th counted day is 02-23.
    expect(s.agency).toMatchObject({ used: 41, budget: 40, light: 'red', dueDate: '2027-02-23' })
    expect(s.overdueDays).toEqual(['2027-02-24'])
  })

  it('with the statutory holidays only, the same pause holds more working days and the count agrees', () => {
    const s = clock(events, '2027-02-24', big, provisional)
    // Paused (02-03, 02-17]: 04, 09, 10, 11, 12, 15, 16, 17 = 8 (only 02-05 and 02-08 are weekdays off).
    expect(s.pauses[0].workingDays).toBe(8)
    expect(s.agency).toMatchObject({ used: 41, budget: 45, dueDate: '2027-03-02' })
    // Qingming 2027 is 04-05 only (Monday): 25 by 03-31, Apr 01, 02 (27), 06..09 (31), 12..16 (36), 19, 20, 21 (39).
    expect(s.total.dueDate).toBe('2027-04-21')
  })

  it('gives null for projections past the last known year', () => {
    // A calendar that ends with provisional 2027 (the shipped 2026 days and the statutory 2027 holidays).
    const short = buildCalendar({
      firstYear: 2026,
      lastYear: 2027,
      provisionalYears: [2027],
      specialDays: [
        ...shippedDaysOf(2026),
        ...statutoryHolidays(2027).map((h) => ({
          date: h.date,
          kind: 'holiday' as const,
          nameZh: h.nameZh,
          nameEn: null,
        })),
      ],
    })
    // Started Mon 2027-11-01; by Fri 11-12 used 9. After 11-12, 2027 holds 35 working days
    // (Nov 15..19, 22..26, 29, 30; Dec 01..03, 06..10, 13..17, 20..24, 27..31).
    const base = [ev('started', '2027-11-01')]
    const s = clock(base, '2027-11-12', { committedDays: 30, statutoryDays: 60 }, short)
    expect(s.agency).toMatchObject({ used: 9, dueDate: '2027-12-13' }) // 21 left, within 2027
    expect(s.total.dueDate).toBeNull() // 51 left, past 2027
    // An extension of 20 moves the agency's projection past 2027 as well: null, never a guess.
    const x = clock([...base, extend('2027-11-12', 20)], '2027-11-12', { committedDays: 30, statutoryDays: 60 }, short)
    expect(x.agency).toMatchObject({ used: 9, budget: 50, remaining: 41, dueDate: null })
    expect(x.timeline.agencyDueX).toBe(x.timeline.todayX + 41)
    // An extension of 14 ends exactly on the last known working day.
    const y = clock([...base, extend('2027-11-12', 14)], '2027-11-12', { committedDays: 30, statutoryDays: 60 }, short)
    expect(y.agency.dueDate).toBe('2027-12-31')
  })
})
