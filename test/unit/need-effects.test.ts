/**
 * applyNeedDecision never half-applies a decision: a decision about a contract (its follow-ups,
 * clock event, payment calls, conduct events) handed over without the contract is refused as a
 * programming error before anything is written: the transaction below fails the test if it is
 * touched at all.
 */
import { describe, expect, it } from 'vitest'
import type { Db } from '#db/client.server'
import type { NeedRow } from '~/domain/needs/need-access.server'
import { applyNeedDecision } from '~/domain/needs/need-effects.server'
import { decideNeed, type NeedAction, type NeedFacts, type NeedState } from '~/domain/needs/need-lifecycle'
import { systemActor } from '~/utils/audit.server'

const OWNER = 'org-owner'
const WINNER = 'agency-win'
const PRICE = 8_000_000

/** A transaction that must not be used: any access throws. */
const untouchable = new Proxy({} as Db, {
  get(_, property) {
    throw new Error(`the transaction was used (${String(property)})`)
  },
})

type Role = 'owner' | 'agency' | 'regulator' | 'system'
type ContractFacts = NonNullable<NeedFacts['contract']>

const signedAndPaid: ContractFacts = {
  signed: true,
  ownerSigned: true,
  agencySigned: true,
  agencyPayoutReady: true,
  dueOn: '2025-10-22',
  priceFen: PRICE,
  escrowHeldFen: PRICE,
  collectStatus: 'paid',
  pauseRequested: false,
  terminationProposal: null,
  approvalSubmitted: false,
  approvalDecided: false,
}

function facts(state: NeedState, role: Role, over: Partial<NeedFacts> = {}): NeedFacts {
  return {
    actor: {
      role,
      organisationId: role === 'owner' ? OWNER : role === 'agency' ? WINNER : role === 'regulator' ? 'reg-1' : null,
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
    winner: {
      bidId: 'bid-win',
      agencyId: WINNER,
      quoteFen: PRICE,
      requiresJustification: false,
      justificationAttached: false,
    },
    contract: signedAndPaid,
    payment: { paymentMethod: 'pm_card_visa' },
    extension: { days: 5 },
    approval: { date: '2025-11-19', outcome: 'approved', documentNo: '环审〔2025〕12号' },
    report: { sha256: 'a'.repeat(64), fileId: 'file-1' },
    ruling: { partyAtFault: 'agency', refundFen: 6_000_000, releaseFen: 2_000_000 },
    ...over,
  }
}

function decided(action: NeedAction, f: NeedFacts) {
  const decision = decideNeed(action, f)
  if (!decision.ok) throw new Error(`${action} refused: ${decision.reason}`)
  return decision
}
const needIn = (state: NeedState) => ({ id: 'need-1', state, round: 1 }) as NeedRow

/** Every decision about a contract, with what it carries (each kind of effect is represented). */
const contractCases: [NeedAction, NeedState, Role, Partial<NeedFacts>, string][] = [
  [
    'sign_contract',
    'awarded',
    'owner',
    { contract: { ...signedAndPaid, signed: false, ownerSigned: false, dueOn: '2025-11-30' } },
    'follow-up',
  ],
  [
    'lapse_contract',
    'awarded',
    'system',
    { contract: { ...signedAndPaid, signed: false, agencySigned: false } },
    'credit',
  ],
  [
    'pay',
    'awarded',
    'owner',
    { contract: { ...signedAndPaid, escrowHeldFen: 0, collectStatus: 'unpaid' } },
    'payments',
  ],
  ['start_service', 'awarded', 'system', {}, 'clock'],
  ['request_pause', 'in_service', 'agency', {}, 'clock'],
  ['pause', 'in_service', 'owner', {}, 'clock'],
  ['resume', 'paused', 'owner', {}, 'clock'],
  ['extend', 'paused', 'owner', {}, 'clock'],
  ['deliver', 'in_service', 'agency', {}, 'clock'],
  ['return_for_revision', 'delivered', 'owner', {}, 'clock'],
  ['accept', 'delivered', 'owner', {}, 'payments'],
  ['submit_for_approval', 'accepted', 'owner', {}, 'clock'],
  [
    'record_approval_decision',
    'accepted',
    'owner',
    { contract: { ...signedAndPaid, approvalSubmitted: true } },
    'clock',
  ],
  ['propose_termination', 'in_service', 'agency', {}, 'follow-up'],
  [
    'decline_termination',
    'in_service',
    'owner',
    { contract: { ...signedAndPaid, terminationProposal: { by: 'winner', refundFen: PRICE, releaseFen: 0 } } },
    'follow-up',
  ],
  [
    'agree_termination',
    'delivered',
    'owner',
    { contract: { ...signedAndPaid, terminationProposal: { by: 'winner', refundFen: PRICE, releaseFen: 0 } } },
    'payments',
  ],
  ['terminate', 'in_service', 'regulator', {}, 'credit'],
]

describe('a decision about a contract needs the contract', () => {
  it.each(contractCases)(
    '%s from %s by the %s without the contract: refused before anything is written',
    async (action, state, role, over, carries) => {
      const f = facts(state, role, over)
      const decision = decided(action, f)
      // The case exercises what it says it does.
      const { effects } = decision
      if (carries === 'clock') expect(effects.clock).not.toBeNull()
      if (carries === 'payments') expect(effects.payments.length).toBeGreaterThan(0)
      if (carries === 'credit') expect(effects.credit.length).toBeGreaterThan(0)
      if (carries === 'follow-up') expect(effects.followUps.length).toBeGreaterThan(0)
      const applying = applyNeedDecision(untouchable, { need: needIn(state), facts: f, actor: systemActor }, decision)
      await expect(applying).rejects.toThrow(/without the contract/)
      await expect(applying).rejects.not.toThrow(/the transaction was used/)
    },
  )
  it('the only-clock and only-payment decisions are among them (the cases the early check exists for)', () => {
    const onlyClockOrPayments = contractCases.filter(([action, state, role, over]) => {
      const d = decided(action, facts(state, role, over))
      return d.effects.followUps.length === 0 && d.effects.credit.length === 0
    })
    expect(onlyClockOrPayments.map(([a]) => a).sort()).toEqual(
      ['extend', 'pause', 'pay', 'request_pause', 'resume', 'submit_for_approval'].sort(),
    )
  })
})
