import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createInstance } from 'i18next'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { afterEach, describe, expect, it } from 'vitest'
import { ClockTimeline } from '~/components/clock-timeline'
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { officialCalendar } from '~/domain/calendar/working-days'
import {
  ClockEventError,
  computeClock,
  lightFor,
  readingDay,
  type ClockEvent,
  type ClockEventErrorCode,
  type ClockLimits,
  type ClockState,
} from '~/domain/clock/bundled-clock'
import type { CalendarDate } from '~/domain/dates'
import { RuleViolation } from '~/domain/errors'
import { i18nOptions } from '~/i18n/config'
import { en } from '~/i18n/en'
import { zhCN } from '~/i18n/zh-CN'
import { createTestCalendar, dateRange } from '#test/support/test-calendar'

/**
 * Autumn 2025 as officially arranged: 国庆中秋 2025-10-01..08 off, make-up workdays Sunday
 * 2025-09-28 and Saturday 2025-10-11. September 2025 starts on a Monday.
 */
const autumn2025 = createTestCalendar({
  holidays: dateRange('2025-10-01', '2025-10-08'),
  makeupWorkdays: ['2025-09-28', '2025-10-11'],
})

const limits = (over: Partial<ClockLimits> = {}): ClockLimits => ({
  committedDays: 20,
  serviceDays: 25,
  statutoryDays: 60,
  processingDays: 20,
  ...over,
})

const ev = (type: ClockEvent['type'], date: CalendarDate, reason?: string): ClockEvent =>
  ({ type, date, ...(reason ? { reason } : {}) }) as ClockEvent

function clock(
  events: ClockEvent[],
  today: CalendarDate,
  over: Partial<ClockLimits> = {},
  calendar: WorkingDayCalendar = autumn2025,
): ClockState {
  return computeClock({ calendar, today, limits: limits(over), events })
}

describe('agency segment: start and plain counting', () => {
  it('has not started without a start event', () => {
    const s = clock([], '2025-09-10')
    expect(s.phase).toBe('not_started')
    expect(s.agency).toMatchObject({
      used: 0,
      budget: 20,
      remaining: 20,
      dueDate: null,
      status: 'not_started',
      light: 'green',
    })
    expect(s.approval.status).toBe('not_started')
    expect(s.total).toMatchObject({ used: 0, budget: 60, dueDate: null, status: 'not_started' })
    expect(s.timeline).toMatchObject({ origin: null, agencyDueX: 20, limitX: 60, spans: [] })
  })

  it('does not count the start day (期间开始之日不计算在内)', () => {
    expect(clock([ev('started', '2025-09-01')], '2025-09-01').agency.used).toBe(0)
    expect(clock([ev('started', '2025-09-01')], '2025-09-02').agency.used).toBe(1)
    // Signed on a Friday: the weekend does not count, Monday is day 1.
    expect(clock([ev('started', '2025-09-05')], '2025-09-07').agency.used).toBe(0)
    expect(clock([ev('started', '2025-09-05')], '2025-09-08').agency.used).toBe(1)
  })

  it('projects the due date from today while running', () => {
    const s = clock([ev('started', '2025-09-01')], '2025-09-05', { committedDays: 10 })
    expect(s.agency).toMatchObject({ used: 4, remaining: 6, status: 'running', light: 'green', dueDate: '2025-09-15' })
    expect(s.timeline.agencyDueX).toBe(10)
  })

  it('counts the make-up Sunday and skips the National Day holiday', () => {
    // (09-26, 10-10]: 09-28 (Sunday, worked), 09-29, 09-30, 10-09, 10-10.
    expect(clock([ev('started', '2025-09-26')], '2025-10-10').agency.used).toBe(5)
    // Due 20 working days after a signing on 2025-09-26: 09-28, 29, 30, 10-09, 10, 11, 13…17, 20…24, 27…30.
    const s = clock([ev('started', '2025-09-26')], '2025-09-26')
    expect(s.agency.dueDate).toBe('2025-10-30')
  })
})

