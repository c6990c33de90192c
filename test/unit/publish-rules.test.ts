import { describe, expect, it } from 'vitest'
import { officialCalendar } from '~/domain/calendar/working-days'
import { marketplaceConfig } from '~/domain/config'
import { addCalendarDays } from '~/domain/dates'
import {
  checkPublish,
  contractDue,
  publicityEnds,
  registrationDeadline,
  windowCloses,
  type PublishNeed,
} from '~/domain/needs/publish-rules'

const calendar = officialCalendar()
const config = marketplaceConfig
const TODAY = '2025-09-29' // a Monday before the National Day holiday (10-01 … 10-08 off)
const item = { statutoryDays: 20, committedDays: 10 } // L = 20, P = 10 → S ≤ 10

function need(over: Partial<PublishNeed> = {}): PublishNeed {
  return {
    method: 'lowest_price',
    priceCeilingFen: 5_000_000,
    serviceLimitDays: 10,
    registrationClosesOn: '2025-10-10',
    serviceType: { id: 'st-eia', qualificationTypeIds: ['qt-eia'] },
    qualification: { qualificationTypeId: 'qt-eia', maxLevelRank: 2 },
    weights: null,
    ...over,
  }
}
const keys = (c: ReturnType<typeof checkPublish>) => c.violations.map((v) => v.key)

describe('a need that may be published', () => {
  it('passes with no violations and reports its window', () => {
    expect(checkPublish(need(), item, config, calendar, TODAY)).toEqual({
      ok: true,
      violations: [],
      closesOn: '2025-10-10',
      windowWorkingDays: 3,
      earliestClosesOn: '2025-10-10',
    })
  })
})

describe('the bundled rule: S ≤ L − P', () => {
  it('S = L − P passes; S = L − P + 1 is refused with S, L, P and L − P', () => {
    expect(checkPublish(need({ serviceLimitDays: 10 }), item, config, calendar, TODAY).ok).toBe(true)
    const c = checkPublish(need({ serviceLimitDays: 11 }), item, config, calendar, TODAY)
    expect(c.ok).toBe(false)
    expect(c.violations).toEqual([
      {
        key: 'needs.publish.serviceLimitExceedsBudget',
        field: 'serviceLimitDays',
        params: { S: 11, L: 20, P: 10, budget: 10 },
      },
    ])
  })
  it('when P = L no service time is left at all', () => {
    const c = checkPublish(
      need({ serviceLimitDays: 1 }),
      { statutoryDays: 15, committedDays: 15 },
      config,
      calendar,
      TODAY,
    )
    expect(c.violations).toEqual([
      {
        key: 'needs.publish.serviceLimitExceedsBudget',
        field: 'serviceLimitDays',
        params: { S: 1, L: 15, P: 15, budget: 0 },
      },
    ])
  })
  it('S must be a whole number of working days ≥ 1', () => {
    for (const S of [0, -3, 2.5]) {
      expect(keys(checkPublish(need({ serviceLimitDays: S }), item, config, calendar, TODAY))).toEqual([
        'needs.publish.serviceLimitInvalid',
      ])
    }
  })
  it('a need without an approval item cannot be published', () => {
    expect(checkPublish(need(), null, config, calendar, TODAY).violations).toEqual([
      { key: 'needs.publish.approvalItemMissing', field: 'approvalItemId', params: {} },
    ])
  })
})

