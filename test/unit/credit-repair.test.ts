/**
 * Credit actions, pure (issue 14 §2, §4): the points of a recorded violation, a commendation and a
 * repair (bounds at their edges), the repair eligibility rule and the repair application's state
 * machine (every allowed and every refused transition).
 */
import { describe, expect, it } from 'vitest'
import { BehaviourSchema, CommendationSchema } from '~/domain/credit/action-schemas'
import {
  behaviourPointsBounds,
  commendationPointsBounds,
  creditEventKinds,
  pointsFor,
  scoreOf,
  creditBase,
} from '~/domain/credit/credit'
import {
  decideRepair,
  repairableKinds,
  repairEligibility,
  repairStatuses,
  type RepairAction,
  type RepairActor,
  type RepairEligibilityFacts,
} from '~/domain/credit/repair-rules'

describe('points of the given-points kinds', () => {
  it('a recorded violation stores its behaviour’s points, within −50…−1', () => {
    expect(behaviourPointsBounds).toEqual({ min: -50, max: -1 })
    expect(pointsFor({ kind: 'violation_recorded', behaviourPoints: -30 })).toBe(-30)
    expect(pointsFor({ kind: 'violation_recorded', behaviourPoints: -1 })).toBe(-1)
    expect(pointsFor({ kind: 'violation_recorded', behaviourPoints: -50 })).toBe(-50)
    for (const bad of [0, 1, -51, -2.5, Number.NaN]) {
      expect(() => pointsFor({ kind: 'violation_recorded', behaviourPoints: bad })).toThrow()
    }
  })

  it('a commendation stores the regulator’s points, within +1…+10', () => {
    expect(commendationPointsBounds).toEqual({ min: 1, max: 10 })
    expect(pointsFor({ kind: 'commendation', commendationPoints: 1 })).toBe(1)
    expect(pointsFor({ kind: 'commendation', commendationPoints: 10 })).toBe(10)
    for (const bad of [0, 11, -3, 2.5]) expect(() => pointsFor({ kind: 'commendation', commendationPoints: bad })).toThrow()
  })

  it('a repair gives back exactly what the repaired event took, and only a negative event is repaired', () => {
    expect(pointsFor({ kind: 'repair', repairedPoints: -30 })).toBe(30)
    expect(pointsFor({ kind: 'repair', repairedPoints: -1 })).toBe(1)
    for (const bad of [0, 5, -1.5]) expect(() => pointsFor({ kind: 'repair', repairedPoints: bad })).toThrow()
    // The score after a repair is the score before the repaired event.
    const before = [{ points: -10 }, { points: 2 }]
    const violation = { points: pointsFor({ kind: 'violation_recorded', behaviourPoints: -30 }) }
    const repair = { points: pointsFor({ kind: 'repair', repairedPoints: violation.points }) }
    expect(scoreOf(creditBase, [...before, violation, repair])).toBe(scoreOf(creditBase, before))
  })

  it('the forms keep the same bounds, with the range message', () => {
    const behaviour = { code: 'NB-X', nameZh: '某行为', nameEn: 'Some behaviour', active: 'on' }
    expect(BehaviourSchema.safeParse({ ...behaviour, points: '-50' }).success).toBe(true)
    expect(BehaviourSchema.safeParse({ ...behaviour, points: '-1' }).success).toBe(true)
    for (const points of ['0', '-51', '3']) {
      const parsed = BehaviourSchema.safeParse({ ...behaviour, points })
      expect(parsed.error?.issues.map((i) => i.message)).toEqual(['creditActions.validation.behaviourPoints'])
    }
    expect(BehaviourSchema.safeParse({ ...behaviour, points: '-2.5' }).error?.issues[0].message).toBe('validation.integer')
    expect(BehaviourSchema.safeParse({ ...behaviour, points: 'abc' }).error?.issues[0].message).toBe('validation.integer')
    const commendation = { reason: '积极配合专项检查，整改到位', confirm: 'yes' }
    expect(CommendationSchema.safeParse({ ...commendation, points: '1' }).success).toBe(true)
    expect(CommendationSchema.safeParse({ ...commendation, points: '10' }).success).toBe(true)
    for (const points of ['0', '11', '-1']) {
      expect(CommendationSchema.safeParse({ ...commendation, points }).error?.issues[0].message).toBe(
        'creditActions.validation.commendationPoints',
      )
    }
  })
})

