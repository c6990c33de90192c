/**
 * The owner's need page after the registration window (app/routes/owner+/needs.$id.tsx): no quote
 * leaves the server while the window is open, every bid after the close; the intents `pick`,
 * `repost` and `switchToDirect` are owners-only (403), another owner's need is a 404, bad input
 * is a 400 with field errors and the typed values, and nothing is written on any refusal.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, needs, selectionRounds } from '#db/schema'
import { resetClock } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import * as needRoute from '~/routes/owner+/needs.$id'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'

afterEach(() => resetClock())

const QUOTES = { a: 912_345, b: 887_654, c: 412_345 }

const load = (id: string, cookie: string) => callRoute(needRoute.loader, getRequest(`/owner/needs/${id}`, { cookie }), { id })
const post = (id: string, fields: Record<string, string>, cookie: string) =>
  callRoute(needRoute.action, formRequest(`/owner/needs/${id}`, fields, { cookie }), { id })

async function cookies<K extends string>(m: Marketplace<K>, agency: K) {
  return {
    owner: await sessionCookie(m.owner.user.id),
    otherOwner: await sessionCookie(m.otherOwner.user.id),
    agency: await sessionCookie(m.agencies[agency].user.id),
    regulator: await sessionCookie(m.regulator.user.id),
  }
}

/** What a refused intent must leave untouched: the need row, its rounds, drafts copied from it, its audit events. */
async function snapshot(needId: string) {
  const db = await getDb()
  const [need] = await db.select().from(needs).where(eq(needs.id, needId))
  const [rounds] = await db.select({ n: count() }).from(selectionRounds).where(eq(selectionRounds.needId, needId))
  const [copies] = await db.select({ n: count() }).from(needs).where(eq(needs.repostedFromId, needId))
  const [audit] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityId, needId))
  return { need, rounds: rounds.n, copies: copies.n, audit: audit.n }
}

