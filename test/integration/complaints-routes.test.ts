/**
 * The complaint screens on the real database (PGlite and PostgreSQL): the filing form (from a
 * contract; a multipart body with its attachment), the record and its forms, the lists, the
 * regulator's home count, the public profile and GET /api/v1/agencies/:id. Wrong role is 403,
 * another organisation or remit 404, bad input 400 with field errors and the typed values, a
 * refused rule 409/422 — and nothing is written on any refusal.
 */
import { count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, complaints, storedFiles } from '#db/schema'
import { actOnComplaint, fileComplaint } from '~/domain/complaints/complaints.server'
import { resetClock } from '~/domain/now'
import * as publicProfile from '~/routes/_public+/agencies.$id'
import * as api from '~/routes/api+/v1.agencies.$id'
import * as record from '~/routes/complaints+/$id'
import * as list from '~/routes/complaints+/_index'
import * as filing from '~/routes/complaints+/new'
import * as regulatorHome from '~/routes/regulator+/index'
import { awardedContract, type AwardedContract } from '../support/contract-fixtures'
import { at, shanghaiNoon } from '../support/needs-fixtures'
import { renderPage } from '../support/render-route'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '../support/routes'

type Who = 'owner' | 'agency' | 'otherAgency' | 'otherOwner' | 'regulator' | 'otherRegulator' | 'admin'
let c: AwardedContract
let cookie: Record<Who, string>

const TEXT = '中介机构未按合同约定的时间提交报告，多次催告仍未答复。'
const REASONS = '经调查核实，投诉事项属实，予以支持。'
const FORGED = { Origin: 'https://evil.example' }

beforeAll(async () => {
  c = await awardedContract(await getDb(), { signed: true })
  cookie = {
    owner: await sessionCookie(c.ownerUser.id),
    agency: await sessionCookie(c.agencyUser.id),
    otherAgency: await sessionCookie(c.otherAgencyUser.id),
    otherOwner: await sessionCookie(c.otherOwnerUser.id),
    regulator: await sessionCookie(c.regulatorUser.id),
    otherRegulator: await sessionCookie(c.m.otherRegulator.user.id),
    admin: await sessionCookie(c.m.admin.user.id),
  }
})
afterEach(() => resetClock())

const newPath = () => `/complaints/new?contract=${c.contractId}`
const fileGet = (who: Who, path = newPath()) => callRoute(filing.loader, getRequest(path, { cookie: cookie[who] }))
const filePost = (who: Who, fields: Record<string, string>, path = newPath(), headers: Record<string, string> = {}) =>
  callRoute(filing.action, formRequest(path, fields, { cookie: cookie[who], headers }))
const recordGet = (who: Who, id: string) =>
  callRoute(record.loader, getRequest(`/complaints/${id}`, { cookie: cookie[who] }), { id })
const recordPost = (who: Who, id: string, fields: Record<string, string | string[]>) =>
  callRoute(record.action, formRequest(`/complaints/${id}`, fields, { cookie: cookie[who] }), { id })

async function written() {
  const db = await getDb()
  const [rows] = await db.select({ n: count() }).from(complaints)
  const [files] = await db.select({ n: count() }).from(storedFiles)
  const [audits] = await db.select({ n: count() }).from(auditEvents)
  return { complaints: rows.n, files: files.n, audits: audits.n }
}

function multipart(who: Who, fields: Record<string, string>, file: File) {
  const body = new FormData()
  for (const [k, v] of Object.entries(fields)) body.append(k, v)
  body.append('file', file)
  return callRoute(
    filing.action,
    new Request(new URL(newPath(), ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookie[who] } }),
  )
}

