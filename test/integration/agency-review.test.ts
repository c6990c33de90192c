/**
 * Entry review and agency supervision through the real routes and the real database: every
 * registry transition a reviewer drives, and every forbidden one, each forbidden attempt
 * asserting that nothing at all changed (statuses, registry history, exits, audit, notifications,
 * live data). Time is a fixed clock moved forward by hand (Asia/Shanghai dates).
 */
import { and, asc, count, desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyApplications,
  agencyExits,
  agencyPractitioners,
  agencyProfiles,
  agencyQualifications,
  agencyRegistryEvents,
  agencyServiceTypes,
  auditEvents,
  notifications,
  organisations,
} from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { saveDepartment, saveQualificationType, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { RuleViolation } from '~/domain/errors'
import { agencyEligibility, saveApplication, submitApplication } from '~/domain/agencies/registry.server'
import type { AgencyApplicationInput } from '~/domain/agencies/schemas'
import { systemActor } from '~/utils/audit.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'
import * as layoutRoute from '~/routes/review+/_layout'
import * as queueRoute from '~/routes/review+/applications._index'
import * as applicationRoute from '~/routes/review+/applications.$id'
import * as agenciesRoute from '~/routes/review+/agencies._index'
import * as agencyRoute from '~/routes/review+/agencies.$id'
import * as regulatorHome from '~/routes/regulator+/index'
import { callRoute, formRequest, getRequest, sessionCookie } from '#test/support/routes'

type Who = 'agency' | 'regulator' | 'otherRegulator' | 'owner' | 'admin'

// 2030-01-15 10:00 in Shanghai. Moved by hand; each step advances a minute so history has an order.
const clock = fixedClock('2030-01-15T02:00:00Z')
const tick = () => clock.advance(60_000)

const ids = {} as Record<Who, string>
const names = {} as Record<Who, string>
let agencyUser: SessionUser
let agencyId: string
let eiaId: string
let surveyId: string
let qualificationTypeId: string
let levelA: string
let levelB: string
let applicationId: string

/** A fresh session each time: the clock jumps a year later on, past any session's lifetime. */
const cookie = (who: Who) => sessionCookie(ids[who])

const basePayload = (): AgencyApplicationInput => ({
  name: '江苏清源环境评价有限公司',
  nameEn: 'Jiangsu Qingyuan Environmental Assessment Co., Ltd.',
  region: '320100', // 江苏省南京市
  address: '南京市鼓楼区中山北路 1 号',
  legalRepresentative: '王建国',
  contactName: '李敏',
  contactPhone: '025-83210000',
  serviceTypeIds: [eiaId],
  qualifications: [
    {
      qualificationTypeId,
      levelId: levelA,
      certificateNo: 'HP-2029-0001',
      issuer: '江苏省生态环境厅',
      validFrom: '2029-01-01',
      validUntil: '2033-12-31',
    },
  ],
  practitioners: [{ name: '张伟', certificateType: '环境影响评价工程师', certificateNo: 'EIA-0001' }],
  feeStandard: '按国家指导价下浮 10% 收费。',
  commitment: '受理后 20 个工作日内提交报告。',
})

/** Everything a registry action could touch. */
async function snapshot() {
  const db = await getDb()
  const [org] = await db.select({ status: organisations.status, name: organisations.name }).from(organisations).where(eq(organisations.id, agencyId))
  const n = async (table: typeof agencyRegistryEvents | typeof agencyExits) =>
    (await db.select({ n: count() }).from(table).where(eq(table.organisationId, agencyId)))[0].n
  return {
    organisation: org,
    applications: await db
      .select({ id: agencyApplications.id, status: agencyApplications.status, revision: agencyApplications.revision, payload: agencyApplications.payload })
      .from(agencyApplications)
      .where(eq(agencyApplications.organisationId, agencyId))
      .orderBy(asc(agencyApplications.createdAt)),
    registryEvents: await n(agencyRegistryEvents),
    exits: await n(agencyExits),
    audit: (await db.select({ n: count() }).from(auditEvents))[0].n,
    notifications: (await db.select({ n: count() }).from(notifications))[0].n,
    live: await live(),
  }
}

async function live() {
  const db = await getDb()
  return {
    profile: (await db.select().from(agencyProfiles).where(eq(agencyProfiles.organisationId, agencyId)))[0] ?? null,
    serviceTypes: (await db.select().from(agencyServiceTypes).where(eq(agencyServiceTypes.organisationId, agencyId))).map((r) => r.serviceTypeId).sort(),
    qualifications: (await db.select().from(agencyQualifications).where(eq(agencyQualifications.organisationId, agencyId))).map((q) => q.certificateNo).sort(),
    practitioners: (await db.select().from(agencyPractitioners).where(eq(agencyPractitioners.organisationId, agencyId))).map((p) => p.certificateNo).sort(),
  }
}

async function latestEvent() {
  const db = await getDb()
  const [row] = await db
    .select()
    .from(agencyRegistryEvents)
    .where(eq(agencyRegistryEvents.organisationId, agencyId))
    .orderBy(desc(agencyRegistryEvents.id))
    .limit(1)
  return row
}

async function latestAudit() {
  const db = await getDb()
  const [row] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1)
  return row
}

