/**
 * Ratings by two raters (issue 14 item 1) through the contract page's action (`/contracts/:id`)
 * on both databases: a contract reached through the real path (awarded → signed → service
 * started by the system → report delivered → accepted → submitted for approval → decided), then
 * - the owner rates once within the window (bad input at its field with the typed values kept,
 *   before acceptance / after the window / a second time refused, wrong party 403, outsiders 404,
 *   nothing written on any refusal);
 * - the agency replies once, only to the owner's rating (a forged rating id is a 404);
 * - the supervising department rates once, only after the approval decision;
 * - the supervising regulator hides a text with a reason; the scores stay;
 * - the agency profile and `GET /api/v1/agencies/:id` show the summary and each rating, the
 *   hidden text left out;
 * - each rating adds one credit-ledger row in its transaction (`rating:<id>`, the points of
 *   `ratingCreditPoints`), a refusal or a hidden text adds none, the stored score stays the base
 *   plus the ledger, and `GET /api/v1/agencies/:id/credit` lists the rows.
 */
import { asc, count, eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyCredit, agencyRatings, auditEvents, contracts, creditEvents, needs, notifications } from '#db/schema'
import { creditBase, scoreOf } from '~/domain/credit/credit'
import { actOnContractAsSystem } from '~/domain/contracts/contract-actions.server'
import { contractPage } from '~/domain/contracts/contract-views.server'
import { resetClock } from '~/domain/now'
import type { SessionUser } from '~/utils/auth.server'
import { decodeMessage } from '~/utils/intent-reply'
import * as contractRoute from '~/routes/contracts+/$id'
import * as profileRoute from '~/routes/_public+/agencies.$id'
import * as apiRoute from '~/routes/api+/v1.agencies.$id'
import * as creditApi from '~/routes/api+/v1.agencies.$id.credit'
import * as creditPage from '~/routes/_public+/agencies.$id.credit'
import { awardedContract, type AwardedContract } from '#test/support/contract-fixtures'
import { at, shanghaiNoon } from '#test/support/needs-fixtures'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '#test/support/routes'
import { renderPage } from '#test/support/render-route'

const PDF_BODY = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'

let k: AwardedContract

const path = (id: string) => `/contracts/${id}`

async function post(user: SessionUser, contractId: string, fields: Record<string, string>) {
  const cookie = await sessionCookie(user.id)
  return callRoute(contractRoute.action, formRequest(path(contractId), fields, { cookie }), { id: contractId })
}

async function deliver(user: SessionUser, contractId: string) {
  const body = new FormData()
  body.append('intent', 'deliver')
  body.append('file', new File([new TextEncoder().encode(PDF_BODY)], 'report.pdf', { type: 'application/pdf' }))
  const cookie = await sessionCookie(user.id)
  const request = new Request(new URL(path(contractId), ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookie } })
  return callRoute(contractRoute.action, request, { id: contractId })
}

function fieldKeys(result: { data: any }, field: string): string[] {
  return ((result.data?.result?.error?.[field] ?? []) as string[]).map((e) => decodeMessage(e).messageKey)
}

/** The ratings of a contract, their credit-ledger rows, the rating notifications and the audit chain's length: what a refusal must leave untouched. */
async function written(contractId: string) {
  const db = await getDb()
  const rows = await db.select().from(agencyRatings).where(eq(agencyRatings.contractId, contractId))
  const ledger = await db.select().from(creditEvents).where(eq(creditEvents.contractId, contractId)).orderBy(creditEvents.id)
  const [audit] = await db.select({ n: count() }).from(auditEvents)
  const notes = await db
    .select({ userId: notifications.userId, messageKey: notifications.messageKey, params: notifications.params, link: notifications.link })
    .from(notifications)
    .where(like(notifications.messageKey, 'ratings.notify.%'))
    .orderBy(asc(notifications.messageKey), asc(notifications.userId))
  return { rows, ledger, audit: audit.n, notes }
}

