import { describe, expect, it } from 'vitest'
import { marketplaceConfig } from '~/domain/config'
import {
  actionsFrom,
  actorKinds,
  decideNeed,
  needActions,
  needStates,
  needStateTable,
  needTransitions,
  terminalNeedStates,
  type ActorKind,
  type NeedAction,
  type NeedActor,
  type NeedFacts,
  type NeedState,
} from '~/domain/needs/need-lifecycle'

const OWNER = 'org-owner'
const WINNER = 'agency-win'
const BIDDER = 'agency-2'
const BIDDER3 = 'agency-3'
const OUTSIDER = 'agency-out'
const EIA = 'st-eia'
const SHA = 'a'.repeat(64)

type Who = ActorKind | 'otherOwner' | 'outsiderAgency' | 'otherRegulator' | 'admin'
const everyone: readonly Who[] = [
  'owner',
  'otherOwner',
  'winner',
  'bidder',
  'outsiderAgency',
  'regulator',
  'otherRegulator',
  'admin',
  'system',
]

function actor(who: Who): NeedActor {
  const none: string[] = []
  switch (who) {
    case 'owner':
      return { role: 'owner', organisationId: OWNER, supervisedServiceTypeIds: none }
    case 'otherOwner':
      return { role: 'owner', organisationId: 'org-other', supervisedServiceTypeIds: none }
    case 'winner':
      return { role: 'agency', organisationId: WINNER, supervisedServiceTypeIds: none }
    case 'bidder':
      return { role: 'agency', organisationId: BIDDER, supervisedServiceTypeIds: none }
    case 'outsiderAgency':
      return { role: 'agency', organisationId: OUTSIDER, supervisedServiceTypeIds: none }
    case 'regulator':
      return { role: 'regulator', organisationId: 'reg-1', supervisedServiceTypeIds: [EIA] }
    case 'otherRegulator':
      return { role: 'regulator', organisationId: 'reg-2', supervisedServiceTypeIds: ['st-survey'] }
    case 'admin':
      return { role: 'admin', organisationId: 'platform', supervisedServiceTypeIds: none }
    case 'system':
      return { role: 'system', organisationId: null, supervisedServiceTypeIds: none }
  }
}

/** The actor the table names first for an action (select: the system, the method being lowest price). */
const defaultActor = (action: NeedAction): ActorKind => needTransitions[action].actors[0]

/** Today for each action, so that its date preconditions hold (window closed 10-10, publicity ends 10-15, contract due 10-22). */
const todayFor: Partial<Record<NeedAction, string>> = {
  publish: '2025-09-29',
  cancel: '2025-10-08',
  file_objection: '2025-10-14',
  uphold_objection: '2025-10-14',
  reject_objection: '2025-10-14',
}

/** Facts in which every precondition of `action` holds; only the state (and what `over` replaces) varies. */
function validFacts(action: NeedAction, state: NeedState, over: Partial<NeedFacts> & { who?: Who } = {}): NeedFacts {
  const { who, ...rest } = over
  return {
    actor: actor(who ?? defaultActor(action)),
    today: todayFor[action] ?? '2025-10-20',
    need: {
      state,
      ownerOrganisationId: OWNER,
      serviceTypeId: EIA,
      method: 'lowest_price',
      registrationClosesOn: '2025-10-10',
      bidderAgencyIds: [WINNER, BIDDER, BIDDER3],
    },
    reason: '理由',
    publishCheck: { ok: true, violations: [] },
    selection:
      action === 'fail'
        ? {
            result: {
              method: 'lowest_price',
              outcome: 'failed',
              candidateBidIds: [],
              validBidCount: 2,
              minValidBids: 3,
              requiresJustification: false,
            },
            chosenBidId: null,
            drawId: null,
          }
        : {
            result: {
              method: 'lowest_price',
              outcome: 'winner',
              candidateBidIds: ['bid-win'],
              validBidCount: 3,
              minValidBids: 3,
              requiresJustification: false,
            },
            chosenBidId: 'bid-win',
            drawId: null,
          },
    winner: {
      bidId: 'bid-win',
      agencyId: WINNER,
      quoteFen: 8_000_000,
      requiresJustification: false,
      justificationAttached: false,
    },
    publicity: {
      endsOn: '2025-10-15',
      pendingObjections: action === 'uphold_objection' || action === 'reject_objection' ? 1 : 0,
      objectedAgencyIds: [],
    },
    objection: { objectorAgencyId: BIDDER, winnerAtFault: false },
    contract: {
      signed: true,
      dueOn: '2025-10-22',
      priceFen: 8_000_000,
      escrowHeldFen: 8_000_000,
      pauseRequested: false,
    },
    report: { sha256: SHA },
    rating: { quality: 5, timeliness: 4, attitude: 5, fee: 3 },
    ruling: { partyAtFault: 'agency', refundFen: 6_000_000, releaseFen: 2_000_000 },
    failedRound: { validBidCount: 2, repostedAs: null },
    ...rest,
  }
}

