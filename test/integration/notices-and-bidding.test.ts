/**
 * Public notices and bidding through the routes, on the real database (PGlite and PostgreSQL):
 * the public pages and API of an open need leak no bid (no quote, no bidder), drafts are 404,
 * an agency sees only its own bid, only agencies may bid, the server clock refuses a late bid,
 * bad input answers 400 with the typed values kept, and submit / revise / withdraw work.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyQualifications, agencyServiceTypes, approvalItems, bidRevisions, bids, needs, projects } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { saveDepartment, saveQualificationType, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { submitBid } from '~/domain/bidding/bids.server'
import { registrationDeadline } from '~/domain/needs/publish-rules'
import { fenToYuan } from '~/domain/needs/schemas'
import * as agencyNeedRoute from '~/routes/agency+/needs.$id'
import { decodeMessage } from '~/utils/intent-reply'
import * as agencyNeedsRoute from '~/routes/agency+/needs._index'
import * as publicNeedRoute from '~/routes/_public+/needs.$id'
import * as publicNeedsRoute from '~/routes/_public+/needs._index'
import * as apiNeedRoute from '~/routes/api+/v1.needs.$id'
import * as apiNeedsRoute from '~/routes/api+/v1.needs'
import { systemActor } from '~/utils/audit.server'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'

// 2030-01-15 10:00 in Shanghai.
const BASE = new Date('2030-01-15T02:00:00Z')
const CLOSES_ON = '2030-01-20'
const CEILING = 1_000_000
const S = 20

type Key = 'a' | 'b' | 'c' | 'lowLevel'
const agencies = {} as Record<Key, { user: SessionUser; organisationId: string; name: string; cookie: string }>
let ownerOrgId: string
let ownerCookie: string
let regulatorCookie: string
let projectId: string
let serviceTypeId: string
let approvalItemId: string
let minLevelId: string

async function makeNeed(overrides: Partial<typeof needs.$inferInsert> = {}) {
  const db = await getDb()
  const [row] = await db
    .insert(needs)
    .values({
      projectId,
      ownerOrganisationId: ownerOrgId,
      serviceTypeId,
      approvalItemId,
      title: '环评报告编制',
      scope: '编制环境影响报告书',
      priceCeilingFen: CEILING,
      minLevelId,
      serviceDays: S,
      method: 'random',
      registrationClosesOn: CLOSES_ON,
      state: 'open',
      publishedAt: BASE,
      seedHash: 'ab'.repeat(32),
      seedSecret: 'cd'.repeat(32),
      createdAt: BASE,
      updatedAt: BASE,
      ...overrides,
    })
    .returning()
  return row
}

async function bidRows(needId: string, organisationId?: string) {
  const db = await getDb()
  return db
    .select()
    .from(bids)
    .where(organisationId ? and(eq(bids.needId, needId), eq(bids.agencyOrganisationId, organisationId)) : eq(bids.needId, needId))
}

const bidPath = (needId: string) => `/agency/needs/${needId}`
const postBid = (needId: string, cookie: string, fields: Record<string, string>) =>
  callRoute(agencyNeedRoute.action, formRequest(bidPath(needId), fields, { cookie }), { id: needId })

beforeAll(async () => {
  setClock(fixedClock(BASE))
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, { code: 'DEP-NB', nameZh: '生态环境局', nameEn: 'Ecology Bureau' })
  const qt = await saveQualificationType(db, systemActor, {
    code: 'QT-NB',
    nameZh: '环境影响评价资质',
    nameEn: 'EIA qualification',
    issuerZh: '',
    issuerEn: '',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
      { code: 'C', nameZh: '丙级', nameEn: 'Grade C' },
    ],
  })
  const levels = await db.query.qualificationLevels.findMany({ where: (l, { eq: is }) => is(l.qualificationTypeId, qt.id) })
  const level = (code: string) => levels.find((l) => l.code === code)!
  minLevelId = level('B').id
  serviceTypeId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-NB',
      nameZh: '环境影响评价',
      nameEn: 'Environmental impact assessment',
      departmentId: dept.id,
      qualificationTypeIds: [qt.id],
      descriptionZh: '',
      descriptionEn: '',
      active: true,
    })
  ).id
  const [item] = await db
    .insert(approvalItems)
    .values({ code: 'AI-NB', nameZh: '环评审批', nameEn: 'EIA approval', departmentId: dept.id, statutoryDays: 60, committedDays: 30 })
    .returning()
  approvalItemId = item.id

  const ownerAccount = await createAccount(db, 'owner')
  ownerOrgId = ownerAccount.organisation.id
  ownerCookie = await sessionCookie(ownerAccount.user.id)
  regulatorCookie = await sessionCookie((await createAccount(db, 'regulator')).user.id)
  const [project] = await db
    .insert(projects)
    .values({
      ownerOrganisationId: ownerOrgId,
      name: '新建厂房项目',
      projectCode: '2030-320000-00-00-000777',
      location: '江苏省南京市',
      industry: '制造业',
      totalInvestmentFen: 500_000_000,
      createdAt: BASE,
    })
    .returning()
  projectId = project.id

  const setups: Record<Key, string> = { a: 'A', b: 'B', c: 'A', lowLevel: 'C' }
  for (const [key, code] of Object.entries(setups) as [Key, string][]) {
    const account = await createAccount(db, 'agency')
    const organisationId = account.organisation.id
    await db.insert(agencyServiceTypes).values({ organisationId, serviceTypeId })
    await db.insert(agencyQualifications).values({
      organisationId,
      qualificationTypeId: qt.id,
      levelId: level(code).id,
      certificateNo: `NB-${key}`,
      issuer: '江苏省生态环境厅',
      validFrom: '2029-01-01',
      validUntil: '2033-12-31',
    })
    agencies[key] = {
      user: await loadSessionUser(db, account.user.id),
      organisationId,
      name: account.organisation.name,
      cookie: await sessionCookie(account.user.id),
    }
  }
})

afterAll(() => {
  resetClock()
})

describe('public notices', () => {
  const quotes = { a: 812_345, b: 823_456, c: 834_567 }
  let needId: string

  it('the public page and API of an open need with three bids show no quote and no bidder', async () => {
    const db = await getDb()
    needId = (await makeNeed()).id
    for (const key of ['a', 'b', 'c'] as const) {
      await submitBid(db, agencies[key].user, needId, {
        quoteFen: quotes[key],
        committedDays: 15,
        note: '按期完成',
        team: '张伟',
      })
    }
    const page = await callRoute(publicNeedRoute.loader, getRequest(`/needs/${needId}`), { id: needId })
    const list = await callRoute(publicNeedsRoute.loader, getRequest('/needs'))
    const api = await callRoute(apiNeedRoute.loader, getRequest(`/api/v1/needs/${needId}`), { id: needId })
    const apiList = await callRoute(apiNeedsRoute.loader, getRequest('/api/v1/needs?status=open'))
    for (const response of [page, list, api, apiList]) expect(response.status).toBe(200)
    expect(page.data.notice).toMatchObject({ id: needId, state: 'open', seedHash: 'ab'.repeat(32), drawUrl: null })
    expect(api.data.data).toMatchObject({ id: needId, priceCeilingFen: CEILING, serviceDays: S, method: 'random' })
    expect(apiList.data.data.map((n: { id: string }) => n.id)).toContain(needId)
    expect(list.data.result.notices.map((n: { id: string }) => n.id)).toContain(needId)

    const text = JSON.stringify([page.data, list.data, api.data, apiList.data])
    expect(text).not.toContain('cd'.repeat(32))
    for (const key of ['a', 'b', 'c'] as const) {
      expect(text).not.toContain(String(quotes[key]))
      expect(text).not.toContain(fenToYuan(quotes[key]))
      expect(text).not.toContain(agencies[key].organisationId)
      expect(text).not.toContain(agencies[key].name)
    }
    expect(text).not.toMatch(/bidCount|"bids"/)
  })

  it('drafts are 404 on the page and the API, and never listed', async () => {
    const draft = await makeNeed({ state: 'draft', publishedAt: null, seedHash: null, seedSecret: null })
    const page = await callRoute(publicNeedRoute.loader, getRequest(`/needs/${draft.id}`), { id: draft.id })
    const api = await callRoute(apiNeedRoute.loader, getRequest(`/api/v1/needs/${draft.id}`), { id: draft.id })
    expect(page.status).toBe(404)
    expect(api.status).toBe(404)
    expect(api.data).toEqual({ error: { code: 'not_found', message: '找不到您要访问的页面或记录。' } })
    const list = await callRoute(apiNeedsRoute.loader, getRequest('/api/v1/needs'))
    expect(JSON.stringify(list.data)).not.toContain(draft.id)
    const bad = await callRoute(apiNeedsRoute.loader, getRequest('/api/v1/needs?status=draft'))
    expect(bad.status).toBe(400)
    const agencyPage = await callRoute(agencyNeedRoute.loader, getRequest(bidPath(draft.id), { cookie: agencies.a.cookie }), {
      id: draft.id,
    })
    expect(agencyPage.status).toBe(404)
  })

  it("agency A's pages hold only A's bid; an ineligible agency sees its reason", async () => {
    const page = await callRoute(agencyNeedRoute.loader, getRequest(bidPath(needId), { cookie: agencies.a.cookie }), {
      id: needId,
    })
    expect(page.status).toBe(200)
    expect(page.data.bids).toHaveLength(1)
    expect(page.data.bids[0]).toMatchObject({ quoteFen: quotes.a, status: 'live' })
    expect(page.data.ineligibleReason).toBeNull()
    // The forms the page shows: the live bid may be revised or withdrawn, no second bid.
    expect(page.data.actions).toEqual(['revise', 'withdraw'])
    const list = await callRoute(agencyNeedsRoute.loader, getRequest('/agency/needs', { cookie: agencies.a.cookie }))
    const listed = list.data.needs.find((n: { id: string }) => n.id === needId)
    expect(listed).toMatchObject({ ineligibleReason: null, ownBid: { quoteFen: quotes.a } })
    const text = JSON.stringify([page.data, list.data])
    for (const key of ['b', 'c'] as const) {
      expect(text).not.toContain(String(quotes[key]))
      expect(text).not.toContain(fenToYuan(quotes[key]))
      expect(text).not.toContain(agencies[key].organisationId)
      expect(text).not.toContain(agencies[key].name)
    }
    const low = await callRoute(agencyNeedRoute.loader, getRequest(bidPath(needId), { cookie: agencies.lowLevel.cookie }), {
      id: needId,
    })
    expect(low.data.ineligibleReason).toBe('qualificationLevelTooLow')
    expect(low.data.actions).toEqual([])
    const lowList = await callRoute(agencyNeedsRoute.loader, getRequest('/agency/needs', { cookie: agencies.lowLevel.cookie }))
    expect(lowList.data.needs.find((n: { id: string }) => n.id === needId)).toMatchObject({
      ineligibleReason: 'qualificationLevelTooLow',
      ownBid: null,
    })
  })
})

describe('bidding through the route', () => {
  let needId: string
  const valid = { intent: 'submit', quote: '8123.45', committedDays: '15', note: '按期完成', team: '张伟' }

  beforeAll(async () => {
    needId = (await makeNeed()).id
  })

  it('an owner or a regulator posting to the bid action gets 403', async () => {
    for (const cookie of [ownerCookie, regulatorCookie]) {
      expect((await postBid(needId, cookie, valid)).status).toBe(403)
    }
    expect(await bidRows(needId)).toHaveLength(0)
  })

  it('a bid one second after the deadline is refused and nothing is written', async () => {
    setClock(fixedClock(new Date(registrationDeadline(CLOSES_ON).getTime() + 1000)))
    try {
      const late = await postBid(needId, agencies.b.cookie, valid)
      expect(late.status).toBe(409)
      expect(late.data.formError.messageKey).toBe('needs.bids.errors.windowClosed')
    } finally {
      setClock(fixedClock(BASE))
    }
    expect(await bidRows(needId)).toHaveLength(0)
  })

  it('bad input answers 400, a refused rule 422, with field errors and the typed values kept', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ quote: 'abc' }, 'quote'],
      [{ quote: '12.345' }, 'quote'],
      [{ committedDays: '0' }, 'committedDays'],
    ]
    for (const [change, field] of cases) {
      const response = await postBid(needId, agencies.a.cookie, { ...valid, ...change })
      expect(response.status).toBe(400)
      expect(response.data.result.error[field]?.length).toBeGreaterThan(0)
      expect(response.data.result.initialValue).toMatchObject({ ...change, note: valid.note, team: valid.team })
    }
    const above = await postBid(needId, agencies.a.cookie, { ...valid, quote: '10000.01' })
    // A refused rule, not bad input: 422 at the form's field, with its numbers (decision 008).
    expect(above.status).toBe(422)
    expect(above.data.result.error.quote.map(decodeMessage)).toEqual([
      { messageKey: 'needs.bids.validation.quoteAboveCeiling', params: expect.objectContaining({ quoteFen: 1_000_001 }) },
    ])
    // The page shows a result only for the form named by the intent: the refusal must carry it,
    // with the typed values (issue 12: the ceiling and C ≤ S refusals showed nothing).
    expect(above.data.intent).toBe('submit')
    expect(above.data.result.initialValue).toMatchObject({ quote: '10000.01', committedDays: valid.committedDays })
    const days = await postBid(needId, agencies.a.cookie, { ...valid, committedDays: String(S + 1) })
    expect(days.status).toBe(422)
    expect(days.data.result.error.committedDays.map(decodeMessage)).toEqual([
      { messageKey: 'needs.bids.validation.daysAboveLimit', params: { C: S + 1, S } },
    ])
    expect(days.data.intent).toBe('submit')
    expect(days.data.result.initialValue).toMatchObject({ quote: valid.quote, committedDays: String(S + 1) })
    const ineligible = await postBid(needId, agencies.lowLevel.cookie, valid)
    expect(ineligible.status).toBe(422)
    expect(ineligible.data.formError.messageKey).toBe('terms.ineligible.qualificationLevelTooLow')
    expect(await bidRows(needId)).toHaveLength(0)
  })

  it('a valid bid redirects and writes a row; a second submit is refused; revise keeps history; withdraw works', async () => {
    const db = await getDb()
    const ok = await postBid(needId, agencies.a.cookie, valid)
    expect(ok.status).toBe(302)
    expect(ok.headers.get('Location')).toBe(bidPath(needId))
    const [row] = await bidRows(needId, agencies.a.organisationId)
    expect(row).toMatchObject({ quoteFen: 812_345, committedDays: 15, status: 'live', revision: 1 })

    const again = await postBid(needId, agencies.a.cookie, valid)
    expect(again.status).toBe(409)
    expect(again.data.formError.messageKey).toBe('needs.bids.errors.alreadyBid')

    const revised = await postBid(needId, agencies.a.cookie, { ...valid, intent: 'revise', quote: '7000', committedDays: '12' })
    expect(revised.status).toBe(302)
    const [after] = await bidRows(needId, agencies.a.organisationId)
    expect(after).toMatchObject({ id: row.id, quoteFen: 700_000, committedDays: 12, revision: 2 })
    // bid_revisions keeps every version, the current one included (each with its commitment nonce).
    const history = await db.select().from(bidRevisions).where(eq(bidRevisions.bidId, row.id)).orderBy(bidRevisions.revision)
    expect(history.map((r) => [r.revision, r.quoteFen, r.committedDays])).toEqual([
      [1, 812_345, 15],
      [2, 700_000, 12],
    ])
    const page = await callRoute(agencyNeedRoute.loader, getRequest(bidPath(needId), { cookie: agencies.a.cookie }), {
      id: needId,
    })
    expect(page.data.bids[0].revisions).toHaveLength(1)

    // Withdrawing cannot be undone: without the confirmation, a field error and the bid stays live.
    const unconfirmed = await postBid(needId, agencies.a.cookie, { intent: 'withdraw' })
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect((await bidRows(needId, agencies.a.organisationId))[0]).toMatchObject({ id: row.id, status: 'live', revision: 2 })
    const withdrawn = await postBid(needId, agencies.a.cookie, { intent: 'withdraw', confirm: 'yes' })
    expect(withdrawn.status).toBe(302)
    const [gone] = await bidRows(needId, agencies.a.organisationId)
    expect(gone.status).toBe('withdrawn')
    // No live bid left: withdrawing or revising again is a state conflict above the form, nothing written.
    const retries: Record<string, string>[] = [{ intent: 'withdraw', confirm: 'yes' }, { ...valid, intent: 'revise' }]
    for (const fields of retries) {
      const none = await postBid(needId, agencies.a.cookie, fields)
      expect(none.status).toBe(409)
      expect(none.data.formError.messageKey).toBe('needs.bids.errors.notLive')
    }
    expect((await bidRows(needId, agencies.a.organisationId))[0]).toMatchObject({ id: row.id, status: 'withdrawn', revision: 2 })
    const fresh = await callRoute(agencyNeedRoute.loader, getRequest(bidPath(needId), { cookie: agencies.a.cookie }), { id: needId })
    expect(fresh.data.actions).toEqual(['submit'])
    const [{ n }] = await db
      .select({ n: count() })
      .from(bids)
      .where(and(eq(bids.needId, needId), eq(bids.status, 'live')))
    expect(n).toBe(0)
  })
})
