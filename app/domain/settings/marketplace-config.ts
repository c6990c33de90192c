/**
 * The admin-editable layer over the marketplace defaults (SPEC §4 "Defaults (one config module,
 * overridable by admin)"). Pure: the bounds, the zod schema of the stored overrides, the form
 * schema of the admin screen, and the merge. The database work is in marketplace-config.server.ts.
 *
 * - Overrides are stored as a partial `MarketplaceConfig` holding only the values that differ from
 *   the code's defaults (`overridesOf`), so a later change of a default in `app/domain/config.ts`
 *   reaches every value the admin has not set. `mergeConfig(defaults, overrides)` lays them over
 *   the defaults (the nested groups field by field).
 * - Bounds: registration window 1–60 working days, publicity 1–30, contract signing 1–60,
 *   minimum valid bids 1–20 for each method except direct (always 1: the owner picks one
 *   bidder), direct-selection threshold ≥ ¥0 in integer fen, abnormally low share 1–100 % kept
 *   as an exact fraction (percent / 100), default credit score 0–100, default rating 1.00–5.00
 *   kept in hundredths; the credit tiers' lowest scores A > B > C, whole numbers 1–100
 *   (`tierThresholdBounds` in app/domain/credit/credit.ts; a new agency, at the base 100, is in A).
 *   The error texts (settings.validation.*) quote these numbers; the unit
 *   test checks that they do.
 * - Money is entered in yuan with at most two decimals and converted exactly (`yuanToFen`).
 */
import { z } from 'zod'
import type { MarketplaceConfig, SelectionMethod } from '~/domain/config'
import { tierThresholdBounds, validTierThresholds } from '~/domain/credit/credit'
import { fenToYuan, yuanToFen } from '~/domain/needs/schemas'
import { confirmation } from '~/domain/validation'

export const CONFIG_BOUNDS = {
  minRegistrationWorkingDays: { min: 1, max: 60 },
  publicityWorkingDays: { min: 1, max: 30 },
  contractSigningWorkingDays: { min: 1, max: 60 },
  minValidBids: { min: 1, max: 20 },
  abnormallyLowPercent: { min: 1, max: 100 },
  creditScore: { min: 0, max: 100 },
  ratingHundredths: { min: 100, max: 500 },
  tierThreshold: tierThresholdBounds,
} as const

/** Direct selection always needs exactly one valid bid (the one the owner picks). */
export const DIRECT_MIN_VALID_BIDS = 1

/** The methods whose minimum number of valid bids the admin sets. */
export const boundedMethods = ['random', 'lowest_price', 'comprehensive'] as const satisfies readonly SelectionMethod[]

// ── The stored overrides ─────────────────────────────────────────────────────

const int = (bounds: { min: number; max: number }) => z.number().int().min(bounds.min).max(bounds.max)

const ShareSchema = z
  .object({
    numerator: z.number().int().min(1),
    denominator: z.number().int().min(1).max(1_000_000),
  })
  .refine(
    // 1 % ≤ numerator / denominator ≤ 100 %, in integers.
    (s) => s.numerator * 100 >= s.denominator && s.numerator <= s.denominator,
    'share outside 1–100 %',
  )

/** The overrides as stored in app_settings (jsonb): every field optional, each within its bounds. */
export const MarketplaceOverridesSchema = z.object({
  minRegistrationWorkingDays: int(CONFIG_BOUNDS.minRegistrationWorkingDays).optional(),
  publicityWorkingDays: int(CONFIG_BOUNDS.publicityWorkingDays).optional(),
  contractSigningWorkingDays: int(CONFIG_BOUNDS.contractSigningWorkingDays).optional(),
  minValidBids: z
    .object({
      random: int(CONFIG_BOUNDS.minValidBids).optional(),
      lowest_price: int(CONFIG_BOUNDS.minValidBids).optional(),
      comprehensive: int(CONFIG_BOUNDS.minValidBids).optional(),
      direct: z.literal(DIRECT_MIN_VALID_BIDS).optional(),
    })
    .optional(),
  directSelectionThresholdFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  allowDirectAfterFailedRound: z.boolean().optional(),
  abnormallyLowShare: ShareSchema.optional(),
  comprehensiveDefaults: z
    .object({
      creditScore: int(CONFIG_BOUNDS.creditScore).optional(),
      ratingHundredths: int(CONFIG_BOUNDS.ratingHundredths).optional(),
    })
    .optional(),
  /** Stored whole (all three or none): the order A > B > C holds between them. */
  creditTiers: z
    .object({ a: int(CONFIG_BOUNDS.tierThreshold), b: int(CONFIG_BOUNDS.tierThreshold), c: int(CONFIG_BOUNDS.tierThreshold) })
    .refine(validTierThresholds, 'tiers not descending')
    .optional(),
})
export type MarketplaceOverrides = z.infer<typeof MarketplaceOverridesSchema>