async function needTitle(needId: string) {
  const db = await getDb()
  return (await db.select({ title: needs.title }).from(needs).where(eq(needs.id, needId)))[0].title
}

/** The agency's stored score and the base plus the sum of its ledger rows. */
async function scoreAndLedger(agencyId: string) {
  const db = await getDb()
  const [stored] = await db.select().from(agencyCredit).where(eq(agencyCredit.agencyOrganisationId, agencyId))
  const rows = await db.select({ points: creditEvents.points }).from(creditEvents).where(eq(creditEvents.agencyOrganisationId, agencyId))
  return { stored: stored?.score ?? creditBase, recomputed: scoreOf(creditBase, rows), count: stored?.eventCount ?? 0, rows: rows.length }
}

/** Signed, paid (set directly: no Stripe here), started on `startDay`, delivered and accepted on `acceptDay`. */
async function acceptedContract(options: { m?: AwardedContract['m']; start?: string; startDay: string; acceptDay: string }) {
  const db = await getDb()
  const c = await awardedContract(db, { m: options.m, signed: true, start: options.start })
  at(shanghaiNoon(options.startDay))
  await db.transaction(async (tx) => {
    await tx.update(contracts).set({ heldFen: c.contract.priceFen, collectStatus: 'paid' }).where(eq(contracts.id, c.contractId))
    if (!(await actOnContractAsSystem(tx, c.contractId, 'start_service'))) throw new Error('start_service refused')
  })
  at(shanghaiNoon(options.acceptDay))
  expect((await deliver(c.agencyUser, c.contractId)).status).toBe(302)
  expect((await post(c.ownerUser, c.contractId, { intent: 'accept' })).status).toBe(302)
  return c
}

const goodOwnerRating = { intent: 'rateOwner', quality: '5', timeliness: '4', attitude: '4', fee: '3', comment: '报告扎实，沟通顺畅。' }

beforeAll(async () => {
  // Bids Monday 2026-03-02, awarded and signed; the service starts Monday 2026-03-16 (D0).
  const db = await getDb()
  k = await awardedContract(db, { signed: true })
  at(shanghaiNoon('2026-03-16'))
  await db.transaction(async (tx) => {
    await tx.update(contracts).set({ heldFen: k.contract.priceFen, collectStatus: 'paid' }).where(eq(contracts.id, k.contractId))
    if (!(await actOnContractAsSystem(tx, k.contractId, 'start_service'))) throw new Error('start_service refused')
  })
}, 60_000)

afterAll(() => resetClock())

