/**
 * Form schemas of the credit actions (issue 14 §2, §4): the admin's list of negative behaviours,
 * a regulator's recorded violation and commendation, the agency's repair application and its
 * withdrawal, the regulator's decision. Messages are i18n keys.
 */
import { z } from 'zod'
import { isCalendarDate } from '~/domain/dates'
import { catalogueCode, confirmation, publishedReason, requiredText, uuid } from '~/domain/validation'
import { behaviourPointsBounds, commendationPointsBounds } from './credit'

const checkbox = () => z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

/** A whole number in [min, max] typed in a field; the range message carries the bounds. */
const boundedInteger = (bounds: { min: number; max: number }, rangeKey: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'validation.required' : 'validation.integer') })
      .int('validation.integer')
      .min(bounds.min, rangeKey)
      .max(bounds.max, rangeKey),
  )

/** One entry of the list of negative behaviours. */
export const BehaviourSchema = z.object({
  code: catalogueCode(),
  nameZh: requiredText(200, { singleLine: true }),
  nameEn: requiredText(300, { singleLine: true }),
  points: boundedInteger(behaviourPointsBounds, 'creditActions.validation.behaviourPoints'),
  proposesBlacklisting: checkbox(),
  active: checkbox(),
})
export type BehaviourInput = z.infer<typeof BehaviourSchema>

/** A regulator records a violation: an active behaviour, the facts (published), the date, optionally the need. */
export const ViolationSchema = z.object({
  behaviourId: uuid(),
  facts: publishedReason(4000, { required: 'creditActions.validation.factsRequired' }),
  onDate: z.string({ error: 'validation.required' }).trim().refine(isCalendarDate, 'validation.date'),
  needId: z.preprocess(emptyToUndefined, uuid().optional()),
  confirm: confirmation(),
})
export type ViolationInput = z.infer<typeof ViolationSchema>

/** A regulator records a commendation: the reason (published) and the points within the bounds. */
export const CommendationSchema = z.object({
  reason: publishedReason(2000, { required: 'creditActions.validation.reasonRequired' }),
  points: boundedInteger(commendationPointsBounds, 'creditActions.validation.commendationPoints'),
  confirm: confirmation(),
})
export type CommendationInput = z.infer<typeof CommendationSchema>

/** The agency's repair application: what it corrected (the evidence file comes with the multipart form). */
export const RepairApplicationSchema = z.object({
  text: requiredText(4000, { required: 'creditActions.validation.repairTextRequired' }),
  confirm: confirmation(),
})
export type RepairApplicationInput = z.infer<typeof RepairApplicationSchema>

/** The agency withdraws its pending application. */
export const RepairWithdrawSchema = z.object({
  applicationId: uuid(),
  confirm: confirmation(),
})

/** The regulator's decision, with reasons (shown to the agency and, for a grant, on the public ledger). */
export const RepairDecisionSchema = z.object({
  decision: z.enum(['grant', 'refuse'], { error: 'creditActions.validation.decision' }),
  reasons: publishedReason(4000, { required: 'creditActions.validation.reasonsRequired' }),
  confirm: confirmation(),
})
export type RepairDecisionInput = z.infer<typeof RepairDecisionSchema>
