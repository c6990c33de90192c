/**
 * The owner's project and need pages (app/routes/owner+/): only owners may act, another owner's
 * need is a 404 for every intent, bad input comes back as field errors with the typed values,
 * publishing refusals carry every violation with its numbers, and nothing is written on refusal.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { needs, projects, qualificationLevels } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import {
  saveApprovalItem,
  saveDepartment,
  saveQualificationType,
  saveServiceType,
} from '~/domain/catalogue/catalogue.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { createProject, saveNeedDraft } from '~/domain/needs/needs.server'
import { NeedDraftSchema, ProjectSchema } from '~/domain/needs/schemas'
import { systemActor } from '~/utils/audit.server'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'
import * as needRoute from '~/routes/owner+/needs.$id'
import * as needsIndex from '~/routes/owner+/needs._index'
import * as projectsRoute from '~/routes/owner+/projects._index'
import { decodeMessage } from '~/utils/intent-reply'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'

// 2025-09-29 10:00 in Shanghai (a Monday, two days before National Day).
const MONDAY_BEFORE_NATIONAL_DAY = '2025-09-29T02:00:00Z'

let owner: SessionUser
let otherOwner: SessionUser
let ownerCookie: string
let otherCookie: string
let agencyCookie: string
let regulatorCookie: string
let serviceTypeId: string
let qualificationTypeId: string
let levelB: string
let tightItemId: string // L = 30, P = 20
let roomyItemId: string // L = 60, P = 10
let projectId: string

afterEach(() => resetClock())

beforeAll(async () => {
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, { code: 'DEP-OWNUI', nameZh: '生态环境局', nameEn: 'Ecology' })
  const qt = await saveQualificationType(db, systemActor, {
    code: 'QT-OWNUI',
    nameZh: '测绘资质',
    nameEn: 'Surveying',
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
  serviceTypeId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-OWNUI',
      nameZh: '环评',
      nameEn: 'EIA',
      descriptionZh: '',
      descriptionEn: '',
      departmentId: dept.id,
      qualificationTypeIds: [qt.id],
      active: true,
    })
  ).id
  const item = async (code: string, statutoryDays: number, committedDays: number) =>
    (
      await saveApprovalItem(db, systemActor, {
        code,
        nameZh: code,
        nameEn: code,
        departmentId: dept.id,
        statutoryDays,
        committedDays,
        serviceTypeIds: [serviceTypeId],
        limitsAreDemo: true,
        active: true,
      })
    ).id
  tightItemId = await item('AI-OWNUI-TIGHT', 30, 20)
  roomyItemId = await item('AI-OWNUI-ROOMY', 60, 10)
  const ownerAccount = await createAccount(db, 'owner')
  const otherAccount = await createAccount(db, 'owner')
  owner = await loadSessionUser(db, ownerAccount.user.id)
  otherOwner = await loadSessionUser(db, otherAccount.user.id)
  ownerCookie = await sessionCookie(ownerAccount.user.id)
  otherCookie = await sessionCookie(otherAccount.user.id)
  agencyCookie = await sessionCookie((await createAccount(db, 'agency')).user.id)
  regulatorCookie = await sessionCookie((await createAccount(db, 'regulator', { departmentId: dept.id })).user.id)
  projectId = (
    await createProject(
      db,
      owner,
      ProjectSchema.parse({
        name: '物流园',
        projectCode: 'OWNUI-0001',
        location: '盐城',
        industry: '物流',
        totalInvestment: '1000000',
      }),
    )
  ).id
})

const rawDraft = (overrides: Record<string, string> = {}): Record<string, string> => ({
  projectId,
  serviceTypeId,
  approvalItemId: roomyItemId,
  title: '环境影响报告表编制',
  scope: '编制环境影响报告表。',
  priceCeiling: '50000',
  qualificationTypeId,
  minLevelId: levelB,
  serviceDays: '10',
  method: 'random',
  registrationClosesOn: '2025-10-10',
  ...overrides,
})

async function newDraft(overrides: Record<string, string> = {}) {
  return saveNeedDraft(await getDb(), owner, NeedDraftSchema.parse(rawDraft(overrides)))
}

async function needRow(id: string) {
  const [row] = await (await getDb()).select().from(needs).where(eq(needs.id, id))
  return row
}

async function needCount() {
  const [row] = await (await getDb()).select({ n: count() }).from(needs)
  return row.n
}

const post = (id: string, fields: Record<string, string>, cookie: string) =>
  callRoute(needRoute.action, formRequest(`/owner/needs/${id}`, fields, { cookie }), { id })

describe('who may act', () => {
  it('refuses agencies and regulators every action with 403, changing nothing', async () => {
    const db = await getDb()
    const id = await newDraft()
    const before = await needRow(id)
    const projectsBefore = (await db.select({ n: count() }).from(projects))[0].n
    const needsBefore = await needCount()
    for (const cookie of [agencyCookie, regulatorCookie]) {
      for (const fields of <Record<string, string>[]>[
        { intent: 'save', ...rawDraft({ title: 'changed' }) },
        { intent: 'publish' },
        { intent: 'cancel', reason: 'project dropped', confirm: 'yes' },
      ]) {
        expect((await post(id, fields, cookie)).status).toBe(403)
      }
      expect((await post('new', { intent: 'save', ...rawDraft() }, cookie)).status).toBe(403)
      const project = await callRoute(
        projectsRoute.action,
        formRequest(
          '/owner/projects',
          { name: 'x', projectCode: 'X-1', location: 'x', industry: 'x', totalInvestment: '1' },
          { cookie },
        ),
      )
      expect(project.status).toBe(403)
      expect((await callRoute(needRoute.loader, getRequest(`/owner/needs/${id}`, { cookie }), { id })).status).toBe(403)
      expect((await callRoute(needsIndex.loader, getRequest('/owner/needs', { cookie }))).status).toBe(403)
    }
    expect(await needRow(id)).toEqual(before)
    expect(await needCount()).toBe(needsBefore)
    expect((await db.select({ n: count() }).from(projects))[0].n).toBe(projectsBefore)
  })

  it("answers 404 to another owner for the loader and every intent, changing nothing", async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const id = await newDraft()
    const before = await needRow(id)
    expect((await callRoute(needRoute.loader, getRequest(`/owner/needs/${id}`, { cookie: otherCookie }), { id })).status).toBe(404)
    for (const fields of <Record<string, string>[]>[
      { intent: 'save', ...rawDraft({ title: 'changed' }) },
      { intent: 'publish' },
      { intent: 'cancel', reason: 'not my need at all', confirm: 'yes' },
    ]) {
      expect((await post(id, fields, otherCookie)).status).toBe(404)
    }
    expect(await needRow(id)).toEqual(before)
    // Unknown ids too.
    const unknown = '00000000-0000-4000-8000-000000000000'
    expect((await callRoute(needRoute.loader, getRequest(`/owner/needs/${unknown}`, { cookie: ownerCookie }), { id: unknown })).status).toBe(404)
    expect((await callRoute(needRoute.loader, getRequest('/owner/needs/nope', { cookie: ownerCookie }), { id: 'nope' })).status).toBe(404)
    // The other owner's list does not show it.
    const list = await callRoute(needsIndex.loader, getRequest('/owner/needs', { cookie: otherCookie }))
    expect(list.data.needs.map((n: { id: string }) => n.id)).not.toContain(id)
    void otherOwner
  })
})

describe('projects', () => {
  it('creates a project, and a taken project code is a field error', async () => {
    const fields = { name: '新项目', projectCode: 'OWNUI-0002', location: '南京', industry: '制造', totalInvestment: '88.5' }
    const ok = await callRoute(projectsRoute.action, formRequest('/owner/projects', fields, { cookie: ownerCookie }))
    expect(ok.status).toBe(302)
    const again = await callRoute(projectsRoute.action, formRequest('/owner/projects', fields, { cookie: ownerCookie }))
    expect(again.status).toBe(422) // a RuleViolation (decision 008), not bad input
    expect(again.data.result.error.projectCode).toEqual(['needs.errors.projectCodeTaken'])
    expect(again.data.result.initialValue.name).toBe('新项目')
    const list = await callRoute(projectsRoute.loader, getRequest('/owner/projects', { cookie: ownerCookie }))
    const created = list.data.projects.find((p: { projectCode: string }) => p.projectCode === 'OWNUI-0002')
    expect(created.totalInvestmentFen).toBe(8850)
  })
})

describe('drafts', () => {
  it('saves a new draft and redirects to it', async () => {
    const before = await needCount()
    const res = await post('new', { intent: 'save', ...rawDraft({ title: '新草稿' }) }, ownerCookie)
    expect(res.status).toBe(302)
    expect(await needCount()).toBe(before + 1)
    const id = res.headers.get('Location')!.split('/').pop()!
    const row = await needRow(id)
    expect(row.title).toBe('新草稿')
    expect(row.priceCeilingFen).toBe(5_000_000)
    expect(row.state).toBe('draft')
  })

  it('answers bad input with 400, field errors and the typed values, writing nothing', async () => {
    const id = await newDraft()
    const before = await needRow(id)
    const count0 = await needCount()
    const bad = { intent: 'save', ...rawDraft({ title: '', priceCeiling: '12.345', serviceDays: 'ten' }) }
    for (const target of [id, 'new']) {
      const res = await post(target, bad, ownerCookie)
      expect(res.status).toBe(400)
      const { error, initialValue } = res.data.result
      expect(error.title).toEqual(['validation.required'])
      expect(error.priceCeiling).toEqual(['needs.validation.money'])
      expect(error.serviceDays).toEqual(['validation.integer'])
      expect(initialValue.priceCeiling).toBe('12.345')
      expect(initialValue.serviceDays).toBe('ten')
      expect(initialValue.scope).toBe('编制环境影响报告表。')
    }
    expect(await needRow(id)).toEqual(before)
    expect(await needCount()).toBe(count0)
  })
})

describe('approval items of the chosen service type', () => {
  it("the loader gives each approval item its service types; a new need can only be saved", async () => {
    const page = await callRoute(needRoute.loader, getRequest('/owner/needs/new', { cookie: ownerCookie }), { id: 'new' })
    expect(page.status).toBe(200)
    expect(page.data.forms).toEqual(['save'])
    const tight = page.data.approvalItems.find((a: { id: string }) => a.id === tightItemId)
    expect(tight.serviceTypeIds).toEqual([serviceTypeId])
  })

  it('refuses an approval item that does not call for the service type: 422 at approvalItemId, nothing written', async () => {
    const db = await getDb()
    const dept = await saveDepartment(db, systemActor, { code: 'DEP-OWNUI-2', nameZh: '自然资源局', nameEn: 'Resources' })
    const otherServiceTypeId = (
      await saveServiceType(db, systemActor, {
        code: 'ST-OWNUI-2',
        nameZh: '测绘',
        nameEn: 'Surveying',
        descriptionZh: '',
        descriptionEn: '',
        departmentId: dept.id,
        qualificationTypeIds: [],
        active: true,
      })
    ).id
    const otherItemId = (
      await saveApprovalItem(db, systemActor, {
        code: 'AI-OWNUI-OTHER',
        nameZh: '用地审批',
        nameEn: 'Land approval',
        departmentId: dept.id,
        statutoryDays: 60,
        committedDays: 10,
        serviceTypeIds: [otherServiceTypeId],
        limitsAreDemo: true,
        active: true,
      })
    ).id
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const id = await newDraft()
    const before = await needRow(id)
    const count0 = await needCount()
    const mismatched = rawDraft({ approvalItemId: otherItemId, title: '审批事项不对应' })
    for (const [target, intent] of [
      ['new', 'save'],
      [id, 'save'],
      [id, 'publish'],
    ] as const) {
      const res = await post(target, { intent, ...mismatched }, ownerCookie)
      expect(res.status).toBe(422)
      expect(res.data.intent).toBe(intent)
      expect(res.data.result.error.approvalItemId).toEqual(['needs.errors.approvalItemServiceMismatch'])
      expect(res.data.result.initialValue).toMatchObject({ approvalItemId: otherItemId, title: '审批事项不对应' })
    }
    expect(await needRow(id)).toEqual(before)
    expect(await needCount()).toBe(count0)
    // The same item with its own service type is accepted.
    const matched = await post(id, { intent: 'save', ...rawDraft({ serviceTypeId: otherServiceTypeId, approvalItemId: otherItemId, qualificationTypeId: '', minLevelId: '' }) }, ownerCookie)
    expect(matched.status).toBe(302)
    expect(await needRow(id)).toMatchObject({ serviceTypeId: otherServiceTypeId, approvalItemId: otherItemId })
  })
})

describe('publish and cancel', () => {
  it('refuses S > L − P with the violation and its numbers; the need stays a draft', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const id = await newDraft({ approvalItemId: tightItemId, serviceDays: '15' })
    const before = await needRow(id)
    const res = await post(
      id,
      { intent: 'publish', ...rawDraft({ approvalItemId: tightItemId, serviceDays: '15' }) },
      ownerCookie,
    )
    expect(res.status).toBe(422)
    expect(res.data.formError.messageKey).toBe('needs.errors.publishRefused')
    // Each violation at its form field (serviceLimitDays → serviceDays), with its numbers.
    expect(res.data.result.error.serviceDays.map(decodeMessage)).toContainEqual({
      messageKey: 'needs.publish.serviceLimitExceedsBudget',
      params: expect.objectContaining({ S: 15, L: 30, P: 20, budget: 10 }),
    })
    expect(await needRow(id)).toEqual(before)
  })

  it('publishes a valid draft: open, with a seed hash shown to the owner', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    const id = await newDraft()
    const res = await post(id, { intent: 'publish', ...rawDraft() }, ownerCookie)
    expect(res.status).toBe(302)
    const row = await needRow(id)
    expect(row.state).toBe('open')
    expect(row.seedHash).toMatch(/^[0-9a-f]{64}$/)
    const page = await callRoute(needRoute.loader, getRequest(`/owner/needs/${id}`, { cookie: ownerCookie }), { id })
    expect(page.data.need.state).toBe('open')
    expect(page.data.need.seedHash).toBe(row.seedHash)
    expect(page.data.need.liveBids).toBe(0)
    // Open: the state machine leaves the owner only cancelling (no editing, no publishing).
    expect(page.data.forms).toEqual(['cancel'])
    expect(JSON.stringify(page.data)).not.toContain(row.seedSecret!)
    const list = await callRoute(needsIndex.loader, getRequest('/owner/needs?state=open', { cookie: ownerCookie }))
    expect(list.data.needs.every((n: { state: string }) => n.state === 'open')).toBe(true)
    expect(list.data.needs.find((n: { id: string }) => n.id === id).liveBids).toBe(0)
    // Saving over a published need is refused.
    expect((await post(id, { intent: 'save', ...rawDraft() }, ownerCookie)).status).toBe(409)
  })

  it('publishes exactly what is on screen: the submitted fields are saved and published together', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    // The stored draft (S = 15) would be refused; the screen says S = 8 and a new title.
    const id = await newDraft({ approvalItemId: tightItemId, serviceDays: '15' })
    const onScreen = rawDraft({ approvalItemId: tightItemId, serviceDays: '8', title: '屏幕上的标题' })
    const res = await post(id, { intent: 'publish', ...onScreen }, ownerCookie)
    expect(res.status).toBe(302)
    expect(await needRow(id)).toMatchObject({ state: 'open', serviceDays: 8, title: '屏幕上的标题' })
  })

  it('a refused publish speaks of the submitted values, keeps them typed and writes nothing', async () => {
    setClock(fixedClock(MONDAY_BEFORE_NATIONAL_DAY))
    // The stored draft (S = 5) could be published; the screen says S = 12 (> L − P = 10).
    const id = await newDraft({ approvalItemId: tightItemId, serviceDays: '5' })
    const before = await needRow(id)
    const onScreen = rawDraft({ approvalItemId: tightItemId, serviceDays: '12', title: '未保存的标题' })
    const res = await post(id, { intent: 'publish', ...onScreen }, ownerCookie)
    expect(res.status).toBe(422)
    expect(res.data.intent).toBe('publish')
    expect(res.data.formError.messageKey).toBe('needs.errors.publishRefused')
    expect(res.data.result.error.serviceDays.map(decodeMessage)).toContainEqual({
      messageKey: 'needs.publish.serviceLimitExceedsBudget',
      params: expect.objectContaining({ S: 12, budget: 10 }),
    })
    expect(res.data.result.initialValue).toMatchObject({ serviceDays: '12', title: '未保存的标题' })
    // Neither the save nor the publish happened.
    expect(await needRow(id)).toEqual(before)

    // Bad input on publish: field errors with the typed values, nothing written.
    const badFields = rawDraft({ approvalItemId: tightItemId, title: '', serviceDays: '7' })
    const bad = await post(id, { intent: 'publish', ...badFields }, ownerCookie)
    expect(bad.status).toBe(400)
    expect(bad.data.intent).toBe('publish')
    expect(bad.data.result.error.title).toEqual(['validation.required'])
    expect(bad.data.result.initialValue).toMatchObject({ serviceDays: '7' })
    expect(await needRow(id)).toEqual(before)
  })

  it('cancels only with a reason (published: at least 10 characters) and the confirmation', async () => {
    const id = await newDraft()
    const missing = await post(id, { intent: 'cancel', reason: '  ' }, ownerCookie)
    expect(missing.status).toBe(400)
    expect(missing.data.result.error.reason).toEqual(['validation.required'])
    expect((await needRow(id)).state).toBe('draft')
    const short = await post(id, { intent: 'cancel', reason: ' 项目调整 ', confirm: 'yes' }, ownerCookie)
    expect(short.status).toBe(400)
    expect(short.data.result.error.reason).toEqual(['confirm.reasonTooShort'])
    expect(short.data.result.initialValue.reason).toBe(' 项目调整 ')
    const unconfirmed = await post(id, { intent: 'cancel', reason: '项目已调整，本需求取消' }, ownerCookie)
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(unconfirmed.data.result.initialValue.reason).toBe('项目已调整，本需求取消')
    expect((await needRow(id)).state).toBe('draft')
    const ok = await post(id, { intent: 'cancel', reason: '项目已调整，本需求取消', confirm: 'yes' }, ownerCookie)
    expect(ok.status).toBe(302)
    const row = await needRow(id)
    expect(row.state).toBe('cancelled')
    expect(row.cancelReason).toBe('项目已调整，本需求取消')
  })
})
