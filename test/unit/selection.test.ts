import { describe, expect, it } from 'vitest'
import { marketplaceConfig, type SelectionMethod } from '~/domain/config'
import {
  abnormalBelowFen,
  isAbnormallyLow,
  ratingToHundredths,
  runSelection,
  scoreBid,
  SelectionInputError,
  validateWeights,
  type SelectionBid,
  type SelectionDecision,
  type SelectionNeed,
  type SelectionResult,
} from '~/domain/selection/methods'

const config = marketplaceConfig
let seq = 0
function bid(id: string, quoteFen: number, over: Partial<SelectionBid> = {}): SelectionBid {
  seq += 1
  return {
    bidId: id,
    agencyId: `agency-${id}`,
    quoteFen,
    committedDays: 20,
    creditScore: 80,
    ratingAverage: 4,
    submittedAt: new Date(Date.UTC(2025, 9, 1, 0, 0, seq)),
    ...over,
  }
}
function need(method: SelectionMethod, over: Partial<SelectionNeed> = {}): SelectionNeed {
  return {
    method,
    priceCeilingFen: 1_000_000,
    serviceLimitDays: 30,
    weights: method === 'comprehensive' ? { price: 50, credit: 20, rating: 20, days: 10 } : null,
    ...over,
  }
}
function decided(r: SelectionResult): SelectionDecision {
  if (!r.ok) throw new Error(JSON.stringify(r))
  return r
}
const byId = (r: SelectionDecision, id: string) => r.bids.find((b) => b.bidId === id)!

describe('validity', () => {
  it('quote ≤ ceiling and committed days C ≤ service limit S; equal is fine, one more is not', () => {
    const r = decided(
      runSelection(
        need('random'),
        [
          bid('at-ceiling', 1_000_000, { committedDays: 30 }),
          bid('over-ceiling', 1_000_001),
          bid('over-days', 500_000, { committedDays: 31 }),
          bid('both', 1_000_001, { committedDays: 31 }),
          bid('ok', 900_000),
        ],
        config,
      ),
    )
    expect(byId(r, 'at-ceiling')).toMatchObject({ valid: true, invalidReasons: [] })
    expect(byId(r, 'over-ceiling')).toMatchObject({
      valid: false,
      invalidReasons: ['quoteAboveCeiling'],
      abnormallyLow: false,
    })
    expect(byId(r, 'over-days')).toMatchObject({ valid: false, invalidReasons: ['daysAboveLimit'] })
    expect(byId(r, 'both')).toMatchObject({ valid: false, invalidReasons: ['quoteAboveCeiling', 'daysAboveLimit'] })
    expect(r.validBidCount).toBe(2)
    // Valid first, then invalid, each in submission order.
    expect(r.bids.map((b) => b.bidId)).toEqual(['at-ceiling', 'ok', 'over-ceiling', 'over-days', 'both'])
  })
  it('a bid excluded by an upheld objection no longer counts', () => {
    const bids = [bid('a', 500_000), bid('b', 600_000), bid('c', 700_000), bid('d', 800_000)]
    const r = decided(runSelection(need('lowest_price', { excludedBidIds: ['a'] }), bids, config))
    expect(byId(r, 'a')).toMatchObject({ valid: false, invalidReasons: ['excluded'] })
    expect(r).toMatchObject({ outcome: 'winner', candidateBidIds: ['b'], validBidCount: 3 })
    const again = decided(runSelection(need('lowest_price', { excludedBidIds: ['a', 'b'] }), bids, config))
    expect(again).toMatchObject({ outcome: 'failed', candidateBidIds: [], validBidCount: 2 })
  })
  it('direct without a ceiling: a quote above the threshold is invalid (inclusive threshold), unless after a failed round', () => {
    const bids = [bid('at', 10_000_000), bid('over', 10_000_001)]
    const r = decided(runSelection(need('direct', { priceCeilingFen: null }), bids, config))
    expect(byId(r, 'at').valid).toBe(true)
    expect(byId(r, 'over')).toMatchObject({ valid: false, invalidReasons: ['aboveDirectThreshold'] })
    expect(r).toMatchObject({ outcome: 'owner_pick', candidateBidIds: ['at'] })
    const after = decided(runSelection(need('direct', { priceCeilingFen: null, afterFailedRound: true }), bids, config))
    expect(after.candidateBidIds).toEqual(['at', 'over'])
    // The threshold is for direct selection only.
    const lowest = decided(
      runSelection(need('lowest_price', { priceCeilingFen: 20_000_000 }), [...bids, bid('x', 10_000_002)], config),
    )
    expect(lowest.validBidCount).toBe(3)
  })
  it('malformed data is a caller error, not a refusal', () => {
    expect(() => runSelection(need('random'), [bid('a', 1.5)], config)).toThrow(SelectionInputError)
    expect(() => runSelection(need('random'), [bid('a', 0)], config)).toThrow(/quote/)
    expect(() => runSelection(need('random'), [bid('a', 100, { committedDays: 0 })], config)).toThrow(/committed days/)
    expect(() => runSelection(need('random'), [bid('a', 100, { creditScore: 101 })], config)).toThrow(/credit/)
    expect(() => runSelection(need('random'), [bid('a', 100, { creditScore: 50.5 })], config)).toThrow(/credit/)
    expect(() => runSelection(need('random'), [bid('a', 100, { ratingAverage: 0.5 })], config)).toThrow(/rating/)
    expect(() => runSelection(need('random'), [bid('a', 100), bid('a', 200)], config)).toThrow(/duplicate/)
  })
})

