/** Form schemas of complaints (SPEC §8): filing, the regulator's steps, withdrawal. Messages are i18n keys. */
import { z } from 'zod'
import { ListingSchema, type ListingInput } from '~/domain/blacklist/schemas'
import { complaintConfig } from '~/domain/config'
import { confirmation, optionalText, publishedReason, uuid, uuidList } from '~/domain/validation'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const checkbox = () => z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())
const optionalId = () => z.preprocess(emptyToUndefined, uuid().optional())

/**
 * Filing: about a contract (`contractId`, the owner about its agency) or a need's procedure
 * (`needId`, optionally naming an agency `targetAgencyId`); the text; confirmed. The attachment
 * (one file, optional) is read from the multipart body by the route and judged by the domain.
 */
export const FileComplaintSchema = z
  .object({
    contractId: optionalId(),
    needId: optionalId(),
    targetAgencyId: optionalId(),
    text: publishedReason(complaintConfig.maxTextChars, { required: 'complaints.validation.textRequired' }),
    confirm: confirmation(),
  })
  .superRefine((v, ctx) => {
    if ((v.contractId === undefined) === (v.needId === undefined))
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'complaints.validation.subject' })
    if (v.contractId !== undefined && v.targetAgencyId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['targetAgencyId'], message: 'complaints.validation.targetOnContract' })
  })
export type FileComplaintInput = z.infer<typeof FileComplaintSchema>

/** Accepting (the complaint will be examined): confirmed. */
export const AcceptComplaintSchema = z.object({ confirm: confirmation() })

/** Rejecting as invalid, or dismissing after examination: the reasons are required. */
export const ReasonedDecisionSchema = z.object({
  reasons: publishedReason(4000, { required: 'complaints.validation.reasonsRequired' }),
  confirm: confirmation(),
})

/** A placeholder id for checking the listing's fields before the agency (the complaint's target) is known. */
const TARGET_PLACEHOLDER = '00000000-0000-4000-8000-000000000000'

/**
 * Upholding: the reasons (published on the agency's profile) and, optionally, the blacklisting
 * of the agency complained about, with the blacklist's own fields and rules (ListingSchema):
 * reason, legal basis, scope, the last day or permanent.
 */
export const UpholdSchema = z
  .object({
    reasons: publishedReason(4000, { required: 'complaints.validation.reasonsRequired' }),
    blacklist: checkbox(),
    listReason: optionalText(4000),
    legalBasis: optionalText(1000),
    scope: z.preprocess(
      emptyToUndefined,
      z.enum(['all', 'service_types'], { error: 'blacklist.validation.scope' }).optional(),
    ),
    serviceTypeIds: uuidList(),
    endsOn: z.preprocess(emptyToUndefined, z.string().optional()),
    permanent: checkbox(),
    confirm: confirmation(),
  })
  .superRefine((v, ctx) => {
    if (!v.blacklist) return
    const parsed = ListingSchema.safeParse(listingFields(v, TARGET_PLACEHOLDER))
    if (parsed.success) return
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'listReason')
      ctx.addIssue({ code: 'custom', path: [field === 'reason' ? 'listReason' : field], message: issue.message })
    }
  })
export type UpholdInput = z.infer<typeof UpholdSchema>

function listingFields(v: UpholdInput, agencyId: string) {
  return {
    agencyId,
    reason: v.listReason,
    legalBasis: v.legalBasis,
    scope: v.scope,
    serviceTypeIds: v.serviceTypeIds,
    endsOn: v.endsOn ?? '',
    permanent: v.permanent,
    confirm: 'yes',
  }
}

/** The blacklisting an upholding asks for, for the target agency (null when none is asked); parsed by ListingSchema itself. */
export function listingOf(v: UpholdInput, agencyId: string): ListingInput | null {
  if (!v.blacklist) return null
  return ListingSchema.parse(listingFields(v, agencyId))
}

/** The complainant withdraws: confirmed. */
export const WithdrawSchema = z.object({ confirm: confirmation() })