/** The state each action leads to with valid facts. */
const expectedNext: Record<NeedAction, NeedState | 'same'> = {
  publish: 'open',
  close_window: 'evaluating',
  select: 'publicity',
  fail: 'failed',
  cancel: 'cancelled',
  file_objection: 'same',
  uphold_objection: 'evaluating',
  reject_objection: 'same',
  end_publicity: 'awarded',
  start_service: 'in_service',
  request_pause: 'same',
  pause: 'paused',
  resume: 'in_service',
  deliver: 'delivered',
  return_for_revision: 'in_service',
  accept: 'accepted',
  rate: 'closed',
  terminate: 'terminated',
  repost: 'same',
  switch_to_direct: 'evaluating',
}

describe('the state table', () => {
  it('covers every state × every action (13 × 20)', () => {
    expect(needStates).toHaveLength(13)
    expect(needActions).toHaveLength(20)
    expect(Object.keys(needStateTable).sort()).toEqual([...needStates].sort())
    for (const s of needStates) expect(Object.keys(needStateTable[s]).sort()).toEqual([...needActions].sort())
  })
  it('every target of the table is a known state, and the expected next state is among them', () => {
    for (const a of needActions) {
      for (const t of needTransitions[a].to) expect(needStates).toContain(t)
      const next = expectedNext[a]
      if (next !== 'same') expect(needTransitions[a].to).toContain(next)
      else expect(needTransitions[a].to).toEqual(needTransitions[a].from)
    }
  })
  it('closed, cancelled and terminated are terminal; every other state has a way on', () => {
    expect([...terminalNeedStates].sort()).toEqual(['cancelled', 'closed', 'terminated'])
    expect(actionsFrom('failed').sort()).toEqual(['repost', 'switch_to_direct'])
    expect(actionsFrom('publicity').sort()).toEqual([
      'end_publicity',
      'file_objection',
      'reject_objection',
      'uphold_objection',
    ])
  })
  it('cancel is possible only before selection', () => {
    expect(needTransitions.cancel.from).toEqual(['draft', 'open', 'evaluating'])
  })
})

describe('every state × action pair: allowed where the table says, wrongState everywhere else', () => {
  for (const state of needStates) {
    for (const action of needActions) {
      const allowed = needStateTable[state][action]
      if (allowed) {
        it(`${state} ─${action}→ ${expectedNext[action] === 'same' ? state : expectedNext[action]}`, () => {
          const d = decideNeed(action, validFacts(action, state))
          expect(d.ok, JSON.stringify(d)).toBe(true)
          if (!d.ok) return
          expect(d.next).toBe(expectedNext[action] === 'same' ? state : expectedNext[action])
          expect(allowed).toContain(d.next)
          expect(d.effects.audit.event).toMatch(/^need\./)
        })
      } else {
        it(`${state} ✗ ${action}`, () => {
          expect(decideNeed(action, validFacts(action, state))).toEqual({
            ok: false,
            reason: 'wrongState',
            params: { state },
          })
        })
      }
    }
  }
})

describe('who may: every action × every kind of actor', () => {
  for (const action of needActions) {
    const state = needTransitions[action].from[0]
    for (const who of everyone) {
      const allowed = (needTransitions[action].actors as readonly string[]).includes(who)
      it(`${action} by ${who}: ${allowed ? 'allowed' : 'forbidden'}`, () => {
        // select by the owner is direct selection: give the facts of a direct pick.
        const facts =
          action === 'select' && who === 'owner'
            ? validFacts(action, state, {
                who,
                need: { ...validFacts(action, state).need, method: 'direct' },
                selection: {
                  result: {
                    method: 'direct',
                    outcome: 'owner_pick',
                    candidateBidIds: ['bid-win', 'bid-2'],
                    validBidCount: 2,
                    minValidBids: 1,
                    requiresJustification: false,
                  },
                  chosenBidId: 'bid-win',
                  drawId: null,
                },
              })
            : validFacts(action, state, { who })
        const d = decideNeed(action, facts)
        if (allowed) expect(d.ok, JSON.stringify(d)).toBe(true)
        else expect(d).toEqual({ ok: false, reason: 'forbidden' })
      })
    }
  }
  it('the actor is checked before the state (an outsider learns nothing)', () => {
    expect(decideNeed('accept', validFacts('accept', 'draft', { who: 'outsiderAgency' }))).toEqual({
      ok: false,
      reason: 'forbidden',
    })
  })
  it('select: the system may not pick for a direct need, the owner may not pick for a price method', () => {
    const direct = validFacts('select', 'evaluating', { who: 'system' })
    direct.need = { ...direct.need, method: 'direct' }
    expect(decideNeed('select', direct)).toEqual({ ok: false, reason: 'forbidden' })
    for (const method of ['random', 'lowest_price', 'comprehensive'] as const) {
      const f = validFacts('select', 'evaluating', { who: 'owner' })
      f.need = { ...f.need, method }
      expect(decideNeed('select', f)).toEqual({ ok: false, reason: 'forbidden' })
    }
  })
  it('the winner counts as the winner, not as a bidder; a bidder without a live bid is an outsider', () => {
    const f = validFacts('file_objection', 'publicity', { who: 'winner' })
    expect(actorKinds(f)).toEqual(['winner'])
    expect(actorKinds(validFacts('file_objection', 'publicity', { who: 'bidder' }))).toEqual(['bidder'])
    expect(actorKinds(validFacts('file_objection', 'publicity', { who: 'outsiderAgency' }))).toEqual([])
    expect(actorKinds(validFacts('file_objection', 'publicity', { who: 'admin' }))).toEqual([])
  })
})