describe('the owner rates', () => {
  it('not before acceptance: refused, nothing written, no form offered', async () => {
    at(shanghaiNoon('2026-03-18'))
    const before = await written(k.contractId)
    const early = await post(k.ownerUser, k.contractId, goodOwnerRating)
    expect(early.status).toBe(409)
    expect(await written(k.contractId)).toEqual(before)
    const page = await contractPage(await getDb(), k.ownerUser, k.contractId)
    expect(page.ratings.offered).toEqual([])
  })

  it('after acceptance the window is 15 working days (Qingming skipped) and the form is offered to the owner only', async () => {
    at(shanghaiNoon('2026-03-20'))
    expect((await deliver(k.agencyUser, k.contractId)).status).toBe(302)
    at(shanghaiNoon('2026-03-23'))
    expect((await post(k.ownerUser, k.contractId, { intent: 'accept' })).status).toBe(302)
    const db = await getDb()
    const owner = await contractPage(db, k.ownerUser, k.contractId)
    // Accepted Monday 23 March; 4/4–4/6 are off: the 15th working day after is Tuesday 14 April.
    expect(owner.ratings.ownerDueOn).toBe('2026-04-14')
    expect(owner.ratings.offered).toEqual(['rate_owner'])
    expect((await contractPage(db, k.agencyUser, k.contractId)).ratings.offered).toEqual([])
    expect((await contractPage(db, k.regulatorUser, k.contractId)).ratings.offered).toEqual([])
    const contract = (lng: 'zh-CN' | 'en', user: SessionUser) =>
      sessionCookie(user.id).then((cookie) => renderPage(contractRoute, path(k.contractId), { id: k.contractId }, lng, { cookie }))
    const zh = await contract('zh-CN', k.ownerUser)
    expect(zh).toContain('业主评价截止日：2026-04-14')
    expect(zh).toContain('评价本次服务')
    expect(zh).toContain('收费合理性')
    const en = await contract('en', k.ownerUser)
    expect(en).toContain('The owner rates by: 2026-04-14')
    expect(en).toContain('Rate this service')
    expect(await contract('en', k.agencyUser)).not.toContain('Rate this service')
  })

  it('bad scores are refused at their fields, typed values kept, nothing written', async () => {
    const before = await written(k.contractId)
    const bad = await post(k.ownerUser, k.contractId, { intent: 'rateOwner', quality: '7', timeliness: '', attitude: '4', fee: '0', comment: '还行' })
    expect(bad.status).toBe(400)
    expect(fieldKeys(bad, 'quality')).toEqual(['ratings.errors.scoreRange'])
    expect(fieldKeys(bad, 'timeliness')).toEqual(['ratings.errors.scoreRequired'])
    expect(fieldKeys(bad, 'fee')).toEqual(['ratings.errors.scoreRange'])
    expect(fieldKeys(bad, 'attitude')).toEqual([])
    expect((bad.data as any).result.initialValue).toMatchObject({ quality: '7', attitude: '4', comment: '还行' })
    expect(await written(k.contractId)).toEqual(before)
  })

  it('the wrong party gets 403, outsiders 404, a forged contract id 404; nothing written', async () => {
    const before = await written(k.contractId)
    expect((await post(k.agencyUser, k.contractId, goodOwnerRating)).status).toBe(403)
    expect((await post(k.regulatorUser, k.contractId, goodOwnerRating)).status).toBe(403)
    expect((await post(k.otherOwnerUser, k.contractId, goodOwnerRating)).status).toBe(404)
    expect((await post(k.otherAgencyUser, k.contractId, goodOwnerRating)).status).toBe(404)
    expect((await post(k.m.otherRegulator.user, k.contractId, goodOwnerRating)).status).toBe(404)
    const forged = '00000000-0000-4000-8000-000000000000'
    expect((await post(k.ownerUser, forged, goodOwnerRating)).status).toBe(404)
    expect(await written(k.contractId)).toEqual(before)
  })

  it('rates once: the row with its scores and an audit event; a second rating is refused', async () => {
    at(shanghaiNoon('2026-04-14'))
    const before = await written(k.contractId)
    const rated = await post(k.ownerUser, k.contractId, goodOwnerRating)
    expect(rated.status).toBe(302)
    const after = await written(k.contractId)
    expect(after.rows).toHaveLength(1)
    expect(after.rows[0]).toMatchObject({
      raterKind: 'owner',
      raterUserId: k.ownerUser.id,
      raterOrganisationId: k.ownerUser.organisationId,
      agencyOrganisationId: k.m.agencies.a.organisationId,
      quality: 5,
      timeliness: 4,
      attitude: 4,
      fee: 3,
      reportQuality: null,
      comment: '报告扎实，沟通顺畅。',
    })
    expect(after.audit).toBe(before.audit + 1)
    // The agency is told, linked to the contract.
    expect(after.notes.filter((n) => n.messageKey === 'ratings.notify.ownerRated')).toEqual([
      {
        userId: k.agencyUser.id,
        messageKey: 'ratings.notify.ownerRated',
        params: { title: await needTitle(k.needId) },
        link: `/contracts/${k.contractId}`,
      },
    ])
    // One ledger row: the average 4.00 maps to (3·16 − 11·4) / 8 = 0.5 → +1.
    expect(before.ledger).toEqual([])
    expect(after.ledger).toHaveLength(1)
    expect(after.ledger[0]).toMatchObject({
      agencyOrganisationId: k.m.agencies.a.organisationId,
      kind: 'owner_rating',
      source: 'rating',
      points: 1,
      reason: '4.00 / 5',
      actorUserId: k.ownerUser.id,
      contractId: k.contractId,
      needId: k.needId,
      factKey: `rating:${after.rows[0].id}`,
      onDate: '2026-04-14',
    })
    const score = await scoreAndLedger(k.m.agencies.a.organisationId)
    expect(score.stored).toBe(score.recomputed)
    expect(score.count).toBe(score.rows)
    const again = await post(k.ownerUser, k.contractId, { ...goodOwnerRating, quality: '1' })
    expect(again.status).toBe(409)
    expect(await written(k.contractId)).toEqual(after)
    expect((await contractPage(await getDb(), k.ownerUser, k.contractId)).ratings.offered).toEqual([])
  })
})

