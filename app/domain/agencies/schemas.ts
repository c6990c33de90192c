import { z } from 'zod'
import { isCalendarDate } from '~/domain/dates'
import { regionField } from '~/domain/organisations/schemas'
import { confirmation, optionalText, publishedReason, requiredText } from '~/domain/validation'

const date = () => z.string({ error: 'validation.required' }).trim().refine(isCalendarDate, 'validation.date')
const id = () => z.uuid('validation.choose')

export const QualificationRowSchema = z
  .object({
    qualificationTypeId: id(),
    levelId: id(),
    certificateNo: requiredText(60, { singleLine: true }),
    issuer: requiredText(100, { singleLine: true }),
    validFrom: date(),
    validUntil: date(),
    fileId: z.uuid('validation.choose').optional(),
  })
  .refine((q) => q.validUntil >= q.validFrom, { path: ['validUntil'], message: 'agency.validation.untilBeforeFrom' })

export const PractitionerRowSchema = z.object({
  name: requiredText(40, { singleLine: true }),
  certificateType: requiredText(60, { singleLine: true }),
  certificateNo: requiredText(60, { singleLine: true }),
})

/** An entry or change application: the agency's whole desired registered profile. */
export const AgencyApplicationSchema = z.object({
  name: requiredText(100, { singleLine: true }),
  nameEn: optionalText(200, { singleLine: true }),
  region: regionField({ required: true }),
  address: requiredText(200, { singleLine: true }),
  legalRepresentative: requiredText(40, { singleLine: true }),
  contactName: requiredText(40, { singleLine: true }),
  contactPhone: z
    .string({ error: 'validation.required' })
    .trim()
    .regex(/^[0-9+\-() ]{7,20}$/, 'agency.validation.phone'),
  serviceTypeIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.uuid('validation.choose')).min(1, 'agency.validation.serviceTypeRequired').max(30),
  ),
  qualifications: z.array(QualificationRowSchema).max(20).default([]),
  practitioners: z.array(PractitionerRowSchema).max(200).default([]),
  feeStandard: requiredText(2000),
  commitment: requiredText(2000),
})
export type AgencyApplicationInput = z.infer<typeof AgencyApplicationSchema>

/**
 * A reviewer's decision on an application. Approving needs nothing more; a rejection cannot be
 * undone and its reason goes to the agency and its registry file: at least PUBLISHED_REASON_MIN
 * characters, and the form confirmed.
 */
export const ReviewSchema = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('approve'), reason: optionalText(1000) }),
    z.object({
      decision: z.literal('reject'),
      reason: publishedReason(1000, { required: 'agency.validation.reasonRequired' }),
      confirm: confirmation(),
    }),
  ],
  { error: 'validation.choose' },
)
/** What the domain needs of a decision (the confirmation is the form's business). */
export interface ReviewInput {
  decision: 'approve' | 'reject'
  reason: string
}

const StatusChangeFields = z.object({
  action: z.enum(['suspend', 'reinstate'], { error: 'validation.choose' }),
  reason: publishedReason(1000),
})
/** Suspending or reinstating an agency: the reason is published (at least PUBLISHED_REASON_MIN characters), the form confirmed. */
export const StatusChangeSchema = StatusChangeFields.extend({ confirm: confirmation() })
export type StatusChangeInput = z.infer<typeof StatusChangeFields>
/** The suspend and reinstate forms (the intent names the action): a published reason, confirmed. */
export const StatusReasonSchema = StatusChangeFields.omit({ action: true }).extend({ confirm: confirmation() })

/** A certificate upload: the file itself is judged by the domain (size, real type from its bytes). */
export const CertificateUploadSchema = z.object({})

/** Submitting or withdrawing the application: a button, no fields (the domain acts on the current application). */
export const ApplicationStepSchema = z.object({})

export const forcedExitCategories = ['qualification_revoked_or_expired', 'serious_violation', 'fraud', 'other'] as const

const ForcedExitFields = z.object({
  category: z.enum(forcedExitCategories, { error: 'validation.choose' }),
  reason: publishedReason(1000),
})
/** A forced exit cannot be undone and its reason is published: at least PUBLISHED_REASON_MIN characters, confirmed. */
export const ForcedExitSchema = ForcedExitFields.extend({ confirm: confirmation() })
export type ForcedExitInput = z.infer<typeof ForcedExitFields>

export const VoluntaryExitSchema = z.object({
  reason: requiredText(1000),
  confirm: z.literal('on', { error: 'agency.validation.confirmExit' }),
})
export type VoluntaryExitInput = z.infer<typeof VoluntaryExitSchema>