const refusal = (action: NeedAction, state: NeedState, over: Partial<NeedFacts> & { who?: Who } = {}) =>
  decideNeed(action, validFacts(action, state, over))
const effectsOf = (action: NeedAction, state: NeedState, over: Partial<NeedFacts> & { who?: Who } = {}) => {
  const d = decideNeed(action, validFacts(action, state, over))
  if (!d.ok) throw new Error(JSON.stringify(d))
  return d
}

describe('publish', () => {
  it('needs a clean publish check', () => {
    const violation = {
      key: 'needs.publish.windowTooShort' as const,
      field: 'registrationClosesOn' as const,
      params: {},
    }
    expect(refusal('publish', 'draft', { publishCheck: { ok: false, violations: [violation, violation] } })).toEqual({
      ok: false,
      reason: 'publishRules',
      params: { count: 2 },
    })
    expect(refusal('publish', 'draft', { publishCheck: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'publishCheck' },
    })
  })
  it('opens the need, tells eligible agencies, and commits a draw seed unless the method is direct', () => {
    expect(effectsOf('publish', 'draft')).toEqual({
      ok: true,
      next: 'open',
      effects: {
        audit: { event: 'need.published', payload: { method: 'lowest_price', closesOn: '2025-10-10' } },
        notify: [{ to: 'eligibleAgencies', key: 'needs.notify.needPublished' }],
        credit: [],
        payments: [],
        clock: null,
        followUps: [{ type: 'draw.commitSeed' }],
      },
    })
    const direct = validFacts('publish', 'draft')
    direct.need = { ...direct.need, method: 'direct' }
    const d = decideNeed('publish', direct)
    expect(d.ok && d.effects.followUps).toEqual([])
  })
})

describe('close_window', () => {
  it('only after the closing day (bids are accepted through the whole last day)', () => {
    expect(refusal('close_window', 'open', { today: '2025-10-10' })).toEqual({
      ok: false,
      reason: 'windowOpen',
      params: { closesOn: '2025-10-10' },
    })
    expect(refusal('close_window', 'open', { today: '2025-10-11' })).toMatchObject({ ok: true, next: 'evaluating' })
  })
  it('unseals the bids and tells the owner and the bidders', () => {
    const d = effectsOf('close_window', 'open')
    expect(d.effects.followUps).toEqual([{ type: 'bids.unseal' }])
    expect(d.effects.notify.map((x) => x.to)).toEqual(['owner', 'bidders'])
    expect(d.effects.audit).toEqual({ event: 'need.window_closed', payload: { bids: 3 } })
  })
})

