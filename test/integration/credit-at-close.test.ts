/**
 * Comprehensive scoring with the credit score at the window's close (issue 14 §2), on both
 * databases: the score is the base plus the ledger rows *written* by the close — a row dated after
 * the close but written before it counts, a row dated before but written after does not, nor does
 * anything added after the close or after the result; a score above 100 enters scoring as 100. The
 * stored round keeps each bidder's score and tier at the close (`creditAtClose`), and the public
 * result, the draw page/API and the owner's bid screen show those tiers; a round stored without
 * them shows the current tier, labelled as current.
 */
import { eq, inArray } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyCredit, organisations, selectionRounds } from '#db/schema'
import { recordCreditEvent } from '~/domain/credit/ledger.server'
import { resetClock } from '~/domain/now'
import type { PublicResult } from '~/domain/publicity/results.server'
import { bidsForOwner } from '~/domain/selection/owner-selection.server'
import { tick } from '~/domain/timed-work/tick.server'
import * as publicNeedRoute from '~/routes/_public+/needs.$id'
import * as apiNeedRoute from '~/routes/api+/v1.needs.$id'
import * as drawApi from '~/routes/api+/v1.draws.$needId'
import * as drawPage from '~/routes/_public+/draws.$needId'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, getRequest } from '../support/routes'

afterEach(() => resetClock())

async function results(id: string): Promise<PublicResult> {
  const p = await callRoute(publicNeedRoute.loader, getRequest(`/needs/${id}`), { id })
  const a = await callRoute(apiNeedRoute.loader, getRequest(`/api/v1/needs/${id}`), { id })
  expect(p.status).toBe(200)
  expect(a.status).toBe(200)
  expect(a.data.data.result).toEqual(p.data.result)
  return p.data.result
}

let seq = 0
/** One ledger row through the one writer, at the current app clock. */
async function penalise(agencyId: string, kind: 'contract_lapsed' | 'terminated_at_fault', onDate: string) {
  const db = await getDb()
  await db.transaction((tx) => recordCreditEvent(tx, { agencyId, kind, factKey: `test-close:${seq++}`, onDate }))
}
async function reward(agencyId: string, points: number, onDate: string) {
  const db = await getDb()
  await db.transaction((tx) =>
    recordCreditEvent(tx, { agencyId, kind: 'owner_rating', ratingPoints: points, factKey: `test-close:${seq++}`, onDate }),
  )
}

async function names<K extends string>(m: Marketplace<K>) {
  const db = await getDb()
  const rows = await db
    .select()
    .from(organisations)
    .where(inArray(organisations.id, Object.values<{ organisationId: string }>(m.agencies).map((a) => a.organisationId)))
  return Object.fromEntries((Object.keys(m.agencies) as K[]).map((k) => [k, rows.find((r) => r.id === m.agencies[k].organisationId)!])) as Record<
    K,
    (typeof rows)[number]
  >
}