describe('complaint screens', () => {
  it('file from the contract → the record → accept → uphold with a blacklisting → the public profile and API', async () => {
    const db = await getDb()
    const valid = { contractId: c.contractId, text: TEXT, confirm: 'yes' }

    // The form: the contract's owner only.
    const form = await fileGet('owner')
    expect(form.status).toBe(200)
    expect(form.data).toMatchObject({ subject: 'contract', target: { id: c.m.agencies.a.organisationId } })
    expect((await fileGet('agency')).status).toBe(403)
    expect((await fileGet('regulator')).status).toBe(403)
    expect((await fileGet('admin')).status).toBe(403)
    expect((await fileGet('otherOwner')).status).toBe(404)
    expect((await fileGet('otherAgency')).status).toBe(404)
    expect((await fileGet('owner', '/complaints/new?contract=not-an-id')).status).toBe(404)
    expect((await fileGet('owner', '/complaints/new')).status).toBe(404)

    // Refusals: nothing written.
    const before = await written()
    expect((await filePost('agency', valid)).status).toBe(403)
    expect((await filePost('otherOwner', valid)).status).toBe(404)
    expect((await filePost('owner', valid, newPath(), FORGED)).status).toBe(403)
    const forgedBody = await filePost('otherOwner', valid, `/complaints/new?need=${c.needId}`)
    expect(forgedBody.status).toBe(404)
    const bad = await filePost('owner', { ...valid, text: '太短', confirm: '' })
    expect(bad.status).toBe(400)
    expect(bad.data.result.error).toMatchObject({ text: ['confirm.reasonTooShort'], confirm: ['confirm.required'] })
    expect(bad.data.result.initialValue.text).toBe('太短')
    const tooLong = await filePost('owner', { ...valid, text: '长'.repeat(4001) })
    expect(tooLong.status).toBe(400)
    expect(tooLong.data.result.error.text).toEqual(['validation.tooLong'])
    const fake = await multipart(
      'owner',
      valid,
      new File(['MZ not a pdf'], 'evidence.pdf', { type: 'application/pdf' }),
    )
    expect(fake.status).toBe(422)
    expect(fake.data.result.error.file).toEqual([expect.stringContaining('agency.upload.type')])
    expect(fake.data.result.initialValue.text).toBe(TEXT)
    expect(await written()).toEqual(before)

    // Filed, with its attachment.
    const pdf = new File(['%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'], '催告函.pdf', {
      type: 'application/pdf',
    })
    const filed = await multipart('owner', valid, pdf)
    expect(filed.status).toBe(302)
    const [row] = await db.select().from(complaints).where(eq(complaints.contractId, c.contractId))
    expect(filed.headers.get('Location')).toBe(`/complaints/${row.id}`)

    // The record: complainant, target and supervising regulator; anyone else 404, a role without complaints 403.
    const asOwner = await recordGet('owner', row.id)
    expect(asOwner.status).toBe(200)
    expect(asOwner.data).toMatchObject({
      viewer: 'complainant',
      actions: ['withdraw'],
      files: [{ fileName: '催告函.pdf' }],
    })
    expect((await recordGet('agency', row.id)).data).toMatchObject({ viewer: 'target', complaint: { text: TEXT } })
    expect((await recordGet('regulator', row.id)).data.actions).toEqual(['accept', 'reject_invalid'])
    expect((await recordGet('otherAgency', row.id)).status).toBe(404)
    expect((await recordGet('otherOwner', row.id)).status).toBe(404)
    expect((await recordGet('otherRegulator', row.id)).status).toBe(404)
    expect((await recordGet('admin', row.id)).status).toBe(403)
    expect((await recordGet('owner', 'nope')).status).toBe(404)

    // The lists.
    expect(
      (await callRoute(list.loader, getRequest('/complaints', { cookie: cookie.owner }))).data.filed,
    ).toMatchObject([{ id: row.id }])
    expect(
      (await callRoute(list.loader, getRequest('/complaints', { cookie: cookie.agency }))).data.about,
    ).toMatchObject([{ id: row.id }])
    expect(
      (await callRoute(list.loader, getRequest('/complaints', { cookie: cookie.regulator }))).data.open,
    ).toMatchObject([{ id: row.id, due: { step: 'accept' }, overdue: false }])
    expect((await callRoute(list.loader, getRequest('/complaints', { cookie: cookie.admin }))).status).toBe(403)
    const home = await callRoute(regulatorHome.loader, getRequest('/regulator', { cookie: cookie.regulator }))
    expect(home.data.complaints).toEqual({ open: 1, overdue: 0 })

    // The regulator's forms: another remit 404, a party 403, bad input 400, a wrong step 409.
    const steps = await written()
    expect((await recordPost('otherRegulator', row.id, { intent: 'accept', confirm: 'yes' })).status).toBe(404)
    expect((await recordPost('otherAgency', row.id, { intent: 'accept', confirm: 'yes' })).status).toBe(404)
    expect((await recordPost('agency', row.id, { intent: 'accept', confirm: 'yes' })).status).toBe(403)
    expect((await recordPost('owner', row.id, { intent: 'accept', confirm: 'yes' })).status).toBe(403)
    expect((await recordPost('regulator', row.id, { intent: 'accept' })).data.result.error.confirm).toEqual([
      'confirm.required',
    ])
    expect((await recordPost('regulator', row.id, { intent: 'nonsense' })).status).toBe(400)
    const early = await recordPost('regulator', row.id, { intent: 'dismiss', reasons: REASONS, confirm: 'yes' })
    expect(early.status).toBe(409)
    expect(early.data.formError.messageKey).toBe('complaints.refusals.notAccepted')
    expect(await written()).toEqual(steps)
    expect((await recordPost('regulator', row.id, { intent: 'accept', confirm: 'yes' })).status).toBe(302)

    // Upholding with a blacklisting: the listing's fields are checked like the blacklist's own form.
    const listing = {
      intent: 'uphold',
      reasons: REASONS,
      blacklist: 'on',
      listReason: '多次逾期且拒不整改，情节严重',
      legalBasis: '《中介服务管理办法》第二十条',
      scope: 'service_types',
      serviceTypeIds: [c.m.serviceTypeId],
      confirm: 'yes',
    }
    const noReasons = await recordPost('regulator', row.id, { ...listing, reasons: '' })
    expect(noReasons.status).toBe(400)
    expect(noReasons.data.result.error).toMatchObject({ reasons: ['complaints.validation.reasonsRequired'] })
    const missing = await recordPost('regulator', row.id, { ...listing, legalBasis: '' })
    expect(missing.status).toBe(400)
    expect(missing.data.result.error).toEqual({ legalBasis: ['blacklist.validation.legalBasisRequired'] })
    expect(missing.data.result.initialValue.listReason).toBe(listing.listReason)
    const past = await recordPost('regulator', row.id, { ...listing, endsOn: '2020-01-01' })
    expect(past.status).toBe(422)
    expect(past.data.result.error.endsOn).toEqual([expect.stringContaining('blacklist.validation.endsBeforeToday')])
    expect((await db.select().from(complaints).where(eq(complaints.id, row.id)))[0].status).toBe('accepted')
    const upheld = await recordPost('regulator', row.id, listing)
    expect(upheld.status).toBe(302)
    const after = (await recordGet('agency', row.id)).data
    expect(after.complaint).toMatchObject({ status: 'upheld', decisionReasons: REASONS })
    expect(after.complaint.blacklistEntryId).toEqual(expect.any(String))
    expect((await recordPost('owner', row.id, { intent: 'withdraw', confirm: 'yes' })).status).toBe(409)

    // The public: the upheld complaint on the profile and in the API, without the complainant or the text.
    const profile = await callRoute(publicProfile.loader, getRequest(`/agencies/${c.m.agencies.a.organisationId}`), {
      id: c.m.agencies.a.organisationId,
    })
    expect(profile.data.complaints).toEqual([
      {
        id: row.id,
        subject: 'contract',
        needId: c.needId,
        needTitle: '环评报告编制',
        decidedOn: expect.any(String),
        reasons: REASONS,
      },
    ])
    const json = await callRoute(api.loader, getRequest(`/api/v1/agencies/${c.m.agencies.a.organisationId}`), {
      id: c.m.agencies.a.organisationId,
    })
    expect(json.status).toBe(200)
    expect(json.data.complaints).toMatchObject([{ id: row.id, reasons: REASONS }])
    expect(JSON.stringify(json.data.complaints)).not.toContain(TEXT)
    expect(JSON.stringify(json.data.complaints)).not.toContain(c.m.owner.organisationId)
  })

  it('the complainant withdraws from the record page; a need’s bidder files about its procedure', async () => {
    const db = await getDb()
    at(shanghaiNoon(c.awardedOn)) // the sessions were opened on the fixture's clock
    const needPath = `/complaints/new?need=${c.needId}`
    const form = await fileGet('otherAgency', needPath)
    expect(form.status, JSON.stringify(form.data)).toBe(200)
    expect(form.data.nameable.map((a: { id: string }) => a.id)).toEqual([c.m.agencies.a.organisationId])
    const outsider = await filePost(
      'otherAgency',
      { needId: c.needId, targetAgencyId: c.m.agencies.c.organisationId, text: TEXT, confirm: 'yes' },
      needPath,
    )
    expect(outsider.status).toBe(422)
    expect(outsider.data.result.error.targetAgencyId).toEqual(['complaints.validation.target'])
    const filed = await filePost('otherAgency', { needId: c.needId, text: TEXT, confirm: 'yes' }, needPath)
    expect(filed.status).toBe(302)
    const id = filed.headers.get('Location')!.split('/').pop()!
    expect((await recordGet('agency', id)).status).toBe(404) // names no agency: the winner is no party to it
    expect((await recordPost('regulator', id, { intent: 'withdraw', confirm: 'yes' })).status).toBe(403)
    expect((await recordPost('otherAgency', id, { intent: 'withdraw', confirm: 'yes' })).status).toBe(302)
    expect((await db.select().from(complaints).where(eq(complaints.id, id)))[0].status).toBe('withdrawn')
  })

  it('the pages render what each reader may do, in both languages', async () => {
    const db = await getDb()
    at(shanghaiNoon(c.awardedOn))
    const { complaintId } = await fileComplaint(db, c.ownerUser, {
      contractId: c.contractId,
      text: TEXT,
      confirm: 'yes',
    })
    await actOnComplaint(db, c.regulatorUser, complaintId, { kind: 'accept' })
    const form = await renderPage(filing, newPath(), {}, 'zh-CN', { cookie: cookie.owner })
    expect(form).toContain('提出投诉')
    expect(form).toContain('关于合同：环评报告编制')
    const asRegulator = await renderPage(record, `/complaints/${complaintId}`, { id: complaintId }, 'en', {
      cookie: cookie.regulator,
    })
    for (const text of [
      'Uphold the complaint',
      'Dismiss the complaint',
      'Also blacklist the agency complained about',
      TEXT,
    ])
      expect(asRegulator).toContain(text)
    expect(asRegulator).not.toContain('Withdraw the complaint')
    const asOwner = await renderPage(record, `/complaints/${complaintId}`, { id: complaintId }, 'zh-CN', {
      cookie: cookie.owner,
    })
    expect(asOwner).toContain('撤回投诉')
    expect(asOwner).not.toContain('认定投诉成立')
    const queue = await renderPage(list, '/complaints', {}, 'en', { cookie: cookie.regulator })
    expect(queue).toContain('Complaints to handle')
    expect(queue).toMatch(/Answer by \d{4}-\d{2}-\d{2}/)
    const profile = await renderPage(
      publicProfile,
      `/agencies/${c.m.agencies.a.organisationId}`,
      { id: c.m.agencies.a.organisationId },
      'en',
    )
    expect(profile).toContain('Upheld complaints')
    expect(profile).toContain(REASONS)
  })
})