describe('select', () => {
  const result = (over: Partial<NonNullable<NeedFacts['selection']>['result']>) => ({
    method: 'lowest_price' as const,
    outcome: 'winner' as const,
    candidateBidIds: ['bid-win'],
    validBidCount: 3,
    minValidBids: 3,
    requiresJustification: false,
    ...over,
  })
  it('a sole winner: the system records it; publicity starts with the winner set', () => {
    const d = effectsOf('select', 'evaluating')
    expect(d.next).toBe('publicity')
    expect(d.effects.audit).toEqual({
      event: 'need.selected',
      payload: {
        bidId: 'bid-win',
        method: 'lowest_price',
        outcome: 'winner',
        drawId: null,
        requiresJustification: false,
        reason: '理由',
      },
    })
    expect(d.effects.notify).toEqual([
      { to: 'owner', key: 'needs.notify.resultPublished' },
      { to: 'winner', key: 'needs.notify.selected' },
      { to: 'losingBidders', key: 'needs.notify.notSelected' },
    ])
    expect(d.effects.followUps).toEqual([{ type: 'winner.set', bidId: 'bid-win', requiresJustification: false }])
  })
  it('refuses a result of another method, a failed result, a pick outside the candidates', () => {
    expect(
      refusal('select', 'evaluating', {
        selection: { result: result({ method: 'random' }), chosenBidId: 'bid-win', drawId: 'd' },
      }),
    ).toEqual({
      ok: false,
      reason: 'selectionMismatch',
      params: { method: 'lowest_price' },
    })
    expect(
      refusal('select', 'evaluating', {
        selection: {
          result: result({ outcome: 'failed', candidateBidIds: [], validBidCount: 2 }),
          chosenBidId: null,
          drawId: null,
        },
      }),
    ).toEqual({
      ok: false,
      reason: 'tooFewValidBids',
      params: { valid: 2, min: 3 },
    })
    expect(
      refusal('select', 'evaluating', { selection: { result: result({}), chosenBidId: 'bid-2', drawId: null } }),
    ).toEqual({ ok: false, reason: 'notACandidate' })
    expect(
      refusal('select', 'evaluating', { selection: { result: result({}), chosenBidId: null, drawId: null } }),
    ).toEqual({ ok: false, reason: 'notACandidate' })
    expect(refusal('select', 'evaluating', { selection: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'selection' },
    })
  })
  it('a tie or a random method needs the verifiable draw that picked the winner', () => {
    const tie = result({ outcome: 'draw', candidateBidIds: ['bid-win', 'bid-2'] })
    expect(
      refusal('select', 'evaluating', { selection: { result: tie, chosenBidId: 'bid-win', drawId: null } }),
    ).toEqual({ ok: false, reason: 'drawRequired' })
    const d = refusal('select', 'evaluating', { selection: { result: tie, chosenBidId: 'bid-2', drawId: 'draw-1' } })
    expect(d).toMatchObject({
      ok: true,
      next: 'publicity',
      effects: { audit: { payload: { bidId: 'bid-2', drawId: 'draw-1', outcome: 'draw' } } },
    })
    const f = validFacts('select', 'evaluating', {
      selection: {
        result: result({ method: 'random', outcome: 'draw', candidateBidIds: ['a', 'b', 'c'] }),
        chosenBidId: 'c',
        drawId: 'draw-2',
      },
    })
    f.need = { ...f.need, method: 'random' }
    expect(decideNeed('select', f)).toMatchObject({ ok: true, next: 'publicity' })
  })
  it('direct: the owner picks a valid bid with a written reason', () => {
    const f = validFacts('select', 'evaluating', {
      who: 'owner',
      reason: '  ',
      selection: {
        result: result({
          method: 'direct',
          outcome: 'owner_pick',
          candidateBidIds: ['bid-win', 'bid-2'],
          minValidBids: 1,
        }),
        chosenBidId: 'bid-2',
        drawId: null,
      },
    })
    f.need = { ...f.need, method: 'direct' }
    expect(decideNeed('select', f)).toEqual({ ok: false, reason: 'reasonRequired' })
    expect(decideNeed('select', { ...f, reason: '本地经验最丰富' })).toMatchObject({
      ok: true,
      next: 'publicity',
      effects: { audit: { payload: { bidId: 'bid-2', reason: '本地经验最丰富', outcome: 'owner_pick' } } },
    })
  })
  it('an abnormally low lowest-price winner is told to attach a cost justification; the owner is warned', () => {
    const d = effectsOf('select', 'evaluating', {
      selection: { result: result({ requiresJustification: true }), chosenBidId: 'bid-win', drawId: null },
    })
    expect(d.effects.notify).toContainEqual({ to: 'winner', key: 'needs.notify.justificationRequired' })
    expect(d.effects.notify).toContainEqual({ to: 'owner', key: 'needs.notify.abnormallyLowWinner' })
    expect(d.effects.followUps).toEqual([{ type: 'winner.set', bidId: 'bid-win', requiresJustification: true }])
  })
})

describe('fail', () => {
  it('only when the selection failed for too few valid bids', () => {
    const enough = {
      result: {
        method: 'lowest_price' as const,
        outcome: 'winner' as const,
        candidateBidIds: ['b'],
        validBidCount: 3,
        minValidBids: 3,
        requiresJustification: false,
      },
      chosenBidId: 'b',
      drawId: null,
    }
    expect(refusal('fail', 'evaluating', { selection: enough })).toEqual({
      ok: false,
      reason: 'enoughValidBids',
      params: { valid: 3, min: 3 },
    })
    expect(refusal('fail', 'evaluating', { selection: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'selection' },
    })
    const other = { ...enough, result: { ...enough.result, method: 'random' as const, outcome: 'failed' as const } }
    expect(refusal('fail', 'evaluating', { selection: other })).toEqual({
      ok: false,
      reason: 'selectionMismatch',
      params: { method: 'lowest_price' },
    })
  })
  it('records the counts and tells the owner and the bidders', () => {
    const d = effectsOf('fail', 'evaluating')
    expect(d.effects.audit).toEqual({ event: 'need.failed', payload: { validBids: 2, minValidBids: 3 } })
    expect(d.effects.notify.map((x) => x.to)).toEqual(['owner', 'bidders'])
  })
})