describe('lights: 80 % of the budget exactly', () => {
  const start = [ev('started', '2025-09-01')]
  it.each([
    ['2025-09-10', 7, 'green'],
    ['2025-09-11', 8, 'yellow'],
    ['2025-09-15', 10, 'yellow'],
    ['2025-09-16', 11, 'red'],
  ] as const)('C = 10, today %s: used %i is %s', (today, used, light) => {
    const s = clock(start, today, { committedDays: 10 })
    expect(s.agency.used).toBe(used)
    expect(s.agency.light).toBe(light)
    expect(s.agency.remaining).toBe(10 - used)
  })

  it('applies the same thresholds to any budget', () => {
    expect(lightFor(0, 1)).toBe('green')
    expect(lightFor(1, 1)).toBe('yellow')
    expect(lightFor(2, 1)).toBe('red')
    expect(lightFor(47, 60)).toBe('green')
    expect(lightFor(48, 60)).toBe('yellow')
    expect(lightFor(60, 60)).toBe('yellow')
    expect(lightFor(61, 60)).toBe('red')
    expect(lightFor(15, 19)).toBe('green') // 15 < 15.2
    expect(lightFor(16, 19)).toBe('yellow')
    expect(lightFor(0, 0)).toBe('yellow')
  })

  it('keeps the due date as the day C was reached once it is reached', () => {
    expect(clock(start, '2025-09-15', { committedDays: 10 }).agency.dueDate).toBe('2025-09-15')
    const late = clock(start, '2025-09-16', { committedDays: 10 })
    expect(late.agency.dueDate).toBe('2025-09-15')
    expect(late.overdueDays).toEqual(['2025-09-16'])
  })
})

describe('pauses', () => {
  const started = ev('started', '2025-09-15')
  const request = ev('pause_requested', '2025-09-26', '等待业主提供地形图')

  it('excludes a confirmed pause spanning weekends and the National Day holiday', () => {
    const s = clock([started, request, ev('pause_confirmed', '2025-09-28'), ev('resumed', '2025-10-15')], '2025-10-24')
    // Counted: (09-15, 09-26] = 9, then (10-15, 10-24] = 7. Paused (09-26, 10-15] = 9 working days.
    expect(s.agency).toMatchObject({
      used: 16,
      status: 'running',
      light: 'yellow',
      remaining: 4,
      dueDate: '2025-10-30',
    })
    expect(s.pauses).toEqual([
      {
        from: '2025-09-26',
        to: '2025-10-15',
        workingDays: 9,
        source: 'confirmed',
        reason: '等待业主提供地形图',
        confirmedOn: '2025-09-28',
      },
    ])
    expect(s.agency.used + s.pauses[0].workingDays).toBe(autumn2025.workingDaysBetween('2025-09-15', '2025-10-24'))
    expect(s.overdueDays).toEqual([])
  })

  it('gives a request that is never confirmed no effect', () => {
    const s = clock([started, request], '2025-10-24')
    expect(s.agency.used).toBe(25)
    expect(s.agency.status).toBe('running')
    expect(s.pauses).toEqual([])
    expect(s.pendingPauseRequest).toEqual({ date: '2025-09-26', reason: '等待业主提供地形图' })
    expect(s.timeline.pendingPauseX).toBe(9)
    // Day 20 is 10-17; the five working days after it are overdue.
    expect(s.agency.dueDate).toBe('2025-10-17')
    expect(s.overdueDays).toEqual(['2025-10-20', '2025-10-21', '2025-10-22', '2025-10-23', '2025-10-24'])
  })

  it('makes a late confirmation retroactive to the request date', () => {
    const before = clock([started, request], '2025-10-10')
    expect(before.agency.used).toBe(14)
    expect(before.agency.status).toBe('running')
    const after = clock([started, request, ev('pause_confirmed', '2025-10-13')], '2025-10-13')
    expect(after.agency).toMatchObject({ used: 9, status: 'paused', dueDate: null })
    expect(after.pauses).toEqual([
      expect.objectContaining({ from: '2025-09-26', to: null, confirmedOn: '2025-10-13', workingDays: 7 }),
    ])
    expect(after.pendingPauseRequest).toBeNull()
    expect(after.total).toMatchObject({ status: 'paused', dueDate: null })
  })

  it('lets a newer request replace an unconfirmed one', () => {
    const s = clock(
      [started, request, ev('pause_requested', '2025-10-09', 'second'), ev('pause_confirmed', '2025-10-10')],
      '2025-10-10',
    )
    expect(s.pauses[0]).toMatchObject({ from: '2025-10-09', reason: 'second' })
    expect(s.agency.used).toBe(13) // 9 + 09-28, 29, 30, 10-09
  })

  it('counts owner-recorded pauses from their own date', () => {
    const s = clock(
      [ev('started', '2025-09-01'), ev('pause_recorded', '2025-09-05', 'site access'), ev('resumed', '2025-09-10')],
      '2025-09-12',
    )
    // (09-01, 09-05] = 4, paused (09-05, 09-10] = 3, then 09-11, 09-12.
    expect(s.agency.used).toBe(6)
    expect(s.pauses).toEqual([
      {
        from: '2025-09-05',
        to: '2025-09-10',
        workingDays: 3,
        source: 'recorded',
        reason: 'site access',
        confirmedOn: null,
      },
    ])
  })

  it('excludes nothing for a pause over a weekend only, or resumed the same day', () => {
    const base = [ev('started', '2025-09-01')]
    const plain = clock(base, '2025-09-12').agency.used
    expect(
      clock([...base, ev('pause_recorded', '2025-09-05'), ev('resumed', '2025-09-07')], '2025-09-12').agency.used,
    ).toBe(plain)
    expect(
      clock([...base, ev('pause_recorded', '2025-09-09'), ev('resumed', '2025-09-09')], '2025-09-12').agency.used,
    ).toBe(plain)
  })

  it('handles several pauses and an open one', () => {
    const s = clock(
      [
        ev('started', '2025-09-01'),
        ev('pause_recorded', '2025-09-03'),
        ev('resumed', '2025-09-05'),
        ev('pause_requested', '2025-09-10'),
        ev('pause_confirmed', '2025-09-11'),
      ],
      '2025-09-19',
    )
    // Counted (09-01, 09-03] = 2 and (09-05, 09-10] = 3; paused 2 days, then (09-10, 09-19] = 7.
    expect(s.agency).toMatchObject({ used: 5, status: 'paused', dueDate: null })
    expect(s.pauses.map((p) => [p.from, p.to, p.workingDays])).toEqual([
      ['2025-09-03', '2025-09-05', 2],
      ['2025-09-10', null, 7],
    ])
    // While paused the C mark is drawn as if counting resumed today.
    expect(s.timeline.agencyDueX).toBe(s.timeline.todayX + 15)
  })
})