describe('owner need page: selection', () => {
  it('sealed while open (no quote in the loader output), every bid after the close; the direct pick', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'RD' })
    const need = await insertOpenNeed(db, m, { method: 'direct', closesOn: '2026-03-06' })
    const ids = await bidOn(db, m, need.id, QUOTES)
    const c = await cookies(m, 'a')

    const open = await load(need.id, c.owner)
    expect(open.status).toBe(200)
    expect(open.data.selection).toEqual({ sealed: true, liveBids: 3 })
    const openJson = JSON.stringify(open.data)
    for (const q of Object.values(QUOTES)) expect(openJson).not.toContain(String(q))
    for (const id of Object.values(ids)) expect(openJson).not.toContain(id)

    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const closed = await load(need.id, c.owner)
    expect(closed.status).toBe(200)
    expect(closed.data.need.state).toBe('evaluating')
    const closedJson = JSON.stringify(closed.data)
    for (const q of Object.values(QUOTES)) expect(closedJson).toContain(String(q))
    expect(closed.data.selection.sealed).toBe(false)
    expect(closed.data.selection.bids.find((b: { bidId: string }) => b.bidId === ids.c).abnormallyLow).toBe(true)
    expect(closed.data.selection.candidateBidIds).toContain(ids.a)
    // The forms the state machine allows the owner here: the direct pick and cancelling, no editing.
    expect(closed.data.forms).toEqual(['cancel', 'pick'])
    expect((await load(need.id, c.otherOwner)).status).toBe(404)
    expect((await load(need.id, c.agency)).status).toBe(403)

    // Wrong role or another owner: refused, nothing changes.
    const before = await snapshot(need.id)
    const valid = { intent: 'pick', bidId: ids.a, reason: '经验丰富，业绩与本项目相符', confirm: 'yes' }
    expect((await post(need.id, valid, c.agency)).status).toBe(403)
    expect((await post(need.id, valid, c.regulator)).status).toBe(403)
    expect((await post(need.id, valid, c.otherOwner)).status).toBe(404)
    expect(await snapshot(need.id)).toEqual(before)

    // Blank reason / missing bid: 400, field errors, typed values kept, nothing written.
    const blank = await post(need.id, { intent: 'pick', bidId: ids.b, reason: '   ' }, c.owner)
    expect(blank.status).toBe(400)
    expect(blank.data.intent).toBe('pick')
    expect(blank.data.result.error.reason).toBeTruthy()
    expect(blank.data.result.error.bidId).toBeUndefined()
    expect(blank.data.result.initialValue.bidId).toBe(ids.b)
    // The reason is published with the result: at least 10 characters; the pick is confirmed.
    const short = await post(need.id, { intent: 'pick', bidId: ids.b, reason: '方案最好', confirm: 'yes' }, c.owner)
    expect(short.status).toBe(400)
    expect(short.data.result.error.reason).toEqual(['confirm.reasonTooShort'])
    expect(short.data.result.initialValue).toMatchObject({ bidId: ids.b, reason: '方案最好' })
    const unconfirmed = await post(need.id, { intent: 'pick', bidId: ids.b, reason: '方案最好，团队经验丰富' }, c.owner)
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(unconfirmed.data.result.initialValue).toMatchObject({ bidId: ids.b, reason: '方案最好，团队经验丰富' })
    const noBid = await post(need.id, { intent: 'pick', reason: '方案最好' }, c.owner)
    expect(noBid.status).toBe(400)
    expect(noBid.data.result.error.bidId).toBeTruthy()
    expect(noBid.data.result.initialValue.reason).toBe('方案最好')
    // A well-formed id that is not a candidate: the domain's refusal, on the bid field.
    const stranger = await post(need.id, { intent: 'pick', bidId: need.id, reason: '方案最好，团队经验丰富', confirm: 'yes' }, c.owner)
    expect(stranger.status).toBe(422) // a RuleViolation at its field (decision 008), not bad input
    expect(stranger.data.result.error.bidId).toEqual(['ownerSelection.refusals.notACandidate'])
    expect(stranger.data.result.initialValue.reason).toBe('方案最好，团队经验丰富')
    expect(await snapshot(need.id)).toEqual(before)

    const picked = await post(need.id, valid, c.owner)
    expect(picked.status).toBe(302)
    expect(picked.headers.get('Location')).toBe(`/owner/needs/${need.id}`)
    const [after] = await db.select().from(needs).where(eq(needs.id, need.id))
    expect(after.state).toBe('publicity')
    const [round] = await db
      .select()
      .from(selectionRounds)
      .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, after.round)))
    expect(round).toMatchObject({ chosenBidId: ids.a, reason: '经验丰富，业绩与本项目相符' })

    const shown = await load(need.id, c.owner)
    expect(shown.data.selection.round).toMatchObject({ chosenBidId: ids.a, publicityEndsOn: round.publicityEndsOn })
    expect(shown.data.selection.candidateBidIds).toEqual([])
    expect(shown.data.forms).toEqual([]) // in publicity the owner has nothing to do
    // Picking again is a form-level conflict, not a crash; nothing written.
    const again = await post(need.id, { intent: 'pick', bidId: ids.b, reason: '改选另一家：方案更完整', confirm: 'yes' }, c.owner)
    expect(again.status).toBe(409)
    expect(again.data.formError.messageKey).toBe('needs.errors.wrongState')
    expect(again.data.result.initialValue.reason).toBe('改选另一家：方案更完整')
  })

  it('failed need: re-post as a new draft (once), switch to direct selection; owners of the need only', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b'], tag: 'RF' })
    const one = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const two = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    await bidOn(db, m, one.id, { a: 500_000, b: 600_000 })
    await bidOn(db, m, two.id, { a: 500_000, b: 600_000 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const c = await cookies(m, 'a')

    const failed = await load(one.id, c.owner)
    expect(failed.data.need.state).toBe('failed')
    expect(failed.data.selection.repost).toMatchObject({ allowed: true, repostedAs: null })
    expect(failed.data.selection.switchToDirect).toMatchObject({ allowed: true })
    expect(failed.data.forms).toEqual(['repost', 'switchToDirect'])

    for (const intent of ['repost', 'switchToDirect']) {
      for (const id of [one.id, two.id]) {
        const before = await snapshot(id)
        expect((await post(id, { intent, confirm: 'yes' }, c.agency)).status).toBe(403)
        expect((await post(id, { intent, confirm: 'yes' }, c.regulator)).status).toBe(403)
        expect((await post(id, { intent, confirm: 'yes' }, c.otherOwner)).status).toBe(404)
        expect(await snapshot(id)).toEqual(before)
      }
    }

    const reposted = await post(one.id, { intent: 'repost' }, c.owner)
    expect(reposted.status).toBe(302)
    const draftId = reposted.headers.get('Location')!.split('/').pop()!
    expect(draftId).not.toBe(one.id)
    const [draft] = await db.select().from(needs).where(eq(needs.id, draftId))
    expect(draft).toMatchObject({ state: 'draft', repostedFromId: one.id, title: one.title })
    const draftPage = await load(draftId, c.owner)
    expect(draftPage.status).toBe(200)
    expect(draftPage.data.selection).toBeNull()
    expect(draftPage.data.forms).toEqual(['save', 'publish', 'cancel'])
    expect((await load(one.id, c.owner)).data.selection.repost).toEqual({ allowed: false, refusal: 'alreadyReposted', repostedAs: draftId, after: 'failed' })

    const before = await snapshot(one.id)
    const twice = await post(one.id, { intent: 'repost' }, c.owner)
    expect(twice.status).toBe(409)
    expect(twice.data).toMatchObject({ intent: 'repost', formError: { messageKey: expect.any(String) } })
    expect(await snapshot(one.id)).toEqual(before)

    // Switching cannot be undone: without the confirmation, a field error and nothing moves.
    const unswitched = await snapshot(two.id)
    const unconfirmed = await post(two.id, { intent: 'switchToDirect' }, c.owner)
    expect(unconfirmed.status).toBe(400)
    expect(unconfirmed.data.intent).toBe('switchToDirect')
    expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
    expect(await snapshot(two.id)).toEqual(unswitched)
    const switched = await post(two.id, { intent: 'switchToDirect', confirm: 'yes' }, c.owner)
    expect(switched.status).toBe(302)
    expect(switched.headers.get('Location')).toBe(`/owner/needs/${two.id}`)
    const [moved] = await db.select().from(needs).where(eq(needs.id, two.id))
    expect(moved).toMatchObject({ state: 'evaluating', method: 'direct', afterFailedRound: true, round: two.round + 1 })
    const page = await load(two.id, c.owner)
    expect(page.data.selection.candidateBidIds).toHaveLength(2)
    const switchAgain = await post(two.id, { intent: 'switchToDirect', confirm: 'yes' }, c.owner)
    expect(switchAgain.status).toBe(409)
    expect(switchAgain.data.intent).toBe('switchToDirect')
  })
})