describe('cancel', () => {
  it('needs a reason', () => {
    expect(refusal('cancel', 'open', { reason: '' })).toEqual({ ok: false, reason: 'reasonRequired' })
    expect(refusal('cancel', 'open', { reason: undefined })).toEqual({ ok: false, reason: 'reasonRequired' })
  })
  it('a draft is cancelled quietly; with bids in, the bidders and the regulators are told and the bids are void', () => {
    const draft = effectsOf('cancel', 'draft')
    expect(draft.effects.notify).toEqual([])
    expect(draft.effects.followUps).toEqual([])
    expect(draft.effects.audit).toEqual({
      event: 'need.cancelled',
      payload: { reason: '理由', from: 'draft', bids: 0 },
    })
    const open = effectsOf('cancel', 'open')
    expect(open.effects.notify.map((x) => x.to)).toEqual(['bidders', 'regulators'])
    expect(open.effects.followUps).toEqual([{ type: 'bids.void' }])
    const f = validFacts('cancel', 'evaluating')
    f.need = { ...f.need, bidderAgencyIds: [] }
    const none = decideNeed('cancel', f)
    expect(none.ok && none.effects.notify).toEqual([])
  })
})

describe('objections during publicity', () => {
  it('a bidder files one with grounds, while publicity runs, once per round', () => {
    expect(refusal('file_objection', 'publicity', { who: 'bidder', reason: '' })).toEqual({
      ok: false,
      reason: 'reasonRequired',
    })
    expect(refusal('file_objection', 'publicity', { who: 'bidder', today: '2025-10-15' })).toMatchObject({
      ok: true,
      next: 'publicity',
    })
    expect(refusal('file_objection', 'publicity', { who: 'bidder', today: '2025-10-16' })).toEqual({
      ok: false,
      reason: 'publicityOver',
      params: { endsOn: '2025-10-15' },
    })
    expect(
      refusal('file_objection', 'publicity', {
        who: 'bidder',
        publicity: { endsOn: '2025-10-15', pendingObjections: 1, objectedAgencyIds: [BIDDER] },
      }),
    ).toEqual({
      ok: false,
      reason: 'alreadyObjected',
    })
    const d = effectsOf('file_objection', 'publicity', { who: 'bidder' })
    expect(d.effects.audit).toEqual({ event: 'need.objection_filed', payload: { agencyId: BIDDER, reason: '理由' } })
    expect(d.effects.notify.map((x) => x.to)).toEqual(['regulators', 'owner', 'winner'])
  })
  it('the winner and outsiders cannot object', () => {
    expect(refusal('file_objection', 'publicity', { who: 'winner' })).toEqual({ ok: false, reason: 'forbidden' })
    expect(refusal('file_objection', 'publicity', { who: 'outsiderAgency' })).toEqual({
      ok: false,
      reason: 'forbidden',
    })
  })
  it('a supervising regulator rules with reasons, only on a pending objection', () => {
    for (const action of ['uphold_objection', 'reject_objection'] as const) {
      expect(refusal(action, 'publicity', { reason: ' ' })).toEqual({ ok: false, reason: 'reasonRequired' })
      expect(
        refusal(action, 'publicity', {
          publicity: { endsOn: '2025-10-15', pendingObjections: 0, objectedAgencyIds: [] },
        }),
      ).toEqual({ ok: false, reason: 'noPendingObjection' })
      expect(refusal(action, 'publicity', { objection: undefined })).toEqual({
        ok: false,
        reason: 'factsMissing',
        params: { fact: 'objection' },
      })
      expect(refusal(action, 'publicity', { winner: null })).toEqual({
        ok: false,
        reason: 'factsMissing',
        params: { fact: 'winner' },
      })
    }
  })
  it('upheld: back to evaluating, the winner excluded, other objections moot; a credit event only when the winner was at fault', () => {
    const d = effectsOf('uphold_objection', 'publicity')
    expect(d.next).toBe('evaluating')
    expect(d.effects.followUps).toEqual([
      { type: 'selection.exclude', bidId: 'bid-win', agencyId: WINNER },
      { type: 'objections.closeAsMoot' },
    ])
    expect(d.effects.credit).toEqual([])
    expect(d.effects.notify.map((x) => x.to)).toEqual(['objector', 'owner', 'winner', 'bidders'])
    const atFault = effectsOf('uphold_objection', 'publicity', {
      objection: { objectorAgencyId: BIDDER, winnerAtFault: true },
    })
    expect(atFault.effects.credit).toEqual([{ agencyId: WINNER, event: 'objection_upheld' }])
  })
  it('rejected: publicity continues', () => {
    const d = effectsOf('reject_objection', 'publicity')
    expect(d.next).toBe('publicity')
    expect(d.effects.audit).toEqual({
      event: 'need.objection_rejected',
      payload: { objectorAgencyId: BIDDER, reason: '理由' },
    })
    expect(d.effects.notify.map((x) => x.to)).toEqual(['objector', 'owner', 'winner'])
  })
})

