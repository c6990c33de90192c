/**
 * The contract's screens through their routes (issue 13 §1), on both databases: the signing
 * form (password asked again: wrong → 422 at `password`, never sent back, nothing written;
 * empty → 400; outsider 404; regulator 403), the contract page's signatures, the links and
 * "contracts to sign" of the owner's and agency's pages, the admin's template pages.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, contracts, contractTemplates } from '#db/schema'
import { TEST_PASSWORD } from '#db/seed/factories'
import { resetClock } from '~/domain/now'
import * as contractRoute from '~/routes/contracts+/$id'
import * as ownerNeedRoute from '~/routes/owner+/needs.$id'
import * as ownerHome from '~/routes/owner+/index'
import * as agencyNeedRoute from '~/routes/agency+/needs.$id'
import * as agencyHome from '~/routes/agency+/index'
import * as templatesList from '~/routes/admin+/contract-templates._index'
import * as templateRoute from '~/routes/admin+/contract-templates.$id'
import { awardedContract, type AwardedContract, type ContractAgency } from '../support/contract-fixtures'
import { at, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'
import { decodeMessage } from '~/utils/intent-reply'

let m: Marketplace<ContractAgency>
let c: AwardedContract
let cookies: Record<string, string> = {}
const users = () => ({
  owner: c.ownerUser,
  agency: c.agencyUser,
  regulator: c.regulatorUser,
  otherOwner: c.otherOwnerUser,
  otherAgency: c.otherAgencyUser,
  admin: m.admin.user,
})
/** Sessions made at the clock's now (a session expires; the tests move the clock). */
async function logIn() {
  cookies = {}
  for (const [k, u] of Object.entries(users())) cookies[k] = await sessionCookie(u.id)
}

beforeAll(async () => {
  const db = await getDb()
  c = await awardedContract(db, { payoutAccount: true })
  m = c.m
})
afterEach(() => resetClock())

const sign = (cookie: string, fields: Record<string, string>, id = c.contractId) =>
  callRoute(contractRoute.action, formRequest(`/contracts/${id}`, { intent: 'sign', ...fields }, { cookie }), { id })
const page = (cookie: string, id = c.contractId) =>
  callRoute(contractRoute.loader, getRequest(`/contracts/${id}`, { cookie }), { id })

async function written() {
  const db = await getDb()
  const [row] = await db.select().from(contracts).where(eq(contracts.id, c.contractId))
  const [audits] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityId, c.needId))
  return { row, audits: audits.n }
}

