/**
 * Projects and needs on the real database: drafting, the publish rules (every violation with
 * its numbers, nothing written on refusal), the seed commitment, scoping by organisation, and
 * cancelling. Time is a fixed Asia/Shanghai clock around National Day 2025.
 */
import { createHash } from 'node:crypto'
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, needs, qualificationLevels } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import {
  saveApprovalItem,
  saveDepartment,
  saveQualificationType,
  saveServiceType,
} from '~/domain/catalogue/catalogue.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { Conflict, Forbidden, NotFound, RuleViolation, RuleViolations } from '~/domain/errors'
import {
  cancelNeed,
  createProject,
  getNeedForOwner,
  listOwnerNeeds,
  publicNeed,
  PublishRefused,
  publishNeed,
  saveNeedDraft,
} from '~/domain/needs/needs.server'
import type { PublishViolation } from '~/domain/needs/publish-rules'
import { fenToYuan, NeedDraftSchema, ProjectSchema, publishViolationParams, yuanToFen } from '~/domain/needs/schemas'
import { zh as needsZh, en as needsEn } from '~/i18n/areas/needs'
import { systemActor } from '~/utils/audit.server'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'

// 2025-09-29 10:00 in Shanghai (a Monday, two days before National Day).
const MONDAY_BEFORE_NATIONAL_DAY = '2025-09-29T02:00:00Z'

let owner: SessionUser
let otherOwner: SessionUser
let agency: SessionUser
let plainServiceTypeId: string
let qualifiedServiceTypeId: string
let qualificationTypeId: string
let levelB: string
let tightItemId: string // L = 30, P = 20
let roomyItemId: string // L = 60, P = 10
let projectId: string

afterEach(() => resetClock())

beforeAll(async () => {
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, {
    code: 'DEP-NEEDS',
    nameZh: '生态环境局',
    nameEn: 'Ecology Bureau',
  })
  const qt = await saveQualificationType(db, systemActor, {
    code: 'QT-NEEDS',
    nameZh: '测绘资质',
    nameEn: 'Surveying licence',
    issuerZh: '',
    issuerEn: '',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ],
  })
  qualificationTypeId = qt.id
  const [b] = await db
    .select({ id: qualificationLevels.id })
    .from(qualificationLevels)
    .where(and(eq(qualificationLevels.qualificationTypeId, qt.id), eq(qualificationLevels.code, 'B')))
  levelB = b.id
  const st = (code: string, qualificationTypeIds: string[]) =>
    saveServiceType(db, systemActor, {
      code,
      nameZh: code,
      nameEn: code,
      descriptionZh: '',
      descriptionEn: '',
      departmentId: dept.id,
      qualificationTypeIds,
      active: true,
    })
  plainServiceTypeId = (await st('ST-NEEDS-PLAIN', [])).id
  qualifiedServiceTypeId = (await st('ST-NEEDS-QUAL', [qt.id])).id
  const item = (code: string, statutoryDays: number, committedDays: number) =>
    saveApprovalItem(db, systemActor, {
      code,
      nameZh: code,
      nameEn: code,
      departmentId: dept.id,
      statutoryDays,
      committedDays,
      serviceTypeIds: [plainServiceTypeId, qualifiedServiceTypeId],
      limitsAreDemo: true,
      active: true,
    })
  tightItemId = (await item('AI-NEEDS-TIGHT', 30, 20)).id
  roomyItemId = (await item('AI-NEEDS-ROOMY', 60, 10)).id
  owner = await loadSessionUser(db, (await createAccount(db, 'owner')).user.id)
  otherOwner = await loadSessionUser(db, (await createAccount(db, 'owner')).user.id)
  agency = await loadSessionUser(db, (await createAccount(db, 'agency')).user.id)
  const project = await createProject(
    db,
    owner,
    ProjectSchema.parse({
      name: '盐城港滨海港区物流园',
      projectCode: '2025-320900-54-01-000001',
      location: '盐城市滨海县',
      industry: '物流',
      totalInvestment: '123456789.5',
    }),
  )
  projectId = project.id
})

/** A draft as the form would post it. */
const rawDraft = (overrides: Record<string, unknown> = {}) => ({
  projectId,
  serviceTypeId: qualifiedServiceTypeId,
  approvalItemId: roomyItemId,
  title: '环境影响报告表编制',
  scope: '编制项目环境影响报告表并配合审批。',
  priceCeiling: '50000',
  qualificationTypeId,
  minLevelId: levelB,
  serviceDays: '10',
  method: 'random',
  registrationClosesOn: '2025-10-10',
  ...overrides,
})
const draftForm = (overrides: Record<string, unknown> = {}) => NeedDraftSchema.parse(rawDraft(overrides))