describe('the agency replies', () => {
  it('only the agency, only to a rating of this contract; once', async () => {
    const db = await getDb()
    const [rating] = (await written(k.contractId)).rows
    const reply = { intent: 'ratingReply', ratingId: rating.id, reply: '感谢评价，我们将继续改进收费说明。' }
    const before = await written(k.contractId)
    expect((await post(k.ownerUser, k.contractId, reply)).status).toBe(403)
    expect((await post(k.regulatorUser, k.contractId, reply)).status).toBe(403)
    expect((await post(k.otherAgencyUser, k.contractId, reply)).status).toBe(404)
    const forged = await post(k.agencyUser, k.contractId, { ...reply, ratingId: '00000000-0000-4000-8000-000000000000' })
    expect(forged.status).toBe(404)
    const empty = await post(k.agencyUser, k.contractId, { ...reply, reply: '   ' })
    expect(empty.status).toBe(400)
    expect(fieldKeys(empty, 'reply')).toEqual(['validation.required'])
    expect(await written(k.contractId)).toEqual(before)
    expect((await contractPage(db, k.agencyUser, k.contractId)).ratings.replyable).toEqual([rating.id])
    const agencyPage = await renderPage(contractRoute, path(k.contractId), { id: k.contractId }, 'en', {
      cookie: await sessionCookie(k.agencyUser.id),
    })
    expect(agencyPage).toContain('Reply to the owner’s rating (once only)')
    expect(agencyPage).toContain('报告扎实，沟通顺畅。')

    expect((await post(k.agencyUser, k.contractId, reply)).status).toBe(302)
    const after = await written(k.contractId)
    expect(after.rows[0]).toMatchObject({ replyText: '感谢评价，我们将继续改进收费说明。', replyBy: k.agencyUser.id })
    expect(after.audit).toBe(before.audit + 1)
    // The owner is told of the reply.
    expect(after.notes.filter((n) => n.messageKey === 'ratings.notify.replied')).toEqual([
      {
        userId: k.ownerUser.id,
        messageKey: 'ratings.notify.replied',
        params: { title: await needTitle(k.needId) },
        link: `/contracts/${k.contractId}`,
      },
    ])
    const second = await post(k.agencyUser, k.contractId, { ...reply, reply: '再补充一句' })
    expect(second.status).toBe(409)
    expect(await written(k.contractId)).toEqual(after)
    expect((await contractPage(db, k.agencyUser, k.contractId)).ratings.replyable).toEqual([])
  })
})

