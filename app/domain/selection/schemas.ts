/** Form schemas of the owner's part in selection (SPEC §5). Messages are i18n keys. */
import { z } from 'zod'
import { confirmation, publishedReason, uuid } from '~/domain/validation'

/** The owner's direct pick: one of the candidate bids and a written reason (published with the result), confirmed. */
export const DirectPickSchema = z.object({ bidId: uuid(), reason: publishedReason(1000), confirm: confirmation() })

/** Switching a failed need to a direct pick cannot be switched back: confirmed in the same form. */
export const SwitchToDirectSchema = z.object({ confirm: confirmation() })

/** Re-posting a failed need as a new draft: nothing to fill in. */
export const RepostSchema = z.object({})