describe('delivery, revision rounds and overdue days', () => {
  const events = [
    ev('started', '2025-08-25'),
    ev('delivered', '2025-09-19'),
    ev('returned_for_revision', '2025-09-24', '数据不全'),
    ev('delivered', '2025-10-14'),
    ev('approval_submitted', '2025-10-16'),
  ]

  it('does not count owner review, counts revision time against the agency', () => {
    const s = clock(events, '2025-10-24')
    // (08-25, 09-19] = 19; review (09-19, 09-24] not counted; (09-24, 10-14] = 10.
    expect(s.agency).toMatchObject({ used: 29, remaining: -9, light: 'red', status: 'stopped', dueDate: '2025-09-25' })
    expect(s.revisionRounds).toBe(1)
    expect(s.deliveredOn).toBe('2025-10-14')
    expect(s.phase).toBe('approval')
  })

  it('lists overdue days across the holiday without any holiday or weekend', () => {
    const s = clock(events, '2025-10-24')
    expect(s.overdueDays).toEqual([
      '2025-09-26',
      '2025-09-28',
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
      '2025-10-13',
      '2025-10-14',
    ])
    for (const d of s.overdueDays) expect(autumn2025.isWorkingDay(d)).toBe(true)
    expect(s.overdueDays).toHaveLength(s.agency.used - s.limits.committedDays)
  })

  it('never lists a paused day as overdue', () => {
    const s = clock(
      [ev('started', '2025-09-01'), ev('pause_recorded', '2025-09-16'), ev('resumed', '2025-09-18')],
      '2025-09-22',
      { committedDays: 10 },
    )
    // Day 10 is 09-15; 09-16 counts (pause effective on it), 09-17 and 09-18 are paused.
    expect(s.overdueDays).toEqual(['2025-09-16', '2025-09-19', '2025-09-22'])
  })

  it('counts the approval segment and the bundled total', () => {
    const s = clock(events, '2025-10-24')
    expect(s.approval).toMatchObject({ used: 6, budget: 20, status: 'running', light: 'green', dueDate: '2025-11-13' })
    expect(s.total).toMatchObject({
      used: 35,
      budget: 60,
      remaining: 25,
      status: 'running',
      light: 'green',
      dueDate: '2025-11-28',
    })
  })

  it('lays the stretches out on the timeline in working days after the start', () => {
    const s = clock(events, '2025-10-24')
    expect(s.timeline.spans.map((x) => [x.kind, x.x0, x.x1, x.open])).toEqual([
      ['agency', 0, 19, false],
      ['owner', 19, 22, false],
      ['agency', 22, 32, false],
      ['owner', 32, 34, false],
      ['approval', 34, 40, true],
    ])
    expect(s.timeline.todayX).toBe(40)
    expect(s.timeline.agencyDueX).toBe(23) // the 20th counted day, 09-25
    expect(s.timeline.agencyOverdueFromX).toBe(23)
    expect(s.timeline.approvalDueX).toBe(54)
    expect(s.timeline.limitX).toBe(40 + 25)
    expect(s.timeline.extent).toBe(65)
  })

  it('gives the stopped agency no due date while under its budget', () => {
    const s = clock([ev('started', '2025-09-01'), ev('delivered', '2025-09-05')], '2025-09-10')
    expect(s.phase).toBe('owner_review')
    expect(s.agency).toMatchObject({ used: 4, status: 'stopped', dueDate: null })
    expect(s.total).toMatchObject({ status: 'stopped', dueDate: null })
    expect(s.timeline.spans.map((x) => x.kind)).toEqual(['agency', 'owner'])
  })

  it('drops an unconfirmed request when the agency delivers', () => {
    const s = clock(
      [ev('started', '2025-09-01'), ev('pause_requested', '2025-09-03'), ev('delivered', '2025-09-05')],
      '2025-09-10',
    )
    expect(s.pendingPauseRequest).toBeNull()
    expect(s.agency.used).toBe(4)
  })
})