describe('repair eligibility', () => {
  const facts = (over: Partial<RepairEligibilityFacts> = {}): RepairEligibilityFacts => ({
    event: { kind: 'violation_recorded', points: -30, onDate: '2026-03-02' },
    repaired: false,
    pending: false,
    blacklisted: false,
    today: '2026-04-01',
    earliestOn: '2026-03-30',
    ...over,
  })

  it('an eligible event: negative, repairable, not repaired, nothing pending, correction period over, not blacklisted', () => {
    expect(repairEligibility(facts())).toEqual({ ok: true })
    // The first day is included.
    expect(repairEligibility(facts({ today: '2026-03-30' }))).toEqual({ ok: true })
  })

  it('refuses with the first reason that applies', () => {
    expect(repairEligibility(facts({ event: { kind: 'commendation', points: 5, onDate: '2026-03-02' } }))).toEqual({
      ok: false,
      reason: 'notNegative',
    })
    expect(repairEligibility(facts({ event: { kind: 'overdue_day', points: -1, onDate: '2026-03-02' } }))).toEqual({
      ok: false,
      reason: 'notRepairable',
    })
    expect(repairEligibility(facts({ event: { kind: 'owner_rating', points: -4, onDate: '2026-03-02' } }))).toEqual({
      ok: false,
      reason: 'notRepairable',
    })
    expect(repairEligibility(facts({ repaired: true }))).toEqual({ ok: false, reason: 'alreadyRepaired' })
    expect(repairEligibility(facts({ pending: true }))).toEqual({ ok: false, reason: 'pending' })
    expect(repairEligibility(facts({ today: '2026-03-29' }))).toEqual({
      ok: false,
      reason: 'tooEarly',
      earliestOn: '2026-03-30',
    })
    expect(repairEligibility(facts({ blacklisted: true }))).toEqual({ ok: false, reason: 'blacklisted' })
  })

  it('repairs the violations and findings against the agency, never a rating, a day, a commendation or a repair', () => {
    expect([...repairableKinds].sort()).toEqual(
      ['contract_lapsed', 'objection_upheld', 'overdue_violation', 'terminated_at_fault', 'violation_recorded'].sort(),
    )
    for (const kind of creditEventKinds) {
      const result = repairEligibility(facts({ event: { kind, points: -5, onDate: '2026-03-02' } }))
      expect(result.ok, kind).toBe((repairableKinds as readonly string[]).includes(kind))
    }
  })
})

describe('the repair application state machine', () => {
  const actions: RepairAction[] = ['grant', 'refuse', 'withdraw']
  const actors: RepairActor[] = ['agency', 'regulator']

  it('pending → granted (regulator; compensates and tells the agency)', () => {
    expect(decideRepair('pending', 'grant', 'regulator')).toEqual({
      ok: true,
      status: 'granted',
      effects: [{ kind: 'compensate' }, { kind: 'notifyAgency', messageKey: 'creditActions.notify.repairGranted' }],
    })
  })

  it('pending → refused (regulator; nothing in the ledger)', () => {
    const d = decideRepair('pending', 'refuse', 'regulator')
    expect(d).toEqual({
      ok: true,
      status: 'refused',
      effects: [{ kind: 'notifyAgency', messageKey: 'creditActions.notify.repairRefused' }],
    })
  })

  it('pending → withdrawn (agency; tells the regulators)', () => {
    expect(decideRepair('pending', 'withdraw', 'agency')).toEqual({
      ok: true,
      status: 'withdrawn',
      effects: [{ kind: 'notifyRegulators', messageKey: 'creditActions.notify.repairWithdrawn' }],
    })
  })

  it('refuses every other move: the wrong actor, and anything once decided or withdrawn', () => {
    const allowed = new Set(['pending:grant:regulator', 'pending:refuse:regulator', 'pending:withdraw:agency'])
    for (const status of repairStatuses)
      for (const action of actions)
        for (const actor of actors) {
          const d = decideRepair(status, action, actor)
          const key = `${status}:${action}:${actor}`
          if (allowed.has(key)) {
            expect(d.ok, key).toBe(true)
            continue
          }
          const rightActor = action === 'withdraw' ? actor === 'agency' : actor === 'regulator'
          expect(d, key).toEqual({ ok: false, refusal: rightActor ? 'notPending' : 'forbidden' })
        }
  })
})
