import { describe, expect, it } from 'vitest'
import { SignupSchema } from '~/domain/accounts/schemas'
import { ApprovalItemSchema, parseLevels, QualificationTypeSchema } from '~/domain/catalogue/schemas'
import { makeCreditCode } from '~/domain/organisations/social-credit-code'

const uuid = '8d7a4a43-3a6b-4c1e-9d55-0e7c0d3b7a11'

function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const out: Record<string, string[]> = {}
  for (const issue of result.error?.issues ?? []) (out[issue.path.join('.')] ??= []).push(issue.message)
  return out
}

describe('ApprovalItemSchema', () => {
  const valid = { code: 'ai-eia', nameZh: '环评审批', nameEn: 'EIA approval', departmentId: uuid, statutoryDays: '60', committedDays: '30', serviceTypeIds: uuid, limitsAreDemo: 'on' }

  it('accepts P ≤ L, coerces numbers, upper-cases the code and normalises one id to a list', () => {
    const r = ApprovalItemSchema.safeParse(valid)
    expect(r.success).toBe(true)
    expect(r.data).toMatchObject({ code: 'AI-EIA', statutoryDays: 60, committedDays: 30, serviceTypeIds: [uuid], limitsAreDemo: true, active: false })
    expect(ApprovalItemSchema.safeParse({ ...valid, committedDays: '60' }).success).toBe(true)
  })

  it('puts P > L on the committedDays field', () => {
    expect(errorsOf(ApprovalItemSchema.safeParse({ ...valid, committedDays: '61' }))).toEqual({ committedDays: ['validation.committedAboveStatutory'] })
  })

  it('a missing limit is "required", not "not a number"', () => {
    const { statutoryDays: _omit, ...rest } = valid
    expect(errorsOf(ApprovalItemSchema.safeParse(rest)).statutoryDays).toEqual(['validation.required'])
    expect(errorsOf(ApprovalItemSchema.safeParse({ ...valid, statutoryDays: 'abc' })).statutoryDays).toEqual(['validation.integer'])
  })

  it('refuses zero, fractions, text and missing names with keyed messages', () => {
    const e = errorsOf(ApprovalItemSchema.safeParse({ ...valid, statutoryDays: '0', committedDays: '1.5', nameZh: '  ', code: '1AB' }))
    expect(e.statutoryDays).toEqual(['validation.daysRange'])
    expect(e.committedDays).toEqual(['validation.integer'])
    expect(e.nameZh).toEqual(['validation.required'])
    expect(e.code).toEqual(['validation.code'])
  })
})

describe('SignupSchema', () => {
  const valid = {
    kind: 'owner',
    organisationName: '江苏恒泰新材料有限公司',
    creditCode: makeCreditCode({ serial: 42 }),
    name: '张三',
    email: 'Zhang.San@Example.com ',
    password: 'long-enough-password',
  }

  it('normalises email and credit code', () => {
    const r = SignupSchema.safeParse({ ...valid, creditCode: valid.creditCode.toLowerCase() })
    expect(r.success).toBe(true)
    expect(r.data).toMatchObject({ email: 'zhang.san@example.com', creditCode: valid.creditCode, region: '' })
  })

  it('reports each bad field with its own key', () => {
    const e = errorsOf(
      SignupSchema.safeParse({ ...valid, kind: 'regulator', email: 'x@', password: 'short', creditCode: valid.creditCode.slice(0, 17) + (valid.creditCode.endsWith('0') ? '1' : '0') }),
    )
    expect(e).toEqual({
      kind: ['validation.choose'],
      email: ['validation.email'],
      password: ['validation.passwordTooShort'],
      creditCode: ['validation.creditCode.check'],
    })
  })
})

describe('qualification levels', () => {
  it('parses "code | 中文 | English" lines in order', () => {
    expect(parseLevels('a | 甲级 | Grade A\n\n B|乙级|Grade B ')).toEqual([
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ])
  })
  it('refuses malformed lines and duplicate codes', () => {
    expect(parseLevels('A | 甲级')).toBeNull()
    expect(parseLevels('')).toBeNull()
    const r = QualificationTypeSchema.safeParse({ code: 'QT-X', nameZh: 'X', nameEn: 'X', levels: 'A|甲|A\nA|乙|B' })
    expect(errorsOf(r)).toEqual({ levels: ['validation.levelsDuplicate'] })
  })
})
