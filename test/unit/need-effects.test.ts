/**
 * applyNeedDecision never drops an effect silently: the credit, payment and bundled-clock
 * effects of areas that do not exist yet (contracts, payments, the clock, credit) are refused
 * with `EffectNotYetApplicable` before anything is written — the transaction below fails the
 * test if it is touched at all.
 */
import { describe, expect, it } from 'vitest'
import type { Db } from '#db/client.server'
import type { NeedRow } from '~/domain/needs/need-access.server'
import { applyNeedDecision, EffectNotYetApplicable } from '~/domain/needs/need-effects.server'
import { decideNeed, type NeedAction, type NeedFacts, type NeedState } from '~/domain/needs/need-lifecycle'
import { systemActor } from '~/utils/audit.server'

const OWNER = 'org-owner'
const WINNER = 'agency-win'

/** A transaction that must not be used: any access throws. */
const untouchable = new Proxy({} as Db, {
  get(_, property) {
    throw new Error(`the transaction was used (${String(property)})`)
  },
})

function facts(state: NeedState, role: 'owner' | 'agency' | 'regulator', over: Partial<NeedFacts> = {}): NeedFacts {
  return {
    actor: {
      role,
      organisationId: role === 'owner' ? OWNER : role === 'agency' ? WINNER : 'reg-1',
      supervisedServiceTypeIds: role === 'regulator' ? ['st-eia'] : [],
    },
    today: '2025-11-20',
    need: {
      state,
      ownerOrganisationId: OWNER,
      serviceTypeId: 'st-eia',
      method: 'lowest_price',
      registrationClosesOn: '2025-10-10',
      bidderAgencyIds: [WINNER],
    },
    reason: '理由',
    winner: { bidId: 'bid-win', agencyId: WINNER, quoteFen: 8_000_000, requiresJustification: false, justificationAttached: false },
    contract: { signed: true, dueOn: '2025-10-22', priceFen: 8_000_000, escrowHeldFen: 8_000_000, pauseRequested: false },
    rating: { quality: 5, timeliness: 4, attitude: 5, fee: 3 },
    ruling: { partyAtFault: 'agency', refundFen: 6_000_000, releaseFen: 2_000_000 },
    ...over,
  }
}

const cases: [NeedAction, NeedState, 'owner' | 'agency' | 'regulator', string][] = [
  ['start_service', 'awarded', 'owner', 'clock.started'],
  ['request_pause', 'in_service', 'agency', 'clock.pause_requested'],
  ['accept', 'delivered', 'owner', 'payments.escrow.release'],
  ['rate', 'accepted', 'owner', 'credit.rating'],
  ['terminate', 'in_service', 'regulator', 'credit.terminated_at_fault'],
]

describe('applyNeedDecision and the effects of areas still to come', () => {
  it.each(cases)('%s from %s: refused as %s, nothing written', async (action, state, role, effect) => {
    const f = facts(state, role)
    // start_service is the system's: the table names who may take each action.
    const decision = decideNeed(action, action === 'start_service' ? { ...f, actor: { role: 'system', organisationId: null, supervisedServiceTypeIds: [] } } : f)
    if (!decision.ok) throw new Error(`refused: ${decision.reason}`)
    const need = { id: 'need-1', state, round: 1 } as NeedRow
    const applying = applyNeedDecision(untouchable, { need, facts: f, actor: systemActor }, decision)
    await expect(applying).rejects.toBeInstanceOf(EffectNotYetApplicable)
    await expect(applying).rejects.toMatchObject({ effect })
  })
})