describe('the supervising department rates', () => {
  const deptRating = { intent: 'rateDepartment', reportQuality: '4', reportTimeliness: '3', comment: '' }

  it('not before the approval decision is recorded', async () => {
    at(shanghaiNoon('2026-04-15'))
    const before = await written(k.contractId)
    expect((await post(k.regulatorUser, k.contractId, deptRating)).status).toBe(409)
    expect((await post(k.ownerUser, k.contractId, { intent: 'submitApproval', date: '2026-04-15' })).status).toBe(302)
    expect((await post(k.regulatorUser, k.contractId, deptRating)).status).toBe(409)
    const after = await written(k.contractId)
    expect(after.rows).toEqual(before.rows)
  })

  it('after the decision: only the supervising regulator, once; the agency cannot reply to it', async () => {
    at(shanghaiNoon('2026-04-20'))
    const decided = await post(k.ownerUser, k.contractId, {
      intent: 'recordApprovalDecision',
      date: '2026-04-20',
      outcome: 'approved',
      documentNo: '宁环审〔2026〕31号',
    })
    expect(decided.status).toBe(302)
    const db = await getDb()
    expect((await contractPage(db, k.regulatorUser, k.contractId)).ratings.offered).toEqual(['rate_department'])
    const before = await written(k.contractId)
    expect((await post(k.ownerUser, k.contractId, deptRating)).status).toBe(403)
    expect((await post(k.agencyUser, k.contractId, deptRating)).status).toBe(403)
    expect((await post(k.m.otherRegulator.user, k.contractId, deptRating)).status).toBe(404)
    const bad = await post(k.regulatorUser, k.contractId, { ...deptRating, reportQuality: 'five' })
    expect(bad.status).toBe(400)
    expect(fieldKeys(bad, 'reportQuality')).toEqual(['ratings.errors.scoreRange'])
    expect(await written(k.contractId)).toEqual(before)

    expect((await post(k.regulatorUser, k.contractId, deptRating)).status).toBe(302)
    const after = await written(k.contractId)
    const dept = after.rows.find((r) => r.raterKind === 'department')
    expect(dept).toMatchObject({
      reportQuality: 4,
      reportTimeliness: 3,
      quality: null,
      raterUserId: k.regulatorUser.id,
      raterOrganisationId: k.regulatorUser.organisationId,
    })
    expect(after.notes.filter((n) => n.messageKey === 'ratings.notify.departmentRated')).toEqual([
      {
        userId: k.agencyUser.id,
        messageKey: 'ratings.notify.departmentRated',
        params: { title: await needTitle(k.needId) },
        link: `/contracts/${k.contractId}`,
      },
    ])
    // One more ledger row: the average 3.50 maps to 3/5 of (3·7 − 11·2) / 4 = −0.15 → 0.
    expect(after.ledger).toHaveLength(before.ledger.length + 1)
    expect(after.ledger.at(-1)).toMatchObject({
      kind: 'department_rating',
      source: 'rating',
      points: 0,
      reason: '3.50 / 5',
      actorUserId: k.regulatorUser.id,
      contractId: k.contractId,
      needId: k.needId,
      factKey: `rating:${dept!.id}`,
      onDate: '2026-04-20',
    })
    const score = await scoreAndLedger(k.m.agencies.a.organisationId)
    expect(score.stored).toBe(score.recomputed)
    expect((await post(k.regulatorUser, k.contractId, deptRating)).status).toBe(409)
    const replyToDept = await post(k.agencyUser, k.contractId, { intent: 'ratingReply', ratingId: dept!.id, reply: '收到' })
    expect(replyToDept.status).toBe(409)
    expect(await written(k.contractId)).toEqual(after)
  })
})

