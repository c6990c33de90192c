import { asc, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { approvalItems, auditEvents, departments, serviceTypes } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { saveApprovalItem, saveDepartment, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { systemActor } from '~/utils/audit.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import * as approvalItemRoute from '~/routes/admin+/approval-items.$id'
import * as departmentRoute from '~/routes/admin+/departments.$id'
import * as serviceTypeRoute from '~/routes/admin+/service-types.$id'
import * as qualificationTypeRoute from '~/routes/admin+/qualification-types.$id'
import { callRoute, formRequest, getRequest, sessionCookie } from '#test/support/routes'

let cookies: Record<'admin' | 'owner' | 'agency' | 'regulator', string>
let departmentId: string
let approvalItemId: string
let serviceTypeId: string

async function snapshot() {
  const db = await getDb()
  return {
    approvalItems: await db.select().from(approvalItems).orderBy(asc(approvalItems.code)),
    departments: await db.select().from(departments).orderBy(asc(departments.code)),
    serviceTypes: await db.select().from(serviceTypes).orderBy(asc(serviceTypes.code)),
    audit: (await db.select({ n: count() }).from(auditEvents))[0].n,
  }
}

beforeAll(async () => {
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, { code: 'DEP-EE', nameZh: '生态环境局', nameEn: 'Ecology and Environment Bureau' })
  departmentId = dept.id
  const st = await saveServiceType(db, systemActor, {
    code: 'ST-EIA',
    nameZh: '环境影响评价',
    nameEn: 'Environmental impact assessment',
    descriptionZh: '',
    descriptionEn: '',
    departmentId,
    qualificationTypeIds: [],
    active: true,
  })
  serviceTypeId = st.id
  const item = await saveApprovalItem(db, systemActor, {
    code: 'AI-EIA',
    nameZh: '建设项目环境影响评价文件审批',
    nameEn: 'Approval of EIA documents',
    departmentId,
    statutoryDays: 60,
    committedDays: 30,
    serviceTypeIds: [serviceTypeId],
    limitsAreDemo: true,
    active: true,
  })
  approvalItemId = item.id
  const [admin, owner, agency, regulator] = await Promise.all([
    createAccount(db, 'platform'),
    createAccount(db, 'owner'),
    createAccount(db, 'agency'),
    createAccount(db, 'regulator', { departmentId }),
  ])
  cookies = {
    admin: await sessionCookie(admin.user.id),
    owner: await sessionCookie(owner.user.id),
    agency: await sessionCookie(agency.user.id),
    regulator: await sessionCookie(regulator.user.id),
  }
})

const validApprovalItem = (over: Record<string, string | string[]> = {}) => ({
  code: 'AI-EIA',
  nameZh: '建设项目环境影响评价文件审批',
  nameEn: 'Approval of EIA documents',
  departmentId,
  statutoryDays: '60',
  committedDays: '20',
  serviceTypeIds: [serviceTypeId],
  limitsAreDemo: 'on',
  active: 'on',
  ...over,
})

describe('catalogue actions refuse everyone but the platform admin', () => {
  for (const role of ['owner', 'agency', 'regulator'] as const) {
    it(`${role}: POST to every catalogue action gets 403 and changes no row`, async () => {
      const before = await snapshot()
      const attempts = [
        callRoute(approvalItemRoute.action, formRequest(`/admin/approval-items/${approvalItemId}`, validApprovalItem({ committedDays: '5' }), { cookie: cookies[role] }), { id: approvalItemId }),
        callRoute(approvalItemRoute.action, formRequest('/admin/approval-items/new', validApprovalItem({ code: 'AI-NEW' }), { cookie: cookies[role] }), { id: 'new' }),
        callRoute(departmentRoute.action, formRequest(`/admin/departments/${departmentId}`, { code: 'DEP-EE', nameZh: '改名', nameEn: 'Renamed' }, { cookie: cookies[role] }), { id: departmentId }),
        callRoute(serviceTypeRoute.action, formRequest('/admin/service-types/new', { code: 'ST-X', nameZh: 'X', nameEn: 'X', departmentId }, { cookie: cookies[role] }), { id: 'new' }),
        callRoute(qualificationTypeRoute.action, formRequest('/admin/qualification-types/new', { code: 'QT-X', nameZh: 'X', nameEn: 'X', levels: 'A | 甲级 | Grade A' }, { cookie: cookies[role] }), { id: 'new' }),
      ]
      for (const result of await Promise.all(attempts)) expect(result.status).toBe(403)
      expect(await snapshot()).toEqual(before)
    })
  }

  it('anonymous: redirected to log in, nothing changed', async () => {
    const before = await snapshot()
    const result = await callRoute(approvalItemRoute.action, formRequest(`/admin/approval-items/${approvalItemId}`, validApprovalItem()), { id: approvalItemId })
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    expect(await snapshot()).toEqual(before)
  })

  it('a forged cross-site POST by the admin is refused', async () => {
    const before = await snapshot()
    const result = await callRoute(
      approvalItemRoute.action,
      formRequest(`/admin/approval-items/${approvalItemId}`, validApprovalItem({ committedDays: '7' }), {
        cookie: cookies.admin,
        headers: { Origin: 'https://evil.example' },
      }),
      { id: approvalItemId },
    )
    expect(result.status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('non-admins cannot even read the admin screens', async () => {
    const result = await callRoute(approvalItemRoute.loader, getRequest(`/admin/approval-items/${approvalItemId}`, { cookie: cookies.owner }), { id: approvalItemId })
    expect(result.status).toBe(403)
  })
})

describe('approval items: the P ≤ L rule', () => {
  it('P > L comes back as a field error on committedDays, with the typed values, and writes nothing', async () => {
    const before = await snapshot()
    const result = await callRoute(
      approvalItemRoute.action,
      formRequest(`/admin/approval-items/${approvalItemId}`, validApprovalItem({ statutoryDays: '20', committedDays: '25', nameZh: '改过的名称' }), { cookie: cookies.admin }),
      { id: approvalItemId },
    )
    expect(result.status).toBe(400)
    expect(result.data.result.error.committedDays).toEqual(['validation.committedAboveStatutory'])
    expect(result.data.result.initialValue).toMatchObject({ nameZh: '改过的名称', committedDays: '25' })
    expect(await snapshot()).toEqual(before)
  })

  it('the database refuses P > L even if the form check is bypassed', async () => {
    const db = await getDb()
    await expect(db.update(approvalItems).set({ committedDays: 99 }).where(eq(approvalItems.id, approvalItemId))).rejects.toThrow()
  })

  it('a valid edit by the admin saves, appends an audit event and keeps the chain intact', async () => {
    const before = await snapshot()
    const result = await callRoute(
      approvalItemRoute.action,
      formRequest(`/admin/approval-items/${approvalItemId}`, validApprovalItem({ committedDays: '15' }), { cookie: cookies.admin }),
      { id: approvalItemId },
    )
    expect(result.status).toBe(302)
    const db = await getDb()
    const [row] = await db.select().from(approvalItems).where(eq(approvalItems.id, approvalItemId))
    expect(row.committedDays).toBe(15)
    const after = await snapshot()
    expect(after.audit).toBe(before.audit + 1)
    const [last] = await db.select().from(auditEvents).orderBy(asc(auditEvents.id)).offset(after.audit - 1)
    expect(last.action).toBe('catalogue.approvalItem.updated')
    expect(last.payload).toMatchObject({ before: { committedDays: 30 }, after: { committedDays: 15 } })
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('an unknown or malformed id is a 404', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const result = await callRoute(approvalItemRoute.loader, getRequest(`/admin/approval-items/${id}`, { cookie: cookies.admin }), { id })
      expect(result.status).toBe(404)
    }
  })

  it('a duplicate code is a field error and writes nothing', async () => {
    const before = await snapshot()
    const result = await callRoute(
      approvalItemRoute.action,
      formRequest('/admin/approval-items/new', validApprovalItem(), { cookie: cookies.admin }),
      { id: 'new' },
    )
    // The domain's rule, not the schema: 422 at the field since decision 008 (was 400).
    expect(result.status).toBe(422)
    expect(result.data.result.error.code).toEqual(['validation.codeTaken'])
    expect(await snapshot()).toEqual(before)
  })
})
