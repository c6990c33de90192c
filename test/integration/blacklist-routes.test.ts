/**
 * The blacklist screens on the real database (PGlite and PostgreSQL): the regulator's list and
 * listing form, one entry and its lifting form, the agency's entry and appeal form, the admin
 * office's decision, the public page and GET /api/v1/blacklist. Wrong role is 403, another remit
 * or organisation 404, bad input 400 with field errors and the typed values, a refused rule
 * 409/422 with the reason — and nothing is written on any refusal.
 */
import { count } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, blacklistEntries } from '#db/schema'
import { resetClock } from '~/domain/now'
import * as adminEntry from '~/routes/admin+/blacklist.$id'
import * as adminQueue from '~/routes/admin+/blacklist._index'
import * as agencyEntry from '~/routes/agency+/blacklist.$id'
import * as agencyList from '~/routes/agency+/blacklist._index'
import * as agencyNeed from '~/routes/agency+/needs.$id'
import * as publicPage from '~/routes/_public+/blacklist'
import * as api from '~/routes/api+/v1.blacklist'
import * as regulatorEntry from '~/routes/regulator+/blacklist.$id'
import * as regulatorList from '~/routes/regulator+/blacklist._index'
import { at, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'

type K = 'a' | 'b'
let m: Marketplace<K>
let cookie: Record<K | 'owner' | 'regulator' | 'otherRegulator' | 'admin', string>

beforeAll(async () => {
  m = await setupMarketplace(await getDb(), { agencies: ['a', 'b'], tag: 'BL' })
  cookie = {
    a: await sessionCookie(m.agencies.a.user.id),
    b: await sessionCookie(m.agencies.b.user.id),
    owner: await sessionCookie(m.owner.user.id),
    regulator: await sessionCookie(m.regulator.user.id),
    otherRegulator: await sessionCookie(m.otherRegulator.user.id),
    admin: await sessionCookie(m.admin.user.id),
  }
})
afterEach(() => resetClock())

const FORGED = { Origin: 'https://evil.example' }

const listPost = (fields: Record<string, string | string[]>, c: string, headers: Record<string, string> = {}) =>
  callRoute(regulatorList.action, formRequest('/regulator/blacklist', fields, { cookie: c, headers }))
const liftPost = (id: string, fields: Record<string, string>, c: string) =>
  callRoute(regulatorEntry.action, formRequest(`/regulator/blacklist/${id}`, fields, { cookie: c }), { id })
const appealPost = (id: string, fields: Record<string, string>, c: string) =>
  callRoute(agencyEntry.action, formRequest(`/agency/blacklist/${id}`, fields, { cookie: c }), { id })
const decidePost = (id: string, fields: Record<string, string>, c: string) =>
  callRoute(adminEntry.action, formRequest(`/admin/blacklist/${id}`, fields, { cookie: c }), { id })

async function written() {
  const db = await getDb()
  const [entries] = await db.select({ n: count() }).from(blacklistEntries)
  const [audits] = await db.select({ n: count() }).from(auditEvents)
  return { entries: entries.n, audits: audits.n }
}

describe('blacklist screens', () => {
  it('list → refusal shown on the bid page → public page and API → appeal → decision', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20' })
    const valid = {
      agencyId: m.agencies.a.organisationId,
      reason: '提交虚假业绩材料，情节严重',
      legalBasis: '《中介服务管理办法》第二十条',
      scope: 'service_types',
      serviceTypeIds: [m.serviceTypeId],
      endsOn: '',
      confirm: 'yes',
    }

    // Who may see and use the regulator's page.
    expect(
      (await callRoute(regulatorList.loader, getRequest('/regulator/blacklist', { cookie: cookie.regulator }))).status,
    ).toBe(200)
    expect(
      (await callRoute(regulatorList.loader, getRequest('/regulator/blacklist', { cookie: cookie.a }))).status,
    ).toBe(403)
    const before = await written()
    expect((await listPost(valid, cookie.a)).status).toBe(403)
    expect((await listPost(valid, cookie.owner)).status).toBe(403)
    expect((await listPost(valid, cookie.admin)).status).toBe(403)
    expect((await listPost(valid, cookie.otherRegulator)).status).toBe(404)
    expect((await listPost(valid, cookie.regulator, FORGED)).status).toBe(403)

    // Bad input: field errors, typed values kept.
    const blank = await listPost(
      { ...valid, reason: ' ', legalBasis: '', scope: 'service_types', serviceTypeIds: [], confirm: '' },
      cookie.regulator,
    )
    expect(blank.status).toBe(400)
    expect(blank.data.result.error).toMatchObject({
      reason: ['blacklist.validation.reasonRequired'],
      legalBasis: ['blacklist.validation.legalBasisRequired'],
      confirm: ['confirm.required'],
    })
    expect(blank.data.result.initialValue.agencyId).toBe(m.agencies.a.organisationId)
    const past = await listPost({ ...valid, endsOn: '2026-03-01' }, cookie.regulator)
    expect(past.status).toBe(422)
    expect(past.data.result.error.endsOn).toEqual([expect.stringContaining('blacklist.validation.endsBeforeToday')])
    expect(past.data.result.initialValue.reason).toBe(valid.reason)
    expect(await written()).toEqual(before)

    const listed = await listPost(valid, cookie.regulator)
    expect(listed.status).toBe(302)
    const [entry] = await db.select().from(blacklistEntries)
    expect(listed.headers.get('Location')).toBe(`/regulator/blacklist/${entry.id}`)

    // The agency sees the reason where it would bid.
    const bidPage = await callRoute(agencyNeed.loader, getRequest(`/agency/needs/${need.id}`, { cookie: cookie.a }), {
      id: need.id,
    })
    expect(bidPage.data.ineligibleReason).toBe('blacklisted')
    expect(bidPage.data.actions).toEqual([])
    const otherPage = await callRoute(agencyNeed.loader, getRequest(`/agency/needs/${need.id}`, { cookie: cookie.b }), {
      id: need.id,
    })
    expect(otherPage.data.ineligibleReason).toBeNull()

    // Public page and API.
    const pub = await callRoute(publicPage.loader, getRequest('/blacklist'))
    expect(pub.data.entries).toMatchObject([
      { id: entry.id, status: 'in_force', endsOn: '2027-03-01', agency: { id: m.agencies.a.organisationId } },
    ])
    const json = await callRoute(api.loader, getRequest('/api/v1/blacklist'))
    expect(json.status).toBe(200)
    expect(json.data.data).toMatchObject([
      { id: entry.id, scope: 'service_types', serviceTypes: [{ id: m.serviceTypeId }], appealStatus: 'not_filed' },
    ])

    // Lifting: another remit 404, no reason 400.
    expect(
      (await liftPost(entry.id, { reason: '整改到位，提前移出', confirm: 'yes' }, cookie.otherRegulator)).status,
    ).toBe(404)
    expect((await liftPost(entry.id, { reason: '', confirm: 'yes' }, cookie.regulator)).status).toBe(400)

    // The appeal: the agency's own entry only.
    const appeal = { text: '所涉业绩材料真实，附合同原件。', confirm: 'yes' }
    expect(
      (await callRoute(agencyList.loader, getRequest('/agency/blacklist', { cookie: cookie.a }))).data.entries,
    ).toHaveLength(1)
    expect(
      (await callRoute(agencyList.loader, getRequest('/agency/blacklist', { cookie: cookie.b }))).data.entries,
    ).toHaveLength(0)
    expect((await appealPost(entry.id, appeal, cookie.b)).status).toBe(404)
    expect((await appealPost(entry.id, appeal, cookie.owner)).status).toBe(403)
    expect((await appealPost(entry.id, { ...appeal, text: '' }, cookie.a)).status).toBe(400)
    expect((await db.select().from(blacklistEntries))[0].appealStatus).toBe('not_filed')
    expect((await appealPost(entry.id, appeal, cookie.a)).status).toBe(302)
    const again = await appealPost(entry.id, appeal, cookie.a)
    expect(again.status).toBe(409)
    expect(again.data.formError.messageKey).toBe('blacklist.refusals.alreadyAppealed')

    // The admin office decides.
    const queue = await callRoute(adminQueue.loader, getRequest('/admin/blacklist', { cookie: cookie.admin }))
    expect(queue.data.entries).toMatchObject([{ id: entry.id, appealStatus: 'pending' }])
    expect(
      (await callRoute(adminQueue.loader, getRequest('/admin/blacklist', { cookie: cookie.regulator }))).status,
    ).toBe(403)
    const decision = { decision: 'upheld', reasons: '经核实，业绩材料真实，申诉成立', confirm: 'yes' }
    expect((await decidePost(entry.id, decision, cookie.regulator)).status).toBe(403)
    expect((await decidePost(entry.id, decision, cookie.a)).status).toBe(403)
    expect(
      (await decidePost(entry.id, { ...decision, decision: '' }, cookie.admin)).data.result.error.decision,
    ).toEqual(['blacklist.validation.decision'])
    expect((await decidePost(entry.id, decision, cookie.admin)).status).toBe(302)
    const after = (await callRoute(publicPage.loader, getRequest('/blacklist'))).data.entries[0]
    expect(after).toMatchObject({ status: 'lifted', appealStatus: 'upheld', appealReasons: decision.reasons })
    expect(
      (
        await callRoute(agencyNeed.loader, getRequest(`/agency/needs/${need.id}`, { cookie: cookie.a }), {
          id: need.id,
        })
      ).data.ineligibleReason,
    ).toBeNull()
  })
})