const render = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? `{{${k}}}`))

async function needRow(id: string) {
  const db = await getDb()
  const [row] = await db.select().from(needs).where(eq(needs.id, id))
  return row
}

async function auditCount(entityId: string) {
  const db = await getDb()
  const [row] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityId, entityId))
  return row.n
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e,
  )
}

describe('money', () => {
  it('converts yuan text to fen exactly, without floating point', () => {
    expect(yuanToFen('0.01')).toBe(1)
    expect(yuanToFen('0.1')).toBe(10)
    expect(yuanToFen('1')).toBe(100)
    expect(yuanToFen(' 100000.00 ')).toBe(10_000_000)
    expect(yuanToFen('100000.01')).toBe(10_000_001)
    expect(yuanToFen('0.29')).toBe(29) // 0.29 * 100 = 28.999999999999996 in floating point
    expect(yuanToFen('1.005')).toBeNull()
    expect(yuanToFen('007.5')).toBe(750)
    expect(yuanToFen('90071992547409.91')).toBe(9_007_199_254_740_991)
    expect(yuanToFen('90071992547409.92')).toBeNull()
    for (const bad of ['', '.5', '5.', '-1', '1e3', '1,000', '¥5', 'abc', '1.2.3']) expect(yuanToFen(bad)).toBeNull()
    expect(fenToYuan(1)).toBe('0.01')
    expect(fenToYuan(10_000_001)).toBe('100000.01')
    expect(fenToYuan(0)).toBe('0.00')
  })

  it('the schemas turn yuan into fen and refuse bad amounts with a message key', () => {
    const project = ProjectSchema.safeParse({
      name: 'x',
      projectCode: 'c',
      location: 'l',
      industry: 'i',
      totalInvestment: '12.345',
    })
    expect(project.success).toBe(false)
    expect(project.error?.issues[0]).toMatchObject({ path: ['totalInvestment'], message: 'needs.validation.money' })
    expect(draftForm({ priceCeiling: '' }).priceCeilingFen).toBeNull()
    expect(draftForm({ priceCeiling: '1234.5' }).priceCeilingFen).toBe(123_450)
    const noWeights = NeedDraftSchema.safeParse(rawDraft({ method: 'comprehensive' }))
    expect(noWeights.success).toBe(false)
    expect(noWeights.error?.issues.map((i) => i.message)).toContain('needs.validation.weightsRequired')
    const weighted = NeedDraftSchema.parse(
      rawDraft({ method: 'comprehensive', weights: { price: '40', credit: '30', rating: '20', days: '10' } }),
    )
    expect(weighted.weights).toEqual({ price: 40, credit: 30, rating: 20, days: 10 })
    // Weights given for another method are dropped.
    expect(
      NeedDraftSchema.parse(rawDraft({ weights: { price: '40', credit: '30', rating: '20', days: '10' } })).weights,
    ).toBeNull()
  })
})

describe('projects', () => {
  it('project codes are unique per owner; only owners create projects', async () => {
    const db = await getDb()
    const input = ProjectSchema.parse({
      name: 'p',
      projectCode: '2025-320900-54-01-000001',
      location: 'l',
      industry: 'i',
      totalInvestment: '1',
    })
    const dup = await rejection(createProject(db, owner, input))
    expect(dup).toBeInstanceOf(RuleViolation)
    expect(dup).toMatchObject({ messageKey: 'needs.errors.projectCodeTaken', field: 'projectCode' })
    // Another owner may use the same code for its own project.
    await expect(createProject(db, otherOwner, input)).resolves.toMatchObject({ projectCode: input.projectCode })
    await expect(createProject(db, agency, input)).rejects.toBeInstanceOf(Forbidden)
  })
})

