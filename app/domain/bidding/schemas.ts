/** Form schemas of bidding (SPEC §4). Messages are i18n keys; the quote is typed in yuan and kept in fen. */
import { z } from 'zod'
import { yuanToFen } from '~/domain/needs/schemas'
import { confirmation, optionalText, workingDays } from '~/domain/validation'

/** The bid form: the quote in yuan (converted exactly to fen), committed days C, note and team. */
export const BidSchema = z.object({
  quote: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .refine((v) => (yuanToFen(v) ?? 0) > 0, 'needs.validation.money'),
  committedDays: workingDays(1, 365),
  note: optionalText(2000),
  team: optionalText(2000),
})
export type BidFormValue = z.output<typeof BidSchema>

/** Withdrawing the live bid cannot be undone: confirmed in the same form. */
export const WithdrawBidSchema = z.object({ confirm: confirmation() })
