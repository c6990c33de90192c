/**
 * The credit actions on the real database (PGlite and PostgreSQL), through the routes as the
 * server runs them: the admin's list of negative behaviours (seeded by the migration; validation,
 * audit, 403 for anyone else), a violation recorded by a regulator (points from the behaviour,
 * the score moves, the listing offered), a commendation within its bounds, and credit repair —
 * only the agency's own event, not too early, one pending, a grant adds one compensating event
 * that restores the score exactly (also when two grants race), a refusal writes nothing to the
 * ledger, forged ids are 404 — and nothing is written on any refusal.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyCredit,
  auditEvents,
  blacklistEntries,
  commendations,
  creditEvents,
  negativeBehaviours,
  notifications,
  recordedViolations,
  repairApplications,
  repairEvidence,
  storedFiles,
} from '#db/schema'
import { listAgency } from '~/domain/blacklist/blacklist.server'
import { creditBase, scoreOf } from '~/domain/credit/credit'
import { decideRepairApplication, repairQueue } from '~/domain/credit/repairs.server'
import { resetClock } from '~/domain/now'
import * as adminBehaviour from '~/routes/admin+/negative-behaviours.$id'
import * as adminBehaviours from '~/routes/admin+/negative-behaviours._index'
import * as agencyApplication from '~/routes/agency+/credit.applications.$id'
import * as agencyCreditPage from '~/routes/agency+/credit._index'
import * as agencyRepair from '~/routes/agency+/credit.repair.$eventId'
import * as publicCredit from '~/routes/_public+/agencies.$id.credit'
import * as fileRoute from '~/routes/files.$id'
import * as regulatorAgency from '~/routes/regulator+/agencies.$id'
import * as regulatorAgencies from '~/routes/regulator+/agencies._index'
import * as regulatorBlacklist from '~/routes/regulator+/blacklist._index'
import * as regulatorRepair from '~/routes/regulator+/repairs.$id'
import * as regulatorRepairs from '~/routes/regulator+/repairs._index'
import { decodeMessage } from '~/utils/intent-reply'
import { awardedContract } from '../support/contract-fixtures'
import { at, bidOn, insertOpenNeed, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { renderPage } from '../support/render-route'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '../support/routes'

type K = 'a' | 'b' | 'c'
let m: Marketplace<K>
let cookie: Record<K | 'owner' | 'regulator' | 'otherRegulator' | 'admin', string>
let needId: string
let contractId: string
/** A need still taking bids, on which agency b bid: sealed, so never offered as a violation's reference. */
let sealedNeedId: string

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

beforeAll(async () => {
  const db = await getDb()
  // Agency a won the need (lowest price) and holds its contract; b and c lost.
  const k = await awardedContract(db)
  m = k.m
  needId = k.needId
  contractId = k.contractId
  at(shanghaiNoon('2026-03-16'))
  const open = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-27' })
  sealedNeedId = open.id
  await bidOn(db, m, open.id, { b: 900_000 })
  resetClock()
  // Sessions start now (the fixtures leave the clock in March 2026).
  cookie = {
    a: await sessionCookie(m.agencies.a.user.id),
    b: await sessionCookie(m.agencies.b.user.id),
    c: await sessionCookie(m.agencies.c.user.id),
    owner: await sessionCookie(m.owner.user.id),
    regulator: await sessionCookie(m.regulator.user.id),
    otherRegulator: await sessionCookie(m.otherRegulator.user.id),
    admin: await sessionCookie(m.admin.user.id),
  }
})
afterEach(() => resetClock())

async function written() {
  const db = await getDb()
  const n = async (t: typeof creditEvents | typeof recordedViolations | typeof commendations | typeof repairApplications | typeof auditEvents | typeof negativeBehaviours | typeof storedFiles) =>
    (await db.select({ n: count() }).from(t))[0].n
  return {
    events: await n(creditEvents),
    violations: await n(recordedViolations),
    commendations: await n(commendations),
    repairs: await n(repairApplications),
    audits: await n(auditEvents),
    behaviours: await n(negativeBehaviours),
    files: await n(storedFiles),
  }
}

