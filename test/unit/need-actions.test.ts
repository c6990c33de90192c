import { describe, expect, it } from 'vitest'
import { bidActions, windowTakesBids } from '~/domain/bidding/bid-actions'
import { offeredNeedActions, ownerNeedForms } from '~/domain/needs/need-actions'
import type { NeedFacts, NeedState } from '~/domain/needs/need-lifecycle'

const OWNER = 'org-owner'

function facts(state: NeedState, options: { role?: 'owner' | 'agency' | 'regulator'; org?: string; method?: NeedFacts['need']['method'] } = {}): NeedFacts {
  return {
    actor: { role: options.role ?? 'owner', organisationId: options.org ?? OWNER, supervisedServiceTypeIds: ['st'] },
    today: '2026-03-02',
    need: {
      state,
      ownerOrganisationId: OWNER,
      serviceTypeId: 'st',
      method: options.method ?? 'random',
      registrationClosesOn: '2026-03-06',
      bidderAgencyIds: ['agency-1'],
    },
  }
}

describe('the owner forms the need state machine allows', () => {
  it('a new need can only be saved; a draft is saved, published or cancelled', () => {
    expect(ownerNeedForms(null)).toEqual(['save'])
    expect(ownerNeedForms(facts('draft'))).toEqual(['save', 'publish', 'cancel'])
  })

  it('open: only cancelling; evaluating: cancelling, and the pick only for direct selection', () => {
    expect(ownerNeedForms(facts('open'))).toEqual(['cancel'])
    expect(ownerNeedForms(facts('evaluating'))).toEqual(['cancel'])
    expect(ownerNeedForms(facts('evaluating', { method: 'direct' }))).toEqual(['cancel', 'pick'])
  })

  it('failed: re-post or switch to direct; publicity and later: nothing', () => {
    expect(ownerNeedForms(facts('failed'))).toEqual(['repost', 'switchToDirect'])
    for (const state of ['publicity', 'awarded', 'cancelled', 'closed'] as const) expect(ownerNeedForms(facts(state))).toEqual([])
  })

  it("another organisation's owner, an agency or a regulator is offered none of the owner's actions", () => {
    expect(ownerNeedForms(facts('draft', { org: 'org-other' }))).toEqual([])
    expect(offeredNeedActions(facts('draft', { role: 'agency', org: 'agency-1' }), ['publish', 'cancel'])).toEqual([])
    expect(offeredNeedActions(facts('evaluating', { role: 'regulator', org: 'dept' }), ['cancel', 'select'])).toEqual([])
  })

  it('offers what the state and the role allow, whatever the action still needs (a reason, the publish check)', () => {
    expect(offeredNeedActions(facts('publicity', { role: 'agency', org: 'agency-1' }), ['file_objection'])).toEqual(['file_objection'])
    expect(offeredNeedActions(facts('publicity', { role: 'regulator', org: 'dept' }), ['uphold_objection', 'reject_objection'])).toEqual([
      'uphold_objection',
      'reject_objection',
    ])
  })
})

describe('the bid forms an agency may use', () => {
  const open = { state: 'open' as const, registrationClosesOn: '2026-03-06', now: new Date('2026-03-06T15:59:59Z') }
  const late = { ...open, now: new Date('2026-03-06T16:00:00Z') } // 00:00 on 7 March in Shanghai

  it('the window takes bids through the whole closing day (Asia/Shanghai), and only while open', () => {
    expect(windowTakesBids(open)).toBe(true)
    expect(windowTakesBids(late)).toBe(false)
    expect(windowTakesBids({ ...open, state: 'evaluating' })).toBe(false)
  })

  it('a new bid when eligible and none is live; revise and withdraw a live one; nothing after the window', () => {
    expect(bidActions({ ...open, hasLiveBid: false, ineligibleReason: null })).toEqual(['submit'])
    expect(bidActions({ ...open, hasLiveBid: true, ineligibleReason: null })).toEqual(['revise', 'withdraw'])
    expect(bidActions({ ...late, hasLiveBid: true, ineligibleReason: null })).toEqual([])
    expect(bidActions({ ...open, state: 'cancelled', hasLiveBid: false, ineligibleReason: null })).toEqual([])
  })

  it('an ineligible agency may not bid or revise, but may still withdraw its live bid', () => {
    expect(bidActions({ ...open, hasLiveBid: false, ineligibleReason: 'qualificationExpired' })).toEqual([])
    expect(bidActions({ ...open, hasLiveBid: true, ineligibleReason: 'qualificationExpired' })).toEqual(['withdraw'])
  })
})
