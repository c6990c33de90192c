import { describe, expect, it } from 'vitest'
import {
  decideRating,
  DepartmentRatingSchema,
  offeredRatingActions,
  OwnerRatingSchema,
  ownerRatingDueOn,
  ratingAverageHundredths,
  ratingCreditPoints,
  summariseRatings,
  type RatingFacts,
  type RatingScores,
} from '~/domain/ratings/ratings'
import { officialCalendar } from '~/domain/calendar/working-days'

const owner = (quality: number, timeliness: number, attitude: number, fee: number): RatingScores => ({
  raterKind: 'owner',
  quality,
  timeliness,
  attitude,
  fee,
  reportQuality: null,
  reportTimeliness: null,
})
const department = (reportQuality: number, reportTimeliness: number): RatingScores => ({
  raterKind: 'department',
  quality: null,
  timeliness: null,
  attitude: null,
  fee: null,
  reportQuality,
  reportTimeliness,
})

const base: RatingFacts = {
  viewer: 'owner',
  acceptedOn: '2026-04-01',
  terminated: false,
  approvalDecided: false,
  ownerDueOn: '2026-04-23',
  today: '2026-04-10',
  ownerRated: false,
  departmentRated: false,
  target: null,
}

describe('ratingCreditPoints', () => {
  it('maps the owner average 1…5 linearly onto −4…+2', () => {
    expect(ratingCreditPoints(owner(1, 1, 1, 1))).toBe(-4)
    expect(ratingCreditPoints(owner(3, 3, 3, 3))).toBe(-1)
    expect(ratingCreditPoints(owner(5, 5, 5, 5))).toBe(2)
    // average 2 → −2.5 → −3 (halves away from zero); average 4 → +0.5 → +1
    expect(ratingCreditPoints(owner(2, 2, 2, 2))).toBe(-3)
    expect(ratingCreditPoints(owner(4, 4, 4, 4))).toBe(1)
    // average 4.75 → 1.625 → 2; average 3.25 → −0.625 → −1
    expect(ratingCreditPoints(owner(5, 5, 5, 4))).toBe(2)
    expect(ratingCreditPoints(owner(4, 3, 3, 3))).toBe(-1)
  })

  it('weighs the department 3/5 of the same mapping of its own average', () => {
    expect(ratingCreditPoints(department(1, 1))).toBe(-2) // −4 × 3/5 = −2.4
    expect(ratingCreditPoints(department(5, 5))).toBe(1) // 2 × 3/5 = 1.2
    expect(ratingCreditPoints(department(3, 3))).toBe(-1) // −0.6
    expect(ratingCreditPoints(department(4, 4))).toBe(0) // 0.3
    expect(ratingCreditPoints(department(2, 1))).toBe(-2) // avg 1.5 → −3.25 × 0.6 = −1.95
  })

  it('stays within −4…+2 for every owner rating and is monotone in the sum', () => {
    let last = -Infinity
    for (let sum = 4; sum <= 20; sum++) {
      const q = Math.min(5, sum - 3)
      const rest = sum - q
      const t = Math.min(5, rest - 2)
      const a = Math.min(5, rest - t - 1)
      const f = rest - t - a
      const p = ratingCreditPoints(owner(q, t, a, f))
      expect(p).toBeGreaterThanOrEqual(-4)
      expect(p).toBeLessThanOrEqual(2)
      expect(p).toBeGreaterThanOrEqual(last)
      last = p
    }
  })
})

describe('averages and the summary', () => {
  it('averages in hundredths', () => {
    expect(ratingAverageHundredths(owner(5, 4, 4, 4))).toBe(425)
    expect(ratingAverageHundredths(department(5, 4))).toBe(450)
    expect(ratingAverageHundredths(owner(5, 5, 5, 4))).toBe(475)
  })

  it('summarises per dimension, counts each kind and spreads owner ratings over 1–5', () => {
    const s = summariseRatings([owner(5, 5, 5, 5), owner(3, 4, 3, 4), department(4, 3)])
    expect(s.count).toBe(3)
    expect(s.ownerCount).toBe(2)
    expect(s.departmentCount).toBe(1)
    expect(s.averages).toEqual({
      quality: 400,
      timeliness: 450,
      attitude: 400,
      fee: 450,
      reportQuality: 400,
      reportTimeliness: 300,
    })
    // 5.00 → 5 stars; 3.50 → 4 stars
    expect(s.distribution).toEqual([0, 0, 0, 1, 1])
  })

  it('has no averages with no ratings', () => {
    const s = summariseRatings([])
    expect(s.count).toBe(0)
    expect(s.averages.quality).toBeNull()
    expect(s.distribution).toEqual([0, 0, 0, 0, 0])
  })
})

describe('the owner rating window', () => {
  it('ends 15 working days after the acceptance day (that day not counted, holidays skipped)', () => {
    const calendar = officialCalendar()
    // Accepted Wednesday 2026-04-01; Qingming 4/4–4/6 is off: 15 working days later is Thursday 2026-04-23.
    expect(ownerRatingDueOn('2026-04-01', (d, n) => calendar.addWorkingDays(d, n), 15)).toBe('2026-04-23')
  })
})

