import { z } from 'zod'
import { isRegionCode } from './regions'

/**
 * A region field: a code of the regions catalogue (the form offers a select). Anything else —
 * a name typed by hand, a made-up code — is the field error `regions.unknown` (400).
 */
export const regionField = (options: { required: boolean }) =>
  z
    .string({ error: 'regions.choose' })
    .trim()
    .optional()
    .transform((v) => v ?? '')
    .superRefine((value, ctx) => {
      if (value === '') {
        if (options.required) ctx.addIssue({ code: 'custom', message: 'regions.choose' })
        return
      }
      if (!isRegionCode(value)) ctx.addIssue({ code: 'custom', message: 'regions.unknown' })
    })