async function agencyNotifications() {
  const db = await getDb()
  return db.select().from(notifications).where(eq(notifications.userId, ids.agency)).orderBy(desc(notifications.createdAt), desc(notifications.id))
}

const review = async (who: Who, fields: Record<string, string>, id = applicationId) =>
  callRoute(applicationRoute.action, formRequest(`/review/applications/${id}`, fields, { cookie: await cookie(who) }), { id })

const viewApplication = async (who: Who, id = applicationId) =>
  callRoute(applicationRoute.loader, getRequest(`/review/applications/${id}`, { cookie: await cookie(who) }), { id })

/** A reviewer's form on the agency file; `intent` names the action (suspend, reinstate, forceExit). */
const act = async (who: Who, fields: Record<string, string>) =>
  callRoute(agencyRoute.action, formRequest(`/review/agencies/${agencyId}`, fields, { cookie: await cookie(who) }), { id: agencyId })

const viewAgency = async (who: Who) => callRoute(agencyRoute.loader, getRequest(`/review/agencies/${agencyId}`, { cookie: await cookie(who) }), { id: agencyId })

async function submitAs(payload: AgencyApplicationInput) {
  const db = await getDb()
  const id = await saveApplication(db, agencyUser, payload)
  await submitApplication(db, agencyUser)
  return id
}

beforeAll(async () => {
  setClock(clock)
  const db = await getDb()
  const ee = await saveDepartment(db, systemActor, { code: 'DEP-EE', nameZh: '生态环境局', nameEn: 'Ecology and Environment Bureau' })
  const nr = await saveDepartment(db, systemActor, { code: 'DEP-NR', nameZh: '自然资源局', nameEn: 'Natural Resources Bureau' })
  const qt = await saveQualificationType(db, systemActor, {
    code: 'QT-EIA',
    nameZh: '环境影响评价资质',
    nameEn: 'EIA qualification',
    issuerZh: '',
    issuerEn: '',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
    ],
  })
  qualificationTypeId = qt.id
  const levels = await db.query.qualificationLevels.findMany({ where: (l, { eq: is }) => is(l.qualificationTypeId, qt.id) })
  levelA = levels.find((l) => l.code === 'A')!.id
  levelB = levels.find((l) => l.code === 'B')!.id
  const common = { descriptionZh: '', descriptionEn: '', active: true }
  eiaId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-EIA',
      nameZh: '环境影响评价',
      nameEn: 'Environmental impact assessment',
      departmentId: ee.id,
      qualificationTypeIds: [qt.id],
      ...common,
    })
  ).id
  surveyId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-SURVEY',
      nameZh: '土地勘测定界',
      nameEn: 'Land boundary survey',
      departmentId: nr.id,
      qualificationTypeIds: [],
      ...common,
    })
  ).id
  const [agency, regulator, otherRegulator, owner, admin] = await Promise.all([
    createAccount(db, 'agency', { status: 'pending' }),
    createAccount(db, 'regulator', { departmentId: ee.id }),
    createAccount(db, 'regulator', { departmentId: nr.id }),
    createAccount(db, 'owner'),
    createAccount(db, 'platform'),
  ])
  for (const [who, account] of Object.entries({ agency, regulator, otherRegulator, owner, admin }) as [Who, typeof agency][]) {
    ids[who] = account.user.id
    names[who] = account.user.name
  }
  agencyId = agency.organisation.id
  agencyUser = await loadSessionUser(db, ids.agency)
  applicationId = await submitAs(basePayload())
  tick()
})

