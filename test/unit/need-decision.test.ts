import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { Conflict, Forbidden, RuleViolation } from '~/domain/errors'
import { enforce, needFactsOf, refused } from '~/domain/needs/need-decision'
import type { NeedDecision, NeedRefusal } from '~/domain/needs/need-lifecycle'

const refusal = (reason: NeedRefusal, params?: Record<string, string | number>): NeedDecision =>
  params ? { ok: false, reason, params } : { ok: false, reason }

function thrown(run: () => void): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('nothing thrown')
}

afterEach(() => resetClock())

describe('enforce', () => {
  it('lets an allowed decision through', () => {
    const ok: NeedDecision = {
      ok: true,
      next: 'open',
      effects: {
        notify: [],
        audit: { event: 'need.published', payload: {} },
        credit: [],
        payments: [],
        clock: null,
        followUps: [],
      },
    }
    expect(() => enforce(ok)).not.toThrow()
  })

  it('maps the common refusals the same way for every module', () => {
    const custom = () => new Conflict('custom.never')
    for (const map of [undefined, custom]) {
      const forbidden = thrown(() => enforce(refusal('forbidden'), map))
      expect(forbidden).toBeInstanceOf(Forbidden)
      expect(forbidden).toMatchObject({ status: 403, messageKey: 'errors.forbidden' })
      const wrongState = thrown(() => enforce(refusal('wrongState', { state: 'open' }), map))
      expect(wrongState).toBeInstanceOf(Conflict)
      expect(wrongState).toMatchObject({
        status: 409,
        messageKey: 'needs.errors.wrongState',
        params: { state: 'open' },
      })
      const reason = thrown(() => enforce(refusal('reasonRequired'), map))
      expect(reason).toBeInstanceOf(RuleViolation)
      expect(reason).toMatchObject({ status: 422, messageKey: 'needs.errors.reasonRequired', field: 'reason' })
    }
  })

  it('gives every other refusal to the module’s mapping, by default a 409 naming the reason', () => {
    const plain = thrown(() => enforce(refusal('windowOpen', { closesOn: '2025-01-02' })))
    expect(plain).toBeInstanceOf(Conflict)
    expect(plain).toMatchObject({
      status: 409,
      messageKey: 'needs.errors.refused',
      params: { closesOn: '2025-01-02', reason: 'windowOpen' },
    })
    expect(refused('noValidBid', {})).toMatchObject({
      messageKey: 'needs.errors.refused',
      params: { reason: 'noValidBid' },
    })
    const seen: [NeedRefusal, Record<string, string | number>][] = []
    const mapped = thrown(() =>
      enforce(refusal('notACandidate', { bidId: 'b' }), (reason, params) => {
        seen.push([reason, params])
        return new RuleViolation(`x.${reason}`, params, 'bidId')
      }),
    )
    expect(seen).toEqual([['notACandidate', { bidId: 'b' }]])
    expect(mapped).toMatchObject({ status: 422, messageKey: 'x.notACandidate', field: 'bidId' })
  })
})

describe('needFactsOf', () => {
  it('takes the need’s fields, today in Shanghai and the live bidders, then the extra facts', () => {
    setClock(fixedClock('2025-03-04T17:30:00Z')) // 01:30 on the 5th in Shanghai
    const actor = { role: 'system' as const, organisationId: null, supervisedServiceTypeIds: [] }
    const row = {
      id: 'n1',
      title: 'not a fact',
      state: 'evaluating' as const,
      ownerOrganisationId: 'o1',
      serviceTypeId: 's1',
      method: 'random' as const,
      registrationClosesOn: '2025-03-01',
    }
    expect(needFactsOf(actor, row, ['a1', 'a2'], { reason: 'why' })).toEqual({
      actor,
      today: '2025-03-05',
      need: {
        state: 'evaluating',
        ownerOrganisationId: 'o1',
        serviceTypeId: 's1',
        method: 'random',
        registrationClosesOn: '2025-03-01',
        bidderAgencyIds: ['a1', 'a2'],
      },
      reason: 'why',
    })
  })
})
