/**
 * Building blocks for form schemas. Messages are i18n keys (translated where they are shown),
 * so one schema serves the browser and the server in both languages.
 *
 * Every text block refuses characters no person types and PostgreSQL may not store: NUL (which
 * PostgreSQL refuses in text), the other C0 controls, DEL and the C1 controls, the non-characters
 * U+FFFE/U+FFFF and a surrogate half without its pair — with the field-level message
 * `input.controlCharacters`. Tab and line breaks (\n, \r) are allowed, except in a field marked
 * `{ singleLine: true }` (names, codes, titles: an <input>, where no line break can be typed).
 */
import { z } from 'zod'

export const CONTROL_CHARACTERS = 'input.controlCharacters'

const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]'
const FORBIDDEN_IN_LINE = new RegExp(`[\\u0000-\\u0008\\u000A-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]|${LONE_SURROGATE}`)
const FORBIDDEN_IN_TEXT = new RegExp(
  `[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFFFE\\uFFFF]|${LONE_SURROGATE}`,
)

/** True when `text` holds a character no text field accepts (line breaks too when single-line). */
export function hasForbiddenCharacters(text: string, options: { singleLine?: boolean } = {}): boolean {
  return (options.singleLine ? FORBIDDEN_IN_LINE : FORBIDDEN_IN_TEXT).test(text)
}

export interface TextOptions {
  /** No line breaks (an <input>, not a textarea). */
  singleLine?: boolean
  /** The message when the field is missing (default validation.required). */
  required?: string
}

/** A string without forbidden characters; the base of every text block (and of a bare text field). */
export const plainText = (options: TextOptions = {}) =>
  z
    .string({ error: options.required ?? 'validation.required' })
    .refine((v) => !hasForbiddenCharacters(v, options), { message: CONTROL_CHARACTERS, abort: true })

export const requiredText = (max = 200, options: TextOptions = {}) =>
  plainText(options)
    .trim()
    .min(1, options.required ?? 'validation.required')
    .max(max, 'validation.tooLong')

export const optionalText = (max = 500, options: TextOptions = {}) =>
  plainText(options)
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

/**
 * An irreversible action's confirmation: a checkbox `confirm` with the value `yes` in the same
 * form (see `<ConfirmField>`), checked by the server, so it works with and without JavaScript.
 * Missing or anything else → the field error `confirm.required`.
 */
export const CONFIRM_FIELD = 'confirm'
export const confirmation = () => z.literal('yes', { error: 'confirm.required' })

/** The shortest reason that will be published (an objection, a ruling, a cancellation…), after trimming. */
export const PUBLISHED_REASON_MIN = 10
/** A reason that will be published: required, at least PUBLISHED_REASON_MIN characters, at most `max`. */
export const publishedReason = (max = 1000, options: TextOptions = {}) =>
  requiredText(max, options).refine((v) => v.length === 0 || v.length >= PUBLISHED_REASON_MIN, {
    message: 'confirm.reasonTooShort',
  })
