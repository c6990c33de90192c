/** The admin's contract template form (issue 13 §1): both bodies, required. Messages are i18n keys. */
import { z } from 'zod'
import { requiredText } from '~/domain/validation'

export const TEMPLATE_MAX = 20_000

export const ContractTemplateSchema = z.object({
  bodyZh: requiredText(TEMPLATE_MAX),
  bodyEn: requiredText(TEMPLATE_MAX),
})
export type ContractTemplateInput = z.infer<typeof ContractTemplateSchema>

/** "Reset to default" carries no fields. */
export const ResetTemplateSchema = z.object({})