describe('publishing', () => {
  it('refuses with every violation and its numbers, and writes nothing', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const db = await getDb()
    const id = await saveNeedDraft(
      db,
      owner,
      draftForm({
        approvalItemId: tightItemId,
        serviceDays: '15',
        method: 'direct',
        priceCeiling: '100000.01',
        qualificationTypeId: '',
        minLevelId: '',
        registrationClosesOn: '2025-10-09',
      }),
    )
    const before = await needRow(id)
    const audits = await auditCount(id)

    const error = await rejection(publishNeed(db, owner, id))
    expect(error).toBeInstanceOf(PublishRefused)
    // Several rules at once (decision 008): each problem at the need form's field, with its numbers.
    expect(error).toBeInstanceOf(RuleViolations)
    expect((error as PublishRefused).problems).toContainEqual({
      field: 'serviceDays',
      messageKey: 'needs.publish.serviceLimitExceedsBudget',
      params: expect.objectContaining({ S: 15, L: 30, P: 20, budget: 10 }),
    })
    expect((error as PublishRefused).problems).toContainEqual({
      field: 'method',
      messageKey: 'needs.publish.directAboveThreshold',
      params: expect.objectContaining({ ceilingYuan: '100000.01', thresholdYuan: '100000.00' }),
    })
    const violations = (error as PublishRefused).violations
    const byKey = new Map<string, PublishViolation>(violations.map((v) => [v.key, v]))
    expect([...byKey.keys()].sort()).toEqual(
      [
        'needs.publish.directAboveThreshold',
        'needs.publish.qualificationMissing',
        'needs.publish.serviceLimitExceedsBudget',
        'needs.publish.windowTooShort',
      ].sort(),
    )
    expect((error as PublishRefused).params).toEqual({ count: 4 })

    // S > L − P: 15 > 30 − 20 = 10.
    const budget = byKey.get('needs.publish.serviceLimitExceedsBudget')!
    expect(budget).toMatchObject({ field: 'serviceLimitDays', params: { S: 15, L: 30, P: 20, budget: 10 } })
    expect(render(needsZh.publish.serviceLimitExceedsBudget, publishViolationParams(budget))).toContain(
      '15 > 30 − 20 = 10',
    )
    expect(render(needsEn.publish.serviceLimitExceedsBudget, publishViolationParams(budget))).toContain(
      '15 > 30 − 20 = 10',
    )

    // Across National Day 2025 (1–8 October off): only 30 September and 9 October are working days.
    const window = byKey.get('needs.publish.windowTooShort')!
    expect(window).toMatchObject({
      field: 'registrationClosesOn',
      params: { closesOn: '2025-10-09', days: 2, minDays: 3, earliestClosesOn: '2025-10-10' },
    })
    const windowText = render(needsZh.publish.windowTooShort, publishViolationParams(window))
    expect(windowText).toContain('只有 2 个工作日')
    expect(windowText).toContain('至少需要 3 个工作日')
    expect(windowText).toContain('2025-10-10')

    // Direct selection only up to ¥100,000 inclusive; the params arrive in fen, the text shows yuan.
    const direct = byKey.get('needs.publish.directAboveThreshold')!
    expect(direct).toMatchObject({ field: 'method', params: { ceilingFen: 10_000_001, thresholdFen: 10_000_000 } })
    expect(publishViolationParams(direct)).toMatchObject({ ceilingYuan: '100000.01', thresholdYuan: '100000.00' })
    expect(render(needsEn.publish.directAboveThreshold, publishViolationParams(direct))).toContain('¥100000.01')
    expect(render(needsEn.publish.directAboveThreshold, publishViolationParams(direct))).not.toContain('{{')

    expect(byKey.get('needs.publish.qualificationMissing')).toMatchObject({
      field: 'qualificationTypeId',
      params: { serviceTypeId: qualifiedServiceTypeId },
    })

    // Nothing changed.
    const after = await needRow(id)
    expect(after).toEqual(before)
    expect(after.state).toBe('draft')
    expect(after.seedHash).toBeNull()
    expect(after.seedSecret).toBeNull()
    expect(await auditCount(id)).toBe(audits)
    await expect(publicNeed(db, id)).rejects.toBeInstanceOf(NotFound)

    // At exactly ¥100,000 direct selection is allowed; the other violations remain.
    await saveNeedDraft(
      db,
      owner,
      draftForm({
        approvalItemId: tightItemId,
        serviceDays: '15',
        method: 'direct',
        priceCeiling: '100000',
        qualificationTypeId: '',
        minLevelId: '',
        registrationClosesOn: '2025-10-09',
      }),
      id,
    )
    const again = (await rejection(publishNeed(db, owner, id))) as PublishRefused
    expect(again.violations.map((v) => v.key)).not.toContain('needs.publish.directAboveThreshold')
    expect(again.violations).toHaveLength(3)
  })

  it('publishes a valid draft with a seed commitment, once', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const db = await getDb()
    const id = await saveNeedDraft(db, owner, draftForm())
    const result = await publishNeed(db, owner, id)
    expect(result.state).toBe('open')

    const row = await needRow(id)
    expect(row.state).toBe('open')
    expect(row.publishedAt?.toISOString()).toBe('2025-09-29T02:00:00.000Z')
    expect(row.seedSecret).toMatch(/^[0-9a-f]{64}$/)
    expect(row.seedHash).toBe(createHash('sha256').update(Buffer.from(row.seedSecret!, 'hex')).digest('hex'))
    expect(result.seedHash).toBe(row.seedHash)

    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'need.published')))
    expect(event.payload).toMatchObject({ seedHash: row.seedHash, method: 'random', closesOn: '2025-10-10' })
    expect(JSON.stringify(event.payload)).not.toContain(row.seedSecret!)

    const notice = await publicNeed(db, id)
    expect(notice).toMatchObject({ id, state: 'open', seedHash: row.seedHash, priceCeilingFen: 5_000_000 })
    expect(notice).not.toHaveProperty('seedSecret')
    expect(JSON.stringify(notice)).not.toContain(row.seedSecret!)
    const mine = await getNeedForOwner(db, owner, id)
    expect(mine).not.toHaveProperty('seedSecret')
    expect(mine.seedHash).toBe(row.seedHash)

    // Twice → conflict; an open need is no longer an editable draft.
    await expect(publishNeed(db, owner, id)).rejects.toBeInstanceOf(Conflict)
    await expect(saveNeedDraft(db, owner, draftForm({ title: '改' }), id)).rejects.toBeInstanceOf(Conflict)
    const after = await needRow(id)
    expect(after).toEqual(row)
    expect(await auditCount(id)).toBe(2) // draft created, published
  })
})