/** The defaults with the overrides laid over them; the nested groups are merged field by field. */
export function mergeConfig(defaults: Readonly<MarketplaceConfig>, overrides: MarketplaceOverrides): MarketplaceConfig {
  return {
    minRegistrationWorkingDays: overrides.minRegistrationWorkingDays ?? defaults.minRegistrationWorkingDays,
    publicityWorkingDays: overrides.publicityWorkingDays ?? defaults.publicityWorkingDays,
    contractSigningWorkingDays: overrides.contractSigningWorkingDays ?? defaults.contractSigningWorkingDays,
    minValidBids: { ...defaults.minValidBids, ...definedOnly(overrides.minValidBids) },
    directSelectionThresholdFen: overrides.directSelectionThresholdFen ?? defaults.directSelectionThresholdFen,
    allowDirectAfterFailedRound: overrides.allowDirectAfterFailedRound ?? defaults.allowDirectAfterFailedRound,
    abnormallyLowShare: overrides.abnormallyLowShare ? { ...overrides.abnormallyLowShare } : { ...defaults.abnormallyLowShare },
    comprehensiveDefaults: { ...defaults.comprehensiveDefaults, ...definedOnly(overrides.comprehensiveDefaults) },
    creditTiers: { ...(overrides.creditTiers ?? defaults.creditTiers) },
  }
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  if (!o) return {}
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

const sameShare = (a: { numerator: number; denominator: number }, b: { numerator: number; denominator: number }) =>
  a.numerator * b.denominator === b.numerator * a.denominator

/**
 * The overrides that turn `defaults` into `config`: only the values that differ (a share counts
 * as equal when it is the same fraction). `mergeConfig(defaults, overridesOf(defaults, c))`
 * equals `c` (up to an equal fraction written differently).
 */
export function overridesOf(defaults: Readonly<MarketplaceConfig>, config: MarketplaceConfig): MarketplaceOverrides {
  const out: MarketplaceOverrides = {}
  if (config.minRegistrationWorkingDays !== defaults.minRegistrationWorkingDays)
    out.minRegistrationWorkingDays = config.minRegistrationWorkingDays
  if (config.publicityWorkingDays !== defaults.publicityWorkingDays) out.publicityWorkingDays = config.publicityWorkingDays
  if (config.contractSigningWorkingDays !== defaults.contractSigningWorkingDays)
    out.contractSigningWorkingDays = config.contractSigningWorkingDays
  const bids: NonNullable<MarketplaceOverrides['minValidBids']> = {}
  for (const method of boundedMethods) {
    if (config.minValidBids[method] !== defaults.minValidBids[method]) bids[method] = config.minValidBids[method]
  }
  if (Object.keys(bids).length) out.minValidBids = bids
  if (config.directSelectionThresholdFen !== defaults.directSelectionThresholdFen)
    out.directSelectionThresholdFen = config.directSelectionThresholdFen
  if (config.allowDirectAfterFailedRound !== defaults.allowDirectAfterFailedRound)
    out.allowDirectAfterFailedRound = config.allowDirectAfterFailedRound
  if (!sameShare(config.abnormallyLowShare, defaults.abnormallyLowShare))
    out.abnormallyLowShare = { ...config.abnormallyLowShare }
  const scoring: NonNullable<MarketplaceOverrides['comprehensiveDefaults']> = {}
  if (config.comprehensiveDefaults.creditScore !== defaults.comprehensiveDefaults.creditScore)
    scoring.creditScore = config.comprehensiveDefaults.creditScore
  if (config.comprehensiveDefaults.ratingHundredths !== defaults.comprehensiveDefaults.ratingHundredths)
    scoring.ratingHundredths = config.comprehensiveDefaults.ratingHundredths
  if (Object.keys(scoring).length) out.comprehensiveDefaults = scoring
  const tiers = config.creditTiers
  if (tiers.a !== defaults.creditTiers.a || tiers.b !== defaults.creditTiers.b || tiers.c !== defaults.creditTiers.c)
    out.creditTiers = { a: tiers.a, b: tiers.b, c: tiers.c }
  return out
}

// ── The admin form ───────────────────────────────────────────────────────────

/** The form's field names (flat, one input each). */
export const configFields = [
  'minRegistrationWorkingDays',
  'publicityWorkingDays',
  'contractSigningWorkingDays',
  'minValidBidsRandom',
  'minValidBidsLowestPrice',
  'minValidBidsComprehensive',
  'directSelectionThreshold',
  'allowDirectAfterFailedRound',
  'abnormallyLowPercent',
  'defaultCreditScore',
  'defaultRating',
  'tierA',
  'tierB',
  'tierC',
] as const
export type ConfigField = (typeof configFields)[number]

/** A whole number in [min, max]; one message names the range. */
const wholeNumber = (bounds: { min: number; max: number }, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'validation.required' : message) })
      .int(message)
      .min(bounds.min, message)
      .max(bounds.max, message),
  )