describe('the regulator hides abusive text', () => {
  it('with a reason, once; the scores stay; the text leaves every screen and the API', async () => {
    const db = await getDb()
    const [ownerRating] = (await written(k.contractId)).rows.filter((r) => r.raterKind === 'owner')
    const hide = { intent: 'ratingHide', ratingId: ownerRating.id, reason: '评价及回复含有与服务无关的不当言论。' }
    const before = await written(k.contractId)
    expect((await post(k.ownerUser, k.contractId, hide)).status).toBe(403)
    expect((await post(k.agencyUser, k.contractId, hide)).status).toBe(403)
    expect((await post(k.m.otherRegulator.user, k.contractId, hide)).status).toBe(404)
    const short = await post(k.regulatorUser, k.contractId, { ...hide, reason: '不当' })
    expect(short.status).toBe(400)
    expect(fieldKeys(short, 'reason')).toEqual(['confirm.reasonTooShort'])
    expect(await written(k.contractId)).toEqual(before)

    const regulatorPage = await renderPage(contractRoute, path(k.contractId), { id: k.contractId }, 'zh-CN', {
      cookie: await sessionCookie(k.regulatorUser.id),
    })
    expect(regulatorPage).toContain('隐藏该评价的文字：理由（将公开）')
    expect((await post(k.regulatorUser, k.contractId, hide)).status).toBe(302)
    const after = await written(k.contractId)
    const row = after.rows.find((r) => r.id === ownerRating.id)
    expect(row).toMatchObject({ quality: 5, timeliness: 4, attitude: 4, fee: 3, hiddenBy: k.regulatorUser.id, hiddenReason: hide.reason })
    expect(after.audit).toBe(before.audit + 1)
    // Hiding the text leaves the ledger as it is.
    expect(after.ledger).toEqual(before.ledger)
    expect((await post(k.regulatorUser, k.contractId, hide)).status).toBe(409)
    expect(await written(k.contractId)).toEqual(after)

    const page = await contractPage(db, k.ownerUser, k.contractId)
    const shown = page.ratings.ratings.find((r) => r.id === ownerRating.id)
    expect(shown).toMatchObject({ comment: null, reply: { text: null }, hidden: { reason: hide.reason }, quality: 5 })
    expect(JSON.stringify(page.ratings)).not.toContain('报告扎实')
    expect(JSON.stringify(page.ratings)).not.toContain('改进收费说明')
  })
})

describe('the agency profile and the API', () => {
  it('show the count, averages per dimension, the distribution and each rating with its need; hidden text left out', async () => {
    const agencyId = k.m.agencies.a.organisationId
    const page = await callRoute(profileRoute.loader, getRequest(`/agencies/${agencyId}`), { id: agencyId })
    const api = await callRoute(apiRoute.loader, getRequest(`/api/v1/agencies/${agencyId}`), { id: agencyId })
    expect(page.status).toBe(200)
    expect(api.status).toBe(200)
    for (const ratings of [(page.data as any).ratings, (api.data as any).ratings]) {
      expect(ratings.summary).toEqual({
        count: 2,
        ownerCount: 1,
        departmentCount: 1,
        averages: { quality: 500, timeliness: 400, attitude: 400, fee: 300, reportQuality: 400, reportTimeliness: 300 },
        // The owner's average 4.00 → 4.
        distribution: [0, 0, 0, 1, 0],
      })
      expect(ratings.ratings).toHaveLength(2)
      const owner = ratings.ratings.find((r: any) => r.raterKind === 'owner')
      expect(owner).toMatchObject({
        contractId: k.contractId,
        needId: k.needId,
        quality: 5,
        averageHundredths: 400,
        comment: null,
        reply: { text: null },
        hidden: { reason: '评价及回复含有与服务无关的不当言论。' },
      })
      const dept = ratings.ratings.find((r: any) => r.raterKind === 'department')
      expect(dept).toMatchObject({ reportQuality: 4, reportTimeliness: 3, averageHundredths: 350, hidden: null, comment: '' })
      expect(JSON.stringify(ratings)).not.toContain('报告扎实')
      expect(JSON.stringify(ratings)).not.toContain('改进收费说明')
    }
    const zh = await renderPage(profileRoute, `/agencies/${agencyId}`, { id: agencyId }, 'zh-CN')
    expect(zh).toContain('共 2 条评价（业主 1 条，监管部门 1 条）')
    expect(zh).toContain('该评价的文字已被监管部门隐藏')
    expect(zh).toContain('报告质量')
    expect(zh).not.toContain('暂无评价')
    const en = await renderPage(profileRoute, `/agencies/${agencyId}`, { id: agencyId }, 'en')
    expect(en).toContain('2 ratings (1 by owners, 1 by departments)')
    expect(en).toContain('The text of this rating was hidden by the supervising regulator')
    expect(en).toContain('Report timeliness 3.00')
    expect(en).not.toContain('报告扎实')
    const needTitle = (page.data as any).ratings.ratings[0].needTitle
    expect(typeof needTitle).toBe('string')
    expect(needTitle.length).toBeGreaterThan(0)
  })

  it('the public credit API lists the ratings’ ledger rows; the score is the base plus the ledger', async () => {
    const agencyId = k.m.agencies.a.organisationId
    const r = await callRoute(creditApi.loader, getRequest(`/api/v1/agencies/${agencyId}/credit`), { id: agencyId })
    expect(r.status).toBe(200)
    const body = r.data as {
      base: number
      score: number
      events: { kind: string; source: string; points: number; reason: string | null; contract: { id: string } | null }[]
    }
    const ratingEvents = body.events.filter((e) => e.source === 'rating')
    expect(ratingEvents).toEqual([
      expect.objectContaining({ kind: 'owner_rating', points: 1, reason: '4.00 / 5', contract: expect.objectContaining({ id: k.contractId }) }),
      expect.objectContaining({ kind: 'department_rating', points: 0, reason: '3.50 / 5', contract: expect.objectContaining({ id: k.contractId }) }),
    ])
    expect(body.score).toBe(scoreOf(body.base, body.events))
    expect(body.score).toBe((await scoreAndLedger(agencyId)).stored)
    const en = await renderPage(creditPage, `/agencies/${agencyId}/credit`, { id: agencyId }, 'en')
    expect(en).toContain('Owner’s rating')
    expect(en).toContain('Department’s rating')
    const zh = await renderPage(creditPage, `/agencies/${agencyId}/credit`, { id: agencyId }, 'zh-CN')
    expect(zh).toContain('业主评价')
    expect(zh).toContain('监管部门评价')
  })

  it('an agency never rated has an empty summary', async () => {
    const agencyId = k.m.agencies.b.organisationId
    const api = await callRoute(apiRoute.loader, getRequest(`/api/v1/agencies/${agencyId}`), { id: agencyId })
    expect((api.data as any).ratings).toMatchObject({ summary: { count: 0, distribution: [0, 0, 0, 0, 0] }, ratings: [] })
  })
})