afterAll(() => {
  resetClock()
})

describe('who may open the review screens', () => {
  it('owners and agencies get 403 everywhere under /review; the layout refuses them too', async () => {
    for (const who of ['owner', 'agency'] as const) {
      const c = await cookie(who)
      expect((await callRoute(layoutRoute.loader, getRequest('/review', { cookie: c }))).status).toBe(403)
      expect((await callRoute(queueRoute.loader, getRequest('/review/applications', { cookie: c }))).status).toBe(403)
      expect((await viewApplication(who)).status).toBe(403)
      expect((await callRoute(agenciesRoute.loader, getRequest('/review/agencies', { cookie: c }))).status).toBe(403)
      expect((await viewAgency(who)).status).toBe(403)
    }
  })

  it('the queue lists the application for the supervising regulator and admin, oldest first, not for an unrelated regulator', async () => {
    const queue = async (who: Who) => (await callRoute(queueRoute.loader, getRequest('/review/applications', { cookie: await cookie(who) }))).data
    const mine = await queue('regulator')
    expect(mine.applications).toHaveLength(1)
    expect(mine.applications[0]).toMatchObject({
      id: applicationId,
      kind: 'entry',
      revision: 1,
      organisation: { id: agencyId, status: 'pending' },
      serviceTypes: [{ id: eiaId, serviceType: { code: 'ST-EIA', nameZh: '环境影响评价' } }],
    })
    expect((await queue('admin')).applications.map((a: { id: string }) => a.id)).toEqual([applicationId])
    expect((await queue('otherRegulator')).applications).toEqual([])
  })

  it('the regulator home counts the pending applications in its remit', async () => {
    const home = async (who: Who) => (await callRoute(regulatorHome.loader, getRequest('/regulator', { cookie: await cookie(who) }))).data
    expect((await home('regulator')).pendingApplications).toBe(1)
    expect((await home('otherRegulator')).pendingApplications).toBe(0)
  })

  it('agencies list and file: the pending agency is in the supervising regulator’s remit through its application; 404 for the unrelated one', async () => {
    const list = async (who: Who, query = '') =>
      (await callRoute(agenciesRoute.loader, getRequest(`/review/agencies${query}`, { cookie: await cookie(who) }))).data.agencies.map((a: { id: string }) => a.id)
    expect(await list('regulator')).toContain(agencyId)
    expect(await list('admin')).toContain(agencyId)
    expect(await list('otherRegulator')).not.toContain(agencyId)
    expect(await list('regulator', '?status=active')).not.toContain(agencyId)
    expect(await list('regulator', '?status=nonsense')).toContain(agencyId)
    expect((await viewAgency('otherRegulator')).status).toBe(404)
    const file = await viewAgency('regulator')
    expect(file.status).toBe(200)
    expect(file.data.organisation.status).toBe('pending')
    expect(file.data.actions).toEqual([]) // nothing to suspend or exit before entry
  })

  it('a malformed id is a 404, not a database error', async () => {
    const c = await cookie('regulator')
    expect((await callRoute(applicationRoute.loader, getRequest('/review/applications/not-a-uuid', { cookie: c }), { id: 'not-a-uuid' })).status).toBe(404)
    expect((await callRoute(agencyRoute.loader, getRequest('/review/agencies/123', { cookie: c }), { id: '123' })).status).toBe(404)
  })
})