describe('abnormally low quotes (default 70 % of the valid quotes’ mean)', () => {
  it('exactly 70 % of the mean is not flagged; one fen less is', () => {
    // mean (70 + 100 + 130) / 3 = 100; 70 % = 70.
    const r = decided(runSelection(need('random'), [bid('a', 70), bid('b', 100), bid('c', 130)], config))
    expect(byId(r, 'a').abnormallyLow).toBe(false)
    expect(r.abnormalBelowFen).toBe(70)
    expect(r.meanQuote).toEqual({ sumFen: 300, count: 3 })
    // mean (69 + 100 + 131) / 3 = 100; 69 < 70.
    const s = decided(runSelection(need('random'), [bid('a', 69), bid('b', 100), bid('c', 131)], config))
    expect(byId(s, 'a').abnormallyLow).toBe(true)
    expect(byId(s, 'b').abnormallyLow).toBe(false)
  })
  it('a fractional mean: 70 is flagged when 70 % of the mean is 70.23…', () => {
    // Σ = 301, n = 3: 0.7 × 100.333… = 70.2333…, so 70 is below and the cut is 71.
    const r = decided(runSelection(need('random'), [bid('a', 70), bid('b', 100), bid('c', 131)], config))
    expect(byId(r, 'a').abnormallyLow).toBe(true)
    expect(r.abnormalBelowFen).toBe(71)
    const s = decided(runSelection(need('random'), [bid('a', 71), bid('b', 100), bid('c', 130)], config))
    expect(byId(s, 'a').abnormallyLow).toBe(false)
  })
  it('stays exact at amounts near the limit of safe integers', () => {
    // q = 7t, the others sum to 23t: q is exactly 70 % of the mean (Σ = 30t, n = 3).
    const t = 129_999_999_999_999
    const q = 7 * t
    const sum = 30 * t
    expect(Number.isSafeInteger(sum)).toBe(true)
    expect(isAbnormallyLow(q, sum, 3, config.abnormallyLowShare)).toBe(false)
    expect(isAbnormallyLow(q - 1, sum, 3, config.abnormallyLowShare)).toBe(true)
    expect(abnormalBelowFen(sum, 3, config.abnormallyLowShare)).toBe(q)
  })
  it('flagged ⇔ quote < abnormalBelowFen, for every quote around the cut', () => {
    for (const [sum, n] of [
      [301, 3],
      [1000, 7],
      [999_999, 4],
      [5, 2],
    ]) {
      const cut = abnormalBelowFen(sum, n, config.abnormallyLowShare)
      for (let q = Math.max(1, cut - 3); q <= cut + 3; q++) {
        // q · 100 · n < 70 · Σ, checked here with plain integers.
        expect(isAbnormallyLow(q, sum, n, config.abnormallyLowShare), `${q} of ${sum}/${n}`).toBe(
          q * 100 * n < 70 * sum,
        )
        expect(isAbnormallyLow(q, sum, n, config.abnormallyLowShare)).toBe(q < cut)
      }
    }
  })
  it('the share comes from the config', () => {
    const half = { ...config, abnormallyLowShare: { numerator: 1, denominator: 2 } }
    const r = decided(runSelection(need('random'), [bid('a', 60), bid('b', 100), bid('c', 140)], half))
    expect(byId(r, 'a').abnormallyLow).toBe(false) // 60 ≥ 50
    expect(r.abnormalBelowFen).toBe(50)
  })
  it('only valid bids count towards the mean', () => {
    // The invalid 2,000,000 would lift the mean and flag b if it counted.
    const r = decided(
      runSelection(
        need('random'),
        [bid('a', 400_000), bid('b', 500_000), bid('c', 600_000), bid('x', 2_000_000)],
        config,
      ),
    )
    expect(r.meanQuote).toEqual({ sumFen: 1_500_000, count: 3 })
    expect(r.bids.filter((b) => b.abnormallyLow)).toEqual([])
  })
})

