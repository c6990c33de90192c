/**
 * The signing form (issue 13 §1): the signer's password, asked again. Shared by the browser and
 * the server; messages are i18n keys.
 */
import { z } from 'zod'

export const SignContractSchema = z.object({
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(128, 'validation.tooLong'),
})