describe('the window closes', () => {
  it('the day after the 15th working day the owner may no longer rate', async () => {
    // A second contract: bids Monday 2026-03-09, service from 2026-03-23, accepted Friday 2026-03-27 → last day Monday 20 April.
    const c = await acceptedContract({ m: k.m, start: '2026-03-09', startDay: '2026-03-23', acceptDay: '2026-03-27' })
    const db = await getDb()
    expect((await contractPage(db, c.ownerUser, c.contractId)).ratings.ownerDueOn).toBe('2026-04-20')
    at(shanghaiNoon('2026-04-21'))
    const before = await written(c.contractId)
    const late = await post(c.ownerUser, c.contractId, goodOwnerRating)
    expect(late.status).toBe(409)
    expect(await written(c.contractId)).toEqual(before)
    expect((await contractPage(db, c.ownerUser, c.contractId)).ratings.offered).toEqual([])
  }, 60_000)
})

describe('once, under concurrency', () => {
  it('two owner ratings at the same moment: one is written, the other refused', async () => {
    const c = await acceptedContract({ m: k.m, start: '2026-03-09', startDay: '2026-03-23', acceptDay: '2026-03-27' })
    at(shanghaiNoon('2026-03-30'))
    const results = await Promise.all([
      post(c.ownerUser, c.contractId, goodOwnerRating),
      post(c.ownerUser, c.contractId, { ...goodOwnerRating, quality: '1' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([302, 409])
    const { rows, ledger } = await written(c.contractId)
    expect(rows).toHaveLength(1)
    // Exactly one ledger row, with the points of the rating that was written (5,4,4,3 → +1; 1,4,4,3 → −1).
    expect(ledger).toHaveLength(1)
    expect(ledger[0]).toMatchObject({ kind: 'owner_rating', factKey: `rating:${rows[0].id}`, points: rows[0].quality === 5 ? 1 : -1 })
    const score = await scoreAndLedger(c.m.agencies.a.organisationId)
    expect(score.stored).toBe(score.recomputed)
  }, 60_000)
})
