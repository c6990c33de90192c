/**
 * Context a newcomer missed (issue 12), on the real database (PGlite and PostgreSQL):
 * the owner's need page tells of pending objections (count, filed date, the regulator is ruling)
 * and, once ruled, the published reasons — never the objector's grounds; a losing bidder's page
 * names the winner (and the quote for price methods) once the public may see the result, and
 * links to it — never before, never to the winner or an agency that did not bid.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { bids, notifications, objections, organisations, selectionRounds } from '#db/schema'
import { now, resetClock } from '~/domain/now'
import { fileObjection, ruleOnObjection } from '~/domain/publicity/objections.server'
import { tick } from '~/domain/timed-work/tick.server'
import * as messages from '~/routes/_public+/notifications'
import * as agencyNeed from '~/routes/agency+/needs.$id'
import * as ownerNeed from '~/routes/owner+/needs.$id'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, getRequest, sessionCookie } from '../support/routes'

type K = 'a' | 'b' | 'c' | 'outsider'
const keys = ['a', 'b', 'c'] as const
let m: Marketplace<K>
let cookie: Record<K | 'owner' | 'otherOwner', string>

beforeAll(async () => {
  m = await setupMarketplace(await getDb(), { agencies: ['a', 'b', 'c', 'outsider'], tag: 'NC' })
  cookie = {
    a: await sessionCookie(m.agencies.a.user.id),
    b: await sessionCookie(m.agencies.b.user.id),
    c: await sessionCookie(m.agencies.c.user.id),
    outsider: await sessionCookie(m.agencies.outsider.user.id),
    owner: await sessionCookie(m.owner.user.id),
    otherOwner: await sessionCookie(m.otherOwner.user.id),
  }
})
afterEach(() => resetClock())

const ownerLoad = (needId: string, c: string) =>
  callRoute(ownerNeed.loader, getRequest(`/owner/needs/${needId}`, { cookie: c }), { id: needId })
const agencyLoad = (needId: string, c: string) =>
  callRoute(agencyNeed.loader, getRequest(`/agency/needs/${needId}`, { cookie: c }), { id: needId })

/** A lowest-price need with three bids; `decide` closes it and runs the selection (publicity). */
async function lowestPriceNeed() {
  const db = await getDb()
  at(shanghaiNoon('2026-03-02'))
  const need = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
  await bidOn(db, m, need.id, { a: 500_000, b: 600_000, c: 700_000 })
  const decide = async () => {
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    await tick(db)
    const [round] = await db
      .select()
      .from(selectionRounds)
      .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 1)))
    const [winnerBid] = await db
      .select()
      .from(bids)
      .where(eq(bids.id, round.chosenBidId as string))
    const winner = keys.find((k) => m.agencies[k].organisationId === winnerBid.agencyOrganisationId) as K
    return { winner, losers: keys.filter((k) => k !== winner) }
  }
  return { need, decide }
}

describe('owner need page: objections', () => {
  it('shows pending objections of the current round and, once ruled, the published reasons — not the grounds', async () => {
    const db = await getDb()
    const { need, decide } = await lowestPriceNeed()
    const { losers } = await decide()
    const quiet = await ownerLoad(need.id, cookie.owner)
    expect(quiet.status).toBe(200)
    expect(quiet.data.objections).toMatchObject({ round: 1, pending: [], ruled: [] })

    const grounds = '中选机构的业绩证明与登记信息不符'
    const [row] = await db
      .insert(objections)
      .values({
        needId: need.id,
        round: 1,
        objectorOrganisationId: m.agencies[losers[0]].organisationId,
        reason: grounds,
        filedAt: now(),
      })
      .returning()
    const pending = await ownerLoad(need.id, cookie.owner)
    expect(pending.data.objections.pending).toHaveLength(1)
    expect(pending.data.objections.pending[0].id).toBe(row.id)
    expect(new Date(pending.data.objections.pending[0].filedAt).getTime()).toBe(row.filedAt.getTime())
    // The objector's grounds and identity stay with the regulator.
    const [objector] = await db.select().from(organisations).where(eq(organisations.id, row.objectorOrganisationId))
    expect(JSON.stringify(pending.data.objections)).not.toContain(grounds)
    expect(JSON.stringify(pending.data.objections)).not.toContain(objector.name)
    // Another owner's page for this need is not found.
    expect((await ownerLoad(need.id, cookie.otherOwner)).status).toBe(404)

    await ruleOnObjection(db, m.regulator.user, row.id, {
      decision: 'reject',
      reason: '业绩证明经核实无误，异议不成立',
      winnerAtFault: false,
    })
    const ruled = await ownerLoad(need.id, cookie.owner)
    expect(ruled.data.objections.pending).toEqual([])
    expect(ruled.data.objections.ruled).toMatchObject([
      { id: row.id, status: 'rejected', rulingReason: '业绩证明经核实无误，异议不成立' },
    ])
  })
})