describe('end_publicity', () => {
  it('only after the last publicity day and with no pending objection', () => {
    expect(refusal('end_publicity', 'publicity', { today: '2025-10-15' })).toEqual({
      ok: false,
      reason: 'publicityRunning',
      params: { endsOn: '2025-10-15' },
    })
    expect(
      refusal('end_publicity', 'publicity', {
        publicity: { endsOn: '2025-10-15', pendingObjections: 2, objectedAgencyIds: [BIDDER, BIDDER3] },
      }),
    ).toEqual({
      ok: false,
      reason: 'objectionPending',
      params: { count: 2 },
    })
    expect(refusal('end_publicity', 'publicity', { publicity: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'publicity' },
    })
    expect(refusal('end_publicity', 'publicity', { winner: null })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'winner' },
    })
  })
  it('awards the winner and prepares the contract at the winning quote', () => {
    const d = effectsOf('end_publicity', 'publicity')
    expect(d).toEqual({
      ok: true,
      next: 'awarded',
      effects: {
        audit: { event: 'need.awarded', payload: { bidId: 'bid-win', agencyId: WINNER, priceFen: 8_000_000 } },
        notify: [
          { to: 'winner', key: 'needs.notify.awarded' },
          { to: 'owner', key: 'needs.notify.awarded' },
          { to: 'losingBidders', key: 'needs.notify.notAwarded' },
        ],
        credit: [],
        payments: [],
        clock: null,
        followUps: [{ type: 'contract.prepare', bidId: 'bid-win', priceFen: 8_000_000 }],
      },
    })
  })
  it('a flagged lowest-price winner with a justification is awarded; without one it is excluded and the selection redone', () => {
    const justified = {
      bidId: 'bid-win',
      agencyId: WINNER,
      quoteFen: 5_000_000,
      requiresJustification: true,
      justificationAttached: true,
    }
    expect(refusal('end_publicity', 'publicity', { winner: justified })).toMatchObject({ ok: true, next: 'awarded' })
    const d = effectsOf('end_publicity', 'publicity', { winner: { ...justified, justificationAttached: false } })
    expect(d.next).toBe('evaluating')
    expect(d.effects.audit).toEqual({
      event: 'need.winner_disqualified',
      payload: { bidId: 'bid-win', cause: 'justificationMissing' },
    })
    expect(d.effects.followUps).toEqual([{ type: 'selection.exclude', bidId: 'bid-win', agencyId: WINNER }])
    expect(d.effects.notify).toContainEqual({ to: 'winner', key: 'needs.notify.disqualifiedNoJustification' })
  })
})

describe('start_service', () => {
  it('needs the contract signed and the escrow paid in full; starts the bundled clock', () => {
    const c = {
      signed: true,
      dueOn: '2025-10-22',
      priceFen: 8_000_000,
      escrowHeldFen: 8_000_000,
      pauseRequested: false,
    }
    expect(refusal('start_service', 'awarded', { contract: { ...c, signed: false } })).toEqual({
      ok: false,
      reason: 'contractNotSigned',
    })
    expect(refusal('start_service', 'awarded', { contract: { ...c, escrowHeldFen: 7_999_999 } })).toEqual({
      ok: false,
      reason: 'escrowNotPaid',
      params: { priceFen: 8_000_000, heldFen: 7_999_999 },
    })
    expect(refusal('start_service', 'awarded', { contract: { ...c, priceFen: 0, escrowHeldFen: 0 } })).toEqual({
      ok: false,
      reason: 'escrowNotPaid',
      params: { priceFen: 0, heldFen: 0 },
    })
    expect(refusal('start_service', 'awarded', { contract: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'contract' },
    })
    const d = effectsOf('start_service', 'awarded')
    expect(d.effects.clock).toBe('started')
    expect(d.effects.payments).toEqual([])
    expect(d.effects.notify.map((x) => x.to)).toEqual(['owner', 'winner'])
  })
})

describe('pauses', () => {
  it('the agency asks with a reason (no state change, the clock records the request)', () => {
    expect(refusal('request_pause', 'in_service', { reason: '' })).toEqual({ ok: false, reason: 'reasonRequired' })
    const d = effectsOf('request_pause', 'in_service')
    expect(d.next).toBe('in_service')
    expect(d.effects.clock).toBe('pause_requested')
    expect(d.effects.notify).toEqual([{ to: 'owner', key: 'needs.notify.pauseRequested' }])
  })
  it('the owner confirms a pending request or records a pause, with a reason', () => {
    expect(refusal('pause', 'in_service', { reason: '' })).toEqual({ ok: false, reason: 'reasonRequired' })
    expect(refusal('pause', 'in_service', { contract: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'contract' },
    })
    expect(effectsOf('pause', 'in_service').effects.clock).toBe('pause_recorded')
    const confirmed = effectsOf('pause', 'in_service', {
      contract: { signed: true, dueOn: '2025-10-22', priceFen: 1, escrowHeldFen: 1, pauseRequested: true },
    })
    expect(confirmed.effects.clock).toBe('pause_confirmed')
    expect(confirmed.effects.audit.payload).toEqual({ reason: '理由', source: 'confirmed' })
    expect(confirmed.effects.notify).toEqual([{ to: 'winner', key: 'needs.notify.paused' }])
  })
  it('the owner or the agency resumes; the other one is told', () => {
    const byOwner = effectsOf('resume', 'paused', { who: 'owner' })
    expect(byOwner.effects.clock).toBe('resumed')
    expect(byOwner.effects.notify).toEqual([{ to: 'winner', key: 'needs.notify.resumed' }])
    expect(effectsOf('resume', 'paused', { who: 'winner' }).effects.notify).toEqual([
      { to: 'owner', key: 'needs.notify.resumed' },
    ])
  })
  it('a paused contract cannot be delivered', () => {
    expect(refusal('deliver', 'paused')).toEqual({ ok: false, reason: 'wrongState', params: { state: 'paused' } })
  })
})

