import { z } from 'zod'
import { regionField } from '~/domain/organisations/schemas'
import { checkCreditCode } from '~/domain/organisations/social-credit-code'
import { email, password, requiredText } from '~/domain/validation'

export const creditCode = () =>
  z
    .string({ error: 'validation.required' })
    .trim()
    .toUpperCase()
    .superRefine((value, ctx) => {
      const result = checkCreditCode(value)
      if (!result.ok) ctx.addIssue({ code: 'custom', message: `validation.creditCode.${result.problem}` })
    })

export const LoginSchema = z.object({
  email: email(),
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required'),
  redirectTo: z.string().optional(),
})

/** Self sign-up creates an owner or agency organisation and its first user. */
export const SignupSchema = z.object({
  kind: z.enum(['owner', 'agency'], { error: 'validation.choose' }),
  organisationName: requiredText(100, { singleLine: true }),
  creditCode: creditCode(),
  region: regionField({ required: false }),
  name: requiredText(60, { singleLine: true }),
  email: email(),
  password: password(),
})

export type SignupInput = z.infer<typeof SignupSchema>

/** Admin creates a regulator account for a department. */
export const RegulatorAccountSchema = z.object({
  departmentId: z.uuid('validation.choose'),
  organisationName: requiredText(100, { singleLine: true }),
  creditCode: creditCode(),
  name: requiredText(60, { singleLine: true }),
  email: email(),
  password: password(),
})

export type RegulatorAccountInput = z.infer<typeof RegulatorAccountSchema>