describe('the registration window, in working days', () => {
  it('across the National Day holiday: published 2025-09-29, three working days close on 2025-10-10', () => {
    for (let d = '2025-10-01'; d <= '2025-10-08'; d = addCalendarDays(d, 1))
      expect(calendar.isWorkingDay(d), d).toBe(false)
    expect(calendar.isWorkingDay('2025-09-30')).toBe(true)
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true)
    expect(windowCloses(TODAY, 3, calendar)).toBe('2025-10-10')
  })
  it('closing on 2025-10-09 is only 2 working days: refused with the numbers and the earliest allowed date', () => {
    const c = checkPublish(need({ registrationClosesOn: '2025-10-09' }), item, config, calendar, TODAY)
    expect(c.windowWorkingDays).toBe(2)
    expect(c.violations).toEqual([
      {
        key: 'needs.publish.windowTooShort',
        field: 'registrationClosesOn',
        params: { closesOn: '2025-10-09', days: 2, minDays: 3, earliestClosesOn: '2025-10-10' },
      },
    ])
    // Nine calendar days but a single working day (09-30): counting calendar days would wrongly pass.
    expect(
      checkPublish(need({ registrationClosesOn: '2025-10-08' }), item, config, calendar, TODAY).windowWorkingDays,
    ).toBe(1)
  })
  it('the publish day does not count; a closing date today or in the past is refused', () => {
    expect(
      checkPublish(need({ registrationClosesOn: TODAY }), item, config, calendar, TODAY).violations[0].params,
    ).toMatchObject({ days: 0 })
    // Back to Friday 09-26: minus the make-up Sunday 09-28 and Monday 09-29.
    expect(
      checkPublish(need({ registrationClosesOn: '2025-09-26' }), item, config, calendar, TODAY).violations[0].params,
    ).toMatchObject({ days: -2 })
  })
  it('the minimum comes from the config', () => {
    const five = { ...config, minRegistrationWorkingDays: 5 }
    const c = checkPublish(need(), item, five, calendar, TODAY)
    expect(c.violations[0]).toMatchObject({
      key: 'needs.publish.windowTooShort',
      params: { days: 3, minDays: 5, earliestClosesOn: '2025-10-13' },
    })
    // 09-30, 10-09, 10-10, the make-up Saturday 10-11, then (Sunday 10-12 off) Monday 10-13.
    expect(windowCloses(TODAY, 5, calendar)).toBe('2025-10-13')
  })
  it('a closing date that is not a real date, or beyond the known calendar, is refused', () => {
    expect(
      checkPublish(need({ registrationClosesOn: '2025-02-30' }), item, config, calendar, TODAY).violations,
    ).toEqual([
      { key: 'needs.publish.closingDateInvalid', field: 'registrationClosesOn', params: { date: '2025-02-30' } },
    ])
    const beyond = `${calendar.lastYear + 1}-01-05`
    const c = checkPublish(need({ registrationClosesOn: beyond }), item, config, calendar, TODAY)
    expect(c.violations).toEqual([
      {
        key: 'needs.publish.closingDateOutsideCalendar',
        field: 'registrationClosesOn',
        params: { date: beyond, firstYear: calendar.firstYear, lastYear: calendar.lastYear },
      },
    ])
    expect(c.closesOn).toBe(beyond)
    expect(c.windowWorkingDays).toBeNull()
  })
  it('bids are accepted through the whole closing day, Asia/Shanghai', () => {
    const deadline = registrationDeadline('2025-10-10')
    expect(deadline.toISOString()).toBe('2025-10-10T16:00:00.000Z') // 2025-10-11 00:00 in Shanghai
  })
})

describe('price ceiling and method', () => {
  it('direct selection up to the threshold inclusive; one fen over is refused with both numbers', () => {
    expect(
      checkPublish(need({ method: 'direct', priceCeilingFen: 10_000_000 }), item, config, calendar, TODAY).ok,
    ).toBe(true)
    expect(
      checkPublish(need({ method: 'direct', priceCeilingFen: 10_000_001 }), item, config, calendar, TODAY).violations,
    ).toEqual([
      {
        key: 'needs.publish.directAboveThreshold',
        field: 'method',
        params: { ceilingFen: 10_000_001, thresholdFen: 10_000_000 },
      },
    ])
  })
  it('after a failed round direct selection is allowed at any amount', () => {
    expect(
      checkPublish(
        need({ method: 'direct', priceCeilingFen: 50_000_000, afterFailedRound: true }),
        item,
        config,
        calendar,
        TODAY,
      ).ok,
    ).toBe(true)
  })
  it('the threshold comes from the config', () => {
    const low = { ...config, directSelectionThresholdFen: 1_000_000 }
    expect(
      keys(checkPublish(need({ method: 'direct', priceCeilingFen: 5_000_000 }), item, low, calendar, TODAY)),
    ).toEqual(['needs.publish.directAboveThreshold'])
  })
  it('a ceiling may be absent only for direct selection', () => {
    expect(checkPublish(need({ method: 'direct', priceCeilingFen: null }), item, config, calendar, TODAY).ok).toBe(true)
    for (const method of ['random', 'lowest_price', 'comprehensive'] as const) {
      const c = checkPublish(
        need({ method, priceCeilingFen: null, weights: { price: 40, credit: 30, rating: 20, days: 10 } }),
        item,
        config,
        calendar,
        TODAY,
      )
      expect(c.violations).toEqual([
        { key: 'needs.publish.priceCeilingMissing', field: 'priceCeilingFen', params: { method } },
      ])
    }
  })
  it('a ceiling is a whole number of fen above zero', () => {
    for (const ceilingFen of [0, -100, 12.5]) {
      expect(checkPublish(need({ priceCeilingFen: ceilingFen }), item, config, calendar, TODAY).violations).toEqual([
        { key: 'needs.publish.priceCeilingInvalid', field: 'priceCeilingFen', params: { ceilingFen } },
      ])
    }
  })
})