async function behaviourByCode(code: string) {
  const db = await getDb()
  const [row] = await db.select().from(negativeBehaviours).where(eq(negativeBehaviours.code, code))
  return row
}

async function scoreOfAgency(agencyId: string) {
  const db = await getDb()
  const [row] = await db.select().from(agencyCredit).where(eq(agencyCredit.agencyOrganisationId, agencyId))
  const events = await db.select().from(creditEvents).where(eq(creditEvents.agencyOrganisationId, agencyId))
  // The stored score is always the base plus the ledger.
  expect(row?.score ?? creditBase).toBe(scoreOf(creditBase, events))
  return row?.score ?? creditBase
}

const behaviourPost = (id: string, fields: Record<string, string>, c: string) =>
  callRoute(adminBehaviour.action, formRequest(`/admin/negative-behaviours/${id}`, fields, { cookie: c }), { id })
const agencyPost = (agencyId: string, fields: Record<string, string>, c: string) =>
  callRoute(regulatorAgency.action, formRequest(`/regulator/agencies/${agencyId}`, fields, { cookie: c }), {
    id: agencyId,
  })
const decidePost = (id: string, fields: Record<string, string>, c: string) =>
  callRoute(regulatorRepair.action, formRequest(`/regulator/repairs/${id}`, fields, { cookie: c }), { id })

function applyRequest(eventId: string, fields: Record<string, string>, c: string, file: File | null) {
  const body = new FormData()
  for (const [k, v] of Object.entries(fields)) body.append(k, v)
  if (file) body.append('file', file)
  return callRoute(
    agencyRepair.action,
    new Request(new URL(`/agency/credit/repair/${eventId}`, ORIGIN), {
      method: 'POST',
      body,
      headers: { Origin: ORIGIN, Cookie: c },
    }),
    { eventId },
  )
}
const evidence = () => new File([PDF], '整改报告.pdf', { type: 'application/pdf' })

describe('the list of negative behaviours (admin)', () => {
  it('is seeded by the migration; only the admin reads and edits it; bad input 400 with the typed values, nothing written', async () => {
    const list = await callRoute(adminBehaviours.loader, getRequest('/admin/negative-behaviours', { cookie: cookie.admin }))
    expect(list.status).toBe(200)
    const codes = list.data.behaviours.map((b: { code: string }) => b.code)
    expect(codes).toEqual(expect.arrayContaining(['NB-FALSE-REPORT', 'NB-SUBCONTRACT', 'NB-REFUSE-SIGN', 'NB-SECRETS']))
    expect(list.data.behaviours.find((b: { code: string }) => b.code === 'NB-FALSE-REPORT')).toMatchObject({
      points: -30,
      proposesBlacklisting: true,
      active: true,
    })
    for (const c of [cookie.regulator, cookie.a, cookie.owner]) {
      expect((await callRoute(adminBehaviours.loader, getRequest('/admin/negative-behaviours', { cookie: c }))).status).toBe(403)
    }

    const valid = { code: 'nb-late-docs', nameZh: '迟交整改材料', nameEn: 'Late correction documents', points: '-4', active: 'on' }
    const before = await written()
    for (const c of [cookie.regulator, cookie.a, cookie.owner]) expect((await behaviourPost('new', valid, c)).status).toBe(403)
    const bad = await behaviourPost('new', { ...valid, points: '-60', nameZh: ' ' }, cookie.admin)
    expect(bad.status).toBe(400)
    expect(bad.data.result.error).toMatchObject({
      points: ['creditActions.validation.behaviourPoints'],
      nameZh: ['validation.required'],
    })
    expect(bad.data.result.initialValue).toMatchObject({ code: 'nb-late-docs', points: '-60' })
    expect((await behaviourPost('new', { ...valid, points: '0' }, cookie.admin)).status).toBe(400)
    const taken = await behaviourPost('new', { ...valid, code: 'NB-FALSE-REPORT' }, cookie.admin)
    expect(taken.status).toBe(422)
    expect(taken.data.result.error.code).toEqual(['validation.codeTaken'])
    expect(await written()).toEqual(before)

    const created = await behaviourPost('new', valid, cookie.admin)
    expect(created.status).toBe(302)
    const row = await behaviourByCode('NB-LATE-DOCS')
    expect(row).toMatchObject({ points: -4, proposesBlacklisting: false, active: true })
    // Deactivated, never deleted.
    const { active: _active, ...deactivated } = valid
    const edited = await behaviourPost(row.id, { ...deactivated, points: '-6' }, cookie.admin)
    expect(edited.status).toBe(302)
    expect(await behaviourByCode('NB-LATE-DOCS')).toMatchObject({ points: -6, active: false })
    const db = await getDb()
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.entityId, row.id))
    expect(audits.map((a) => a.action)).toEqual(['credit.behaviour.created', 'credit.behaviour.updated'])
    expect(
      (await callRoute(adminBehaviour.loader, getRequest('/admin/negative-behaviours/nope', { cookie: cookie.admin }), { id: 'nope' }))
        .status,
    ).toBe(404)
    expect((await behaviourPost('00000000-0000-4000-8000-000000000000', valid, cookie.admin)).status).toBe(404)
    const listEn = await renderPage(adminBehaviours, '/admin/negative-behaviours', {}, 'en', { cookie: cookie.admin })
    expect(listEn).toContain('Subcontracting the whole service, or subcontracting against the rules')
    const formZh = await renderPage(adminBehaviour, `/admin/negative-behaviours/${row.id}`, { id: row.id }, 'zh-CN', {
      cookie: cookie.admin,
    })
    expect(formZh).toContain('建议列入黑名单')
  })
})

