import { z } from 'zod'
import { isCalendarDate } from '~/domain/dates'
import { optionalText, requiredText } from '~/domain/validation'

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

/**
 * A year's arrangement as a JSON file:
 * {"year":2027,"source":"国办发明电〔2026〕…号","days":[{"date":"2027-01-01","kind":"holiday","nameZh":"元旦","nameEn":"New Year's Day"}, …]}
 */
export const YearImportFileSchema = z
  .object({
    year: z.number().int().min(2001).max(2100),
    source: z.string().trim().min(1).max(200),
    days: z
      .array(
        z.object({
          date: calendarDate(),
          kind: z.enum(overrideKinds),
          nameZh: z.string().trim().max(40).optional(),
          nameEn: z.string().trim().max(80).optional(),
        }),
      )
      .max(400),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>()
    file.days.forEach((d, i) => {
      if (!d.date.startsWith(`${file.year}-`)) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: 'date outside year' })
      if (seen.has(d.date)) ctx.addIssue({ code: 'custom', path: ['days', i, 'date'], message: 'duplicate date' })
      seen.add(d.date)
    })
  })
export type YearImportFile = z.infer<typeof YearImportFileSchema>

export const MAX_IMPORT_BYTES = 256 * 1024