describe('scoping and cancelling', () => {
  it('another owner and an agency can neither see nor act on the need; cancelling needs a reason', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const db = await getDb()
    const id = await saveNeedDraft(db, owner, draftForm({ title: '水土保持方案编制' }))
    const before = await needRow(id)
    const audits = await auditCount(id)

    for (const outsider of [otherOwner, agency]) {
      await expect(getNeedForOwner(db, outsider, id)).rejects.toBeInstanceOf(NotFound)
      expect((await listOwnerNeeds(db, outsider)).map((n) => n.id)).not.toContain(id)
    }
    await expect(publishNeed(db, otherOwner, id)).rejects.toBeInstanceOf(NotFound)
    await expect(cancelNeed(db, otherOwner, id, '不需要了')).rejects.toBeInstanceOf(NotFound)
    await expect(saveNeedDraft(db, otherOwner, draftForm({ title: '篡改' }), id)).rejects.toBeInstanceOf(NotFound)
    await expect(publishNeed(db, agency, id)).rejects.toBeInstanceOf(Forbidden)
    await expect(cancelNeed(db, agency, id, '不需要了')).rejects.toBeInstanceOf(Forbidden)
    await expect(saveNeedDraft(db, agency, draftForm(), id)).rejects.toBeInstanceOf(Forbidden)
    await expect(getNeedForOwner(db, owner, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFound)
    expect(await needRow(id)).toEqual(before)
    expect(await auditCount(id)).toBe(audits)
    expect((await listOwnerNeeds(db, owner)).map((n) => n.id)).toContain(id)

    // Cancel: a reason is required.
    for (const reason of ['', '   ']) {
      const e = await rejection(cancelNeed(db, owner, id, reason))
      expect(e).toBeInstanceOf(RuleViolation)
      expect(e).toMatchObject({ messageKey: 'needs.errors.reasonRequired', field: 'reason' })
    }
    expect(await needRow(id)).toEqual(before)

    await expect(cancelNeed(db, owner, id, '  项目调整，暂缓采购 ')).resolves.toMatchObject({ state: 'cancelled' })
    const row = await needRow(id)
    expect(row).toMatchObject({ state: 'cancelled', cancelReason: '项目调整，暂缓采购', seedHash: null })
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'need.cancelled')))
    expect(event.payload).toMatchObject({ reason: '项目调整，暂缓采购', from: 'draft' })
    await expect(publishNeed(db, owner, id)).rejects.toBeInstanceOf(Conflict)
    await expect(cancelNeed(db, owner, id, '再取消')).rejects.toBeInstanceOf(Conflict)
    await expect(publicNeed(db, id)).rejects.toBeInstanceOf(NotFound)
  })

  it('an open need can be cancelled by its owner', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const db = await getDb()
    const id = await saveNeedDraft(
      db,
      owner,
      draftForm({ serviceTypeId: plainServiceTypeId, qualificationTypeId: '', minLevelId: '' }),
    )
    await publishNeed(db, owner, id)
    await cancelNeed(db, owner, id, '项目终止')
    expect(await needRow(id)).toMatchObject({ state: 'cancelled', cancelReason: '项目终止' })
    // A cancelled notice stays public (it was published), still without the seed.
    const notice = await publicNeed(db, id)
    expect(notice.state).toBe('cancelled')
    expect(notice).not.toHaveProperty('seedSecret')
  })
})
