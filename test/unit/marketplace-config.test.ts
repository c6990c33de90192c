import { describe, expect, it } from 'vitest'
import { marketplaceConfig, type MarketplaceConfig } from '~/domain/config'
import {
  CONFIG_BOUNDS,
  configToForm,
  MarketplaceConfigFormSchema,
  MarketplaceOverridesSchema,
  mergeConfig,
  overridesOf,
  ratingToHundredths,
  shareToPercent,
} from '~/domain/settings/marketplace-config'
import { en, zh } from '~/i18n/areas/settings'

const defaultsForm = configToForm(marketplaceConfig)

const parse = (over: Record<string, string | undefined>) => {
  const fields: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...defaultsForm, ...over })) if (v !== undefined && v !== '') fields[k] = v
  return MarketplaceConfigFormSchema.safeParse(fields)
}

const errorsOf = (over: Record<string, string | undefined>) => {
  const result = parse(over)
  if (result.success) return {}
  const out: Record<string, string[]> = {}
  for (const issue of result.error.issues) (out[issue.path.join('.')] ??= []).push(issue.message)
  return out
}

describe('the admin form schema', () => {
  it('the defaults shown in the form parse back to exactly the defaults', () => {
    expect(defaultsForm).toMatchObject({
      minRegistrationWorkingDays: '3',
      directSelectionThreshold: '100000.00',
      allowDirectAfterFailedRound: 'on',
      abnormallyLowPercent: '70',
      defaultRating: '3.00',
    })
    const result = parse({})
    expect(result.success).toBe(true)
    expect(result.data).toEqual(marketplaceConfig)
  })

  const rangeCases: [string, number, number, string][] = [
    ['minRegistrationWorkingDays', 1, 60, 'settings.validation.windowDays'],
    ['publicityWorkingDays', 1, 30, 'settings.validation.publicityDays'],
    ['contractSigningWorkingDays', 1, 60, 'settings.validation.contractDays'],
    ['minValidBidsRandom', 1, 20, 'settings.validation.minValidBids'],
    ['minValidBidsLowestPrice', 1, 20, 'settings.validation.minValidBids'],
    ['minValidBidsComprehensive', 1, 20, 'settings.validation.minValidBids'],
    ['abnormallyLowPercent', 1, 100, 'settings.validation.percent'],
    ['defaultCreditScore', 0, 100, 'settings.validation.creditScore'],
  ]
  for (const [field, min, max, message] of rangeCases) {
    it(`${field}: ${min}–${max}; outside, a fraction or text is refused with ${message}`, () => {
      expect(parse({ [field]: String(min) }).success).toBe(true)
      expect(parse({ [field]: String(max) }).success).toBe(true)
      for (const bad of [String(min - 1), String(max + 1), '2.5', 'abc', '-1', '1e1']) {
        expect(errorsOf({ [field]: bad })[field], `${field}=${bad}`).toEqual([message])
      }
      expect(errorsOf({ [field]: undefined })[field]).toEqual(['validation.required'])
    })
  }

  it('the threshold is yuan with at most two decimals, ≥ 0, stored in fen exactly', () => {
    expect(parse({ directSelectionThreshold: '0' }).data?.directSelectionThresholdFen).toBe(0)
    expect(parse({ directSelectionThreshold: '250000.5' }).data?.directSelectionThresholdFen).toBe(25_000_050)
    expect(parse({ directSelectionThreshold: '0.01' }).data?.directSelectionThresholdFen).toBe(1)
    for (const bad of ['-1', '1.234', '1,000', 'abc', '1e6']) {
      expect(errorsOf({ directSelectionThreshold: bad }).directSelectionThreshold).toEqual(['settings.validation.threshold'])
    }
    expect(errorsOf({ directSelectionThreshold: undefined }).directSelectionThreshold).toEqual(['validation.required'])
  })

  it('the abnormally low share is a whole percent stored as an exact fraction', () => {
    expect(parse({ abnormallyLowPercent: '85' }).data?.abnormallyLowShare).toEqual({ numerator: 85, denominator: 100 })
    expect(shareToPercent({ numerator: 7, denominator: 10 })).toBe('70')
    expect(shareToPercent({ numerator: 2, denominator: 3 })).toBe('66.67')
  })

  it('the default rating is 1.00–5.00 with two decimals at most, in hundredths', () => {
    expect(parse({ defaultRating: '4.25' }).data?.comprehensiveDefaults.ratingHundredths).toBe(425)
    expect(parse({ defaultRating: '1' }).data?.comprehensiveDefaults.ratingHundredths).toBe(100)
    expect(parse({ defaultRating: '5.00' }).data?.comprehensiveDefaults.ratingHundredths).toBe(500)
    for (const bad of ['0.99', '5.01', '3.333', 'x', '6']) {
      expect(errorsOf({ defaultRating: bad }).defaultRating).toEqual(['settings.validation.rating'])
    }
    expect(ratingToHundredths('3.5')).toBe(350)
  })

  it('the checkbox: ticked is allowed, absent is not; direct selection always needs exactly one bid', () => {
    expect(parse({ allowDirectAfterFailedRound: undefined }).data?.allowDirectAfterFailedRound).toBe(false)
    expect(parse({ allowDirectAfterFailedRound: 'on' }).data?.allowDirectAfterFailedRound).toBe(true)
    expect(parse({ minValidBidsRandom: '5' }).data?.minValidBids).toEqual({
      random: 5,
      lowest_price: 3,
      comprehensive: 3,
      direct: 1,
    })
  })

  it('every error message quotes its bounds in both languages', () => {
    const numbers: Record<keyof typeof zh.validation, string[]> = {
      windowDays: [CONFIG_BOUNDS.minRegistrationWorkingDays.min, CONFIG_BOUNDS.minRegistrationWorkingDays.max].map(String),
      publicityDays: [CONFIG_BOUNDS.publicityWorkingDays.min, CONFIG_BOUNDS.publicityWorkingDays.max].map(String),
      contractDays: [CONFIG_BOUNDS.contractSigningWorkingDays.min, CONFIG_BOUNDS.contractSigningWorkingDays.max].map(String),
      minValidBids: [CONFIG_BOUNDS.minValidBids.min, CONFIG_BOUNDS.minValidBids.max].map(String),
      threshold: ['0'],
      percent: [CONFIG_BOUNDS.abnormallyLowPercent.min, CONFIG_BOUNDS.abnormallyLowPercent.max].map(String),
      creditScore: [CONFIG_BOUNDS.creditScore.min, CONFIG_BOUNDS.creditScore.max].map(String),
      rating: ['1.00', '5.00'],
      tier: [CONFIG_BOUNDS.tierThreshold.min, CONFIG_BOUNDS.tierThreshold.max].map(String),
      tierBelowA: [],
      tierBelowB: [],
    }
    for (const [key, expected] of Object.entries(numbers) as [keyof typeof zh.validation, string[]][]) {
      for (const n of expected) {
        expect(zh.validation[key], `zh ${key}`).toContain(n)
        expect(en.validation[key], `en ${key}`).toContain(n)
      }
    }
  })
})

