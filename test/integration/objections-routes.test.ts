/**
 * The objection and justification screens on the real database (PGlite and PostgreSQL):
 * the agency need page (`intent=object`, `intent=justify`), the regulator's queue, one objection
 * and its ruling form, and the pending count on the regulator home. Wrong role is 403, another
 * remit or organisation 404, bad input 400 with field errors and the typed text, a refused rule
 * 409 with the reason — and nothing is written on any refusal.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, bids, needs, objections, selectionRounds } from '#db/schema'
import { resetClock } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import * as agencyNeed from '~/routes/agency+/needs.$id'
import * as regulatorHome from '~/routes/regulator+/index'
import * as objectionPage from '~/routes/regulator+/objections.$id'
import * as objectionQueue from '~/routes/regulator+/objections._index'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'

type K = 'a' | 'b' | 'c' | 'd' | 'outsider'
const keys: K[] = ['a', 'b', 'c', 'd']
let m: Marketplace<K>
let cookie: Record<K | 'owner' | 'regulator' | 'otherRegulator' | 'admin', string>

beforeAll(async () => {
  m = await setupMarketplace(await getDb(), { agencies: ['a', 'b', 'c', 'd', 'outsider'], tag: 'OR' })
  cookie = {
    a: await sessionCookie(m.agencies.a.user.id),
    b: await sessionCookie(m.agencies.b.user.id),
    c: await sessionCookie(m.agencies.c.user.id),
    d: await sessionCookie(m.agencies.d.user.id),
    outsider: await sessionCookie(m.agencies.outsider.user.id),
    owner: await sessionCookie(m.owner.user.id),
    regulator: await sessionCookie(m.regulator.user.id),
    otherRegulator: await sessionCookie(m.otherRegulator.user.id),
    admin: await sessionCookie(m.admin.user.id),
  }
})
afterEach(() => resetClock())

const FORGED = { Origin: 'https://evil.example' }

const agencyLoad = (needId: string, c: string) =>
  callRoute(agencyNeed.loader, getRequest(`/agency/needs/${needId}`, { cookie: c }), { id: needId })
const agencyPost = (needId: string, fields: Record<string, string>, c: string, headers: Record<string, string> = {}) =>
  callRoute(agencyNeed.action, formRequest(`/agency/needs/${needId}`, fields, { cookie: c, headers }), { id: needId })
const queue = (c: string) => callRoute(objectionQueue.loader, getRequest('/regulator/objections', { cookie: c }))
const objectionLoad = (id: string, c: string) =>
  callRoute(objectionPage.loader, getRequest(`/regulator/objections/${id}`, { cookie: c }), { id })
const rule = (id: string, fields: Record<string, string>, c: string, headers: Record<string, string> = {}) =>
  callRoute(objectionPage.action, formRequest(`/regulator/objections/${id}`, fields, { cookie: c, headers }), { id })

/** What a refused request must leave as it was: the need, its objections and rounds, its audit trail. */
async function snapshot(needId: string) {
  const db = await getDb()
  const [need] = await db.select().from(needs).where(eq(needs.id, needId))
  const rows = await db.select().from(objections).where(eq(objections.needId, needId))
  const rounds = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, needId))
  const [audit] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityId, needId))
  return { need, objections: rows, rounds, audit: audit.n }
}

/** A need in publicity after the close and the automatic selection, with the winner's key. */
async function needInPublicity(method: 'random' | 'lowest_price', quotes: Record<'a' | 'b' | 'c' | 'd', number>) {
  const db = await getDb()
  at(shanghaiNoon('2026-03-02'))
  const need = await insertOpenNeed(db, m, { method, closesOn: '2026-03-06' })
  await bidOn(db, m, need.id, quotes)
  at(shanghaiNoon('2026-03-09'))
  await tick(db)
  await tick(db)
  const [round] = await db
    .select()
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 1)))
  const [winnerBid] = await db.select().from(bids).where(eq(bids.id, round.chosenBidId as string))
  const winner = keys.find((k) => m.agencies[k].organisationId === winnerBid.agencyOrganisationId) as K
  expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0].state).toBe('publicity')
  return { need, round, winner, losers: keys.filter((k) => k !== winner) }
}