describe('credit at the window’s close', () => {
  it('comprehensive: the ledger as written by the close, stored with the round; later rows change nothing', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'CC' })
    const who = await names(m)
    const need = await insertOpenNeed(db, m, { method: 'comprehensive', closesOn: '2026-03-06' })
    await bidOn(db, m, need.id, { a: 800_000, b: 700_000, c: 750_000 }, { a: 10, b: 18, c: 12 })
    // Before the close (deadline 2026-03-07 00:00 Shanghai): a −5 −5 −5 = 85 (B) — one row dated
    // after the close but written before it counts; c +3 = 103, scored as 100.
    at(shanghaiNoon('2026-03-04'))
    await penalise(who.a.id, 'contract_lapsed', '2026-03-04')
    await penalise(who.a.id, 'contract_lapsed', '2026-03-05')
    await penalise(who.a.id, 'contract_lapsed', '2026-03-20')
    await reward(who.c.id, 3, '2026-03-04')
    // After the close, before the selection: a row dated before the close does not count.
    at(shanghaiNoon('2026-03-07'))
    await penalise(who.a.id, 'terminated_at_fault', '2026-03-01')
    at(shanghaiNoon('2026-03-09'))
    await tick(db)

    const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, need.id))
    const stored = round.result as { creditAtClose: Record<string, unknown>; bids: { agencyId: string; score: Record<string, unknown> }[] }
    expect(stored.creditAtClose).toEqual({
      [who.a.id]: { score: 85, tier: 'B', ratingHundredths: null },
      [who.b.id]: { score: 100, tier: 'A', ratingHundredths: null },
      [who.c.id]: { score: 103, tier: 'A', ratingHundredths: null },
    })
    const scoreOf = (id: string) => stored.bids.find((b) => b.agencyId === id)!.score
    expect(scoreOf(who.a.id)).toMatchObject({ creditScoreUsed: 85, creditDefaulted: false, credit: 85 * 20, ratingDefaulted: true })
    expect(scoreOf(who.b.id)).toMatchObject({ creditScoreUsed: 100, creditDefaulted: false, credit: 100 * 20 })
    expect(scoreOf(who.c.id)).toMatchObject({ creditScoreUsed: 100, creditDefaulted: false, credit: 100 * 20 })
    // Today a stands at 75 (still counted once); the result shows the tier and score at the close.
    const [now] = await db.select().from(agencyCredit).where(eq(agencyCredit.agencyOrganisationId, who.a.id))
    expect(now.score).toBe(75)

    const before = await results(need.id)
    const quotes = before.rounds[0].quotes!
    const byName = new Map(quotes.map((q) => [q.agencyName, q]))
    expect(byName.get(who.a.name)!.credit).toEqual({ tier: 'B', score: 85, asOf: 'close' })
    expect(byName.get(who.c.name)!.credit).toEqual({ tier: 'A', score: 103, asOf: 'close' })
    expect(byName.get(who.a.name)!.score!.creditScoreUsed).toBe(85)
    expect(before.rounds[0].winner!.credit?.asOf).toBe('close')

    // More ledger rows after the result: the published breakdown and badges do not move.
    await penalise(who.a.id, 'terminated_at_fault', '2026-03-09')
    await penalise(who.c.id, 'terminated_at_fault', '2026-03-09')
    expect(await results(need.id)).toEqual(before)
    // The owner's screen assesses again: the same standing at the close.
    const view = await bidsForOwner(db, m.owner.user, need.id)
    if (view.sealed) throw new Error('unsealed expected')
    expect(view.bids.find((b) => b.agencyId === who.a.id)!.credit).toEqual({ tier: 'B', score: 85, asOf: 'close' })

    // A round stored before creditAtClose existed: the current tier, labelled as current.
    const { creditAtClose: _, ...older } = round.result as Record<string, unknown>
    await db.update(selectionRounds).set({ result: older }).where(eq(selectionRounds.id, round.id))
    const legacy = (await results(need.id)).rounds[0].quotes!
    expect(legacy.find((q) => q.agencyName === who.a.name)!.credit).toEqual({ tier: 'C', score: 65, asOf: 'current' })
  })

  it('random: the draw page and API show each candidate’s tier at the close', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'CD' })
    const who = await names(m)
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    // Nothing about the bids before the close: no draw.
    expect((await callRoute(drawApi.loader, getRequest(`/api/v1/draws/${need.id}`), { needId: need.id })).status).toBe(404)
    await bidOn(db, m, need.id, { a: 612_345, b: 623_456, c: 634_567 })
    at(shanghaiNoon('2026-03-05'))
    for (let i = 0; i < 5; i++) await penalise(who.b.id, 'contract_lapsed', '2026-03-05') // 75: B
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    await penalise(who.b.id, 'terminated_at_fault', '2026-03-09') // 65 now: C
    const api = await callRoute(drawApi.loader, getRequest(`/api/v1/draws/${need.id}`), { needId: need.id })
    expect(api.status).toBe(200)
    expect(api.data.creditTiers).toEqual({
      [who.a.creditCode]: { tier: 'A', score: 100, asOf: 'close' },
      [who.b.creditCode]: { tier: 'B', score: 75, asOf: 'close' },
      [who.c.creditCode]: { tier: 'A', score: 100, asOf: 'close' },
    })
    const page = await callRoute(drawPage.loader, getRequest(`/draws/${need.id}`), { needId: need.id })
    expect(page.data.rounds[0].credit[who.b.creditCode]).toEqual({ tier: 'B', score: 75, asOf: 'close' })
    const result = await results(need.id)
    const candidates = result.rounds[0].draw!.candidates
    expect(candidates.find((c) => c.creditCode === who.b.creditCode)!.credit).toEqual({ tier: 'B', score: 75, asOf: 'close' })
  })
})