describe('delivery and acceptance', () => {
  it('deliver needs the report hash; it is audited and stops the agency clock', () => {
    expect(refusal('deliver', 'in_service', { report: undefined })).toEqual({ ok: false, reason: 'reportMissing' })
    expect(refusal('deliver', 'in_service', { report: { sha256: 'abc' } })).toEqual({
      ok: false,
      reason: 'reportMissing',
    })
    const d = effectsOf('deliver', 'in_service', { report: { sha256: 'A'.repeat(64) } })
    expect(d.effects.audit).toEqual({ event: 'need.delivered', payload: { sha256: SHA } })
    expect(d.effects.clock).toBe('delivered')
    expect(d.effects.notify).toEqual([{ to: 'owner', key: 'needs.notify.delivered' }])
  })
  it('return for revision needs a reason and restarts the agency clock', () => {
    expect(refusal('return_for_revision', 'delivered', { reason: '' })).toEqual({ ok: false, reason: 'reasonRequired' })
    const d = effectsOf('return_for_revision', 'delivered')
    expect(d.next).toBe('in_service')
    expect(d.effects.clock).toBe('returned_for_revision')
  })
  it('accept releases the escrow to the agency', () => {
    const d = effectsOf('accept', 'delivered')
    expect(d.effects.payments).toEqual([{ call: 'escrow.release', amountFen: 8_000_000 }])
    expect(d.effects.notify).toEqual([{ to: 'winner', key: 'needs.notify.accepted' }])
    expect(refusal('accept', 'delivered', { contract: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'contract' },
    })
  })
  it('rate closes the need with four 1–5 scores and a credit event for the agency', () => {
    const d = effectsOf('rate', 'accepted')
    expect(d.next).toBe('closed')
    expect(d.effects.credit).toEqual([{ agencyId: WINNER, event: 'rating' }])
    for (const bad of [0, 6, 3.5]) {
      expect(refusal('rate', 'accepted', { rating: { quality: bad, timeliness: 4, attitude: 4, fee: 4 } })).toEqual({
        ok: false,
        reason: 'ratingInvalid',
      })
    }
    expect(refusal('rate', 'accepted', { rating: undefined })).toEqual({ ok: false, reason: 'ratingInvalid' })
  })
})

describe('terminate', () => {
  it('a regulator rules: reason, party at fault, escrow split that adds up to what is held', () => {
    expect(refusal('terminate', 'in_service', { reason: '' })).toEqual({ ok: false, reason: 'reasonRequired' })
    expect(
      refusal('terminate', 'in_service', {
        ruling: { partyAtFault: 'agency', refundFen: 6_000_000, releaseFen: 1_000_000 },
      }),
    ).toEqual({
      ok: false,
      reason: 'rulingInvalid',
      params: { heldFen: 8_000_000 },
    })
    expect(
      refusal('terminate', 'in_service', { ruling: { partyAtFault: 'agency', refundFen: -1, releaseFen: 8_000_001 } }),
    ).toMatchObject({ ok: false, reason: 'rulingInvalid' })
    expect(
      refusal('terminate', 'in_service', {
        ruling: { partyAtFault: 'agency', refundFen: 0.5, releaseFen: 7_999_999.5 },
      }),
    ).toMatchObject({ ok: false, reason: 'rulingInvalid' })
    expect(refusal('terminate', 'in_service', { ruling: undefined })).toMatchObject({
      ok: false,
      reason: 'rulingInvalid',
    })
    const d = effectsOf('terminate', 'in_service')
    expect(d.effects.payments).toEqual([
      { call: 'escrow.refund', amountFen: 6_000_000 },
      { call: 'escrow.release', amountFen: 2_000_000 },
    ])
    expect(d.effects.credit).toEqual([{ agencyId: WINNER, event: 'terminated_at_fault' }])
    expect(d.effects.audit).toEqual({
      event: 'need.terminated',
      payload: {
        reason: '理由',
        from: 'in_service',
        partyAtFault: 'agency',
        refundFen: 6_000_000,
        releaseFen: 2_000_000,
      },
    })
  })
  it('the agency loses credit only when at fault; a full refund makes one payment call', () => {
    const owner = effectsOf('terminate', 'paused', {
      ruling: { partyAtFault: 'owner', refundFen: 8_000_000, releaseFen: 0 },
    })
    expect(owner.effects.credit).toEqual([])
    expect(owner.effects.payments).toEqual([{ call: 'escrow.refund', amountFen: 8_000_000 }])
    expect(
      effectsOf('terminate', 'paused', { ruling: { partyAtFault: 'both', refundFen: 8_000_000, releaseFen: 0 } })
        .effects.credit,
    ).toHaveLength(1)
    expect(
      effectsOf('terminate', 'paused', { ruling: { partyAtFault: 'none', refundFen: 8_000_000, releaseFen: 0 } })
        .effects.credit,
    ).toEqual([])
  })
  it('from awarded: after signing, or once the signing deadline has passed (a winner who never signs)', () => {
    const unsigned = {
      signed: false,
      dueOn: '2025-10-22',
      priceFen: 8_000_000,
      escrowHeldFen: 0,
      pauseRequested: false,
    }
    const ruling = { partyAtFault: 'agency' as const, refundFen: 0, releaseFen: 0 }
    expect(refusal('terminate', 'awarded', { contract: unsigned, ruling, today: '2025-10-22' })).toEqual({
      ok: false,
      reason: 'contractPending',
      params: { dueOn: '2025-10-22' },
    })
    const d = refusal('terminate', 'awarded', { contract: unsigned, ruling, today: '2025-10-23' })
    expect(d).toMatchObject({
      ok: true,
      next: 'terminated',
      effects: { payments: [], credit: [{ agencyId: WINNER, event: 'terminated_at_fault' }] },
    })
  })
})