describe('approval segment and total', () => {
  it('goes red when the approval runs over P, while the agency was on time', () => {
    const s = clock(
      [
        ev('started', '2025-09-01'),
        ev('delivered', '2025-09-12'),
        ev('approval_submitted', '2025-09-15'),
        ev('approval_decided', '2025-10-20'),
      ],
      '2025-10-24',
      { committedDays: 10, processingDays: 10, statutoryDays: 30 },
    )
    expect(s.agency).toMatchObject({ used: 9, light: 'yellow', status: 'stopped' })
    // P = 10 working days after 09-15 is the make-up Sunday 09-28.
    expect(s.approval).toMatchObject({
      used: 21,
      remaining: -11,
      light: 'red',
      status: 'stopped',
      dueDate: '2025-09-28',
    })
    expect(s.total).toMatchObject({ used: 30, light: 'yellow', status: 'stopped', dueDate: '2025-10-20' })
    expect(s.phase).toBe('decided')
    expect(s.overdueDays).toEqual([])
  })

  it('goes red on the total while both segments are within their own budgets', () => {
    const s = clock(
      [
        ev('started', '2025-09-01'),
        ev('delivered', '2025-09-12'),
        ev('approval_submitted', '2025-09-12'),
        ev('approval_decided', '2025-09-26'),
      ],
      '2025-09-30',
      { committedDays: 10, processingDays: 10, statutoryDays: 15 },
    )
    expect(s.agency).toMatchObject({ used: 9, light: 'yellow' })
    expect(s.approval).toMatchObject({ used: 10, light: 'yellow', dueDate: '2025-09-26' })
    expect(s.total).toMatchObject({ used: 19, remaining: -4, light: 'red', dueDate: '2025-09-22' })
    expect(s.timeline.limitX).toBe(15)
  })

  it('projects the total while a segment counts and keeps the approval due date fixed', () => {
    const pending = clock(
      [ev('started', '2025-09-01'), ev('delivered', '2025-09-05'), ev('approval_submitted', '2025-09-08')],
      '2025-09-12',
      { processingDays: 5, statutoryDays: 20 },
    )
    expect(pending.approval).toMatchObject({ used: 4, dueDate: '2025-09-15', status: 'running' })
    // 4 + 4 used; 12 left from 09-12, the 11th being the make-up Sunday 09-28.
    expect(pending.total).toMatchObject({ used: 8, dueDate: '2025-09-29', status: 'running' })
  })

  it('returns null for projections past the calendar’s known years', () => {
    const short = createTestCalendar({ lastYear: 2025 })
    const s = clock([ev('started', '2025-12-22')], '2025-12-30', {}, short)
    expect(s.agency.used).toBe(6)
    expect(s.agency.dueDate).toBeNull()
    expect(s.total.dueDate).toBeNull()
    expect(s.timeline.agencyDueX).toBe(s.timeline.todayX + 14)
  })
})

