import { describe, expect, it } from 'vitest'
import { marketplaceConfig } from '~/domain/config'
import {
  creditBase,
  defaultTierThresholds,
  selectionCreditScore,
  tierOf,
  tierThresholdBounds,
  validTierThresholds,
} from '~/domain/credit/credit'
import { overallAverageHundredths } from '~/domain/ratings/ratings'
import {
  configToForm,
  MarketplaceConfigFormSchema,
  MarketplaceOverridesSchema,
  mergeConfig,
  overridesOf,
} from '~/domain/settings/marketplace-config'

const defaultsForm = configToForm(marketplaceConfig)

function errorsOf(over: Record<string, string>) {
  const result = MarketplaceConfigFormSchema.safeParse({ ...defaultsForm, ...over })
  if (result.success) return {}
  const out: Record<string, string[]> = {}
  for (const issue of result.error.issues) (out[issue.path.join('.')] ??= []).push(issue.message)
  return out
}

describe('tier thresholds: validation', () => {
  it('accepts whole numbers 1–100 strictly descending A > B > C', () => {
    expect(tierThresholdBounds).toEqual({ min: 1, max: creditBase })
    expect(validTierThresholds(defaultTierThresholds)).toBe(true)
    expect(validTierThresholds({ a: 100, b: 2, c: 1 })).toBe(true)
    expect(validTierThresholds({ a: 3, b: 2, c: 1 })).toBe(true)
  })
  it('refuses equal, inverted, fractional and out-of-bound lines', () => {
    for (const t of [
      { a: 90, b: 90, c: 60 },
      { a: 90, b: 75, c: 75 },
      { a: 75, b: 90, c: 60 },
      { a: 90, b: 75.5, c: 60 },
      { a: 101, b: 75, c: 60 },
      { a: 90, b: 75, c: 0 },
      { a: 90, b: 75, c: -5 },
    ])
      expect(validTierThresholds(t), JSON.stringify(t)).toBe(false)
  })
  it('the form: each line a whole number 1–100, translated field errors', () => {
    for (const field of ['tierA', 'tierB', 'tierC'])
      for (const bad of ['0', '101', '2.5', 'abc', '-1'])
        expect(errorsOf({ [field]: bad })[field], `${field}=${bad}`).toEqual(['settings.validation.tier'])
    expect(errorsOf({ tierA: '' }).tierA).toEqual(['validation.required'])
  })
  it('the form: out of order → the lower line of the pair carries the message', () => {
    expect(errorsOf({ tierA: '75', tierB: '75' })).toEqual({ tierB: ['settings.validation.tierBelowA'] })
    expect(errorsOf({ tierB: '60' })).toEqual({ tierC: ['settings.validation.tierBelowB'] })
    expect(errorsOf({ tierA: '50', tierB: '60', tierC: '70' })).toEqual({
      tierB: ['settings.validation.tierBelowA'],
      tierC: ['settings.validation.tierBelowB'],
    })
  })
  it('the form parses to creditTiers; the overrides store all three or none and round-trip', () => {
    const parsed = MarketplaceConfigFormSchema.parse({ ...defaultsForm, tierA: '95', tierB: '80', tierC: '50' })
    expect(parsed.creditTiers).toEqual({ a: 95, b: 80, c: 50 })
    const overrides = overridesOf(marketplaceConfig, parsed)
    expect(overrides).toEqual({ creditTiers: { a: 95, b: 80, c: 50 } })
    expect(mergeConfig(marketplaceConfig, overrides)).toEqual(parsed)
    expect(overridesOf(marketplaceConfig, marketplaceConfig)).toEqual({})
    expect(MarketplaceOverridesSchema.safeParse({ creditTiers: { a: 60, b: 75, c: 90 } }).success).toBe(false)
    expect(MarketplaceOverridesSchema.safeParse({ creditTiers: { a: 90, b: 75 } }).success).toBe(false)
  })
})

describe('tierOf with custom thresholds: the boundaries', () => {
  it('each line belongs to its tier, one below to the next', () => {
    const t = { a: 95, b: 80, c: 50 }
    expect([95, 94, 80, 79, 50, 49, 150, -10].map((s) => tierOf(s, t))).toEqual(['A', 'B', 'B', 'C', 'C', 'D', 'A', 'D'])
    const tight = { a: 3, b: 2, c: 1 }
    expect([3, 2, 1, 0].map((s) => tierOf(s, tight))).toEqual(['A', 'B', 'C', 'D'])
  })
})

describe('selectionCreditScore: the one mapping into 0–100', () => {
  it('keeps 0–100, clamps above and below', () => {
    expect([0, 1, 59, 60, 99, 100].map(selectionCreditScore)).toEqual([0, 1, 59, 60, 99, 100])
    expect(selectionCreditScore(101)).toBe(100)
    expect(selectionCreditScore(130)).toBe(100)
    expect(selectionCreditScore(-1)).toBe(0)
    expect(selectionCreditScore(-40)).toBe(0)
  })
  it('refuses a fractional or non-finite score', () => {
    expect(() => selectionCreditScore(99.5)).toThrow()
    expect(() => selectionCreditScore(Number.NaN)).toThrow()
  })
})

describe('overallAverageHundredths: the owner ratings’ rating for selection', () => {
  it('is the mean of every score, in hundredths, halves up; null without scores', () => {
    expect(overallAverageHundredths(0, 0)).toBeNull()
    expect(overallAverageHundredths(20, 4)).toBe(500)
    expect(overallAverageHundredths(17, 4)).toBe(425)
    // 13 / 3 = 4.333… → 433; 29 / 6 = 4.8333… → 483; 9 / 8 = 1.125 → 113 (half up)
    expect(overallAverageHundredths(13, 3)).toBe(433)
    expect(overallAverageHundredths(29, 6)).toBe(483)
    expect(overallAverageHundredths(9, 8)).toBe(113)
  })
})