describe('after a failed round', () => {
  it('repost asks for a copy as a new draft, once; the failed need stays failed', () => {
    const d = effectsOf('repost', 'failed')
    expect(d.next).toBe('failed')
    expect(d.effects.followUps).toEqual([{ type: 'need.copyAsDraft' }])
    expect(refusal('repost', 'failed', { failedRound: { validBidCount: 2, repostedAs: 'need-2' } })).toEqual({
      ok: false,
      reason: 'alreadyReposted',
      params: { needId: 'need-2' },
    })
    expect(refusal('repost', 'failed', { failedRound: undefined })).toEqual({
      ok: false,
      reason: 'factsMissing',
      params: { fact: 'failedRound' },
    })
  })
  it('switch to direct: back to evaluating as a direct selection among the valid bids, when allowed and there is one', () => {
    const d = effectsOf('switch_to_direct', 'failed')
    expect(d.next).toBe('evaluating')
    expect(d.effects.followUps).toEqual([{ type: 'need.setMethod', method: 'direct', afterFailedRound: true }])
    expect(refusal('switch_to_direct', 'failed', { failedRound: { validBidCount: 0, repostedAs: null } })).toEqual({
      ok: false,
      reason: 'noValidBid',
      params: { valid: 0, min: 1 },
    })
    expect(
      refusal('switch_to_direct', 'failed', { failedRound: { validBidCount: 2, repostedAs: 'need-2' } }),
    ).toMatchObject({ ok: false, reason: 'alreadyReposted' })
    const off = { ...marketplaceConfig, allowDirectAfterFailedRound: false }
    expect(decideNeed('switch_to_direct', validFacts('switch_to_direct', 'failed'), off)).toEqual({
      ok: false,
      reason: 'directNotAllowed',
    })
  })
})

describe('a whole life, step by step', () => {
  it('draft → open → evaluating → publicity → (objection rejected) → awarded → in service ⇄ paused → delivered → returned → delivered → accepted → closed', () => {
    let state: NeedState = 'draft'
    const step = (action: NeedAction, over: Partial<NeedFacts> & { who?: Who } = {}) => {
      const d = decideNeed(action, validFacts(action, state, over))
      if (!d.ok) throw new Error(`${action} from ${state}: ${JSON.stringify(d)}`)
      state = d.next
      return state
    }
    expect(step('publish')).toBe('open')
    expect(step('close_window')).toBe('evaluating')
    expect(step('select')).toBe('publicity')
    expect(step('file_objection', { who: 'bidder' })).toBe('publicity')
    expect(step('reject_objection')).toBe('publicity')
    expect(step('end_publicity')).toBe('awarded')
    expect(step('start_service')).toBe('in_service')
    expect(step('request_pause', { who: 'winner' })).toBe('in_service')
    expect(step('pause')).toBe('paused')
    expect(step('resume', { who: 'owner' })).toBe('in_service')
    expect(step('deliver')).toBe('delivered')
    expect(step('return_for_revision')).toBe('in_service')
    expect(step('deliver')).toBe('delivered')
    expect(step('accept')).toBe('accepted')
    expect(step('rate')).toBe('closed')
    expect(actionsFrom(state)).toEqual([])
  })
})