describe('qualification requirement', () => {
  it('a service type that requires a qualification needs one set on the need', () => {
    expect(checkPublish(need({ qualification: null }), item, config, calendar, TODAY).violations).toEqual([
      { key: 'needs.publish.qualificationMissing', field: 'qualificationTypeId', params: { serviceTypeId: 'st-eia' } },
    ])
  })
  it('the qualification set must be one the service type accepts', () => {
    expect(
      checkPublish(
        need({ qualification: { qualificationTypeId: 'qt-survey', maxLevelRank: null } }),
        item,
        config,
        calendar,
        TODAY,
      ).violations,
    ).toEqual([
      {
        key: 'needs.publish.qualificationNotAccepted',
        field: 'qualificationTypeId',
        params: { qualificationTypeId: 'qt-survey', serviceTypeId: 'st-eia' },
      },
    ])
  })
  it('a service type without a required qualification may have none, or any the owner chooses', () => {
    const free = { id: 'st-consult', qualificationTypeIds: [] }
    expect(checkPublish(need({ serviceType: free, qualification: null }), item, config, calendar, TODAY).ok).toBe(true)
    expect(
      checkPublish(
        need({ serviceType: free, qualification: { qualificationTypeId: 'qt-any', maxLevelRank: 1 } }),
        item,
        config,
        calendar,
        TODAY,
      ).ok,
    ).toBe(true)
  })
})

describe('comprehensive weights are published with the need', () => {
  it('must be present and add up to 100', () => {
    expect(
      checkPublish(
        need({ method: 'comprehensive', weights: { price: 50, credit: 20, rating: 20, days: 10 } }),
        item,
        config,
        calendar,
        TODAY,
      ).ok,
    ).toBe(true)
    expect(
      checkPublish(
        need({ method: 'comprehensive', weights: { price: 50, credit: 20, rating: 20, days: 5 } }),
        item,
        config,
        calendar,
        TODAY,
      ).violations,
    ).toEqual([
      {
        key: 'needs.publish.weightsInvalid',
        field: 'weights',
        params: { price: 50, credit: 20, rating: 20, days: 5, sum: 95 },
      },
    ])
    expect(keys(checkPublish(need({ method: 'comprehensive', weights: null }), item, config, calendar, TODAY))).toEqual(
      ['needs.publish.weightsMissing'],
    )
  })
})

describe('all violations at once', () => {
  it('lists every broken rule, nothing short-circuits', () => {
    const c = checkPublish(
      need({
        serviceLimitDays: 12,
        registrationClosesOn: '2025-09-30',
        priceCeilingFen: null,
        method: 'comprehensive',
        weights: { price: 10, credit: 10, rating: 10, days: 10 },
        qualification: null,
      }),
      item,
      config,
      calendar,
      TODAY,
    )
    expect(c.ok).toBe(false)
    expect(keys(c)).toEqual([
      'needs.publish.serviceLimitExceedsBudget',
      'needs.publish.windowTooShort',
      'needs.publish.priceCeilingMissing',
      'needs.publish.qualificationMissing',
      'needs.publish.weightsInvalid',
    ])
    expect(c.violations[1].params).toMatchObject({ days: 1, minDays: 3 })
    const direct = checkPublish(
      need({ method: 'direct', priceCeilingFen: 20_000_000, qualification: null, serviceLimitDays: 0 }),
      null,
      config,
      calendar,
      TODAY,
    )
    expect(keys(direct)).toEqual([
      'needs.publish.serviceLimitInvalid',
      'needs.publish.approvalItemMissing',
      'needs.publish.directAboveThreshold',
      'needs.publish.qualificationMissing',
    ])
  })
})

describe('deadlines after the window', () => {
  it('publicity: 3 working days after the selection day (a make-up Saturday counts)', () => {
    // Selected 2025-09-30: 10-01…08 off, then 10-09, 10-10 and the make-up Saturday 10-11.
    expect(publicityEnds('2025-09-30', config, calendar)).toBe('2025-10-11')
    expect(publicityEnds('2025-10-13', config, calendar)).toBe('2025-10-16')
    expect(publicityEnds('2025-10-13', { ...config, publicityWorkingDays: 5 }, calendar)).toBe('2025-10-20')
  })
  it('contract: signed within 5 working days of the award', () => {
    // Awarded Friday 2025-09-26: 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10.
    expect(contractDue('2025-09-26', config, calendar)).toBe('2025-10-10')
    // Over the 2026 Spring Festival (02-15 … 02-23 off, 02-14 and 02-28 make-up Saturdays).
    expect(contractDue('2026-02-12', config, calendar)).toBe('2026-02-26')
    expect(contractDue('2026-02-12', { ...config, contractSigningWorkingDays: 1 }, calendar)).toBe('2026-02-13')
  })
  it('windowCloses counts from the day after publishing, skipping weekends', () => {
    expect(windowCloses('2025-10-17', 3, calendar)).toBe('2025-10-22') // Fri → Mon, Tue, Wed
    expect(windowCloses('2025-10-17', 0, calendar)).toBe('2025-10-17')
  })
})