describe('violations and commendations (regulator)', () => {
  it('only the supervising regulator records a violation; the points are the behaviour’s; the score moves; the listing is offered', async () => {
    at(shanghaiNoon('2026-03-10'))
    const db = await getDb()
    const agencyId = m.agencies.a.organisationId
    const falseReport = await behaviourByCode('NB-FALSE-REPORT')
    const inactive = await behaviourByCode('NB-LATE-DOCS')
    const valid = {
      intent: 'violation',
      behaviourId: falseReport.id,
      facts: '出具的环评报告中监测数据系伪造，经核查属实',
      onDate: '2026-03-09',
      needId,
      confirm: 'yes',
    }
    const before = await written()
    expect((await agencyPost(agencyId, valid, cookie.a)).status).toBe(403)
    expect((await agencyPost(agencyId, valid, cookie.owner)).status).toBe(403)
    expect((await agencyPost(agencyId, valid, cookie.admin)).status).toBe(403)
    expect((await agencyPost(agencyId, valid, cookie.otherRegulator)).status).toBe(404)
    expect((await agencyPost(m.owner.organisationId, valid, cookie.regulator)).status).toBe(404)
    expect((await agencyPost('not-a-uuid', valid, cookie.regulator)).status).toBe(404)
    const bad = await agencyPost(agencyId, { ...valid, behaviourId: '', facts: '太短', onDate: '2026-02-30', confirm: '' }, cookie.regulator)
    expect(bad.status).toBe(400)
    expect(bad.data.result.error).toMatchObject({
      behaviourId: ['validation.choose'],
      facts: ['confirm.reasonTooShort'],
      onDate: ['validation.date'],
      confirm: ['confirm.required'],
    })
    expect(bad.data.result.initialValue.facts).toBe('太短')
    const refusals: [Record<string, string>, string, string][] = [
      [{ behaviourId: inactive.id }, 'behaviourId', 'creditActions.validation.behaviourInactive'],
      [{ onDate: '2026-03-11' }, 'onDate', 'creditActions.validation.dateInFuture'],
      [{ needId: '00000000-0000-4000-8000-000000000000' }, 'needId', 'creditActions.validation.needOutOfRemit'],
    ]
    for (const [over, field, key] of refusals) {
      const r = await agencyPost(agencyId, { ...valid, ...over }, cookie.regulator)
      expect(r.status, key).toBe(422)
      expect(decodeMessage(r.data.result.error[field][0]).messageKey).toBe(key)
    }
    // Agency b lost the need, and its bid on the open need is sealed: neither is a reference for b's violation.
    const lost = await agencyPost(m.agencies.b.organisationId, valid, cookie.regulator)
    expect(lost.status).toBe(422)
    const sealed = await agencyPost(m.agencies.b.organisationId, { ...valid, needId: sealedNeedId }, cookie.regulator)
    expect(sealed.status).toBe(422)
    expect(decodeMessage(sealed.data.result.error.needId[0]).messageKey).toBe('creditActions.validation.needOutOfRemit')
    const bPage = await callRoute(
      regulatorAgency.loader,
      getRequest(`/regulator/agencies/${m.agencies.b.organisationId}`, { cookie: cookie.regulator }),
      { id: m.agencies.b.organisationId },
    )
    expect(bPage.data.needs).toEqual([])
    const aPage = await callRoute(regulatorAgency.loader, getRequest(`/regulator/agencies/${agencyId}`, { cookie: cookie.regulator }), {
      id: agencyId,
    })
    expect(aPage.data.needs.map((n: { id: string }) => n.id)).toEqual([needId])
    expect(await written()).toEqual(before)

    const recorded = await agencyPost(agencyId, valid, cookie.regulator)
    expect(recorded.status).toBe(302)
    const [violation] = await db.select().from(recordedViolations).where(eq(recordedViolations.agencyOrganisationId, agencyId))
    expect(recorded.headers.get('Location')).toBe(`/regulator/agencies/${agencyId}?violation=${violation.id}`)
    expect(violation).toMatchObject({ behaviourId: falseReport.id, points: -30, needId, contractId, onDate: '2026-03-09' })
    const [event] = await db.select().from(creditEvents).where(eq(creditEvents.factKey, `violation:${violation.id}`))
    expect(event).toMatchObject({
      agencyOrganisationId: agencyId,
      kind: 'violation_recorded',
      source: 'violation',
      points: -30,
      reason: valid.facts,
      onDate: '2026-03-09',
      needId,
      contractId,
      actorUserId: m.regulator.user.id,
    })
    expect(await scoreOfAgency(agencyId)).toBe(70)
    const notes = await db.select().from(notifications).where(eq(notifications.userId, m.agencies.a.user.id))
    expect(notes.map((n) => n.messageKey)).toContain('creditActions.notify.violationRecorded')

    // The confirmation offers the listing, prefilled on the blacklist page.
    const page = await callRoute(
      regulatorAgency.loader,
      getRequest(`/regulator/agencies/${agencyId}?violation=${violation.id}`, { cookie: cookie.regulator }),
      { id: agencyId },
    )
    expect(page.data.recorded.behaviour.proposesBlacklisting).toBe(true)
    const prefilled = await callRoute(
      regulatorBlacklist.loader,
      getRequest(`/regulator/blacklist?agencyId=${agencyId}&reason=${encodeURIComponent('出具虚假报告：数据伪造')}`, {
        cookie: cookie.regulator,
      }),
    )
    expect(prefilled.data.prefill).toEqual({ agencyId, reason: '出具虚假报告：数据伪造' })
    // Another regulator cannot open that confirmation (404).
    expect(
      (
        await callRoute(
          regulatorAgency.loader,
          getRequest(`/regulator/agencies/${agencyId}?violation=${violation.id}`, { cookie: cookie.otherRegulator }),
          { id: agencyId },
        )
      ).status,
    ).toBe(404)

    // Editing the list later never changes a recorded event.
    await behaviourPost(
      falseReport.id,
      { code: falseReport.code, nameZh: falseReport.nameZh, nameEn: falseReport.nameEn, points: '-40', proposesBlacklisting: 'on', active: 'on' },
      cookie.admin,
    )
    const [still] = await db.select().from(creditEvents).where(eq(creditEvents.id, event.id))
    expect(still.points).toBe(-30)
    expect(await scoreOfAgency(agencyId)).toBe(70)

    // The public ledger names the behaviour.
    const pub = await callRoute(publicCredit.loader, getRequest(`/agencies/${agencyId}/credit`), { id: agencyId })
    expect(pub.data.ledger.events.find((e: { id: number }) => e.id === event.id)).toMatchObject({
      kind: 'violation_recorded',
      behaviour: { code: 'NB-FALSE-REPORT' },
      repairedBy: null,
    })
    // The regulator's list shows the standing.
    const agencies = await callRoute(regulatorAgencies.loader, getRequest('/regulator/agencies', { cookie: cookie.regulator }))
    expect(agencies.data.agencies.find((x: { id: string }) => x.id === agencyId).standing).toMatchObject({ score: 70, tier: 'C' })
  })

  it('a commendation stays within +1…+10', async () => {
    at(shanghaiNoon('2026-03-10'))
    const db = await getDb()
    const agencyId = m.agencies.c.organisationId
    const valid = { intent: 'commendation', reason: '在专项检查中主动整改，服务质量突出', points: '10', confirm: 'yes' }
    const before = await written()
    for (const points of ['0', '11', '-2', '2.5', '']) {
      const r = await agencyPost(agencyId, { ...valid, points }, cookie.regulator)
      expect(r.status, points).toBe(400)
      expect(r.data.result.initialValue.reason).toBe(valid.reason)
    }
    expect((await agencyPost(agencyId, valid, cookie.c)).status).toBe(403)
    expect((await agencyPost(agencyId, valid, cookie.otherRegulator)).status).toBe(404)
    expect(await written()).toEqual(before)
    expect((await agencyPost(agencyId, valid, cookie.regulator)).status).toBe(302)
    const events = await db.select().from(creditEvents).where(eq(creditEvents.agencyOrganisationId, agencyId))
    expect(events).toMatchObject([{ kind: 'commendation', source: 'commendation', points: 10, reason: valid.reason }])
    expect(await scoreOfAgency(agencyId)).toBe(110)
  })
})

