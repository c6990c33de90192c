import { z } from 'zod'
import { catalogueCode, optionalText, plainText, requiredText, uuid, uuidList, workingDays } from '~/domain/validation'

const checkbox = () => z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean())

export const DepartmentSchema = z.object({
  code: catalogueCode(),
  nameZh: requiredText(100, { singleLine: true }),
  nameEn: requiredText(150, { singleLine: true }),
})
export type DepartmentInput = z.infer<typeof DepartmentSchema>

export const ServiceTypeSchema = z.object({
  code: catalogueCode(),
  nameZh: requiredText(100, { singleLine: true }),
  nameEn: requiredText(150, { singleLine: true }),
  descriptionZh: optionalText(1000),
  descriptionEn: optionalText(2000),
  departmentId: uuid(),
  qualificationTypeIds: uuidList(),
  active: checkbox(),
})
export type ServiceTypeInput = z.infer<typeof ServiceTypeSchema>

/** Approval item: limits in working days; the committed limit P may not exceed the statutory L. */
export const ApprovalItemSchema = z
  .object({
    code: catalogueCode(),
    nameZh: requiredText(100, { singleLine: true }),
    nameEn: requiredText(200, { singleLine: true }),
    departmentId: uuid(),
    statutoryDays: workingDays(),
    committedDays: workingDays(),
    serviceTypeIds: uuidList(),
    limitsAreDemo: checkbox(),
    active: checkbox(),
  })
  .refine((v) => v.committedDays <= v.statutoryDays, {
    path: ['committedDays'],
    message: 'validation.committedAboveStatutory',
  })
export type ApprovalItemInput = z.infer<typeof ApprovalItemSchema>

export interface LevelInput {
  code: string
  nameZh: string
  nameEn: string
}

/** Parses "code | 中文 | English" lines, highest level first. */
export function parseLevels(text: string): LevelInput[] | null {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  const levels: LevelInput[] = []
  for (const line of lines) {
    const parts = line.split('|').map((p) => p.trim())
    if (parts.length !== 3 || parts.some((p) => !p) || !/^[A-Z0-9-]{1,20}$/i.test(parts[0])) return null
    levels.push({ code: parts[0].toUpperCase(), nameZh: parts[1], nameEn: parts[2] })
  }
  return levels.length ? levels : null
}

export function formatLevels(levels: readonly LevelInput[]): string {
  return levels.map((l) => `${l.code} | ${l.nameZh} | ${l.nameEn}`).join('\n')
}

export const QualificationTypeSchema = z.object({
  code: catalogueCode(),
  nameZh: requiredText(100, { singleLine: true }),
  nameEn: requiredText(150, { singleLine: true }),
  issuerZh: optionalText(100, { singleLine: true }),
  issuerEn: optionalText(150, { singleLine: true }),
  levels: plainText().transform((text, ctx) => {
    const levels = parseLevels(text)
    if (!levels) {
      ctx.addIssue({ code: 'custom', message: 'validation.levels' })
      return z.NEVER
    }
    if (new Set(levels.map((l) => l.code)).size !== levels.length) {
      ctx.addIssue({ code: 'custom', message: 'validation.levelsDuplicate' })
      return z.NEVER
    }
    return levels
  }),
})
export type QualificationTypeInput = z.infer<typeof QualificationTypeSchema>
