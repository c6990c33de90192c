/** Form schemas of publicity (SPEC §5): objections, the winner's cost justification, the ruling. Messages are i18n keys. */
import { z } from 'zod'
import { confirmation, publishedReason, requiredText } from '~/domain/validation'

/** An objection during publicity: the grounds, in writing (published to the owner and the regulator), confirmed: one per round. */
export const ObjectionSchema = z.object({
  reason: publishedReason(4000, { required: 'objections.validation.reasonRequired' }),
  confirm: confirmation(),
})

/** The flagged winner's cost justification (成本说明). */
export const JustificationSchema = z.object({
  text: requiredText(8000, { required: 'objections.validation.textRequired' }),
})

/**
 * The ruling: uphold or reject, a written reason (published: at least PUBLISHED_REASON_MIN
 * characters), whether the winner is at fault (upheld only), confirmed: a ruling is final.
 */
export const RulingSchema = z.object({
  decision: z.enum(['uphold', 'reject'], { error: 'objections.validation.decision' }),
  reason: publishedReason(4000, { required: 'objections.validation.rulingReasonRequired' }),
  winnerAtFault: z.boolean().optional(),
  confirm: confirmation(),
})
