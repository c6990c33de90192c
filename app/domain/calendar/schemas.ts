import { z } from 'zod'
import { isCalendarDate } from '~/domain/dates'
import { CONTROL_CHARACTERS, optionalText, plainText, requiredText } from '~/domain/validation'

export const overrideKinds = ['holiday', 'makeup_workday', 'workday'] as const

const calendarDate = (message = 'validation.date') =>
  z.string({ error: 'validation.required' }).trim().refine((v) => isCalendarDate(v), message)

/** One admin-entered day (a correction, or a day of a year after the shipped data). */
export const OverrideSchema = z.object({
  date: calendarDate().refine((v) => Number(v.slice(0, 4)) >= 2001 && Number(v.slice(0, 4)) <= 2100, 'validation.calendarYear'),
  kind: z.enum(overrideKinds, { error: 'validation.choose' }),
  nameZh: optionalText(40),
  nameEn: optionalText(80),
  source: requiredText(200),
})
export type OverrideInput = z.infer<typeof OverrideSchema>

/** Deleting one override: the day it is for. */
export const DeleteOverrideSchema = OverrideSchema.pick({ date: true })

/**
 * A year's arrangement as a JSON file:
 * {"year":2027,"source":"国办发明电〔2026〕…号","days":[{"date":"2027-01-01","kind":"holiday","nameZh":"元旦","nameEn":"New Year's Day"}, …]}
 */
export const YearImportFileSchema = z
  .object({
    year: z.number().int().min(2001).max(2100),
    source: plainText({ singleLine: true }).trim().min(1).max(200),
    days: z
      .array(
        z.object({
          date: calendarDate(),
          kind: z.enum(overrideKinds),
          nameZh: plainText({ singleLine: true }).trim().max(40).optional(),
          nameEn: plainText({ singleLine: true }).trim().max(80).optional(),
        }),
      )
      .max(400),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>()
    file.days.forEach((d, i) => {
      if (!d.date.startsWith(`${file.year}-`)) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: OUTSIDE_YEAR })
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: DUPLICATE })
      seen.add(d.date)
    })
  })
export type YearImportFile = z.infer<typeof YearImportFileSchema>

export const MAX_IMPORT_BYTES = 256 * 1024

/** The import form: one JSON file of at most MAX_IMPORT_BYTES (its content is read by readYearFile). */
export const YearImportFormSchema = z.object({
  file: z.file({ error: 'calendar.importNoFile' }).max(MAX_IMPORT_BYTES, 'calendar.importTooLarge'),
})

const OUTSIDE_YEAR = 'calendarYears.importErrors.outsideYear'
const DUPLICATE = 'calendarYears.importErrors.duplicate'

export interface ImportProblem {
  messageKey: string
  params: Record<string, string | number>
}

/**
 * The first problem of an import file that failed YearImportFileSchema, as a translatable
 * message naming the place in the file (zod's own English never reaches the admin).
 */
export function importProblem(issues: readonly { path: readonly PropertyKey[]; message: string }[], json: unknown): ImportProblem {
  const issue = issues[0]
  const path = issue?.path ?? []
  const [top, index, field] = path
  const file = (json && typeof json === 'object' ? json : {}) as { year?: unknown; days?: unknown }
  const year = typeof file.year === 'number' ? file.year : ''
  if (!issue || path.length === 0) return { messageKey: 'calendarYears.importErrors.shape', params: {} }
  if (top === 'year') return { messageKey: 'calendarYears.importErrors.year', params: {} }
  if (issue.message === CONTROL_CHARACTERS) {
    const row = top === 'days' && typeof index === 'number' ? index + 1 : 0
    return { messageKey: 'calendarYears.importErrors.controlCharacters', params: { row } }
  }
  if (top === 'source') return { messageKey: 'calendarYears.importErrors.source', params: {} }
  if (top !== 'days') return { messageKey: 'calendarYears.importErrors.shape', params: {} }
  if (typeof index !== 'number') return { messageKey: 'calendarYears.importErrors.days', params: {} }
  const row = index + 1
  const day = Array.isArray(file.days) ? (file.days[index] as { date?: unknown } | undefined) : undefined
  const date = typeof day?.date === 'string' ? day.date.trim() : ''
  if (field === 'date') {
    if (issue.message === OUTSIDE_YEAR) return { messageKey: OUTSIDE_YEAR, params: { row, date, year } }
    if (issue.message === DUPLICATE) return { messageKey: DUPLICATE, params: { row, date } }
    return { messageKey: 'calendarYears.importErrors.date', params: { row } }
  }
  if (field === 'kind') return { messageKey: 'calendarYears.importErrors.kind', params: { row } }
  if (field === 'nameZh' || field === 'nameEn') return { messageKey: 'calendarYears.importErrors.name', params: { row } }
  return { messageKey: 'calendarYears.importErrors.day', params: { row } }
}
