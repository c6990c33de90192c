import { describe, expect, it } from 'vitest'
import { catalogue, serviceTypesWithoutApproval } from '#db/seed/catalogue-data'

const { departments, qualificationTypes, serviceTypes, approvalItems } = catalogue

const CJK = /[\u4e00-\u9fff]/
const ASCII_CODE = /^[A-Z0-9]+(-[A-Z0-9]+)*$/

const expectUnique = (codes: string[]): void => {
  const dupes = codes.filter((c, i) => codes.indexOf(c) !== i)
  expect(dupes).toEqual([])
}

/** The service types named in SPEC §3 (EIA split into report and form). */
const SPEC_SERVICE_NAMES = [
  '环境影响评价报告书',
  '环境影响评价报告表',
  '节能评估',
  '安全预评价',
  '职业病危害预评价',
  '地质灾害危险性评估',
  '地震安全性评价',
  '水土保持方案编制',
  '水资源论证',
  '防洪影响评价',
  '压覆矿产资源评估',
  '土地勘测定界',
  '工程测量',
  '房产测绘',
  '施工图审查',
  '工程造价咨询',
  '文物影响评估',
  '交通影响评价',
  '社会稳定风险评估',
  '可行性研究报告编制',
]

describe('catalogue data', () => {
  it('has the expected counts', () => {
    expect(departments.length).toBeGreaterThanOrEqual(8)
    expect(qualificationTypes.length).toBeGreaterThanOrEqual(8)
    expect(serviceTypes.length).toBeGreaterThanOrEqual(15)
    expect(approvalItems.length).toBeGreaterThanOrEqual(10)
  })

  it('covers every service type named in SPEC §3', () => {
    const names = serviceTypes.map((s) => s.nameZh)
    for (const name of SPEC_SERVICE_NAMES) expect(names).toContain(name)
  })

  it('uses unique, stable ASCII codes with the right prefixes', () => {
    const groups: [string, { code: string }[]][] = [
      ['DEP-', departments],
      ['QT-', qualificationTypes],
      ['ST-', serviceTypes],
      ['AI-', approvalItems],
    ]
    for (const [prefix, rows] of groups) {
      expectUnique(rows.map((r) => r.code))
      for (const { code } of rows) {
        expect(code.startsWith(prefix), code).toBe(true)
        expect(code, code).toMatch(ASCII_CODE)
      }
    }
  })

  it('has non-empty Chinese and English names', () => {
    const rows = [...departments, ...qualificationTypes, ...serviceTypes, ...approvalItems]
    for (const r of rows) {
      expect(r.nameZh, r.code).toMatch(CJK)
      expect(r.nameEn.trim(), r.code).not.toBe('')
      expect(r.nameEn, r.code).not.toMatch(CJK)
    }
    expectUnique(serviceTypes.map((s) => s.nameZh))
    expectUnique(approvalItems.map((a) => a.nameZh))
  })

  it('gives every service type a bilingual description', () => {
    for (const s of serviceTypes) {
      expect(s.descriptionZh, s.code).toMatch(CJK)
      expect(s.descriptionEn.trim().length, s.code).toBeGreaterThan(20)
      expect(s.descriptionEn, s.code).not.toMatch(CJK)
    }
  })

  it('explains in the description when no qualification is required', () => {
    for (const s of serviceTypes.filter((x) => x.qualificationTypeCodes.length === 0)) {
      expect(s.descriptionZh, s.code).toMatch(/资质/)
      expect(s.descriptionEn, s.code).toMatch(/qualification/i)
    }
  })

  it('gives every qualification type an issuer and non-empty levels with unique codes', () => {
    for (const q of qualificationTypes) {
      expect(q.issuerZh, q.code).toMatch(CJK)
      expect(q.issuerEn.trim(), q.code).not.toBe('')
      expect(q.levels.length, q.code).toBeGreaterThanOrEqual(1)
      expectUnique(q.levels.map((l) => l.code))
      for (const l of q.levels) {
        expect(l.code, q.code).toMatch(ASCII_CODE)
        expect(l.nameZh, q.code).toMatch(CJK)
        expect(l.nameEn.trim(), q.code).not.toBe('')
      }
    }
  })

  it('resolves every reference', () => {
    const dep = new Set(departments.map((d) => d.code))
    const qt = new Set(qualificationTypes.map((q) => q.code))
    const st = new Set(serviceTypes.map((s) => s.code))
    for (const s of serviceTypes) {
      expect(dep.has(s.departmentCode), `${s.code} → ${s.departmentCode}`).toBe(true)
      expectUnique(s.qualificationTypeCodes)
      for (const q of s.qualificationTypeCodes) expect(qt.has(q), `${s.code} → ${q}`).toBe(true)
    }
    for (const a of approvalItems) {
      expect(dep.has(a.departmentCode), `${a.code} → ${a.departmentCode}`).toBe(true)
      expect(a.serviceTypeCodes.length, a.code).toBeGreaterThanOrEqual(1)
      expectUnique(a.serviceTypeCodes)
      for (const s of a.serviceTypeCodes) expect(st.has(s), `${a.code} → ${s}`).toBe(true)
    }
  })

  it('uses every qualification type and department somewhere', () => {
    const usedQt = new Set(serviceTypes.flatMap((s) => s.qualificationTypeCodes))
    for (const q of qualificationTypes) expect(usedQt.has(q.code), q.code).toBe(true)
    const usedDep = new Set([
      ...serviceTypes.map((s) => s.departmentCode),
      ...approvalItems.map((a) => a.departmentCode),
    ])
    for (const d of departments) expect(usedDep.has(d.code), d.code).toBe(true)
  })

  it('has integer limits with 1 ≤ P ≤ L', () => {
    for (const a of approvalItems) {
      expect(Number.isInteger(a.statutoryDays), a.code).toBe(true)
      expect(Number.isInteger(a.committedDays), a.code).toBe(true)
      expect(a.committedDays, a.code).toBeGreaterThanOrEqual(1)
      expect(a.committedDays, a.code).toBeLessThanOrEqual(a.statutoryDays)
    }
  })

  it('feeds every service type into an approval item unless explicitly exempted', () => {
    const fed = new Set(approvalItems.flatMap((a) => a.serviceTypeCodes))
    const st = new Set(serviceTypes.map((s) => s.code))
    for (const [code, reason] of Object.entries(serviceTypesWithoutApproval)) {
      expect(st.has(code), code).toBe(true)
      expect(fed.has(code), `${code} is exempted but does feed an approval`).toBe(false)
      expect(reason.trim(), code).not.toBe('')
    }
    for (const s of serviceTypes) {
      if (s.code in serviceTypesWithoutApproval) continue
      expect(fed.has(s.code), `${s.code} feeds no approval item`).toBe(true)
    }
  })
})