const RATING = /^([1-5])(?:\.(\d{1,2}))?$/

/** '3.5' → 350: a rating 1.00–5.00 with at most two decimals, in hundredths, no floating point. */
export function ratingToHundredths(text: string): number | null {
  const m = RATING.exec(text.trim())
  if (!m) return null
  const value = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return value >= CONFIG_BOUNDS.ratingHundredths.min && value <= CONFIG_BOUNDS.ratingHundredths.max ? value : null
}

/** 350 → '3.50'. */
export const hundredthsToRating = (hundredths: number) => fenToYuan(hundredths)

const requiredString = () => z.string({ error: 'validation.required' }).trim().min(1, 'validation.required')

/**
 * The admin form: every setting, as typed; the output is a whole `MarketplaceConfig`.
 * Errors are i18n keys under settings.validation (each names its range).
 */
export const MarketplaceConfigFormSchema = z
  .object({
    minRegistrationWorkingDays: wholeNumber(CONFIG_BOUNDS.minRegistrationWorkingDays, 'settings.validation.windowDays'),
    publicityWorkingDays: wholeNumber(CONFIG_BOUNDS.publicityWorkingDays, 'settings.validation.publicityDays'),
    contractSigningWorkingDays: wholeNumber(CONFIG_BOUNDS.contractSigningWorkingDays, 'settings.validation.contractDays'),
    minValidBidsRandom: wholeNumber(CONFIG_BOUNDS.minValidBids, 'settings.validation.minValidBids'),
    minValidBidsLowestPrice: wholeNumber(CONFIG_BOUNDS.minValidBids, 'settings.validation.minValidBids'),
    minValidBidsComprehensive: wholeNumber(CONFIG_BOUNDS.minValidBids, 'settings.validation.minValidBids'),
    /** Yuan, at most two decimals, ≥ 0 → fen. */
    directSelectionThreshold: requiredString().transform((text, ctx) => {
      const fen = yuanToFen(text)
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: 'settings.validation.threshold' })
        return z.NEVER
      }
      return fen
    }),
    /** A checkbox: 'on' when ticked, absent when not. */
    allowDirectAfterFailedRound: z.preprocess((v) => v === 'on' || v === true, z.boolean()),
    abnormallyLowPercent: wholeNumber(CONFIG_BOUNDS.abnormallyLowPercent, 'settings.validation.percent'),
    defaultCreditScore: wholeNumber(CONFIG_BOUNDS.creditScore, 'settings.validation.creditScore'),
    defaultRating: requiredString().transform((text, ctx) => {
      const hundredths = ratingToHundredths(text)
      if (hundredths === null) {
        ctx.addIssue({ code: 'custom', message: 'settings.validation.rating' })
        return z.NEVER
      }
      return hundredths
    }),
    tierA: wholeNumber(CONFIG_BOUNDS.tierThreshold, 'settings.validation.tier'),
    tierB: wholeNumber(CONFIG_BOUNDS.tierThreshold, 'settings.validation.tier'),
    tierC: wholeNumber(CONFIG_BOUNDS.tierThreshold, 'settings.validation.tier'),
  })
  .superRefine((v, ctx) => {
    // A > B > C: the lower of a pair out of order carries the message (only between lines that are
    // themselves valid: a line out of bounds already has its own message).
    const ok = (n: number) => Number.isInteger(n) && n >= CONFIG_BOUNDS.tierThreshold.min && n <= CONFIG_BOUNDS.tierThreshold.max
    if (ok(v.tierA) && ok(v.tierB) && v.tierA <= v.tierB)
      ctx.addIssue({ code: 'custom', path: ['tierB'], message: 'settings.validation.tierBelowA' })
    if (ok(v.tierB) && ok(v.tierC) && v.tierB <= v.tierC)
      ctx.addIssue({ code: 'custom', path: ['tierC'], message: 'settings.validation.tierBelowB' })
  })
  .transform(
    (v): MarketplaceConfig => ({
      minRegistrationWorkingDays: v.minRegistrationWorkingDays,
      publicityWorkingDays: v.publicityWorkingDays,
      contractSigningWorkingDays: v.contractSigningWorkingDays,
      minValidBids: {
        random: v.minValidBidsRandom,
        lowest_price: v.minValidBidsLowestPrice,
        comprehensive: v.minValidBidsComprehensive,
        direct: DIRECT_MIN_VALID_BIDS,
      },
      directSelectionThresholdFen: v.directSelectionThreshold,
      allowDirectAfterFailedRound: v.allowDirectAfterFailedRound,
      abnormallyLowShare: { numerator: v.abnormallyLowPercent, denominator: 100 },
      comprehensiveDefaults: { creditScore: v.defaultCreditScore, ratingHundredths: v.defaultRating },
      creditTiers: { a: v.tierA, b: v.tierB, c: v.tierC },
    }),
  )
