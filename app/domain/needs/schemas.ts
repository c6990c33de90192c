/**
 * Form schemas of projects and needs (SPEC §4). Messages are i18n keys. Money is entered in
 * yuan (元) and stored in integer fen (分); the conversion is exact string arithmetic.
 */
import { z } from 'zod'
import { isCalendarDate } from '~/domain/dates'
import { confirmation, publishedReason, requiredText, uuid, workingDays } from '~/domain/validation'
import type { PublishViolation } from './publish-rules'

export const selectionMethods = ['direct', 'random', 'lowest_price', 'comprehensive'] as const

const YUAN = /^(\d+)(?:\.(\d{1,2}))?$/

/**
 * '1234.5' → 123450 fen. Accepts digits with at most two decimals (no sign, no exponent, no
 * thousands separators, surrounding spaces ignored); null for anything else or beyond the
 * safe-integer range. No floating point is involved.
 */
export function yuanToFen(text: string): number | null {
  const m = YUAN.exec(text.trim())
  if (!m) return null
  const digits = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '')
  if (digits.length > 16) return null
  const fen = Number(digits)
  return Number.isSafeInteger(fen) ? fen : null
}

/** 123450 → '1234.50' (exact; negative amounts keep their sign). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`)
  const sign = fen < 0 ? '-' : ''
  const digits = String(Math.abs(fen)).padStart(3, '0')
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

/** A positive yuan amount → fen. */
const yuan = () =>
  z.string({ error: 'validation.required' }).transform((text, ctx) => {
    if (text.trim() === '') {
      ctx.addIssue({ code: 'custom', message: 'validation.required' })
      return z.NEVER
    }
    const fen = yuanToFen(text)
    if (fen === null || fen <= 0) {
      ctx.addIssue({ code: 'custom', message: 'needs.validation.money' })
      return z.NEVER
    }
    return fen
  })

/** An optional yuan amount → fen, or null when left empty. */
const optionalYuan = () => z.preprocess(emptyToUndefined, yuan().optional()).transform((v) => v ?? null)

const optionalUuid = () => z.preprocess(emptyToUndefined, uuid().optional()).transform((v) => v ?? null)

const calendarDate = () =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .refine((v) => isCalendarDate(v), 'validation.date')

const weight = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'validation.required' : 'validation.integer') })
      .int('validation.integer')
      .min(0, 'needs.validation.weight')
      .max(100, 'needs.validation.weight'),
  )

export const ProjectSchema = z.object({
  name: requiredText(200, { singleLine: true }),
  projectCode: requiredText(60, { singleLine: true }),
  location: requiredText(200, { singleLine: true }),
  industry: requiredText(100, { singleLine: true }),
  /** Total investment in yuan → `totalInvestmentFen`. */
  totalInvestment: yuan(),
})
export type ProjectInput = z.infer<typeof ProjectSchema>

export const NeedDraftSchema = z
  .object({
    projectId: uuid(),
    serviceTypeId: uuid(),
    approvalItemId: uuid(),
    title: requiredText(200, { singleLine: true }),
    scope: requiredText(5000),
    /** 最高限价 in yuan → fen; empty = none (only direct selection may publish without one). */
    priceCeiling: optionalYuan(),
    qualificationTypeId: optionalUuid(),
    minLevelId: optionalUuid(),
    serviceDays: workingDays(),
    method: z.enum(selectionMethods, { error: 'validation.choose' }),
    weights: z.object({ price: weight(), credit: weight(), rating: weight(), days: weight() }).optional(),
    registrationClosesOn: calendarDate(),
  })
  .superRefine((v, ctx) => {
    if (v.method === 'comprehensive' && !v.weights)
      ctx.addIssue({ code: 'custom', path: ['weights'], message: 'needs.validation.weightsRequired' })
    if (v.minLevelId && !v.qualificationTypeId)
      ctx.addIssue({ code: 'custom', path: ['qualificationTypeId'], message: 'validation.required' })
  })
  .transform(({ priceCeiling, weights, ...rest }) => ({
    ...rest,
    priceCeilingFen: priceCeiling,
    weights: rest.method === 'comprehensive' && weights ? weights : null,
  }))
export type NeedDraftInput = z.infer<typeof NeedDraftSchema>

const FEN_PARAMS: Record<string, string> = { ceilingFen: 'ceilingYuan', thresholdFen: 'thresholdYuan' }

/** A violation's params plus the yuan strings its message shows ({{ceilingYuan}}, {{thresholdYuan}}). */
export function publishViolationParams(v: Pick<PublishViolation, 'params'>): Record<string, string | number> {
  const out: Record<string, string | number> = { ...v.params }
  for (const [fenKey, yuanKey] of Object.entries(FEN_PARAMS)) {
    const fen = v.params[fenKey]
    if (typeof fen === 'number' && Number.isSafeInteger(fen)) out[yuanKey] = fenToYuan(fen)
  }
  return out
}

/** Cancelling cannot be undone and its reason is published: at least PUBLISHED_REASON_MIN characters, confirmed. */
export const CancelNeedSchema = z.object({ reason: publishedReason(1000), confirm: confirmation() })
