/**
 * Sealed bids stay sealed after a cancel (docs/sealed-bids.md): a need cancelled while its
 * registration window is open shows nobody — owner, other agencies, the public, the JSON API,
 * the draws API, dashboards, notifications — any bidder's name, quote, note or team, ever; only
 * each bidder sees its own bid. A need cancelled after the close (from evaluating) keeps its
 * bids for the owner (who saw them) and each bidder's own, and publishes nothing.
 *
 * Every answer is serialised (JSON.stringify of the loader data) and searched for the secrets:
 * the quote in fen and as yuan (plain and grouped), the agency's name and credit code, the note
 * and the team text.
 */
import { eq, inArray } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { notifications, organisations, selectionRounds } from '#db/schema'
import { resetClock } from '~/domain/now'
import { bidsAfterClose, submitBid } from '~/domain/bidding/bids.server'
import { fileObjection, ruleOnObjection } from '~/domain/publicity/objections.server'
import { fenToYuan } from '~/domain/needs/schemas'
import { tick } from '~/domain/timed-work/tick.server'
import * as agencyHome from '~/routes/agency+/index'
import * as agencyNeedRoute from '~/routes/agency+/needs.$id'
import * as publicDrawRoute from '~/routes/_public+/draws.$needId'
import * as publicNeedRoute from '~/routes/_public+/needs.$id'
import * as publicNeedsList from '~/routes/api+/v1.needs'
import * as apiDrawRoute from '~/routes/api+/v1.draws.$needId'
import * as apiNeedRoute from '~/routes/api+/v1.needs.$id'
import * as ownerHome from '~/routes/owner+/index'
import * as ownerNeedRoute from '~/routes/owner+/needs.$id'
import * as ownerNeedsList from '~/routes/owner+/needs._index'
import * as regulatorHome from '~/routes/regulator+/index'
import * as regulatorObjection from '~/routes/regulator+/objections.$id'
import * as regulatorObjections from '~/routes/regulator+/objections._index'
import { at, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'

afterEach(() => resetClock())

const BIDDERS = ['a', 'b', 'c'] as const
type Bidder = (typeof BIDDERS)[number]
type Key = Bidder | 'd'

/** Three recognisable bids: quotes in fen (no shared digit runs), a note and a team each. */
const BIDS: Record<Bidder, { quoteFen: number; committedDays: number; note: string; team: string; name: string }> = {
  a: { quoteFen: 934_517, committedDays: 14, note: 'NOTE-ALPHA 甲方案说明', team: 'TEAM-ALPHA 王甲工程师', name: 'BIDDER-ALPHA 甲评价有限公司' },
  b: { quoteFen: 871_263, committedDays: 16, note: 'NOTE-BRAVO 乙方案说明', team: 'TEAM-BRAVO 李乙工程师', name: 'BIDDER-BRAVO 乙咨询有限公司' },
  c: { quoteFen: 458_092, committedDays: 18, note: 'NOTE-CHARLIE 丙方案说明', team: 'TEAM-CHARLIE 赵丙工程师', name: 'BIDDER-CHARLIE 丙技术有限公司' },
}

/** Every text that would give bidder k's bid away. */
function secretsOf(k: Bidder, creditCode: string): string[] {
  const { quoteFen, note, team, name } = BIDS[k]
  const yuan = fenToYuan(quoteFen)
  const [whole, cents] = yuan.split('.')
  const grouped = `${Number(whole).toLocaleString('en-US')}.${cents}`
  return [String(quoteFen), yuan, grouped, note, team, name, creditCode]
}

interface World {
  m: Marketplace<Key>
  needId: string
  bidIds: Record<Bidder, string>
  creditCodes: Record<Bidder, string>
  cookies: Record<Key | 'owner' | 'regulator' | 'admin', string>
}

async function world(tag: string, method: 'lowest_price' | 'random'): Promise<World> {
  const db = await getDb()
  at(shanghaiNoon('2026-03-02'))
  const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c', 'd'] as Key[], tag })
  const creditCodes = {} as Record<Bidder, string>
  for (const k of BIDDERS) {
    const [org] = await db
      .update(organisations)
      .set({ name: `${BIDS[k].name}${tag}` })
      .where(eq(organisations.id, m.agencies[k].organisationId))
      .returning()
    creditCodes[k] = org.creditCode
  }
  const need = await insertOpenNeed(db, m, { method, closesOn: '2026-03-06' })
  const bidIds = {} as Record<Bidder, string>
  for (const k of BIDDERS) {
    const { quoteFen, committedDays, note, team } = BIDS[k]
    bidIds[k] = (await submitBid(db, m.agencies[k].user, need.id, { quoteFen, committedDays, note, team })).bidId
  }
  const cookies = {
    owner: await sessionCookie(m.owner.user.id),
    regulator: await sessionCookie(m.regulator.user.id),
    admin: await sessionCookie(m.admin.user.id),
  } as World['cookies']
  for (const k of ['a', 'b', 'c', 'd'] as const) cookies[k] = await sessionCookie(m.agencies[k].user.id)
  return { m, needId: need.id, bidIds, creditCodes, cookies }
}

async function cancel(w: World) {
  const res = await callRoute(
    ownerNeedRoute.action,
    formRequest(`/owner/needs/${w.needId}`, { intent: 'cancel', reason: '项目取消，不再采购该服务', confirm: 'yes' }, { cookie: w.cookies.owner }),
    { id: w.needId },
  )
  expect(res.status).toBe(302)
}

/** Asserts that `answer` (serialised) shows no bid but those of `allowed`, and returns the text. */
function expectSealed(w: World, what: string, answer: unknown, allowed: Bidder[] = []): string {
  const text = JSON.stringify(answer)
  for (const k of BIDDERS) {
    if (allowed.includes(k)) continue
    for (const secret of secretsOf(k, w.creditCodes[k])) expect(text, `${what} shows ${k}'s ${secret}`).not.toContain(secret)
    expect(text, `${what} shows ${k}'s bid id`).not.toContain(w.bidIds[k])
  }
  return text
}

const get = (fn: unknown, path: string, params: Record<string, string>, cookie?: string) =>
  callRoute(fn, getRequest(path, { cookie }), params)

/** Every screen and API that could show the need's bids, as each viewer, checked against what it may see. */
async function expectNothingPublished(w: World, label: string) {
  const id = w.needId
  const c = w.cookies

  // Each bidder: its own bid, nobody else's.
  for (const k of BIDDERS) {
    const page = await get(agencyNeedRoute.loader, `/agency/needs/${id}`, { id }, c[k])
    expect(page.status).toBe(200)
    const text = expectSealed(w, `${label}: bidder ${k}'s need page`, page.data, [k])
    expect(text).toContain(String(BIDS[k].quoteFen))
    expect(text).toContain(BIDS[k].note)
    expect(text).toContain(BIDS[k].team)
    const home = await get(agencyHome.loader, '/agency', {}, c[k])
    expect(home.status).toBe(200)
    expectSealed(w, `${label}: bidder ${k}'s dashboard`, home.data, [k])
  }

  // Another agency.
  const other = await get(agencyNeedRoute.loader, `/agency/needs/${id}`, { id }, c.d)
  expect(other.status).toBe(200)
  expectSealed(w, `${label}: another agency's need page`, other.data)
  expectSealed(w, `${label}: another agency's dashboard`, (await get(agencyHome.loader, '/agency', {}, c.d)).data)

  // The public: page, API, list, draws.
  const page = await get(publicNeedRoute.loader, `/needs/${id}`, { id })
  expect(page.status).toBe(200)
  expectSealed(w, `${label}: public page`, page.data)
  const api = await get(apiNeedRoute.loader, `/api/v1/needs/${id}`, { id })
  expect(api.status).toBe(200)
  expectSealed(w, `${label}: GET /api/v1/needs/:id`, api.data)
  expectSealed(w, `${label}: GET /api/v1/needs`, (await get(publicNeedsList.loader, '/api/v1/needs', {})).data)
  const draws = await get(apiDrawRoute.loader, `/api/v1/draws/${id}`, { needId: id })
  expect(draws.status).toBe(404)
  expectSealed(w, `${label}: GET /api/v1/draws/:needId`, draws.data)
  const drawPage = await get(publicDrawRoute.loader, `/draws/${id}`, { needId: id })
  expect(drawPage.status).toBe(404)
  expectSealed(w, `${label}: /draws/:needId`, drawPage.data)

  // Every notification written (bidders, owner, regulators).
  const db = await getDb()
  const rows = await db.select().from(notifications)
  expect(rows.length).toBeGreaterThan(0)
  expectSealed(w, `${label}: notifications`, rows)
}

describe('sealed bids after a cancel', () => {
  it('cancelled while open: nobody but each bidder ever sees a bid, the owner only the count', async () => {
    const w = await world('SC', 'lowest_price')
    const id = w.needId
    at(shanghaiNoon('2026-03-04'))
    await cancel(w)

    const bidderUsers = BIDDERS.map((k) => w.m.agencies[k].user.id)
    const db = await getDb()
    const told = await db.select().from(notifications).where(inArray(notifications.userId, bidderUsers))
    expect(told.map((n) => n.messageKey).sort()).toEqual(Array(3).fill('needs.notify.needCancelled'))

    for (const when of ['2026-03-04', '2026-03-09']) {
      at(shanghaiNoon(when))
      // The timed work passes the window's close: still sealed.
      await tick(db)
      const owner = await get(ownerNeedRoute.loader, `/owner/needs/${id}`, { id }, w.cookies.owner)
      expect(owner.status).toBe(200)
      expect(owner.data.need.state).toBe('cancelled')
      expectSealed(w, `${when}: owner's need page`, owner.data)
      expect(owner.data.selection).toEqual({ sealed: true, liveBids: 0, cancelledBids: 3 })
      expectSealed(w, `${when}: owner's needs`, (await get(ownerNeedsList.loader, '/owner/needs', {}, w.cookies.owner)).data)
      expectSealed(w, `${when}: owner's dashboard`, (await get(ownerHome.loader, '/owner', {}, w.cookies.owner)).data)
      await expectNothingPublished(w, when)
      const c = w.cookies
      expectSealed(w, `${when}: regulator home`, (await get(regulatorHome.loader, '/regulator', {}, c.regulator)).data)
      expectSealed(w, `${when}: regulator objections`, (await get(regulatorObjections.loader, '/regulator/objections', {}, c.regulator)).data)
      const result = (await get(apiNeedRoute.loader, `/api/v1/needs/${id}`, { id })).data.data.result
      expect(result).toMatchObject({ state: 'cancelled', rounds: [], commitments: [] })
      await expect(bidsAfterClose(db, id)).rejects.toMatchObject({ status: 403 })
    }
  })

  it('cancelled after the close (evaluating): the owner keeps the bids it saw, nothing is published', async () => {
    // A random draw decides round 1 and is published; an objection is upheld (back to evaluating); the owner cancels.
    const w = await world('SE', 'random')
    const id = w.needId
    const db = await getDb()
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, id))
    expect(round.outcome).toBe('draw')
    const loser = BIDDERS.find((k) => w.bidIds[k] !== round.chosenBidId) as Bidder
    const objection = await fileObjection(db, w.m.agencies[loser].user, id, { reason: '抽取有误' })
    await ruleOnObjection(db, w.m.regulator.user, objection.id, { decision: 'uphold', reason: '成立', winnerAtFault: false })
    const before = await get(ownerNeedRoute.loader, `/owner/needs/${id}`, { id }, w.cookies.owner)
    expect(before.data.need.state).toBe('evaluating')
    expect(before.data.selection.sealed).toBe(false)
    await cancel(w)

    const owner = await get(ownerNeedRoute.loader, `/owner/needs/${id}`, { id }, w.cookies.owner)
    expect(owner.status).toBe(200)
    expect(owner.data.need.state).toBe('cancelled')
    expect(owner.data.selection.sealed).toBe(false)
    const text = JSON.stringify(owner.data)
    for (const k of BIDDERS) for (const secret of [String(BIDS[k].quoteFen), BIDS[k].note, BIDS[k].team]) expect(text).toContain(secret)
    await expectNothingPublished(w, 'after the close')
    const result = (await get(apiNeedRoute.loader, `/api/v1/needs/${id}`, { id })).data.data.result
    expect(result).toMatchObject({ state: 'cancelled', rounds: [], commitments: [], cancelReason: '项目取消，不再采购该服务' })
    // The regulator keeps the ruling's facts (the round's winner); the objection queue names the objector.
    const ruling = await get(regulatorObjection.loader, `/regulator/objections/${objection.id}`, { id: objection.id }, w.cookies.regulator)
    expect(ruling.status).toBe(200)
    expect(ruling.data.winner?.bidId).toBe(round.chosenBidId)
    expect((await bidsAfterClose(db, id)).map((b) => b.id).sort()).toEqual(Object.values(w.bidIds).sort())
  })
})