export type MarketplaceConfigInput = z.output<typeof MarketplaceConfigFormSchema>

/** Resetting overwrites every stored setting: confirmed in the same form. */
export const ResetMarketplaceConfigSchema = z.object({ confirm: confirmation() })

/** A share as a percentage for the form: exact when it is a whole percent, else to two decimals. */
export function shareToPercent(share: { numerator: number; denominator: number }): string {
  const hundredths = Math.round((share.numerator * 10_000) / share.denominator)
  return hundredths % 100 === 0 ? String(hundredths / 100) : fenToYuan(hundredths)
}

/** A config as the form shows it (the values the inputs start with). */
export function configToForm(config: Readonly<MarketplaceConfig>): Record<ConfigField, string> {
  return {
    minRegistrationWorkingDays: String(config.minRegistrationWorkingDays),
    publicityWorkingDays: String(config.publicityWorkingDays),
    contractSigningWorkingDays: String(config.contractSigningWorkingDays),
    minValidBidsRandom: String(config.minValidBids.random),
    minValidBidsLowestPrice: String(config.minValidBids.lowest_price),
    minValidBidsComprehensive: String(config.minValidBids.comprehensive),
    directSelectionThreshold: fenToYuan(config.directSelectionThresholdFen),
    allowDirectAfterFailedRound: config.allowDirectAfterFailedRound ? 'on' : '',
    abnormallyLowPercent: shareToPercent(config.abnormallyLowShare),
    defaultCreditScore: String(config.comprehensiveDefaults.creditScore),
    defaultRating: hundredthsToRating(config.comprehensiveDefaults.ratingHundredths),
    tierA: String(config.creditTiers.a),
    tierB: String(config.creditTiers.b),
    tierC: String(config.creditTiers.c),
  }
}