describe('the stored overrides and the merge', () => {
  it('accepts a partial config within bounds and refuses anything outside them', () => {
    expect(MarketplaceOverridesSchema.safeParse({}).success).toBe(true)
    expect(
      MarketplaceOverridesSchema.safeParse({
        minRegistrationWorkingDays: 5,
        minValidBids: { random: 4 },
        abnormallyLowShare: { numerator: 3, denominator: 4 },
        comprehensiveDefaults: { ratingHundredths: 450 },
      }).success,
    ).toBe(true)
    const bad: unknown[] = [
      { minRegistrationWorkingDays: 0 },
      { minRegistrationWorkingDays: 61 },
      { publicityWorkingDays: 31 },
      { contractSigningWorkingDays: 2.5 },
      { minValidBids: { random: 21 } },
      { minValidBids: { direct: 2 } },
      { directSelectionThresholdFen: -1 },
      { directSelectionThresholdFen: '100' },
      { allowDirectAfterFailedRound: 'yes' },
      { abnormallyLowShare: { numerator: 101, denominator: 100 } },
      { abnormallyLowShare: { numerator: 1, denominator: 1000 } },
      { comprehensiveDefaults: { creditScore: 101 } },
      { comprehensiveDefaults: { ratingHundredths: 99 } },
      'not an object',
      null,
      [],
    ]
    for (const value of bad) expect(MarketplaceOverridesSchema.safeParse(value).success, JSON.stringify(value)).toBe(false)
  })

  it('mergeConfig lays the overrides over the defaults, the nested groups field by field', () => {
    expect(mergeConfig(marketplaceConfig, {})).toEqual(marketplaceConfig)
    const merged = mergeConfig(marketplaceConfig, {
      publicityWorkingDays: 7,
      minValidBids: { lowest_price: 2 },
      allowDirectAfterFailedRound: false,
      directSelectionThresholdFen: 0,
      comprehensiveDefaults: { creditScore: 0 },
    })
    expect(merged).toEqual({
      ...marketplaceConfig,
      publicityWorkingDays: 7,
      minValidBids: { random: 3, lowest_price: 2, comprehensive: 3, direct: 1 },
      allowDirectAfterFailedRound: false,
      directSelectionThresholdFen: 0,
      comprehensiveDefaults: { creditScore: 0, ratingHundredths: 300 },
    })
    // The defaults object is never changed by a merge.
    expect(marketplaceConfig.minValidBids.lowest_price).toBe(3)
    expect(marketplaceConfig.comprehensiveDefaults.creditScore).toBe(60)
  })

  it('overridesOf keeps only what differs, and merging it back gives the config', () => {
    expect(overridesOf(marketplaceConfig, { ...marketplaceConfig })).toEqual({})
    // The same fraction written differently is no change.
    expect(overridesOf(marketplaceConfig, { ...marketplaceConfig, abnormallyLowShare: { numerator: 7, denominator: 10 } })).toEqual({})
    const config: MarketplaceConfig = {
      ...marketplaceConfig,
      minRegistrationWorkingDays: 5,
      minValidBids: { ...marketplaceConfig.minValidBids, comprehensive: 4 },
      abnormallyLowShare: { numerator: 80, denominator: 100 },
      comprehensiveDefaults: { creditScore: 60, ratingHundredths: 350 },
    }
    const overrides = overridesOf(marketplaceConfig, config)
    expect(overrides).toEqual({
      minRegistrationWorkingDays: 5,
      minValidBids: { comprehensive: 4 },
      abnormallyLowShare: { numerator: 80, denominator: 100 },
      comprehensiveDefaults: { ratingHundredths: 350 },
    })
    expect(MarketplaceOverridesSchema.parse(overrides)).toEqual(overrides)
    expect(mergeConfig(marketplaceConfig, overrides)).toEqual(config)
  })
})
