import { describe, expect, it } from 'vitest'
import { duesOf, flaggedForRegulator, partyOrder, regulatorOrder, type ContractSnapshot, type ListOrderKey } from '~/domain/contracts/contract-lists'

const TODAY = '2026-04-01'
const base: ContractSnapshot = {
  state: 'awarded',
  ownerSigned: false,
  agencySigned: false,
  signDueOn: '2026-04-03',
  collectStatus: 'unpaid',
  proposalBy: null,
  clock: null,
}
const clock = (over: Partial<NonNullable<ContractSnapshot['clock']>> = {}): NonNullable<ContractSnapshot['clock']> => ({
  phase: 'agency',
  pendingPauseRequest: false,
  approvalSubmitted: false,
  approvalDecided: false,
  agencyLight: 'green',
  totalLight: 'green',
  ...over,
})

describe('duesOf', () => {
  it('signing: each party until it has signed, only before the deadline passes', () => {
    expect(duesOf('owner', base, TODAY)).toEqual(['sign'])
    expect(duesOf('agency', base, TODAY)).toEqual(['sign'])
    expect(duesOf('owner', { ...base, ownerSigned: true }, TODAY)).toEqual([])
    expect(duesOf('agency', { ...base, ownerSigned: true }, TODAY)).toEqual(['sign'])
    expect(duesOf('owner', base, '2026-04-04')).toEqual([])
  })
  it('paying: the owner once both signed, again after a failed payment, not while processing or paid', () => {
    const signed = { ...base, ownerSigned: true, agencySigned: true }
    expect(duesOf('owner', signed, TODAY)).toEqual(['pay'])
    expect(duesOf('owner', { ...signed, collectStatus: 'failed' }, TODAY)).toEqual(['pay'])
    expect(duesOf('owner', { ...signed, collectStatus: 'processing' }, TODAY)).toEqual([])
    expect(duesOf('owner', { ...signed, collectStatus: 'paid' }, TODAY)).toEqual([])
    expect(duesOf('agency', signed, TODAY)).toEqual([])
  })
  it('the service: the agency delivers; the owner answers a pause request and reviews a delivery', () => {
    const running = { ...base, state: 'in_service' as const, ownerSigned: true, agencySigned: true, collectStatus: 'paid' as const, clock: clock() }
    expect(duesOf('agency', running, TODAY)).toEqual(['deliver'])
    expect(duesOf('owner', running, TODAY)).toEqual([])
    expect(duesOf('owner', { ...running, clock: clock({ pendingPauseRequest: true }) }, TODAY)).toEqual(['confirmPause'])
    expect(duesOf('owner', { ...running, state: 'delivered' }, TODAY)).toEqual(['reviewDelivery'])
    expect(duesOf('agency', { ...running, state: 'paused' }, TODAY)).toEqual([])
  })
  it('after acceptance: the owner records the submission, then the decision, and rates', () => {
    const accepted = { ...base, state: 'accepted' as const, clock: clock({ phase: 'owner_review' }) }
    expect(duesOf('owner', accepted, TODAY)).toEqual(['submitApproval', 'rate'])
    expect(duesOf('owner', { ...accepted, clock: clock({ approvalSubmitted: true }) }, TODAY)).toEqual(['recordApproval', 'rate'])
    expect(duesOf('owner', { ...accepted, clock: clock({ approvalSubmitted: true, approvalDecided: true }) }, TODAY)).toEqual(['rate'])
    expect(duesOf('owner', { ...accepted, state: 'closed' }, TODAY)).toEqual([])
  })
  it('a proposal to end the contract is due from the other party only, while the contract is live', () => {
    const running = { ...base, state: 'in_service' as const, clock: clock(), proposalBy: 'agency' as const }
    expect(duesOf('owner', running, TODAY)).toEqual(['answerTermination'])
    expect(duesOf('agency', running, TODAY)).toEqual(['deliver'])
    expect(duesOf('agency', { ...running, proposalBy: 'owner' }, TODAY)).toEqual(['deliver', 'answerTermination'])
    expect(duesOf('owner', { ...running, state: 'terminated' }, TODAY)).toEqual([])
  })
})

describe('flaggedForRegulator', () => {
  it('a live contract whose agency or total light is yellow or red', () => {
    const s = { state: 'in_service' as const }
    expect(flaggedForRegulator({ ...s, clock: clock() })).toBe(false)
    expect(flaggedForRegulator({ ...s, clock: clock({ agencyLight: 'yellow' }) })).toBe(true)
    expect(flaggedForRegulator({ ...s, clock: clock({ totalLight: 'red' }) })).toBe(true)
    expect(flaggedForRegulator({ ...s, clock: null })).toBe(false)
    expect(flaggedForRegulator({ state: 'terminated', clock: clock({ agencyLight: 'red' }) })).toBe(false)
    expect(flaggedForRegulator({ state: 'accepted', clock: clock({ phase: 'decided', totalLight: 'red' }) })).toBe(false)
    expect(flaggedForRegulator({ state: 'accepted', clock: clock({ phase: 'approval', totalLight: 'yellow' }) })).toBe(true)
  })
})

describe('list order', () => {
  const key = (over: Partial<ListOrderKey>): ListOrderKey => ({ dues: [], dueOn: null, totalLight: null, createdAt: '2026-03-01T00:00:00.000Z', ...over })
  it('parties: something due first, then the nearest due date, no date last, then the newest', () => {
    const rows = {
      dueLate: key({ dues: ['pay'], dueOn: '2026-05-01' }),
      dueNoDate: key({ dues: ['sign'] }),
      early: key({ dueOn: '2026-04-01' }),
      late: key({ dueOn: '2026-04-20' }),
      oldNoDate: key({ createdAt: '2026-01-01T00:00:00.000Z' }),
      newNoDate: key({ createdAt: '2026-02-01T00:00:00.000Z' }),
    }
    const order = Object.entries(rows).sort(([, a], [, b]) => partyOrder(a, b)).map(([k]) => k)
    expect(order).toEqual(['dueLate', 'dueNoDate', 'early', 'late', 'newNoDate', 'oldNoDate'])
  })
  it('regulator: the oldest due date first, red before yellow on the same day', () => {
    const rows = {
      yellowSameDay: key({ dueOn: '2026-03-10', totalLight: 'yellow' }),
      redSameDay: key({ dueOn: '2026-03-10', totalLight: 'red' }),
      oldest: key({ dueOn: '2026-02-01', totalLight: 'yellow' }),
      noDate: key({ totalLight: 'red' }),
    }
    const order = Object.entries(rows).sort(([, a], [, b]) => regulatorOrder(a, b)).map(([k]) => k)
    expect(order).toEqual(['oldest', 'redSameDay', 'yellowSameDay', 'noDate'])
  })
})
