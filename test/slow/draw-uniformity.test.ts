/**
 * The draw's uniformity (docs/draw.md §8): 100,000 draws, about 15 s. Kept out of the unit suite,
 * which `npm run test:unit:zones` runs twice (once per time zone), and run once by `npm test`
 * (`npm run test:slow`, the `slow` vitest project). Time zones play no part in it.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { drawMessage, runDraw, traceIndex, uint32be } from '~/domain/selection/draw'

const NEED_ID = '7d3f5a2c-9b1e-4c8a-a6f0-2e4b8d1c9f30'

/** The canonical candidate order of test/unit/draw.test.ts's five bids. */
const CANONICAL_CODES = [
  '12330000000130GTYM',
  '5233020000000001BJ',
  '913205000013FDQ0RF',
  '913301000000000R29',
  '913301000000044EEN',
]

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest())

describe('uniformity', () => {
  it('100,000 draws over 7 candidates pass a chi-square goodness-of-fit test at p > 0.001', async () => {
    const DRAWS = 100_000
    const BATCH = 1_000
    const CRITICAL_DF6_P001 = 22.458 // chi-square quantile 0.999 for 6 degrees of freedom
    const codes = [...CANONICAL_CODES, '91110000000000569W', 'N24403000000093TLQ']
    const candidates = codes.map((c, j) => ({ agencyCreditCode: c, bidId: `00000000-0000-4000-8000-00000000000${j}` }))
    const message = drawMessage({ needId: NEED_ID, round: 1, candidates })
    const counts = new Array<number>(7).fill(0)
    const started = performance.now()
    for (let from = 0; from < DRAWS; from += BATCH) {
      // seed of draw i = SHA-256(uint32be(i)): deterministic, and every draw has its own seed
      const batch = await Promise.all(
        Array.from({ length: BATCH }, async (_, j) => (await traceIndex(sha256(uint32be(from + j)), message, 7)).index),
      )
      for (const index of batch) counts[index]++
    }
    const elapsed = performance.now() - started
    const expected = DRAWS / 7
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)
    console.info(
      `draw uniformity: counts ${counts.join(' ')}, chi-square ${chiSquare.toFixed(3)} (df 6), ${Math.round(elapsed)} ms`,
    )
    expect(counts.reduce((a, b) => a + b, 0)).toBe(DRAWS)
    expect(chiSquare).toBeLessThan(CRITICAL_DF6_P001)
    expect(chiSquare).toBeCloseTo(7.634, 3) // the documented value for these seeds (docs/draw.md §8)
    // the sampled indices are what runDraw itself returns (spot check on the first seeds)
    for (let i = 0; i < 50; i++) {
      const t = await runDraw({ needId: NEED_ID, round: 1, seed: sha256(uint32be(i)), candidates })
      expect(t.winnerIndex).toBe((await traceIndex(sha256(uint32be(i)), message, 7)).index)
    }
  }, 60_000)
})