describe('objection screens', () => {
  it('agency page: who may object, bad input and refusals write nothing, one objection per round', async () => {
    const { need, winner, losers } = await needInPublicity('random', { a: 500_000, b: 600_000, c: 700_000, d: 800_000 })
    const loser = losers[0]

    const seen = await agencyLoad(need.id, cookie[loser])
    expect(seen.status).toBe(200)
    expect(seen.data.objections).toMatchObject({ canObject: true, isWinner: false, own: [], justification: null })
    expect(seen.data.objections.publicityEndsOn).toMatch(/^2026-03-\d\d$/)
    expect((await agencyLoad(need.id, cookie[winner])).data.objections).toMatchObject({ canObject: false, isWinner: true })
    expect((await agencyLoad(need.id, cookie.outsider)).data.objections).toMatchObject({ canObject: false, own: [] })

    const before = await snapshot(need.id)
    const blank = await agencyPost(need.id, { intent: 'object', reason: '   ' }, cookie[loser])
    expect(blank.status).toBe(400)
    expect(blank.data.result.error.reason).toEqual(['objections.validation.reasonRequired'])
    const nul = await agencyPost(need.id, { intent: 'object', reason: '业绩不符\u0000' }, cookie[loser])
    expect(nul.status).toBe(400)
    expect(nul.data.result.error.reason).toEqual(['input.controlCharacters'])
    expect(nul.data.result.initialValue.reason).toBe('业绩不符\u0000')
    // The reason is published: at least 10 characters (trimmed), the typed text kept.
    const short = await agencyPost(need.id, { intent: 'object', reason: '  业绩不符  ', confirm: 'yes' }, cookie[loser])
    expect(short.status).toBe(400)
    expect(short.data.result.error.reason).toEqual(['confirm.reasonTooShort'])
    expect(short.data.result.initialValue.reason).toBe('  业绩不符  ')
    // One objection per round, never withdrawn: the confirmation is required.
    const unconfirmed = await agencyPost(need.id, { intent: 'object', reason: '中选机构的业绩证明与登记信息不符' }, cookie[loser])
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(unconfirmed.data.result.initialValue.reason).toBe('中选机构的业绩证明与登记信息不符')
    const wrongConfirm = await agencyPost(need.id, { intent: 'object', reason: '中选机构的业绩证明与登记信息不符', confirm: 'on' }, cookie[loser])
    expect(wrongConfirm.status).toBe(400)
    expect(wrongConfirm.data.result.error.confirm).toEqual(['confirm.required'])
    const valid = { intent: 'object', reason: '中选机构的业绩证明与登记信息不符', confirm: 'yes' }
    expect((await agencyPost(need.id, valid, cookie[winner])).status).toBe(403)
    expect((await agencyPost(need.id, valid, cookie.outsider)).status).toBe(404)
    expect((await agencyPost(need.id, valid, cookie.owner)).status).toBe(403)
    expect((await agencyPost(need.id, valid, cookie.regulator)).status).toBe(403)
    expect((await agencyPost(need.id, valid, cookie[loser], FORGED)).status).toBe(403)
    expect(await snapshot(need.id)).toEqual(before)

    const filed = await agencyPost(need.id, valid, cookie[loser])
    expect(filed.status).toBe(302)
    expect(filed.headers.get('Location')).toBe(`/agency/needs/${need.id}`)
    const afterFiling = await snapshot(need.id)
    expect(afterFiling.objections).toHaveLength(1)
    expect(afterFiling.objections[0]).toMatchObject({ status: 'pending', reason: valid.reason, round: 1 })

    // Once per round: refused with the reason, the typed text kept, nothing more written.
    const again = await agencyPost(need.id, { intent: 'object', reason: '再次提出质疑：业绩证明仍然不符', confirm: 'yes' }, cookie[loser])
    expect(again.status).toBe(409)
    expect(again.data.formError.messageKey).toBe('objections.errors.alreadyObjected')
    expect(again.data.result.initialValue.reason).toBe('再次提出质疑：业绩证明仍然不符')
    expect(await snapshot(need.id)).toEqual(afterFiling)

    const mine = (await agencyLoad(need.id, cookie[loser])).data.objections
    expect(mine.canObject).toBe(false)
    expect(mine.own).toEqual([expect.objectContaining({ status: 'pending', reason: valid.reason, round: 1, ruledAt: null })])
    // Nobody else sees this agency's objection on their page.
    expect(JSON.stringify((await agencyLoad(need.id, cookie[losers[1]])).data)).not.toContain(valid.reason)

    // After publicity's last day: refused with the date.
    at(shanghaiNoon('2026-03-30'))
    const late = await agencyPost(need.id, { intent: 'object', reason: '公示期已过，仍要提出质疑', confirm: 'yes' }, cookie[losers[1]])
    expect(late.status).toBe(409)
    expect(late.data.formError.messageKey).toBe('objections.errors.publicityOver')
    expect(await snapshot(need.id)).toEqual(afterFiling)
  })

  it('regulator: queue by remit, the ruling form refuses bad input and strangers, a rejection leaves publicity running', async () => {
    const db = await getDb()
    const { need, losers } = await needInPublicity('random', { a: 510_000, b: 610_000, c: 710_000, d: 810_000 })
    expect((await agencyPost(need.id, { intent: 'object', reason: '抽取候选名单有误，请核查', confirm: 'yes' }, cookie[losers[0]])).status).toBe(302)
    const [objection] = await db.select().from(objections).where(eq(objections.needId, need.id))

    const home = await callRoute(regulatorHome.loader, getRequest('/regulator', { cookie: cookie.regulator }))
    expect(home.data.pendingObjections).toBeGreaterThanOrEqual(1)
    const pendingBefore = home.data.pendingObjections as number
    const list = await queue(cookie.regulator)
    expect(list.status).toBe(200)
    expect(list.data.pending.map((o: { id: string }) => o.id)).toContain(objection.id)
    expect(list.data.pending.find((o: { id: string }) => o.id === objection.id)).toMatchObject({
      needId: need.id,
      objectorName: expect.any(String),
      round: 1,
    })
    expect((await queue(cookie.otherRegulator)).data.pending.map((o: { id: string }) => o.id)).not.toContain(objection.id)
    for (const c of [cookie.owner, cookie.a, cookie.admin]) expect((await queue(c)).status).toBe(403)

    const page = await objectionLoad(objection.id, cookie.regulator)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ rulable: true, objection: { status: 'pending', reason: '抽取候选名单有误，请核查' }, need: { id: need.id } })
    expect(page.data.winner.quoteFen).toBeGreaterThan(0)
    expect((await objectionLoad(objection.id, cookie.otherRegulator)).status).toBe(404)
    expect((await objectionLoad('not-a-uuid', cookie.regulator)).status).toBe(404)
    expect((await objectionLoad(objection.id, cookie.a)).status).toBe(403)

    const before = await snapshot(need.id)
    const missing = await rule(objection.id, { reason: '理由已写' }, cookie.regulator)
    expect(missing.status).toBe(400)
    expect(missing.data.result.error.decision).toEqual(['objections.validation.decision'])
    expect(missing.data.result.initialValue.reason).toBe('理由已写')
    const noReason = await rule(objection.id, { decision: 'reject', reason: '' }, cookie.regulator)
    expect(noReason.status).toBe(400)
    expect(noReason.data.result.error.reason).toEqual(['objections.validation.rulingReasonRequired'])
    const nul = await rule(objection.id, { decision: 'reject', reason: '理由\u0000' }, cookie.regulator)
    expect(nul.status).toBe(400)
    expect(nul.data.result.error.reason).toEqual(['input.controlCharacters'])
    const bogus = await rule(objection.id, { decision: 'maybe', reason: '理由' }, cookie.regulator)
    expect(bogus.status).toBe(400)
    // The ruling reason is published: at least 10 characters, typed text kept; a ruling is final: confirmed.
    const short = await rule(objection.id, { decision: 'reject', reason: '理由不成立', confirm: 'yes' }, cookie.regulator)
    expect(short.status).toBe(400)
    expect(short.data.result.error.reason).toEqual(['confirm.reasonTooShort'])
    expect(short.data.result.initialValue.reason).toBe('理由不成立')
    const unconfirmed = await rule(objection.id, { decision: 'reject', reason: '候选名单与报名记录一致，异议不成立' }, cookie.regulator)
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(unconfirmed.data.result.initialValue.reason).toBe('候选名单与报名记录一致，异议不成立')
    const valid = { decision: 'reject', reason: '候选名单与报名记录一致，异议不成立', confirm: 'yes' }
    expect((await rule(objection.id, valid, cookie.otherRegulator)).status).toBe(404)
    expect((await rule(objection.id, valid, cookie.a)).status).toBe(403)
    expect((await rule(objection.id, valid, cookie.owner)).status).toBe(403)
    expect((await rule(objection.id, valid, cookie.admin)).status).toBe(403)
    expect((await rule(objection.id, valid, cookie.regulator, FORGED)).status).toBe(403)
    expect(await snapshot(need.id)).toEqual(before)

    const ruled = await rule(objection.id, valid, cookie.regulator)
    expect(ruled.status).toBe(302)
    const [after] = await db.select().from(objections).where(eq(objections.id, objection.id))
    expect(after).toMatchObject({ status: 'rejected', rulingReason: valid.reason, winnerAtFault: false, ruledBy: m.regulator.user.id })
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0]).toMatchObject({ state: 'publicity', round: 1 })

    const shown = await objectionLoad(objection.id, cookie.regulator)
    expect(shown.data).toMatchObject({ rulable: false, objection: { status: 'rejected', rulingReason: valid.reason } })
    expect((await queue(cookie.regulator)).data.recent.map((o: { id: string }) => o.id)).toContain(objection.id)
    const home2 = await callRoute(regulatorHome.loader, getRequest('/regulator', { cookie: cookie.regulator }))
    expect(home2.data.pendingObjections).toBe(pendingBefore - 1)

    // Ruled already: refused with the reason, nothing changes.
    const ruledOnce = await snapshot(need.id)
    const twice = await rule(objection.id, { decision: 'uphold', reason: '改判：异议理由成立，重新选取', confirm: 'yes' }, cookie.regulator)
    expect(twice.status).toBe(409)
    expect(twice.data.formError.messageKey).toBe('objections.errors.noPendingObjection')
    expect(await snapshot(need.id)).toEqual(ruledOnce)

    // The objector sees the ruling on its page.
    const mine = (await agencyLoad(need.id, cookie[losers[0]])).data.objections.own
    expect(mine).toEqual([expect.objectContaining({ status: 'rejected', rulingReason: valid.reason })])
  })

  it('lowest price: the flagged winner attaches its justification; an upheld objection with the winner at fault redoes the round', async () => {
    const db = await getDb()
    const { need, winner } = await needInPublicity('lowest_price', { a: 200_000, b: 900_000, c: 950_000, d: 980_000 })
    expect(winner).toBe('a')

    expect((await agencyLoad(need.id, cookie.a)).data.objections.justification).toEqual({ text: null, attachedAt: null, canAttach: true })
    expect((await agencyLoad(need.id, cookie.b)).data.objections.justification).toBeNull()

    const before = await snapshot(need.id)
    const blank = await agencyPost(need.id, { intent: 'justify', text: '' }, cookie.a)
    expect(blank.status).toBe(400)
    expect(blank.data.result.error.text).toEqual(['objections.validation.textRequired'])
    const nul = await agencyPost(need.id, { intent: 'justify', text: '自有设备\u0000' }, cookie.a)
    expect(nul.status).toBe(400)
    expect(nul.data.result.error.text).toEqual(['input.controlCharacters'])
    const text = { intent: 'justify', text: '自有检测设备，无需外租；项目地距本所 20 公里' }
    expect((await agencyPost(need.id, text, cookie.b)).status).toBe(403)
    expect((await agencyPost(need.id, text, cookie.outsider)).status).toBe(404)
    expect((await agencyPost(need.id, text, cookie.owner)).status).toBe(403)
    expect((await agencyPost(need.id, text, cookie.a, FORGED)).status).toBe(403)
    expect(await snapshot(need.id)).toEqual(before)

    expect((await agencyPost(need.id, text, cookie.a)).status).toBe(302)
    const [round] = await db
      .select()
      .from(selectionRounds)
      .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 1)))
    expect(round).toMatchObject({ justification: text.text, justifiedBy: m.agencies.a.user.id })
    expect((await agencyLoad(need.id, cookie.a)).data.objections.justification).toMatchObject({ text: text.text, canAttach: true })

    // b objects; the regulator sees the justification and upholds with the winner at fault.
    expect((await agencyPost(need.id, { intent: 'object', reason: '中选报价明显低于服务成本', confirm: 'yes' }, cookie.b)).status).toBe(302)
    const [objection] = await db.select().from(objections).where(eq(objections.needId, need.id))
    const page = await objectionLoad(objection.id, cookie.regulator)
    expect(page.data.round).toMatchObject({ requiresJustification: true, justification: text.text })
    const upheld = await rule(objection.id, { decision: 'uphold', reason: '成本说明不能成立，报价低于成本', winnerAtFault: 'on', confirm: 'yes' }, cookie.regulator)
    expect(upheld.status).toBe(302)
    expect((await db.select().from(objections).where(eq(objections.id, objection.id)))[0]).toMatchObject({
      status: 'upheld',
      winnerAtFault: true,
    })
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0]).toMatchObject({ state: 'evaluating', round: 2 })
    // The disqualified former winner has nothing more to do on the page; publicity is over for round 1.
    expect((await agencyLoad(need.id, cookie.a)).data.objections).toMatchObject({ canObject: false, justification: null })

    // Round 2 (b wins at 900 000, not abnormally low): justification is no longer asked of anyone.
    await tick(db)
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0]).toMatchObject({ state: 'publicity', round: 2 })
    const late = await agencyPost(need.id, text, cookie.b)
    expect(late.status).toBe(409)
    expect(late.data.formError.messageKey).toBe('objections.errors.justificationNotRequired')
    expect(late.data.result.initialValue.text).toBe(text.text)
    // b may not object to its own win; c may, in round 2, although it did not in round 1.
    expect((await agencyLoad(need.id, cookie.b)).data.objections).toMatchObject({ isWinner: true, canObject: false })
    expect((await agencyLoad(need.id, cookie.c)).data.objections).toMatchObject({ canObject: true })
  })
})