describe('impossible event lists', () => {
  const cases: [ClockEventErrorCode, ClockEvent[], number][] = [
    ['out_of_order', [ev('started', '2025-09-05'), ev('pause_recorded', '2025-09-04')], 1],
    [
      'out_of_order',
      [ev('started', '2025-09-01'), ev('delivered', '2025-09-02'), ev('pause_recorded', '2025-09-03')],
      2,
    ],
    [
      'out_of_order',
      [
        ev('started', '2025-09-01'),
        ev('delivered', '2025-09-02'),
        ev('approval_submitted', '2025-09-03'),
        ev('returned_for_revision', '2025-09-04'),
      ],
      3,
    ],
    [
      'out_of_order',
      [
        ev('started', '2025-09-01'),
        ev('delivered', '2025-09-02'),
        ev('approval_submitted', '2025-09-03'),
        ev('approval_submitted', '2025-09-04'),
      ],
      3,
    ],
    ['not_started', [ev('pause_requested', '2025-09-02')], 0],
    ['not_started', [ev('delivered', '2025-09-02'), ev('started', '2025-09-03')], 0],
    ['already_started', [ev('started', '2025-09-01'), ev('started', '2025-09-02')], 1],
    ['resume_without_pause', [ev('started', '2025-09-01'), ev('resumed', '2025-09-02')], 1],
    [
      'resume_without_pause',
      [ev('started', '2025-09-01'), ev('pause_requested', '2025-09-02'), ev('resumed', '2025-09-03')],
      2,
    ],
    [
      'pause_while_paused',
      [ev('started', '2025-09-01'), ev('pause_recorded', '2025-09-02'), ev('pause_recorded', '2025-09-03')],
      2,
    ],
    [
      'pause_while_paused',
      [ev('started', '2025-09-01'), ev('pause_recorded', '2025-09-02'), ev('pause_requested', '2025-09-03')],
      2,
    ],
    ['confirm_without_request', [ev('started', '2025-09-01'), ev('pause_confirmed', '2025-09-02')], 1],
    [
      'confirm_without_request',
      [
        ev('started', '2025-09-01'),
        ev('pause_requested', '2025-09-02'),
        ev('pause_confirmed', '2025-09-02'),
        ev('pause_confirmed', '2025-09-03'),
      ],
      3,
    ],
    [
      'deliver_while_paused',
      [ev('started', '2025-09-01'), ev('pause_recorded', '2025-09-02'), ev('delivered', '2025-09-03')],
      2,
    ],
    ['delivered_twice', [ev('started', '2025-09-01'), ev('delivered', '2025-09-02'), ev('delivered', '2025-09-03')], 2],
    ['return_without_delivery', [ev('started', '2025-09-01'), ev('returned_for_revision', '2025-09-02')], 1],
    ['approval_before_delivery', [ev('started', '2025-09-01'), ev('approval_submitted', '2025-09-02')], 1],
    [
      'decided_without_submission',
      [ev('started', '2025-09-01'), ev('delivered', '2025-09-02'), ev('approval_decided', '2025-09-03')],
      2,
    ],
    [
      'event_after_decision',
      [
        ev('started', '2025-09-01'),
        ev('delivered', '2025-09-02'),
        ev('approval_submitted', '2025-09-03'),
        ev('approval_decided', '2025-09-04'),
        ev('resumed', '2025-09-05'),
      ],
      4,
    ],
    ['event_in_future', [ev('started', '2025-09-01'), ev('delivered', '2025-09-11')], 1],
    ['invalid_extension', [ev('started', '2025-09-01'), { type: 'extended', date: '2025-09-02', days: 0 }], 1],
    [
      'extension_after_submission',
      [
        ev('started', '2025-09-01'),
        ev('delivered', '2025-09-02'),
        ev('approval_submitted', '2025-09-03'),
        { type: 'extended', date: '2025-09-04', days: 2 },
      ],
      3,
    ],
  ]

  it.each(cases)('%s (case %#)', (code, events, index) => {
    let error: unknown
    try {
      clock(events, '2025-09-10')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ClockEventError)
    expect(error).toBeInstanceOf(RuleViolation)
    const e = error as ClockEventError
    expect({ code: e.code, index: e.index }).toEqual({ code, index })
    expect(e.event).toBe(events[index])
    expect(e.messageKey).toBe(`clock.errors.${code}`)
    expect(e.status).toBe(422)
  })

  it('covers every code, each with a translated message', () => {
    const codes = new Set(cases.map(([code]) => code))
    expect(codes.size).toBe(15)
    for (const code of codes) {
      expect(zhCN.clock.errors[code], code).toBeTruthy()
      expect(en.clock.errors[code], code).toBeTruthy()
    }
  })

  it('accepts same-day events in list order', () => {
    const s = clock(
      [
        ev('started', '2025-09-01'),
        ev('pause_requested', '2025-09-01'),
        ev('pause_confirmed', '2025-09-01'),
        ev('resumed', '2025-09-03'),
      ],
      '2025-09-05',
    )
    expect(s.agency.used).toBe(2)
  })

  it('refuses malformed dates and limits as programming errors', () => {
    expect(() => clock([ev('started', '2025-9-1')], '2025-09-10')).toThrow(RangeError)
    expect(() => clock([], '2025-02-30')).toThrow(RangeError)
    expect(() => clock([], '2025-09-10', { committedDays: 2.5 })).toThrow(RangeError)
  })
})