describe('credit repair', () => {
  async function violationEventOf(agencyId: string) {
    const db = await getDb()
    const [event] = await db
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.agencyOrganisationId, agencyId), eq(creditEvents.kind, 'violation_recorded')))
    return event
  }

  it('only the agency’s own event, not too early, one pending; a refusal leaves the ledger; a grant restores the score exactly, once under racing grants', async () => {
    const db = await getDb()
    const agencyId = m.agencies.a.organisationId
    const event = await violationEventOf(agencyId)
    const id = String(event.id)
    const fields = { text: '已撤回虚假报告，重新编制并经专家复核，完善了内部质量控制制度。', confirm: 'yes' }

    // Too early: 20 working days after 2026-03-09 is 2026-04-07 (Qingming, 2026-04-04–06, is off).
    at(shanghaiNoon('2026-04-03'))
    const early = await applyRequest(id, fields, cookie.a, evidence())
    expect(early.status).toBe(422)
    expect(early.data.formError).toEqual({ messageKey: 'creditActions.ineligible.tooEarly', params: { date: '2026-04-07' } })
    at(shanghaiNoon('2026-04-07'))
    const before = await written()
    // Another agency's event, forged ids, the wrong role.
    expect((await applyRequest(id, fields, cookie.b, evidence())).status).toBe(404)
    for (const forged of ['abc', '0', '99999999', '1e3', '-1']) expect((await applyRequest(forged, fields, cookie.a, evidence())).status).toBe(404)
    expect((await applyRequest(id, fields, cookie.regulator, evidence())).status).toBe(403)
    // Bad input.
    const blank = await applyRequest(id, { text: ' ', confirm: '' }, cookie.a, evidence())
    expect(blank.status).toBe(400)
    expect(blank.data.result.error).toMatchObject({ text: ['creditActions.validation.repairTextRequired'], confirm: ['confirm.required'] })
    const noFile = await applyRequest(id, fields, cookie.a, null)
    expect(noFile.status).toBe(422)
    expect(noFile.data.result.error.file).toEqual(['creditActions.validation.evidenceRequired'])
    const notPdf = await applyRequest(id, fields, cookie.a, new File(['MZ not a pdf'], 'x.pdf', { type: 'application/pdf' }))
    expect(notPdf.status).toBe(422)
    expect(decodeMessage(notPdf.data.result.error.file[0]).messageKey).toBe('agency.upload.type')
    expect(await written()).toEqual(before)

    // Filed.
    const filed = await applyRequest(id, fields, cookie.a, evidence())
    expect(filed.status).toBe(302)
    const [first] = await db.select().from(repairApplications).where(eq(repairApplications.creditEventId, event.id))
    expect(first).toMatchObject({ status: 'pending', agencyOrganisationId: agencyId, decideBy: '2026-04-21' })
    expect(filed.headers.get('Location')).toBe(`/agency/credit/applications/${first.id}`)
    const files = await db.select().from(repairEvidence).where(eq(repairEvidence.applicationId, first.id))
    expect(files).toHaveLength(1)
    // One pending at a time.
    const again = await applyRequest(id, fields, cookie.a, evidence())
    expect(again.status).toBe(422)
    expect(again.data.formError.messageKey).toBe('creditActions.ineligible.pending')

    // The regulator's queue and list; another remit sees nothing and may not decide.
    const queue = await repairQueue(db, m.regulator.user)
    expect(queue).toEqual([
      { kind: 'repair', id: first.id, subject: expect.any(String), dueActionKey: 'creditActions.queue.decide', dueOn: '2026-04-21', href: `/regulator/repairs/${first.id}` },
    ])
    expect(await repairQueue(db, m.otherRegulator.user)).toEqual([])
    const list = await callRoute(regulatorRepairs.loader, getRequest('/regulator/repairs', { cookie: cookie.regulator }))
    expect(list.data.applications.map((a: { id: string }) => a.id)).toEqual([first.id])
    const refuse = { decision: 'refuse', reasons: '整改证明材料不足，未见复核意见原件。', confirm: 'yes' }
    const beforeDecision = await written()
    expect((await decidePost(first.id, refuse, cookie.otherRegulator)).status).toBe(404)
    expect((await decidePost(first.id, refuse, cookie.a)).status).toBe(403)
    expect((await decidePost('00000000-0000-4000-8000-000000000000', refuse, cookie.regulator)).status).toBe(404)
    const badDecision = await decidePost(first.id, { decision: 'maybe', reasons: '', confirm: 'yes' }, cookie.regulator)
    expect(badDecision.status).toBe(400)
    expect(badDecision.data.result.error).toMatchObject({
      decision: ['creditActions.validation.decision'],
      reasons: ['creditActions.validation.reasonsRequired'],
    })
    expect(await written()).toEqual(beforeDecision)

    // Refused: nothing in the ledger; the agency may apply again.
    expect((await decidePost(first.id, refuse, cookie.regulator)).status).toBe(302)
    expect((await db.select().from(repairApplications).where(eq(repairApplications.id, first.id)))[0]).toMatchObject({
      status: 'refused',
      decisionReasons: refuse.reasons,
      decidedByUserId: m.regulator.user.id,
    })
    expect({ ...(await written()), audits: 0 }).toEqual({ ...beforeDecision, audits: 0 })
    expect(await scoreOfAgency(agencyId)).toBe(70)
    const twice = await decidePost(first.id, { ...refuse, decision: 'grant' }, cookie.regulator)
    expect(twice.status).toBe(409)
    expect(twice.data.formError.messageKey).toBe('creditActions.refusals.notPending')

    expect((await applyRequest(id, fields, cookie.a, evidence())).status).toBe(302)
    const [second] = await db
      .select()
      .from(repairApplications)
      .where(and(eq(repairApplications.creditEventId, event.id), eq(repairApplications.status, 'pending')))

    // Two grants at once: one compensating event.
    const grant = { decision: 'grant' as const, reasons: '整改到位，复核意见齐全，准予修复。', confirm: 'yes' as const }
    const results = await Promise.allSettled([
      decideRepairApplication(db, m.regulator.user, second.id, grant),
      decideRepairApplication(db, m.regulator.user, second.id, grant),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([409])
    const repairs = await db.select().from(creditEvents).where(eq(creditEvents.factKey, `repair:${second.id}`))
    expect(repairs).toHaveLength(1)
    expect(repairs[0]).toMatchObject({ kind: 'repair', source: 'repair', points: 30, reason: grant.reasons, onDate: '2026-04-07' })
    expect(await scoreOfAgency(agencyId)).toBe(100)
    // Nothing deleted: the violation is still on the ledger, marked repaired.
    const pub = await callRoute(publicCredit.loader, getRequest(`/agencies/${agencyId}/credit`), { id: agencyId })
    const shown = pub.data.ledger.events
    expect(shown.find((e: { id: number }) => e.id === event.id)).toMatchObject({
      points: -30,
      repairedBy: { id: repairs[0].id, onDate: '2026-04-07' },
    })
    expect(shown.find((e: { id: number }) => e.id === repairs[0].id)).toMatchObject({
      kind: 'repair',
      repairs: { id: event.id, kind: 'violation_recorded', onDate: '2026-03-09' },
    })
    expect(pub.data.ledger.score).toBe(100)
    // Repaired: no further application; nothing left in the queue.
    const after = await applyRequest(id, fields, cookie.a, evidence())
    expect(after.data.formError.messageKey).toBe('creditActions.ineligible.alreadyRepaired')
    expect(await repairQueue(db, m.regulator.user)).toEqual([])
    const own = await callRoute(agencyCreditPage.loader, getRequest('/agency/credit', { cookie: cookie.a }))
    expect(own.data.repair[event.id]).toEqual({ ok: false, reason: 'alreadyRepaired' })
    expect(own.data.applications.map((a: { status: string }) => a.status).sort()).toEqual(['granted', 'refused'])

    // The pages as read, in both languages.
    const publicZh = await renderPage(publicCredit, `/agencies/${agencyId}/credit`, { id: agencyId }, 'zh-CN')
    expect(publicZh).toContain('监管部门记录的违规行为')
    expect(publicZh).toContain('已于 2026-04-07 修复')
    expect(publicZh).toContain('修复 2026-03-09 的“监管部门记录的违规行为”')
    const publicEn = await renderPage(publicCredit, `/agencies/${agencyId}/credit`, { id: agencyId }, 'en')
    expect(publicEn).toContain('Repaired on 2026-04-07')
    expect(publicEn).toContain('Issuing a false or seriously inaccurate report')
    const agencyZh = await renderPage(agencyCreditPage, '/agency/credit', {}, 'zh-CN', { cookie: cookie.a })
    expect(agencyZh).toContain('准予修复')
    expect(agencyZh).toContain('该记录已修复。')
    const decided = await renderPage(regulatorRepair, `/regulator/repairs/${second.id}`, { id: second.id }, 'en', {
      cookie: cookie.regulator,
    })
    expect(decided).toContain('Granted')
    expect(decided).toContain(grant.reasons)
    const regulatorZh = await renderPage(regulatorAgency, `/regulator/agencies/${agencyId}`, { id: agencyId }, 'zh-CN', {
      cookie: cookie.regulator,
    })
    expect(regulatorZh).toContain('记录违规行为')
    expect(regulatorZh).toContain('记录表彰')
    const applyEn = await renderPage(agencyRepair, `/agency/credit/repair/${id}`, { eventId: id }, 'en', { cookie: cookie.a })
    expect(applyEn).toContain('This event has been repaired.')
  })

  it('the agency withdraws a pending application; a blacklisted agency may not apply', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-10'))
    const agencyId = m.agencies.b.organisationId
    const behaviour = await behaviourByCode('NB-FEE')
    expect(
      (
        await agencyPost(
          agencyId,
          { intent: 'violation', behaviourId: behaviour.id, facts: '服务过程中变相加收资料费', onDate: '2026-03-10', confirm: 'yes' },
          cookie.regulator,
        )
      ).status,
    ).toBe(302)
    const [event] = await db
      .select()
      .from(creditEvents)
      .where(and(eq(creditEvents.agencyOrganisationId, agencyId), eq(creditEvents.kind, 'violation_recorded')))
    expect(event.points).toBe(-10)
    at(shanghaiNoon('2026-05-06'))
    const fields = { text: '已全额退还多收费用并向业主致歉。', confirm: 'yes' }
    expect((await applyRequest(String(event.id), fields, cookie.b, evidence())).status).toBe(302)
    const [application] = await db.select().from(repairApplications).where(eq(repairApplications.creditEventId, event.id))
    const withdraw = (c: string, applicationId = application.id) =>
      callRoute(
        agencyApplication.action,
        formRequest(`/agency/credit/applications/${application.id}`, { intent: 'withdraw', applicationId, confirm: 'yes' }, { cookie: c }),
        { id: application.id },
      )
    // More evidence while pending, checked like the first.
    const more = (c: string, file: File) => {
      const body = new FormData()
      body.append('intent', 'evidence')
      body.append('file', file)
      return callRoute(
        agencyApplication.action,
        new Request(new URL(`/agency/credit/applications/${application.id}`, ORIGIN), {
          method: 'POST',
          body,
          headers: { Origin: ORIGIN, Cookie: c },
        }),
        { id: application.id },
      )
    }
    expect((await more(cookie.a, evidence())).status).toBe(404)
    const notPdf = await more(cookie.b, new File(['plain text'], 'note.pdf'))
    expect(notPdf.status).toBe(422)
    expect((await more(cookie.b, evidence())).status).toBe(302)
    expect(await db.select().from(repairEvidence).where(eq(repairEvidence.applicationId, application.id))).toHaveLength(2)
    const view = await callRoute(
      agencyApplication.loader,
      getRequest(`/agency/credit/applications/${application.id}`, { cookie: cookie.b }),
      { id: application.id },
    )
    expect(view.data.application.files).toHaveLength(2)
    // The evidence follows the application's rule: the agency that filed it, the regulator who
    // decides it, the admin office — nobody else (a 404, as for a missing file).
    const [{ fileId }] = await db.select().from(repairEvidence).where(eq(repairEvidence.applicationId, application.id))
    const download = (c: string) => callRoute(fileRoute.loader, getRequest(`/files/${fileId}`, { cookie: c }), { id: fileId })
    for (const c of [cookie.b, cookie.regulator, cookie.admin]) expect((await download(c)).status).toBe(200)
    for (const c of [cookie.a, cookie.c, cookie.owner, cookie.otherRegulator]) expect((await download(c)).status).toBe(404)
    expect((await withdraw(cookie.a)).status).toBe(404)
    expect((await withdraw(cookie.regulator)).status).toBe(403)
    expect((await withdraw(cookie.b, '00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await withdraw(cookie.b)).status).toBe(302)
    expect((await db.select().from(repairApplications).where(eq(repairApplications.id, application.id)))[0].status).toBe('withdrawn')
    expect((await withdraw(cookie.b)).status).toBe(409)

    // Listed: no application while the entry is in force.
    await listAgency(db, m.regulator.user, {
      agencyId,
      reason: '多次违规收费，情节严重',
      legalBasis: '《中介服务管理办法》第二十条',
      scope: 'all',
      serviceTypeIds: [],
      endsOn: undefined,
      permanent: false,
      confirm: 'yes',
    })
    const listed = await applyRequest(String(event.id), fields, cookie.b, evidence())
    expect(listed.status).toBe(422)
    expect(listed.data.formError.messageKey).toBe('creditActions.ineligible.blacklisted')
    const [entry] = await db.select().from(blacklistEntries).where(eq(blacklistEntries.agencyOrganisationId, agencyId))
    expect(entry.status).toBe('in_force')
  })
})
