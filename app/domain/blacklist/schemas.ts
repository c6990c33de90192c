/** Form schemas of the blacklist (SPEC §8): listing, lifting early, the appeal and its decision. Messages are i18n keys. */
import { z } from 'zod'
import { isCalendarDate } from '~/domain/dates'
import { confirmation, publishedReason, requiredText, uuid, uuidList } from '~/domain/validation'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const checkbox = () => z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())

/**
 * A regulator lists an agency: reason and legal basis (published), scope (all service types or
 * the chosen ones), the last day in force (empty = one year) or permanent, confirmed.
 */
export const ListingSchema = z
  .object({
    agencyId: uuid(),
    reason: publishedReason(4000, { required: 'blacklist.validation.reasonRequired' }),
    legalBasis: requiredText(1000, { required: 'blacklist.validation.legalBasisRequired' }),
    scope: z.enum(['all', 'service_types'], { error: 'blacklist.validation.scope' }),
    serviceTypeIds: uuidList(),
    endsOn: z.preprocess(emptyToUndefined, z.string().trim().refine(isCalendarDate, 'validation.date').optional()),
    permanent: checkbox(),
    confirm: confirmation(),
  })
  .superRefine((v, ctx) => {
    if (v.scope === 'service_types' && v.serviceTypeIds.length === 0)
      ctx.addIssue({ code: 'custom', path: ['serviceTypeIds'], message: 'blacklist.validation.serviceTypesRequired' })
    if (v.permanent && v.endsOn !== undefined)
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'blacklist.validation.permanentOrEnd' })
  })
export type ListingInput = z.infer<typeof ListingSchema>

/** Lifting early: the reason is required (published). */
export const LiftSchema = z.object({
  reason: publishedReason(2000, { required: 'blacklist.validation.liftReasonRequired' }),
  confirm: confirmation(),
})

/** The agency's one appeal per entry. */
export const AppealSchema = z.object({
  text: requiredText(4000, { required: 'blacklist.validation.appealRequired' }),
  confirm: confirmation(),
})

/** The admin office's decision on an appeal, with reasons (published). */
export const AppealDecisionSchema = z.object({
  decision: z.enum(['upheld', 'rejected'], { error: 'blacklist.validation.decision' }),
  reasons: publishedReason(4000, { required: 'blacklist.validation.reasonsRequired' }),
  confirm: confirmation(),
})