describe('signing through the contract page', () => {
  it('refuses bad input, outsiders and the regulator with nothing written, then signs', async () => {
    at(shanghaiNoon(c.awardedOn))
    await logIn()
    const before = await written()

    const wrong = await sign(cookies.owner, { password: 'not-my-password' })
    expect(wrong.status).toBe(422)
    expect(wrong.data.result.error.password).toEqual(['contractSigning.wrongPassword'])
    expect(JSON.stringify(wrong.data)).not.toContain('not-my-password')

    const empty = await sign(cookies.agency, { password: '' })
    expect(empty.status).toBe(400)
    expect(empty.data.result.error.password).toEqual(['validation.required'])

    for (const who of ['otherOwner', 'otherAgency']) expect((await sign(cookies[who], { password: TEST_PASSWORD })).status).toBe(404)
    expect((await sign(cookies.regulator, { password: TEST_PASSWORD })).status).toBe(403)
    expect((await sign(cookies.admin, { password: TEST_PASSWORD })).status).toBe(403)
    expect((await sign(cookies.owner, { password: TEST_PASSWORD }, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect(await written()).toEqual(before)

    // The page offers the form to the owner, not to the regulator.
    const ownerPage = await page(cookies.owner)
    expect(ownerPage.data.actions).toContain('sign_contract')
    // Only buttons that a filled-in form can get past: not pay before both signed, nor an answer to no proposal.
    expect(ownerPage.data.actions).not.toContain('pay')
    expect(ownerPage.data.actions).not.toContain('agree_termination')
    expect(ownerPage.data.actions).not.toContain('decline_termination')
    expect(ownerPage.data.agencyPayoutReady).toBe(true)
    expect((await page(cookies.regulator)).data.actions).not.toContain('sign_contract')
    expect((await page(cookies.otherOwner)).status).toBe(404)

    const ok = await sign(cookies.owner, { password: TEST_PASSWORD })
    expect(ok.status).toBe(302)
    expect(ok.headers.get('Location')).toBe(`/contracts/${c.contractId}`)
    const signedPage = await page(cookies.agency)
    expect(signedPage.data.contract.ownerSignedByName).toBe(c.ownerUser.name)
    expect(signedPage.data.contract.ownerSignedAt).not.toBeNull()
    expect(signedPage.data.contract.agencySignedByName).toBeNull()
    // Signing twice: a conflict shown above the form.
    const twice = await sign(cookies.owner, { password: TEST_PASSWORD })
    expect(twice.status).toBe(409)
  })
})

describe('signing passwords are throttled like logins', () => {
  it('after 5 wrong passwords: 429 at the password field (the right one too), nothing written, until the window passes', async () => {
    const db = await getDb()
    const t = await awardedContract(db, { m, payoutAccount: true })
    const ADDRESS = '203.0.113.44'
    const cookie = await sessionCookie(t.ownerUser.id)
    const signT = (password: string) =>
      callRoute(
        contractRoute.action,
        formRequest(`/contracts/${t.contractId}`, { intent: 'sign', password }, { cookie }),
        { id: t.contractId },
        { clientAddress: ADDRESS },
      )
    const writtenT = async () => {
      const [row] = await db.select().from(contracts).where(eq(contracts.id, t.contractId))
      const [audits] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityId, t.needId))
      return { row, audits: audits.n }
    }
    const before = await writtenT()
    const base = shanghaiNoon(t.awardedOn).getTime()
    for (let i = 0; i < 5; i++) {
      at(new Date(base + i * 1000))
      const wrong = await signT(`guess-${i}`)
      expect(wrong.status).toBe(422)
      expect(wrong.data.result.error.password).toEqual(['contractSigning.wrongPassword'])
    }
    at(new Date(base + 10_000))
    for (const password of ['guess-5', TEST_PASSWORD]) {
      const refused = await signT(password)
      expect(refused.status).toBe(429)
      const [message] = refused.data.result.error.password as string[]
      expect(decodeMessage(message)).toEqual({ messageKey: 'contractSigning.throttled', params: { minutes: 15 } })
      expect(JSON.stringify(refused.data)).not.toContain(password)
    }
    expect(await writtenT()).toEqual(before)

    // Once the oldest counted failure has left the 15-minute window, the right password signs.
    at(new Date(base + 15 * 60_000 + 1000))
    const ok = await signT(TEST_PASSWORD)
    expect(ok.status).toBe(302)
    const [row] = await db.select().from(contracts).where(eq(contracts.id, t.contractId))
    expect(row.ownerSignedBy).toBe(t.ownerUser.id)
  })
})

describe('links and contracts to sign', () => {
  it('the owner and the winning agency see the link and the list; others do not', async () => {
    const db = await getDb()
    const d = await awardedContract(db, { m, start: '2026-04-06' })
    at(shanghaiNoon(d.awardedOn))
    await logIn()
    const ownerNeed = await callRoute(ownerNeedRoute.loader, getRequest(`/owner/needs/${d.needId}`, { cookie: cookies.owner }), { id: d.needId })
    expect(ownerNeed.data.contract).toMatchObject({ id: d.contractId, signDueOn: d.contract.signDueOn, signedByBoth: false })
    const agencyNeed = await callRoute(agencyNeedRoute.loader, getRequest(`/agency/needs/${d.needId}`, { cookie: cookies.agency }), { id: d.needId })
    expect(agencyNeed.data.contract).toMatchObject({ id: d.contractId })
    const loser = await callRoute(agencyNeedRoute.loader, getRequest(`/agency/needs/${d.needId}`, { cookie: cookies.otherAgency }), { id: d.needId })
    expect(loser.data.contract).toBeNull()

    const ownerList = (await callRoute(ownerHome.loader, getRequest('/owner', { cookie: cookies.owner }))).data.contractsToSign
    expect(ownerList.map((x: { id: string }) => x.id)).toContain(d.contractId)
    expect(ownerList.find((x: { id: string }) => x.id === d.contractId)).toMatchObject({ signDueOn: d.contract.signDueOn, needId: d.needId })
    const agencyList = (await callRoute(agencyHome.loader, getRequest('/agency', { cookie: cookies.agency }))).data.contractsToSign
    expect(agencyList.map((x: { id: string }) => x.id)).toContain(d.contractId)
    const otherList = (await callRoute(ownerHome.loader, getRequest('/owner', { cookie: cookies.otherOwner }))).data.contractsToSign
    expect(otherList).toEqual([])

    // Once the owner signed, it leaves the owner's list (not the agency's).
    await sign(cookies.owner, { password: TEST_PASSWORD }, d.contractId)
    const ownerAfter = (await callRoute(ownerHome.loader, getRequest('/owner', { cookie: cookies.owner }))).data.contractsToSign
    expect(ownerAfter.map((x: { id: string }) => x.id)).not.toContain(d.contractId)
    const agencyAfter = (await callRoute(agencyHome.loader, getRequest('/agency', { cookie: cookies.agency }))).data.contractsToSign
    expect(agencyAfter.map((x: { id: string }) => x.id)).toContain(d.contractId)
  })
})

describe('admin contract templates', () => {
  const save = (cookie: string, fields: Record<string, string>, id = m.serviceTypeId) =>
    callRoute(templateRoute.action, formRequest(`/admin/contract-templates/${id}`, { intent: 'save', ...fields }, { cookie }), { id })

  it('lists, prefills the default, refuses empty and unknown variables at their field, saves versions, resets', async () => {
    const db = await getDb()
    await logIn()
    const list = await callRoute(templatesList.loader, getRequest('/admin/contract-templates', { cookie: cookies.admin }))
    expect(list.data.rows.find((r: { id: string }) => r.id === m.serviceTypeId)).toMatchObject({ version: null })
    const edit = await callRoute(templateRoute.loader, getRequest('/x', { cookie: cookies.admin }), { id: m.serviceTypeId })
    expect(edit.data).toMatchObject({ version: null })
    expect(edit.data.bodyZh).toContain('{{contractNo}}')
    expect(edit.data.variables).toContain('priceFen')

    for (const who of ['owner', 'agency', 'regulator']) {
      expect((await save(cookies[who], { bodyZh: '合同', bodyEn: 'Contract' })).status).toBe(403)
      expect((await callRoute(templateRoute.loader, getRequest('/x', { cookie: cookies[who] }), { id: m.serviceTypeId })).status).toBe(403)
    }
    expect((await save(cookies.admin, { bodyZh: 'a', bodyEn: 'b' }, crypto.randomUUID())).status).toBe(404)

    const empty = await save(cookies.admin, { bodyZh: '  ', bodyEn: 'Contract {{contractNo}}' })
    expect(empty.status).toBe(400)
    expect(empty.data.result.error.bodyZh).toEqual(['validation.required'])
    const unknown = await save(cookies.admin, { bodyZh: '合同 {{contractNo}}', bodyEn: 'Contract {{contractNumber}} {{fee}}' })
    expect(unknown.status).toBe(422)
    expect(unknown.data.result.error.bodyEn).toHaveLength(1)
    expect(unknown.data.result.error.bodyEn[0]).toContain('contractSigning.templates.unknownVariables')
    expect(unknown.data.result.error.bodyEn[0]).toContain('contractNumber, fee')
    expect(unknown.data.result.error.bodyZh).toBeUndefined()
    expect(await db.select().from(contractTemplates)).toHaveLength(0)

    expect((await save(cookies.admin, { bodyZh: '合同 {{contractNo}}', bodyEn: 'Contract {{contractNo}}' })).status).toBe(302)
    expect((await save(cookies.admin, { bodyZh: '合同 {{contractNo}}。', bodyEn: 'Contract {{contractNo}}.' })).status).toBe(302)
    const [row] = await db.select().from(contractTemplates).where(eq(contractTemplates.serviceTypeId, m.serviceTypeId))
    expect(row).toMatchObject({ version: 2, bodyZh: '合同 {{contractNo}}。', updatedBy: m.admin.user.id })
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, m.serviceTypeId), eq(auditEvents.action, 'catalogue.contractTemplate.saved')))
    expect(audits).toHaveLength(2)

    const reset = await callRoute(
      templateRoute.action,
      formRequest(`/admin/contract-templates/${m.serviceTypeId}`, { intent: 'reset' }, { cookie: cookies.admin }),
      { id: m.serviceTypeId },
    )
    expect(reset.status).toBe(302)
    expect(await db.select().from(contractTemplates)).toHaveLength(0)
  })
})