describe('forbidden decisions change nothing', () => {
  it('the agency approving its own application through the route: 403', async () => {
    const before = await snapshot()
    const result = await review('agency', { decision: 'approve' })
    expect(result.status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('an owner: 403', async () => {
    const before = await snapshot()
    expect((await review('owner', { decision: 'approve' })).status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('a regulator of an unrelated department: 404 on the page and on the decision', async () => {
    const before = await snapshot()
    expect((await viewApplication('otherRegulator')).status).toBe(404)
    expect((await review('otherRegulator', { decision: 'approve' })).status).toBe(404)
    expect((await review('otherRegulator', { decision: 'reject', reason: '越权审核：不在本部门监管范围内', confirm: 'yes' })).status).toBe(404)
    expect(await snapshot()).toEqual(before)
  })

  it('an owner suspending or forcing the exit of an agency: 403', async () => {
    const before = await snapshot()
    expect((await act('owner', { intent: 'suspend', reason: '业主无权暂停该机构的资格', confirm: 'yes' })).status).toBe(403)
    expect((await act('owner', { intent: 'forceExit', category: 'fraud', reason: '业主无权强制清退该机构', confirm: 'yes' })).status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('a forged cross-site decision by the supervising regulator: 403', async () => {
    const before = await snapshot()
    const result = await callRoute(
      applicationRoute.action,
      formRequest(`/review/applications/${applicationId}`, { decision: 'approve' }, { cookie: await cookie('regulator'), headers: { Origin: 'https://evil.example' } }),
      { id: applicationId },
    )
    expect(result.status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('rejecting without a reason: 400 with a field error on reason, typed values kept', async () => {
    const before = await snapshot()
    const result = await review('regulator', { decision: 'reject', reason: '   ' })
    expect(result.status).toBe(400)
    expect(result.data.result.error.reason).toEqual(['agency.validation.reasonRequired'])
    expect(result.data.result.initialValue).toMatchObject({ decision: 'reject' })
    expect(await snapshot()).toEqual(before)
  })

  it('a rejection cannot be undone: a 1-character reason or a missing confirmation is refused (400, field error), nothing written', async () => {
    const before = await snapshot()
    const short = await review('regulator', { decision: 'reject', reason: '缺', confirm: 'yes' })
    expect(short.status).toBe(400)
    expect(short.data.result.error.reason).toEqual(['confirm.reasonTooShort'])
    expect(short.data.result.initialValue).toMatchObject({ decision: 'reject', reason: '缺' })
    const unconfirmed = await review('regulator', { decision: 'reject', reason: '资质证书扫描件缺失，请补充后重新提交。' })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(unconfirmed.data.result.initialValue).toMatchObject({ reason: '资质证书扫描件缺失，请补充后重新提交。' })
    expect(await snapshot()).toEqual(before)
  })

  it('the page offers the decisions the state machine allows: both while pending', async () => {
    expect((await viewApplication('regulator')).data.actions).toEqual(['approve', 'reject'])
    expect((await viewApplication('admin')).data.actions).toEqual(['approve', 'reject'])
  })

  it('no decision chosen: 400 with a field error on decision', async () => {
    const before = await snapshot()
    const result = await review('regulator', { reason: '缺少选择' })
    expect(result.status).toBe(400)
    expect(result.data.result.error.decision).toEqual(['validation.choose'])
    expect(await snapshot()).toEqual(before)
  })
})

describe('reject, resubmit, see what changed, approve', () => {
  it('reject with a reason: application and agency rejected, history, notification and audit recorded', async () => {
    const before = await snapshot()
    const result = await review('regulator', { decision: 'reject', reason: '资质证书扫描件缺失。', confirm: 'yes' })
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/review/applications')
    expect(result.headers.get('Set-Cookie')).toMatch(/^toast=/)
    const after = await snapshot()
    expect(after.organisation.status).toBe('rejected')
    expect(after.applications).toEqual([expect.objectContaining({ id: applicationId, status: 'rejected', revision: 1 })])
    expect(after.registryEvents).toBe(before.registryEvents + 1)
    expect(after.exits).toBe(before.exits)
    expect(after.audit).toBe(before.audit + 1)
    expect(after.live).toEqual(before.live) // nothing went live
    expect(await latestEvent()).toMatchObject({ kind: 'rejected', reason: '资质证书扫描件缺失。', actorUserId: ids.regulator })
    expect(await latestAudit()).toMatchObject({ action: 'agency.application.rejected', entityId: applicationId, actorUserId: ids.regulator })
    expect((await agencyNotifications())[0]).toMatchObject({ messageKey: 'notifications.applicationRejected', params: expect.objectContaining({ reason: '资质证书扫描件缺失。' }) })
    // The decided application is read-only: its page shows the decision and offers no form.
    const page = await viewApplication('regulator')
    expect(page.data.application).toMatchObject({ status: 'rejected', decidedBy: names.regulator, decisionReason: '资质证书扫描件缺失。' })
    expect(page.data.actions).toEqual([])
    tick()
  })

  it('deciding it again: 409 with a form error, nothing changed', async () => {
    const before = await snapshot()
    const result = await review('regulator', { decision: 'approve' })
    expect(result.status).toBe(409)
    expect(result.data.formError).toEqual({ messageKey: 'agency.errors.wrongState', params: {} })
    expect(result.data.intent).toBe('default')
    expect(result.data.result.initialValue).toMatchObject({ decision: 'approve' })
    expect(await snapshot()).toEqual(before)
  })

  it('the agency edits and resubmits; the reviewer sees the difference with the previous submission', async () => {
    const payload = basePayload()
    payload.commitment = '受理后 15 个工作日内提交报告，一次性告知补正材料。'
    payload.qualifications[0] = { ...payload.qualifications[0], certificateNo: 'HP-2029-0002', levelId: levelB }
    payload.practitioners.push({ name: '陈静', certificateType: '环境影响评价工程师', certificateNo: 'EIA-0002' })
    expect(await submitAs(payload)).toBe(applicationId)
    tick()
    const page = await viewApplication('regulator')
    expect(page.status).toBe(200)
    expect(page.data.application).toMatchObject({ status: 'pending', revision: 2 })
    expect(page.data.compareWith).toEqual({ kind: 'previous', revision: 1 })
    expect(page.data.submissions.map((s: { revision: number }) => s.revision)).toEqual([2, 1])
    const { diff } = page.data
    expect(diff.changed).toBe(true)
    expect(diff.fields).toEqual([
      { field: 'commitment', known: true, before: '受理后 20 个工作日内提交报告。', after: '受理后 15 个工作日内提交报告，一次性告知补正材料。' },
    ])
    expect(diff.qualifications.added).toEqual([expect.objectContaining({ certificateNo: 'HP-2029-0002', level: expect.objectContaining({ code: 'B', nameZh: '乙级' }) })])
    expect(diff.qualifications.removed).toEqual([expect.objectContaining({ certificateNo: 'HP-2029-0001', level: expect.objectContaining({ code: 'A' }) })])
    expect(diff.practitioners.added).toEqual([expect.objectContaining({ name: '陈静', certificateNo: 'EIA-0002' })])
    expect(diff.practitioners.removed).toEqual([])
    expect(diff.serviceTypes).toEqual({ added: [], removed: [] })
    // The payload is shown with names, not ids.
    expect(page.data.payload.serviceTypes).toEqual([{ id: eiaId, serviceType: expect.objectContaining({ code: 'ST-EIA', nameEn: 'Environmental impact assessment' }) }])
    expect(page.data.payload.qualifications[0]).toMatchObject({
      type: { code: 'QT-EIA', nameZh: '环境影响评价资质' },
      level: { code: 'B' },
      validFrom: '2029-01-01',
      validUntil: '2033-12-31',
      validity: 'valid',
      fileId: null,
    })
    // An unrelated regulator still cannot see it.
    expect((await viewApplication('otherRegulator')).status).toBe(404)
  })

  it('approve: agency active, live tables filled, history, notification and audit recorded', async () => {
    const before = await snapshot()
    expect(before.live).toEqual({ profile: null, serviceTypes: [], qualifications: [], practitioners: [] })
    const result = await review('regulator', { decision: 'approve' })
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/review/applications')
    const after = await snapshot()
    expect(after.organisation).toEqual({ status: 'active', name: '江苏清源环境评价有限公司' })
    expect(after.applications).toEqual([expect.objectContaining({ id: applicationId, status: 'approved', revision: 2 })])
    expect(after.live).toMatchObject({
      profile: expect.objectContaining({ commitment: '受理后 15 个工作日内提交报告，一次性告知补正材料。', contactPhone: '025-83210000' }),
      serviceTypes: [eiaId],
      qualifications: ['HP-2029-0002'],
      practitioners: ['EIA-0001', 'EIA-0002'],
    })
    expect(after.registryEvents).toBe(before.registryEvents + 1)
    expect(after.audit).toBe(before.audit + 1)
    expect(await latestEvent()).toMatchObject({ kind: 'approved', actorUserId: ids.regulator })
    expect(await latestAudit()).toMatchObject({ action: 'agency.application.approved', entityId: applicationId })
    expect((await agencyNotifications())[0]).toMatchObject({ messageKey: 'notifications.applicationApproved' })
    expect(await agencyEligibility(await getDb(), agencyId, eiaId)).toEqual({ eligible: true, expiringOn: null })
    expect(await agencyEligibility(await getDb(), agencyId, surveyId)).toEqual({ eligible: false, reason: 'serviceTypeNotOffered' })
    const page = await viewApplication('regulator')
    expect(page.data.application).toMatchObject({ status: 'approved', decidedBy: names.regulator, decisionReason: null })
    const queue = await callRoute(queueRoute.loader, getRequest('/review/applications', { cookie: await cookie('regulator') }))
    expect(queue.data.applications).toEqual([])
    tick()
  })
})

describe('a change application of an active agency', () => {
  let changeId: string

  it('keeps the approved data live until it is approved, and is compared with the live profile', async () => {
    const approved = await live()
    const payload = basePayload()
    payload.qualifications[0] = { ...payload.qualifications[0], certificateNo: 'HP-2029-0002', levelId: levelB }
    payload.practitioners.push({ name: '陈静', certificateType: '环境影响评价工程师', certificateNo: 'EIA-0002' })
    payload.address = '南京市玄武区北京东路 9 号'
    payload.commitment = approved.profile!.commitment
    changeId = await submitAs(payload)
    expect(changeId).not.toBe(applicationId)
    tick()
    const after = await snapshot()
    expect(after.organisation.status).toBe('active')
    expect(after.live).toEqual(approved)
    expect(await agencyEligibility(await getDb(), agencyId, eiaId)).toEqual({ eligible: true, expiringOn: null })
    const page = await viewApplication('regulator', changeId)
    expect(page.data.application).toMatchObject({ kind: 'change', status: 'pending', revision: 1 })
    expect(page.data.compareWith).toEqual({ kind: 'live' })
    expect(page.data.diff.fields).toEqual([{ field: 'address', known: true, before: '南京市鼓楼区中山北路 1 号', after: '南京市玄武区北京东路 9 号' }])
    expect(page.data.diff.qualifications).toEqual({ added: [], removed: [] })
    expect(page.data.diff.practitioners).toEqual({ added: [], removed: [] })
  })

  it('approving it replaces the live data (change_approved)', async () => {
    const before = await snapshot()
    const result = await review('admin', { decision: 'approve' }, changeId)
    expect(result.status).toBe(302)
    const after = await snapshot()
    expect(after.organisation.status).toBe('active')
    expect(after.live.profile?.address).toBe('南京市玄武区北京东路 9 号')
    expect(after.registryEvents).toBe(before.registryEvents + 1)
    expect(await latestEvent()).toMatchObject({ kind: 'change_approved', actorUserId: ids.admin })
    tick()
  })
})

describe('suspension', () => {
  it('the file shows the actions the reviewer may take; the unrelated regulator gets 404 and 403', async () => {
    const page = await viewAgency('regulator')
    expect(page.data.actions).toEqual(['suspend', 'forceExit'])
    expect(page.data.eligibility).toEqual([{ serviceType: expect.objectContaining({ id: eiaId }), result: { eligible: true, expiringOn: null } }])
    const before = await snapshot()
    expect((await viewAgency('otherRegulator')).status).toBe(404)
    expect((await act('otherRegulator', { intent: 'suspend', reason: '越权暂停：不在监管范围内', confirm: 'yes' })).status).toBe(403)
    expect((await act('otherRegulator', { intent: 'forceExit', category: 'fraud', reason: '越权清退：不在监管范围内', confirm: 'yes' })).status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('suspending without a reason: 400 field error; reinstating an active agency: 409 form error; nothing changed', async () => {
    const before = await snapshot()
    const noReason = await act('regulator', { intent: 'suspend', reason: '' })
    expect(noReason.status).toBe(400)
    expect(noReason.data.result.error.reason).toEqual(['validation.required'])
    const wrongState = await act('regulator', { intent: 'reinstate', reason: '并未暂停，无需恢复资格', confirm: 'yes' })
    expect(wrongState.status).toBe(409)
    expect(wrongState.data.formError.messageKey).toBe('agency.errors.wrongState')
    expect(wrongState.data.intent).toBe('reinstate')
    expect(wrongState.data.result.initialValue).toMatchObject({ reason: '并未暂停，无需恢复资格' })
    const unknown = await act('regulator', { intent: 'delete', reason: 'x' })
    expect(unknown.status).toBe(400)
    // The reason is published: at least 10 characters, the typed text kept; and the form is confirmed.
    const short = await act('regulator', { intent: 'suspend', reason: '质量问题', confirm: 'yes' })
    expect(short.status).toBe(400)
    expect(short.data.result.error.reason).toEqual(['confirm.reasonTooShort'])
    expect(short.data.result.initialValue.reason).toBe('质量问题')
    const unconfirmed = await act('regulator', { intent: 'suspend', reason: '报告质量存在严重问题，暂停整改。' })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(unconfirmed.data.result.initialValue.reason).toBe('报告质量存在严重问题，暂停整改。')
    expect(await snapshot()).toEqual(before)
  })

  it('suspend → suspended and ineligible (suspended); reinstate → active and eligible again', async () => {
    const db = await getDb()
    let before = await snapshot()
    const suspended = await act('regulator', { intent: 'suspend', reason: '报告质量存在严重问题，暂停整改。', confirm: 'yes' })
    expect(suspended.status).toBe(302)
    expect(suspended.headers.get('Location')).toBe(`/review/agencies/${agencyId}`)
    let after = await snapshot()
    expect(after.organisation.status).toBe('suspended')
    expect(after.registryEvents).toBe(before.registryEvents + 1)
    expect(after.audit).toBe(before.audit + 1)
    expect(after.exits).toBe(before.exits)
    expect(await latestEvent()).toMatchObject({ kind: 'suspended', reason: '报告质量存在严重问题，暂停整改。' })
    expect(await latestAudit()).toMatchObject({ action: 'agency.suspend', entityId: agencyId })
    expect((await agencyNotifications())[0]).toMatchObject({ messageKey: 'notifications.suspended' })
    expect(await agencyEligibility(db, agencyId, eiaId)).toEqual({ eligible: false, reason: 'suspended' })
    const page = await viewAgency('regulator')
    expect(page.data.actions).toEqual(['reinstate', 'forceExit'])
    expect(page.data.eligibility[0].result).toEqual({ eligible: false, reason: 'suspended' })
    expect(page.data.events[0]).toMatchObject({ kind: 'suspended', actorName: names.regulator })
    tick()

    // Suspending twice is refused.
    before = await snapshot()
    const again = await act('regulator', { intent: 'suspend', reason: '重复暂停：资格已经暂停', confirm: 'yes' })
    expect(again.status).toBe(409)
    expect(await snapshot()).toEqual(before)

    const reinstated = await act('regulator', { intent: 'reinstate', reason: '整改完成，报告质量已达标。', confirm: 'yes' })
    expect(reinstated.status).toBe(302)
    after = await snapshot()
    expect(after.organisation.status).toBe('active')
    expect(after.registryEvents).toBe(before.registryEvents + 1)
    expect(await latestEvent()).toMatchObject({ kind: 'reinstated', reason: '整改完成，报告质量已达标。' })
    expect(await agencyEligibility(db, agencyId, eiaId)).toEqual({ eligible: true, expiringOn: null })
    // History is newest first.
    const history = (await viewAgency('regulator')).data.events.map((e: { kind: string }) => e.kind)
    expect(history).toEqual(['reinstated', 'suspended', 'change_approved', 'approved', 'rejected'])
    tick()
  })
})

describe('forced exit and re-entry', () => {
  it('a forced exit without a category: 400; nothing changed', async () => {
    const before = await snapshot()
    const result = await act('regulator', { intent: 'forceExit', reason: '伪造业绩' })
    expect(result.status).toBe(400)
    expect(result.data.result.error.category).toEqual(['validation.choose'])
    expect(await snapshot()).toEqual(before)
    const short = await act('regulator', { intent: 'forceExit', category: 'fraud', reason: '伪造业绩', confirm: 'yes' })
    expect(short.status).toBe(400)
    expect(short.data.result.error.reason).toEqual(['confirm.reasonTooShort'])
    expect(short.data.result.initialValue.reason).toBe('伪造业绩')
    const unconfirmed = await act('regulator', { intent: 'forceExit', category: 'fraud', reason: '伪造业绩材料，情节严重。' })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(await snapshot()).toEqual(before)
  })

  it('forced exit → exited, exit record with re-entry 365 calendar days later, ineligible (exited)', async () => {
    const before = await snapshot()
    const result = await act('regulator', { intent: 'forceExit', category: 'fraud', reason: '伪造业绩材料，情节严重。', confirm: 'yes' })
    expect(result.status).toBe(302)
    const after = await snapshot()
    expect(after.organisation.status).toBe('exited')
    expect(after.exits).toBe(before.exits + 1)
    expect(after.registryEvents).toBe(before.registryEvents + 1)
    expect(after.audit).toBe(before.audit + 1)
    const db = await getDb()
    const [exit] = await db.select().from(agencyExits).where(eq(agencyExits.organisationId, agencyId))
    expect(exit).toMatchObject({
      type: 'forced',
      category: 'fraud',
      reason: '伪造业绩材料，情节严重。',
      exitedOn: '2030-01-15',
      reentryFrom: '2031-01-15',
      actorUserId: ids.regulator,
    })
    expect(await latestEvent()).toMatchObject({ kind: 'exited', reason: '伪造业绩材料，情节严重。' })
    expect(await latestAudit()).toMatchObject({ action: 'agency.forceExit', entityId: agencyId })
    expect((await agencyNotifications())[0]).toMatchObject({ messageKey: 'notifications.exited' })
    expect(await agencyEligibility(db, agencyId, eiaId)).toEqual({ eligible: false, reason: 'exited' })
    const page = await viewAgency('regulator')
    expect(page.data.actions).toEqual([])
    expect(page.data.exits).toEqual([expect.objectContaining({ type: 'forced', category: 'fraud', exitedOn: '2030-01-15', reentryFrom: '2031-01-15' })])
    expect(page.data.eligibility[0].result).toEqual({ eligible: false, reason: 'exited' })
    tick()
  })

  it('a second forced exit: 409 with a form error, nothing changed', async () => {
    const before = await snapshot()
    const result = await act('regulator', { intent: 'forceExit', category: 'serious_violation', reason: '再次清退：机构已经退出', confirm: 'yes' })
    expect(result.status).toBe(409)
    expect(result.data.formError.messageKey).toBe('agency.errors.wrongState')
    expect(await snapshot()).toEqual(before)
    expect((await act('regulator', { intent: 'suspend', reason: '已退出的机构不能再暂停', confirm: 'yes' })).status).toBe(409)
    expect(await snapshot()).toEqual(before)
  })

  it('re-entry before the cooling-off date is refused (last Shanghai day before it), nothing changed', async () => {
    clock.set('2031-01-14T15:59:00Z') // 2031-01-14 23:59 in Shanghai
    const db = await getDb()
    const before = await snapshot()
    const attempt = saveApplication(db, agencyUser, basePayload())
    await expect(attempt).rejects.toBeInstanceOf(RuleViolation)
    await expect(saveApplication(db, agencyUser, basePayload())).rejects.toMatchObject({ messageKey: 'agency.errors.coolingOff', params: { date: '2031-01-15' } })
    expect(await snapshot()).toEqual(before)
  })

  it('from the cooling-off date an entry application is accepted and, once approved, the agency is active again', async () => {
    clock.set('2031-01-14T16:00:00Z') // 2031-01-15 00:00 in Shanghai
    const reentryId = await submitAs(basePayload())
    tick()
    const db = await getDb()
    const [app] = await db.select().from(agencyApplications).where(and(eq(agencyApplications.id, reentryId)))
    expect(app).toMatchObject({ kind: 'entry', status: 'pending' })
    expect((await snapshot()).organisation.status).toBe('exited')
    const result = await review('regulator', { decision: 'approve' }, reentryId)
    expect(result.status).toBe(302)
    expect((await snapshot()).organisation.status).toBe('active')
    expect(await latestEvent()).toMatchObject({ kind: 'approved' })
    expect(await agencyEligibility(db, agencyId, eiaId)).toEqual({ eligible: true, expiringOn: null })
    // The exit record stays for good.
    expect((await viewAgency('regulator')).data.exits).toHaveLength(1)
  })

  it('a draft never submitted stays the agency’s own: 404 for reviewers, and it cannot be decided', async () => {
    const db = await getDb()
    const draftId = await saveApplication(db, agencyUser, { ...basePayload(), commitment: '草稿中的承诺' })
    const before = await snapshot()
    expect((await viewApplication('regulator', draftId)).status).toBe(404)
    expect((await viewApplication('admin', draftId)).status).toBe(404)
    const decided = await review('regulator', { decision: 'approve' }, draftId)
    expect(decided.status).toBe(409)
    expect(await snapshot()).toEqual(before)
  })

  it('the audit chain is intact after all of it', async () => {
    expect((await verifyAuditLog(await getDb())).ok).toBe(true)
  })
})