describe('too few valid bids: the round fails', () => {
  const cases: [SelectionMethod, number][] = [
    ['random', 3],
    ['lowest_price', 3],
    ['comprehensive', 3],
    ['direct', 1],
  ]
  for (const [method, min] of cases) {
    it(`${method}: ${min - 1} valid → failed, ${min} valid → a result`, () => {
      const some = (k: number) => Array.from({ length: k }, (_, i) => bid(`b${i}`, 500_000 + i * 10_000))
      const under = decided(runSelection(need(method), [...some(min - 1), bid('invalid', 2_000_000)], config))
      expect(under).toMatchObject({
        outcome: 'failed',
        candidateBidIds: [],
        validBidCount: min - 1,
        minValidBids: min,
        requiresJustification: false,
      })
      const enough = decided(runSelection(need(method), some(min), config))
      expect(enough.outcome).not.toBe('failed')
      expect(enough.minValidBids).toBe(min)
    })
  }
  it('no bids at all', () => {
    const r = decided(runSelection(need('direct'), [], config))
    expect(r).toMatchObject({ outcome: 'failed', validBidCount: 0, meanQuote: null, abnormalBelowFen: null, bids: [] })
  })
  it('the minimum comes from the config', () => {
    const two = { ...config, minValidBids: { ...config.minValidBids, random: 2 } }
    expect(decided(runSelection(need('random'), [bid('a', 1), bid('b', 2)], two)).outcome).toBe('draw')
  })
})

describe('direct and random: the candidates', () => {
  it('direct: the owner picks among all valid bids', () => {
    const r = decided(runSelection(need('direct'), [bid('a', 900_000), bid('b', 800_000), bid('c', 1_200_000)], config))
    expect(r).toMatchObject({
      method: 'direct',
      outcome: 'owner_pick',
      candidateBidIds: ['a', 'b'],
      requiresJustification: false,
    })
    expect(r.bids.every((b) => b.rank === null && b.score === null)).toBe(true)
  })
  it('random: every valid bid goes into the draw (abnormally low ones too, flagged)', () => {
    const r = decided(
      runSelection(
        need('random'),
        [bid('a', 100_000), bid('b', 800_000), bid('c', 900_000), bid('d', 1_100_000)],
        config,
      ),
    )
    expect(r).toMatchObject({ outcome: 'draw', candidateBidIds: ['a', 'b', 'c'], requiresJustification: false })
    expect(byId(r, 'a').abnormallyLow).toBe(true)
  })
})