describe('independence from the host', () => {
  const original = process.env.TZ
  afterEach(() => {
    process.env.TZ = original
  })

  it('gives the same result whatever the host time zone', () => {
    const events = [
      ev('started', '2025-09-15'),
      ev('pause_requested', '2025-09-26'),
      ev('pause_confirmed', '2025-09-28'),
      ev('resumed', '2025-10-15'),
      ev('delivered', '2025-10-20'),
      ev('approval_submitted', '2025-10-21'),
    ]
    const results = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'].map(
      (tz) => {
        process.env.TZ = tz
        return clock(events, '2025-10-24')
      },
    )
    for (const r of results) expect(r).toEqual(results[0])
  })

  it('never reads the system clock or local-time Date APIs', () => {
    const source = readFileSync(path.resolve(import.meta.dirname, '../../app/domain/clock/bundled-clock.ts'), 'utf8')
    expect(source).not.toMatch(/new Date|Date\.now|getTimezoneOffset|toLocale|getDate\(|getDay\(|getHours/)
  })

  it('uses the calendar’s range operations, not a walk over the days', () => {
    const official = officialCalendar()
    let calls = 0
    const counting: WorkingDayCalendar = {
      firstYear: official.firstYear,
      lastYear: official.lastYear,
      provisionalYears: official.provisionalYears,
      provisionalYearsIn: (a, b) => official.provisionalYearsIn(a, b),
      isWorkingDay: () => {
        throw new Error('day-by-day check')
      },
      dayKind: () => {
        throw new Error('day-by-day check')
      },
      addWorkingDays: (s, n) => (calls++, official.addWorkingDays(s, n)),
      workingDaysBetween: (a, b) => (calls++, official.workingDaysBetween(a, b)),
    }
    const s = computeClock({
      calendar: counting,
      today: '2026-06-30',
      limits: limits({ committedDays: 8000, statutoryDays: 9000 }),
      events: [ev('started', '2002-01-04'), ev('pause_recorded', '2010-03-01'), ev('resumed', '2012-03-01')],
    })
    expect(s.agency.used).toBeGreaterThan(4000)
    expect(calls).toBeLessThan(40)
  })
})

describe('with the official calendar', () => {
  const official = officialCalendar()
  const run = (events: ClockEvent[], today: CalendarDate, over: Partial<ClockLimits> = {}) =>
    computeClock({ calendar: official, today, limits: limits(over), events })

  it('agrees with the hand-built autumn 2025 calendar', () => {
    const cases: [ClockEvent[], CalendarDate][] = [
      [
        [
          ev('started', '2025-09-15'),
          ev('pause_requested', '2025-09-26'),
          ev('pause_confirmed', '2025-09-28'),
          ev('resumed', '2025-10-15'),
        ],
        '2025-10-24',
      ],
      [
        [
          ev('started', '2025-08-25'),
          ev('delivered', '2025-09-19'),
          ev('returned_for_revision', '2025-09-24'),
          ev('delivered', '2025-10-14'),
          ev('approval_submitted', '2025-10-16'),
        ],
        '2025-10-24',
      ],
    ]
    for (const [events, today] of cases) expect(run(events, today)).toEqual(clock(events, today))
  })

  it('pauses across National Day 2025: 09-28 and 10-11 are paused working days, 10-01..08 are not', () => {
    const s = run(
      [ev('started', '2025-09-22'), ev('pause_recorded', '2025-09-26'), ev('resumed', '2025-10-11')],
      '2025-10-17',
    )
    // (09-22, 09-26] = 4; paused 09-28, 09-29, 09-30, 10-09, 10-10, 10-11 = 6; then 10-13..10-17 = 5.
    expect(s.pauses[0].workingDays).toBe(6)
    expect(s.agency.used).toBe(9)
  })

  it('runs overdue through Spring Festival 2026 with its make-up Saturdays', () => {
    const s = run([ev('started', '2026-02-09')], '2026-03-06', { committedDays: 10 })
    // 02-10..13 (4), Sat 02-14 (5), 02-15..23 off, 02-24..27 (9), Sat 02-28 (10), then 03-02..06.
    expect(s.agency.dueDate).toBe('2026-02-28')
    expect(s.agency.used).toBe(15)
    expect(s.overdueDays).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'])
    for (const d of dateRange('2026-02-15', '2026-02-23')) expect(s.overdueDays).not.toContain(d)
  })

  it('pauses over the 2025/2026 year boundary consistently', () => {
    const events = [ev('started', '2025-12-15'), ev('pause_recorded', '2025-12-26'), ev('resumed', '2026-01-09')]
    const s = run(events, '2026-01-20')
    expect(s.agency.used + s.pauses[0].workingDays).toBe(official.workingDaysBetween('2025-12-15', '2026-01-20'))
    expect(s.pauses[0].workingDays).toBe(official.workingDaysBetween('2025-12-26', '2026-01-09'))
  })
})

describe('ClockTimeline (server render)', () => {
  async function render(state: ClockState, lng: 'en' | 'zh-CN') {
    const i18n = createInstance()
    await i18n.init({ ...i18nOptions, lng })
    return renderToString(
      createElement(I18nextProvider, { i18n }, createElement(ClockTimeline, { state, today: state.today })),
    )
  }
  const state = clock(
    [
      ev('started', '2025-08-25'),
      ev('pause_recorded', '2025-09-01'),
      ev('resumed', '2025-09-03'),
      ev('delivered', '2025-09-19'),
      ev('returned_for_revision', '2025-09-24'),
      ev('delivered', '2025-10-14'),
      ev('approval_submitted', '2025-10-16'),
    ],
    '2025-10-24',
  )

  it('draws the picture with a text alternative in English', async () => {
    const html = await render(state, 'en')
    expect(html).toContain('role="img"')
    expect(html).toMatch(
      /aria-label="Bundled approval clock: With the approving department\. Agency service: 27 of 20 working days used, Red;/,
    )
    expect(html).toContain('<pattern')
    expect(html).toContain('fill="url(#clock-hatch-')
    expect(html).toContain('Today 2025-10-24')
    expect(html).toContain('C due 2025-09-28') // the pause pushed day 20 to the make-up Sunday
    expect(html).toContain('P due 2025-11-13')
    expect(html).toContain('L = 60 working days')
    expect(html).toContain('<table')
    expect(html).toContain('<dl')
    expect(html).toContain('2025-09-01 to 2025-09-03: 2 working days paused')
    expect(html).not.toMatch(/clock\.[a-zA-Z]/) // no untranslated key
  })

  it('reads in Chinese', async () => {
    const html = await render(state, 'zh-CN')
    expect(html).toContain('中介服务已用 27 个工作日，时限 20 个工作日，红灯')
    expect(html).toContain('今天 2025-10-24')
    expect(html).not.toMatch(/clock\.[a-zA-Z]/)
  })
})

describe('readingDay: a stored clock read on a day before its latest event', () => {
  const events = [ev('started', '2025-09-01'), ev('delivered', '2025-09-10')]
  it('is today when no event is later, else the latest event date', () => {
    expect(readingDay('2025-09-15', events)).toBe('2025-09-15')
    expect(readingDay('2025-09-10', events)).toBe('2025-09-10')
    expect(readingDay('2025-06-15', events)).toBe('2025-09-10')
    expect(readingDay('2025-06-15', [])).toBe('2025-06-15')
  })
  it('reads the clock as of the latest event where the raw day is refused', () => {
    expect(() => clock(events, '2025-06-15')).toThrow(ClockEventError)
    expect(clock(events, readingDay('2025-06-15', events))).toEqual(clock(events, '2025-09-10'))
  })
})
