/**
 * Building blocks for form schemas. Messages are i18n keys (translated where they are shown),
 * so one schema serves the browser and the server in both languages.
 */
import { z } from 'zod'

export const requiredText = (max = 200) =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, 'validation.required')
    .max(max, 'validation.tooLong')

export const optionalText = (max = 500) =>
  z
    .string()
    .trim()
    .max(max, 'validation.tooLong')
    .optional()
    .transform((v) => v ?? '')

export const email = () =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .toLowerCase()
    .pipe(z.email('validation.email').max(254, 'validation.tooLong'))

export const PASSWORD_MIN = 10
export const password = () =>
  z
    .string({ error: 'validation.required' })
    .min(PASSWORD_MIN, 'validation.passwordTooShort')
    .max(128, 'validation.tooLong')

/** A whole number of working days in [min, max]. */
export const workingDays = (min = 1, max = 365) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'validation.required' : 'validation.integer') })
      .int('validation.integer')
      .min(min, 'validation.daysRange')
      .max(max, 'validation.daysRange'),
  )

/** Stable ASCII catalogue code such as ST-EIA-REPORT. */
export const catalogueCode = () =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9-]{1,39}$/, 'validation.code')

export const uuid = () => z.uuid('validation.choose')

/** One or more ids from a multi-select (conform gives a string for one, an array for many). */
export const uuidList = () =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid('validation.choose')))
