import { describe, expect, it } from 'vitest'
import {
  creditBase,
  creditEventKinds,
  creditPoints,
  defaultTierThresholds,
  pointsFor,
  scoreOf,
  sourceOf,
  tierOf,
} from '~/domain/credit/credit'
import { ratingCreditPoints } from '~/domain/ratings/ratings'

describe('credit points per event kind', () => {
  it('gives each kind its constant', () => {
    expect(pointsFor({ kind: 'overdue_day', overduePointsSoFar: 0 })).toBe(-1)
    expect(pointsFor({ kind: 'overdue_violation' })).toBe(-10)
    expect(pointsFor({ kind: 'contract_lapsed' })).toBe(-5)
    expect(pointsFor({ kind: 'terminated_at_fault' })).toBe(-10)
    expect(pointsFor({ kind: 'objection_upheld' })).toBe(-10)
  })
  it('names a source for every kind', () => {
    expect(creditEventKinds.map((k) => sourceOf[k])).toEqual([
      'contract',
      'violation',
      'contract',
      'contract',
      'objection',
      'rating',
      'rating',
      'violation',
      'commendation',
      'repair',
      'complaint',
    ])
  })
  it('a rating kind stores the points its scores map to, computed when the rating is recorded', () => {
    const owner = { raterKind: 'owner' as const, quality: 5, timeliness: 5, attitude: 5, fee: 5, reportQuality: null, reportTimeliness: null }
    expect(pointsFor({ kind: 'owner_rating', ratingPoints: ratingCreditPoints(owner) })).toBe(2)
    expect(pointsFor({ kind: 'owner_rating', ratingPoints: ratingCreditPoints({ ...owner, quality: 1, timeliness: 1, attitude: 1, fee: 1 }) })).toBe(-4)
    const dept = { raterKind: 'department' as const, quality: null, timeliness: null, attitude: null, fee: null, reportQuality: 1, reportTimeliness: 1 }
    expect(pointsFor({ kind: 'department_rating', ratingPoints: ratingCreditPoints(dept) })).toBe(-2)
    // A rounded −0.15 is stored as 0, not −0.
    expect(Object.is(pointsFor({ kind: 'department_rating', ratingPoints: ratingCreditPoints({ ...dept, reportQuality: 4, reportTimeliness: 3 }) }), 0)).toBe(true)
    expect(() => pointsFor({ kind: 'owner_rating', ratingPoints: 1.5 })).toThrow()
    expect(() => pointsFor({ kind: 'department_rating', ratingPoints: Number.NaN })).toThrow()
  })
  it('caps the overdue days of one contract at 10 points', () => {
    let soFar = 0
    const applied: number[] = []
    for (let day = 1; day <= 14; day += 1) {
      const p = pointsFor({ kind: 'overdue_day', overduePointsSoFar: soFar })
      applied.push(p)
      soFar += p
    }
    expect(applied).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0])
    expect(soFar).toBe(creditPoints.overdueDayCapPerContract)
    expect(pointsFor({ kind: 'overdue_day', overduePointsSoFar: -9 })).toBe(-1)
    expect(pointsFor({ kind: 'overdue_day', overduePointsSoFar: -10 })).toBe(0)
    // Never positive, even past the cap.
    expect(pointsFor({ kind: 'overdue_day', overduePointsSoFar: -12 })).toBe(0)
  })
})

describe('score', () => {
  it('is the base plus the sum of the points', () => {
    expect(scoreOf(creditBase, [])).toBe(100)
    expect(scoreOf(creditBase, [{ points: -1 }, { points: -10 }, { points: -5 }])).toBe(84)
    expect(scoreOf(50, [{ points: 3 }])).toBe(53)
  })
})

describe('tiers (A ≥ 90, B 75–89, C 60–74, D < 60)', () => {
  it('puts each boundary on the right side', () => {
    expect(defaultTierThresholds).toEqual({ a: 90, b: 75, c: 60 })
    expect(tierOf(100)).toBe('A')
    expect(tierOf(90)).toBe('A')
    expect(tierOf(89)).toBe('B')
    expect(tierOf(75)).toBe('B')
    expect(tierOf(74)).toBe('C')
    expect(tierOf(60)).toBe('C')
    expect(tierOf(59)).toBe('D')
    expect(tierOf(-20)).toBe('D')
  })
  it('takes other thresholds', () => {
    const t = { a: 95, b: 80, c: 50 }
    expect([tierOf(95, t), tierOf(94, t), tierOf(80, t), tierOf(79, t), tierOf(50, t), tierOf(49, t)]).toEqual([
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
    ])
  })
})