describe('decideRating', () => {
  it('lets the owner rate an accepted contract once, up to and including the last day', () => {
    expect(decideRating('rate_owner', base)).toEqual({ ok: true })
    expect(decideRating('rate_owner', { ...base, today: '2026-04-23' })).toEqual({ ok: true })
    expect(decideRating('rate_owner', { ...base, today: '2026-04-24' })).toMatchObject({ ok: false, reason: 'windowClosed' })
    expect(decideRating('rate_owner', { ...base, ownerRated: true })).toMatchObject({ ok: false, reason: 'alreadyRated' })
    expect(decideRating('rate_owner', { ...base, acceptedOn: null, ownerDueOn: null })).toMatchObject({ reason: 'notAccepted' })
    expect(decideRating('rate_owner', { ...base, terminated: true })).toMatchObject({ reason: 'notAccepted' })
  })

  it('refuses every action to the wrong party as forbidden', () => {
    for (const viewer of ['agency', 'regulator'] as const)
      expect(decideRating('rate_owner', { ...base, viewer })).toEqual({ ok: false, reason: 'notYourAction', forbidden: true })
    for (const viewer of ['owner', 'agency'] as const) {
      expect(decideRating('rate_department', { ...base, viewer, approvalDecided: true })).toMatchObject({ forbidden: true })
      expect(decideRating('hide_text', { ...base, viewer })).toMatchObject({ forbidden: true })
    }
    for (const viewer of ['owner', 'regulator'] as const)
      expect(decideRating('reply', { ...base, viewer })).toMatchObject({ forbidden: true })
  })

  it('lets the department rate once after the approval decision, with no window', () => {
    const dept = { ...base, viewer: 'regulator' as const }
    expect(decideRating('rate_department', dept)).toMatchObject({ ok: false, reason: 'approvalNotDecided', forbidden: false })
    expect(decideRating('rate_department', { ...dept, approvalDecided: true, today: '2027-01-01' })).toEqual({ ok: true })
    expect(decideRating('rate_department', { ...dept, approvalDecided: true, departmentRated: true })).toMatchObject({
      reason: 'alreadyRated',
    })
    expect(decideRating('rate_department', { ...dept, approvalDecided: true, acceptedOn: null })).toMatchObject({
      reason: 'notAccepted',
    })
  })

  it('lets the agency reply once, only to the owner rating', () => {
    const agency = { ...base, viewer: 'agency' as const }
    expect(decideRating('reply', agency)).toMatchObject({ reason: 'noSuchRating' })
    expect(decideRating('reply', { ...agency, target: { raterKind: 'owner', replied: false, hidden: false } })).toEqual({ ok: true })
    expect(decideRating('reply', { ...agency, target: { raterKind: 'owner', replied: true, hidden: false } })).toMatchObject({
      reason: 'alreadyReplied',
    })
    expect(decideRating('reply', { ...agency, target: { raterKind: 'department', replied: false, hidden: false } })).toMatchObject({
      reason: 'notOwnerRating',
    })
  })

  it('lets the regulator hide a text once', () => {
    const regulator = { ...base, viewer: 'regulator' as const }
    expect(decideRating('hide_text', { ...regulator, target: { raterKind: 'owner', replied: true, hidden: false } })).toEqual({ ok: true })
    expect(decideRating('hide_text', { ...regulator, target: { raterKind: 'owner', replied: true, hidden: true } })).toMatchObject({
      reason: 'alreadyHidden',
    })
  })

  it('offers the rating forms only when they could succeed', () => {
    expect(offeredRatingActions(base)).toEqual(['rate_owner'])
    expect(offeredRatingActions({ ...base, ownerRated: true })).toEqual([])
    expect(offeredRatingActions({ ...base, viewer: 'regulator' })).toEqual([])
    expect(offeredRatingActions({ ...base, viewer: 'regulator', approvalDecided: true })).toEqual(['rate_department'])
  })
})

describe('the forms', () => {
  it('takes scores 1–5 and refuses the rest at their field', () => {
    const ok = OwnerRatingSchema.safeParse({ quality: '5', timeliness: '1', attitude: ' 3 ', fee: '4' })
    expect(ok.success && ok.data).toEqual({ quality: 5, timeliness: 1, attitude: 3, fee: 4, comment: '' })
    const bad = OwnerRatingSchema.safeParse({ quality: '6', timeliness: '0', attitude: '', fee: '2.5', comment: 'x' })
    expect(bad.success).toBe(false)
    const issues = Object.fromEntries((bad.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]))
    expect(issues).toEqual({
      quality: 'ratings.errors.scoreRange',
      timeliness: 'ratings.errors.scoreRange',
      attitude: 'ratings.errors.scoreRequired',
      fee: 'ratings.errors.scoreRange',
    })
    const missing = DepartmentRatingSchema.safeParse({})
    expect(missing.error?.issues.map((i) => i.message)).toEqual(['ratings.errors.scoreRequired', 'ratings.errors.scoreRequired'])
  })
})