describe('agency need page: who won', () => {
  it('a losing bidder sees the winner and the winning quote once the result is public, with a link to it', async () => {
    const { need, decide } = await lowestPriceNeed()
    // Sealed while open: nobody learns anything.
    for (const k of ['a', 'b', 'outsider'] as const)
      expect((await agencyLoad(need.id, cookie[k])).data.outcome).toBeNull()
    const { winner, losers } = await decide()
    const db = await getDb()
    const [winnerOrg] = await db
      .select()
      .from(organisations)
      .where(eq(organisations.id, m.agencies[winner].organisationId))
    for (const loser of losers) {
      const seen = await agencyLoad(need.id, cookie[loser])
      expect(seen.status).toBe(200)
      expect(seen.data.outcome).toEqual({
        round: 1,
        winnerName: winnerOrg.name,
        winnerNameEn: winnerOrg.nameEn,
        winnerQuoteFen: 500_000,
        resultUrl: `/needs/${need.id}#result-title`,
      })
    }
    expect((await agencyLoad(need.id, cookie[winner])).data.outcome).toBeNull()
    expect((await agencyLoad(need.id, cookie.outsider)).data.outcome).toBeNull()
  })

  it('random draw: the winner is named without a quote', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-04-01'))
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-04-07' })
    await bidOn(db, m, need.id, { a: 500_000, b: 600_000, c: 700_000 })
    at(shanghaiNoon('2026-04-09'))
    await tick(db)
    await tick(db)
    const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, need.id))
    const [winnerBid] = await db
      .select()
      .from(bids)
      .where(eq(bids.id, round.chosenBidId as string))
    const loser = keys.find((k) => m.agencies[k].organisationId !== winnerBid.agencyOrganisationId) as K
    const seen = await agencyLoad(need.id, cookie[loser])
    expect(seen.data.outcome).toMatchObject({ round: 1, winnerQuoteFen: null })
    expect(typeof seen.data.outcome.winnerName).toBe('string')
  })
})

describe('notifications link to their subject', () => {
  it('a need decision links each recipient to the page for its role, a regulator to the objection; the messages page returns the link', async () => {
    const db = await getDb()
    const { need, decide } = await lowestPriceNeed()
    const { winner, losers } = await decide()
    const linksOf = async (userId: string) =>
      (await db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => n.link)
    // The result's notifications (owner, winner, losing bidders).
    expect(await linksOf(m.owner.user.id)).toContain(`/owner/needs/${need.id}`)
    expect(await linksOf(m.agencies[winner].user.id)).toContain(`/agency/needs/${need.id}`)
    expect(await linksOf(m.agencies[losers[0]].user.id)).toContain(`/agency/needs/${need.id}`)
    // An objection: the regulator's notification leads to the objection it rules on.
    const objection = await fileObjection(db, m.agencies[losers[0]].user, need.id, {
      reason: '中选机构的业绩证明与登记信息不符，请核查',
    })
    expect(await linksOf(m.regulator.user.id)).toContain(`/regulator/objections/${objection.id}`)
    expect(await linksOf(m.otherRegulator.user.id)).toEqual([])
    // Nobody is sent to the public notice when a page of its own exists.
    for (const userId of [m.owner.user.id, m.agencies[winner].user.id, m.regulator.user.id])
      expect(await linksOf(userId)).not.toContain(`/needs/${need.id}`)

    const page = await callRoute(messages.loader, getRequest('/notifications', { cookie: cookie.owner }))
    expect(page.status).toBe(200)
    const ownerLinks = page.data.notifications.map((n: { link: string | null }) => n.link)
    expect(ownerLinks).toContain(`/owner/needs/${need.id}`)
  })
})
