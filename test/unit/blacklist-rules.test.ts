import { describe, expect, it } from 'vitest'
import {
  barsOn,
  decideEntry,
  defaultEndsOn,
  type AppealStatus,
  type BlacklistPeriod,
  type BlacklistStatus,
  type EntryAction,
} from '~/domain/blacklist/blacklist-rules'
import { eligibility, type EligibilityAgency } from '~/domain/agencies/eligibility'

const entry = (over: Partial<BlacklistPeriod> = {}): BlacklistPeriod => ({
  status: 'in_force',
  scope: 'service_types',
  serviceTypeIds: ['st-a'],
  startsOn: '2026-03-02',
  endsOn: '2027-03-01',
  ...over,
})

describe('the scope rule', () => {
  it('bars in scope from the first through the last day, inclusive', () => {
    expect(barsOn(entry(), 'st-a', '2026-03-01')).toBe(false)
    expect(barsOn(entry(), 'st-a', '2026-03-02')).toBe(true)
    expect(barsOn(entry(), 'st-a', '2027-03-01')).toBe(true)
    expect(barsOn(entry(), 'st-a', '2027-03-02')).toBe(false)
  })
  it('leaves service types out of scope alone; scope all covers every type', () => {
    expect(barsOn(entry(), 'st-b', '2026-06-01')).toBe(false)
    expect(barsOn(entry({ scope: 'all', serviceTypeIds: [] }), 'st-b', '2026-06-01')).toBe(true)
  })
  it('a permanent entry never runs out', () => {
    expect(barsOn(entry({ endsOn: null }), 'st-a', '2099-12-31')).toBe(true)
  })
  it('an expired or lifted entry bars nothing, even inside its period', () => {
    expect(barsOn(entry({ status: 'expired' }), 'st-a', '2026-06-01')).toBe(false)
    expect(barsOn(entry({ status: 'lifted' }), 'st-a', '2026-06-01')).toBe(false)
  })
  it('defaults to one year: the day before the same date next year', () => {
    expect(defaultEndsOn('2026-03-02')).toBe('2027-03-01')
    expect(defaultEndsOn('2026-01-01')).toBe('2026-12-31')
    expect(defaultEndsOn('2028-02-29')).toBe('2029-02-27')
    expect(defaultEndsOn('2027-03-01')).toBe('2028-02-29')
  })
})

describe('eligibility with a blacklist', () => {
  const agency = (blacklist: EligibilityAgency['blacklist']): EligibilityAgency => ({
    status: 'active',
    serviceTypeIds: ['st-a', 'st-b'],
    qualifications: [],
    blacklist,
  })
  const need = (serviceTypeId: string) => ({ serviceTypeId, qualificationTypeIds: [] })
  it('refuses in scope with the reason blacklisted, and allows out of scope', () => {
    expect(eligibility(agency([entry()]), need('st-a'), '2026-06-01')).toEqual({
      eligible: false,
      reason: 'blacklisted',
    })
    expect(eligibility(agency([entry()]), need('st-b'), '2026-06-01')).toEqual({ eligible: true, expiringOn: null })
    expect(eligibility(agency([entry()]), need('st-a'), '2027-03-02')).toEqual({ eligible: true, expiringOn: null })
  })
})

const statuses: BlacklistStatus[] = ['in_force', 'expired', 'lifted']
const appeals: AppealStatus[] = ['not_filed', 'pending', 'upheld', 'rejected']
const actions: EntryAction[] = [
  { kind: 'expire', today: '2027-03-02' },
  { kind: 'lift' },
  { kind: 'appeal' },
  { kind: 'decideAppeal', decision: 'upheld' },
  { kind: 'decideAppeal', decision: 'rejected' },
]

/** The whole table: every state pair × every action, the expected outcome written out. */
function expected(status: BlacklistStatus, appeal: AppealStatus, action: EntryAction): string {
  switch (action.kind) {
    case 'expire':
      return status === 'in_force' ? `expired/${appeal}` : 'notInForce'
    case 'lift':
      return status === 'in_force' ? `lifted/${appeal}` : 'notInForce'
    case 'appeal':
      if (appeal !== 'not_filed') return 'alreadyAppealed'
      return status === 'in_force' ? `in_force/pending` : 'notInForce'
    case 'decideAppeal':
      if (appeal !== 'pending') return 'noPendingAppeal'
      if (action.decision === 'rejected') return `${status}/rejected`
      return `${status === 'in_force' ? 'lifted' : status}/upheld`
  }
}

describe('the entry state machine', () => {
  for (const status of statuses)
    for (const appeal of appeals)
      for (const action of actions)
        it(`${status}/${appeal} + ${action.kind}${'decision' in action ? ` ${action.decision}` : ''}`, () => {
          const d = decideEntry({ status, endsOn: '2027-03-01', appealStatus: appeal }, action)
          expect(d.ok ? `${d.status}/${d.appealStatus}` : d.refusal).toBe(expected(status, appeal, action))
        })

  it('expiry only after the last day, never for a permanent entry', () => {
    const e = { status: 'in_force', endsOn: '2027-03-01', appealStatus: 'not_filed' } as const
    expect(decideEntry(e, { kind: 'expire', today: '2027-03-01' })).toEqual({ ok: false, refusal: 'notDue' })
    expect(decideEntry(e, { kind: 'expire', today: '2027-03-02' })).toMatchObject({ ok: true, status: 'expired' })
    expect(decideEntry({ ...e, endsOn: null }, { kind: 'expire', today: '2099-01-01' })).toEqual({
      ok: false,
      refusal: 'permanent',
    })
  })
  it('one appeal per entry: a decided appeal cannot be filed again', () => {
    const filed = decideEntry({ status: 'in_force', endsOn: null, appealStatus: 'not_filed' }, { kind: 'appeal' })
    expect(filed).toMatchObject({ ok: true, appealStatus: 'pending' })
    const rejected = decideEntry(
      { status: 'in_force', endsOn: null, appealStatus: 'pending' },
      { kind: 'decideAppeal', decision: 'rejected' },
    )
    expect(rejected).toMatchObject({ ok: true, status: 'in_force', appealStatus: 'rejected' })
    expect(decideEntry({ status: 'in_force', endsOn: null, appealStatus: 'rejected' }, { kind: 'appeal' })).toEqual({
      ok: false,
      refusal: 'alreadyAppealed',
    })
  })
})