describe('lowest price', () => {
  it('the lowest valid quote wins; ranks follow the quotes', () => {
    const r = decided(
      runSelection(
        need('lowest_price'),
        [bid('a', 900_000), bid('b', 750_000), bid('c', 800_000), bid('x', 100_000, { committedDays: 99 })],
        config,
      ),
    )
    expect(r).toMatchObject({ outcome: 'winner', candidateBidIds: ['b'], requiresJustification: false })
    expect(r.bids.map((b) => [b.bidId, b.rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
      ['x', null],
    ])
  })
  it('a tie at the lowest quote → a draw among the tied bids only; submission time does not break it', () => {
    const early = bid('early', 750_000, { submittedAt: new Date('2025-10-01T00:00:00Z') })
    const late = bid('late', 750_000, { submittedAt: new Date('2025-10-09T00:00:00Z') })
    const r = decided(runSelection(need('lowest_price'), [late, bid('c', 800_000), early], config))
    expect(r.outcome).toBe('draw')
    expect(r.candidateBidIds).toEqual(['early', 'late']) // display order only
    expect(r.bids.map((b) => b.rank)).toEqual([1, 1, 3])
  })
  it('an abnormally low winner must justify its cost before award', () => {
    const r = decided(
      runSelection(need('lowest_price'), [bid('low', 300_000), bid('b', 800_000), bid('c', 900_000)], config),
    )
    expect(r).toMatchObject({ outcome: 'winner', candidateBidIds: ['low'], requiresJustification: true })
    expect(byId(r, 'low').abnormallyLow).toBe(true)
  })
  it('tied abnormally low winners: the draw, and the justification for whoever is drawn', () => {
    const r = decided(
      runSelection(
        need('lowest_price'),
        [bid('l1', 300_000), bid('l2', 300_000), bid('b', 900_000), bid('c', 1_000_000)],
        config,
      ),
    )
    expect(r).toMatchObject({ outcome: 'draw', candidateBidIds: ['l1', 'l2'], requiresJustification: true })
  })
  it('at exactly 70 % of the mean the winner needs no justification', () => {
    const r = decided(
      runSelection(
        need('lowest_price', { priceCeilingFen: 2_000_000 }),
        [bid('a', 700_000), bid('b', 1_000_000), bid('c', 1_300_000)],
        config,
      ),
    )
    expect(r).toMatchObject({ outcome: 'winner', candidateBidIds: ['a'], requiresJustification: false })
    const below = decided(
      runSelection(
        need('lowest_price', { priceCeilingFen: 2_000_000 }),
        [bid('a', 699_999), bid('b', 1_000_000), bid('c', 1_300_001)],
        config,
      ),
    )
    expect(below).toMatchObject({ outcome: 'winner', candidateBidIds: ['a'], requiresJustification: true })
  })
})

describe('comprehensive scoring', () => {
  const weights = { price: 50, credit: 20, rating: 20, days: 10 }
  const bids = () => [
    bid('A', 800_000, { committedDays: 20, creditScore: 90, ratingAverage: 4.5 }),
    bid('B', 1_000_000, { committedDays: 15, creditScore: 70, ratingAverage: null }),
    bid('C', 900_000, { committedDays: 30, creditScore: null, ratingAverage: 5 }),
  ]
  it('every bidder’s breakdown, in hundredths of a point', () => {
    const r = decided(runSelection(need('comprehensive', { weights }), bids(), config))
    // Lowest quote 800,000, fewest days 15.
    // A: price 50 × 800/800 = 50.00; credit 90 % × 20 = 18.00; rating (4.5 − 1)/4 × 20 = 17.50; days 15/20 × 10 = 7.50 → 93.00
    expect(byId(r, 'A').score).toEqual({
      price: 5000,
      credit: 1800,
      rating: 1750,
      days: 750,
      total: 9300,
      creditScoreUsed: 90,
      creditDefaulted: false,
      ratingHundredthsUsed: 450,
      ratingDefaulted: false,
    })
    // B: price 50 × 0.8 = 40.00; credit 14.00; rating defaults to 3.00 → 10.00; days 10.00 → 74.00
    expect(byId(r, 'B').score).toEqual({
      price: 4000,
      credit: 1400,
      rating: 1000,
      days: 1000,
      total: 7400,
      creditScoreUsed: 70,
      creditDefaulted: false,
      ratingHundredthsUsed: 300,
      ratingDefaulted: true,
    })
    // C: price 50 × 8/9 = 44.444… → 44.44; credit defaults to 60 → 12.00; rating 20.00; days 5.00 → 81.44
    expect(byId(r, 'C').score).toEqual({
      price: 4444,
      credit: 1200,
      rating: 2000,
      days: 500,
      total: 8144,
      creditScoreUsed: 60,
      creditDefaulted: true,
      ratingHundredthsUsed: 500,
      ratingDefaulted: false,
    })
    expect(r).toMatchObject({ outcome: 'winner', candidateBidIds: ['A'], requiresJustification: false })
    expect(r.bids.map((b) => [b.bidId, b.rank])).toEqual([
      ['A', 1],
      ['C', 2],
      ['B', 3],
    ])
    for (const b of r.bids)
      expect(b.score!.total).toBe(b.score!.price + b.score!.credit + b.score!.rating + b.score!.days)
  })
  it('components round half up, each on its own', () => {
    // price: 1/8 × 1 point = 0.125 → 12.5 hundredths → 13; rating: (1.01 − 1)/4 × 2 = 0.005 → 0.5 hundredths → 1.
    const s = scoreBid(
      { quoteFen: 8, committedDays: 3, creditScore: 0, ratingAverage: 1.01 },
      { lowestQuoteFen: 1, fewestDays: 1 },
      { price: 1, credit: 0, rating: 2, days: 97 },
      config,
    )
    expect(s).toMatchObject({ price: 13, rating: 1, credit: 0, days: 3233 }) // days 97/3 = 32.333… → 3233
    expect(s.total).toBe(13 + 1 + 3233)
  })
  it('full marks are 100.00, the worst rating and no credit give 0 of their weights', () => {
    const top = scoreBid(
      { quoteFen: 5, committedDays: 2, creditScore: 100, ratingAverage: 5 },
      { lowestQuoteFen: 5, fewestDays: 2 },
      weights,
      config,
    )
    expect(top.total).toBe(10_000)
    const bottom = scoreBid(
      { quoteFen: 5, committedDays: 2, creditScore: 0, ratingAverage: 1 },
      { lowestQuoteFen: 5, fewestDays: 2 },
      weights,
      config,
    )
    expect(bottom).toMatchObject({ credit: 0, rating: 0, total: 6000 })
  })
  it('equal totals → a draw among the tied best', () => {
    const r = decided(
      runSelection(
        need('comprehensive', { weights }),
        [
          bid('x', 800_000, { creditScore: 90 }),
          bid('y', 800_000, { creditScore: 90 }),
          bid('z', 800_000, { creditScore: 50 }),
        ],
        config,
      ),
    )
    expect(r).toMatchObject({ outcome: 'draw', candidateBidIds: ['x', 'y'] })
    expect(r.bids.map((b) => b.rank)).toEqual([1, 1, 3])
  })
  it('a flagged comprehensive winner is shown as such but owes no justification', () => {
    const r = decided(
      runSelection(
        need('comprehensive', { weights: { price: 100, credit: 0, rating: 0, days: 0 } }),
        [bid('low', 300_000), bid('b', 900_000), bid('c', 1_000_000)],
        config,
      ),
    )
    expect(r).toMatchObject({ candidateBidIds: ['low'], requiresJustification: false })
    expect(byId(r, 'low').abnormallyLow).toBe(true)
  })
  it('other methods carry no scores', () => {
    const r = decided(runSelection(need('lowest_price'), bids(), config))
    expect(r.bids.every((b) => b.score === null)).toBe(true)
  })
  it('the defaults for no credit and no rating come from the config', () => {
    const harsh = { ...config, comprehensiveDefaults: { creditScore: 0, ratingHundredths: 100 } }
    const r = decided(runSelection(need('comprehensive', { weights }), bids(), harsh))
    expect(byId(r, 'B').score).toMatchObject({ rating: 0, ratingHundredthsUsed: 100, ratingDefaulted: true })
    expect(byId(r, 'C').score).toMatchObject({ credit: 0, creditScoreUsed: 0, creditDefaulted: true })
  })
})

describe('weights', () => {
  it('must be whole non-negative points summing to 100', () => {
    expect(validateWeights({ price: 50, credit: 20, rating: 20, days: 10 })).toBeNull()
    expect(validateWeights({ price: 100, credit: 0, rating: 0, days: 0 })).toBeNull()
    expect(validateWeights({ price: 50, credit: 20, rating: 20, days: 9 })).toEqual({
      ok: false,
      reason: 'weightsInvalid',
      params: { price: 50, credit: 20, rating: 20, days: 9, sum: 99 },
    })
    expect(validateWeights({ price: 50, credit: 20, rating: 20, days: 11 })).toMatchObject({
      reason: 'weightsInvalid',
      params: { sum: 101 },
    })
    expect(validateWeights({ price: 120, credit: -20, rating: 0, days: 0 })).toMatchObject({
      reason: 'weightsInvalid',
      params: { sum: 100 },
    })
    expect(validateWeights({ price: 50.5, credit: 19.5, rating: 20, days: 10 })).toMatchObject({
      reason: 'weightsInvalid',
      params: { sum: 100 },
    })
    expect(validateWeights(null)).toEqual({ ok: false, reason: 'weightsMissing', params: {} })
  })
  it('a comprehensive selection with bad or missing weights is refused before anything else', () => {
    expect(
      runSelection(
        need('comprehensive', { weights: { price: 40, credit: 20, rating: 20, days: 10 } }),
        [bid('a', 1)],
        config,
      ),
    ).toEqual({
      ok: false,
      reason: 'weightsInvalid',
      params: { price: 40, credit: 20, rating: 20, days: 10, sum: 90 },
    })
    expect(runSelection(need('comprehensive', { weights: null }), [], config)).toMatchObject({
      ok: false,
      reason: 'weightsMissing',
    })
    // Other methods ignore weights.
    expect(runSelection(need('random', { weights: { price: 1, credit: 0, rating: 0, days: 0 } }), [], config).ok).toBe(
      true,
    )
  })
})

describe('rating input', () => {
  it('is rounded to hundredths without float surprises', () => {
    expect(ratingToHundredths(4.35)).toBe(435) // 4.35 × 100 = 434.99999999999994
    expect(ratingToHundredths(1)).toBe(100)
    expect(ratingToHundredths(4.125)).toBe(413)
    expect(ratingToHundredths(3.3333333)).toBe(333)
  })
})
