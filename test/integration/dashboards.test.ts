/**
 * The owner's and agency's dashboards (`/owner`, `/agency`) through their loaders, on the real
 * database (PGlite and PostgreSQL): each is scoped by the caller's organisation — an owner never
 * sees another owner's need, an agency never another agency's bid or quote; the owner's actions
 * due name the right needs (draft to publish, direct pick, failed decision, publicity with its
 * end date and pending objections, a flagged winner owing a justification) and change as they
 * are dealt with; the agency's bids carry their outcome, results and due items (justification,
 * objection window) likewise; open needs show a live-bid count only. Wrong role → 403.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { bids, needs, projects, selectionRounds } from '#db/schema'
import { now, resetClock } from '~/domain/now'
import { agencyBidOutcome } from '~/domain/needs/dashboards.server'
import { attachJustification, fileObjection } from '~/domain/publicity/objections.server'
import { repostFailed } from '~/domain/selection/owner-selection.server'
import { fenToYuan } from '~/domain/needs/schemas'
import { tick } from '~/domain/timed-work/tick.server'
import * as agencyHome from '~/routes/agency+/index'
import * as ownerHome from '~/routes/owner+/index'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon } from '../support/needs-fixtures'
import { callRoute, getRequest, sessionCookie } from '../support/routes'

afterEach(() => resetClock())

type Due = { kind: string; needId: string; [k: string]: unknown }
type BidRow = { bidId: string; needId: string; quoteFen: number; outcome: string; revision: number }

const owner = (cookie: string) => callRoute(ownerHome.loader, getRequest('/owner', { cookie }))
const agency = (cookie: string) => callRoute(agencyHome.loader, getRequest('/agency', { cookie }))
const dueOf = (items: Due[]) => items.map((d) => `${d.kind}:${d.needId}`).sort()

describe('dashboards', () => {
  it('owner and agency see only their own needs, bids and quotes; the actions due are the right ones', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c', 'd', 'low'], level: { low: 'C' }, tag: 'DB' })
    const [otherProject] = await db
      .insert(projects)
      .values({
        ownerOrganisationId: m.otherOwner.organisationId,
        name: '另一业主的项目',
        projectCode: '2026-320000-00-00-00000DBX',
        location: '江苏省盐城市',
        industry: '制造业',
        totalInvestmentFen: 300_000_000,
        createdAt: now(),
      })
      .returning()

    const draft = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20', overrides: { state: 'draft', publishedAt: null } })
    const open = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20' })
    const direct = await insertOpenNeed(db, m, { method: 'direct', closesOn: '2026-03-06', priceCeilingFen: 90_000 })
    const failed = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const lowest = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    const random = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const foreign = await insertOpenNeed(db, m, {
      method: 'random',
      closesOn: '2026-03-20',
      overrides: { ownerOrganisationId: m.otherOwner.organisationId, projectId: otherProject.id, title: '他人需求' },
    })

    // Every quote distinct, so a leak is unambiguous.
    const q = {
      open: { a: 711_111, b: 722_222 },
      direct: { a: 81_111, b: 82_222 },
      failed: { a: 611_111, b: 622_222 },
      lowest: { a: 911_111, b: 892_222, c: 873_333, d: 401_111 },
      random: { a: 511_111, b: 522_222, c: 533_333 },
      foreign: { a: 311_111, b: 322_222 },
    }
    const ids = {
      open: await bidOn(db, m, open.id, q.open),
      direct: await bidOn(db, m, direct.id, q.direct),
      failed: await bidOn(db, m, failed.id, q.failed),
      lowest: await bidOn(db, m, lowest.id, q.lowest),
      random: await bidOn(db, m, random.id, q.random),
      foreign: await bidOn(db, m, foreign.id, q.foreign),
    }
    const allQuotes = Object.values(q).flatMap((perNeed) => Object.values(perNeed) as number[])

    const c = {
      owner: await sessionCookie(m.owner.user.id),
      otherOwner: await sessionCookie(m.otherOwner.user.id),
      regulator: await sessionCookie(m.regulator.user.id),
      a: await sessionCookie(m.agencies.a.user.id),
      b: await sessionCookie(m.agencies.b.user.id),
      d: await sessionCookie(m.agencies.d.user.id),
      low: await sessionCookie(m.agencies.low.user.id),
    }

    // Wrong role → 403, for both dashboards.
    for (const cookie of [c.a, c.regulator]) expect((await owner(cookie)).status).toBe(403)
    for (const cookie of [c.owner, c.regulator]) expect((await agency(cookie)).status).toBe(403)

    // While everything is open: counts only, no quote anywhere in the owner's dashboard.
    const early = await owner(c.owner)
    expect(early.status).toBe(200)
    const earlyJson = JSON.stringify(early.data)
    for (const quote of allQuotes) {
      expect(earlyJson).not.toContain(String(quote))
      expect(earlyJson).not.toContain(fenToYuan(quote))
    }
    expect(early.data.openNeeds).toHaveLength(5)
    expect(early.data.openNeeds.find((n: { id: string }) => n.id === lowest.id).liveBids).toBe(4)

    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const [lowestRound] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, lowest.id))
    const [randomRound] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, random.id))
    expect(lowestRound.chosenBidId).toBe(ids.lowest.d)
    const endsOn = lowestRound.publicityEndsOn as string
    const randomWinner = (['a', 'b', 'c'] as const).find((k) => ids.random[k] === randomRound.chosenBidId)!

    // ── Owner ──
    const home = await owner(c.owner)
    expect(home.status).toBe(200)
    const counts = Object.fromEntries(home.data.needCounts.map((r: { state: string; count: number }) => [r.state, r.count]))
    expect(counts).toEqual({ draft: 1, open: 1, evaluating: 1, failed: 1, publicity: 2 })
    expect(home.data.openNeeds).toEqual([{ id: open.id, title: open.title, registrationClosesOn: '2026-03-20', liveBids: 2 }])
    expect(dueOf(home.data.due)).toEqual(
      [
        `publishDraft:${draft.id}`,
        `pickDirect:${direct.id}`,
        `failedDecision:${failed.id}`,
        `publicity:${lowest.id}`,
        `awaitingJustification:${lowest.id}`,
        `publicity:${random.id}`,
      ].sort(),
    )
    const due = (kind: string, needId: string) => home.data.due.find((d: Due) => d.kind === kind && d.needId === needId)
    expect(due('pickDirect', direct.id)).toMatchObject({ liveBids: 2 })
    expect(due('failedDecision', failed.id)).toMatchObject({ validBidCount: 2, minValidBids: 3 })
    expect(due('publicity', lowest.id)).toMatchObject({ endsOn, pendingObjections: 0 })
    expect(due('awaitingJustification', lowest.id)).toMatchObject({ endsOn, agencyName: m.agencies.d.user.organisationName })
    const homeJson = JSON.stringify(home.data)
    expect(homeJson).not.toContain(foreign.id)
    expect(homeJson).not.toContain('他人需求')
    for (const quote of Object.values(q.open)) expect(homeJson).not.toContain(String(quote))

    // Another owner sees its own need only.
    const other = await owner(c.otherOwner)
    expect(other.data.openNeeds.map((n: { id: string }) => n.id)).toEqual([foreign.id])
    const otherJson = JSON.stringify(other.data)
    for (const n of [draft, open, direct, failed, lowest, random]) expect(otherJson).not.toContain(n.id)
    expect(other.data.due).toEqual([])

    // ── Agency d: the flagged winner of the lowest-price need ──
    const dHome = await agency(c.d)
    expect(dHome.status).toBe(200)
    const dBids: BidRow[] = dHome.data.dashboard.bids
    expect(dBids.map((b) => b.bidId)).toEqual([ids.lowest.d])
    expect(dBids[0]).toMatchObject({ needId: lowest.id, quoteFen: q.lowest.d, outcome: 'selected', revision: 1 })
    expect(dHome.data.dashboard.results.map((b: BidRow) => b.bidId)).toEqual([ids.lowest.d])
    expect(dueOf(dHome.data.dashboard.due)).toEqual([`justification:${lowest.id}`])
    const dJson = JSON.stringify(dHome.data)
    for (const quote of allQuotes.filter((x) => x !== q.lowest.d)) expect(dJson).not.toContain(String(quote))
    // d has no bid on the open needs; it may bid on them (eligible), the draft and others are not listed.
    expect(dHome.data.dashboard.opportunities.map((n: { id: string }) => n.id).sort()).toEqual([open.id, foreign.id].sort())

    // ── Agency a: bids everywhere, wins nothing but perhaps the draw ──
    const aHome = await agency(c.a)
    const aBids: BidRow[] = aHome.data.dashboard.bids
    const outcomeOf = (needId: string) => aBids.find((b) => b.needId === needId)?.outcome
    expect(aBids.map((b) => b.bidId).sort()).toEqual(Object.values(ids).map((perNeed) => perNeed.a).sort())
    expect(outcomeOf(open.id)).toBe('bidding')
    expect(outcomeOf(foreign.id)).toBe('bidding')
    expect(outcomeOf(direct.id)).toBe('evaluating')
    expect(outcomeOf(failed.id)).toBe('failed')
    expect(outcomeOf(lowest.id)).toBe('notSelected')
    expect(outcomeOf(random.id)).toBe(randomWinner === 'a' ? 'selected' : 'notSelected')
    const needKey = { [open.id]: 'open', [direct.id]: 'direct', [failed.id]: 'failed', [lowest.id]: 'lowest', [random.id]: 'random', [foreign.id]: 'foreign' } as const
    for (const b of aBids) expect(b.quoteFen).toBe(q[needKey[b.needId] as keyof typeof q].a)
    const aJson = JSON.stringify(aHome.data)
    const aQuotes = Object.values(q).map((perNeed) => perNeed.a)
    for (const quote of allQuotes.filter((x) => !aQuotes.includes(x))) expect(aJson).not.toContain(String(quote))
    expect(aHome.data.dashboard.results.map((b: BidRow) => b.needId).sort()).toEqual([failed.id, lowest.id, random.id].sort())
    const expectedADue = [`objectionWindow:${lowest.id}`, ...(randomWinner === 'a' ? [] : [`objectionWindow:${random.id}`])]
    expect(dueOf(aHome.data.dashboard.due)).toEqual(expectedADue.sort())
    // a has bid on both open needs: still listed as opportunities, with its own bid only.
    const aOpen = aHome.data.dashboard.opportunities.find((n: { id: string }) => n.id === open.id)
    expect(aOpen.ownBid).toEqual({ quoteFen: q.open.a, committedDays: 15, revision: 1 })

    // An agency whose qualification level is too low is not offered the open needs.
    const lowHome = await agency(c.low)
    expect(lowHome.data.dashboard.opportunities).toEqual([])
    expect(lowHome.data.dashboard.bids).toEqual([])

    // ── Dealing with the items ──
    await attachJustification(db, m.agencies.d.user, lowest.id, { text: '自有设备，成本较低' })
    await fileObjection(db, m.agencies.a.user, lowest.id, { reason: '中选报价低于成本' })
    const draftCopy = await repostFailed(db, m.owner.user, failed.id)
    const after = await owner(c.owner)
    expect(dueOf(after.data.due)).toEqual(
      [
        `publishDraft:${draft.id}`,
        `publishDraft:${draftCopy}`,
        `pickDirect:${direct.id}`,
        `publicity:${lowest.id}`,
        `publicity:${random.id}`,
      ].sort(),
    )
    expect(after.data.due.find((d: Due) => d.kind === 'publicity' && d.needId === lowest.id).pendingObjections).toBe(1)
    expect(dueOf((await agency(c.d)).data.dashboard.due)).toEqual([])
    expect(dueOf((await agency(c.a)).data.dashboard.due)).toEqual(
      randomWinner === 'a' ? [] : [`objectionWindow:${random.id}`],
    )

    // Publicity over: the random need is awarded (the lowest-price one waits for the ruling).
    at(shanghaiNoon('2026-03-20'))
    expect(randomRound.publicityEndsOn! < '2026-03-20').toBe(true)
    await tick(db)
    expect((await db.select().from(needs).where(eq(needs.id, random.id)))[0].state).toBe('awarded')
    for (const key of ['a', 'b'] as const) {
      const rows: BidRow[] = (await agency(key === 'a' ? c.a : c.b)).data.dashboard.results
      expect(rows.find((r) => r.needId === random.id)?.outcome).toBe(randomWinner === key ? 'awarded' : 'notSelected')
    }
    // No objection window once publicity has ended, even while the need stays in publicity.
    expect(dueOf((await agency(c.b)).data.dashboard.due)).toEqual([])
    const [bBid] = await db
      .select()
      .from(bids)
      .where(and(eq(bids.needId, lowest.id), eq(bids.agencyOrganisationId, m.agencies.b.organisationId)))
    expect(bBid.status).toBe('live')
  })
})

describe('agencyBidOutcome', () => {
  const base = { bidStatus: 'live' as const, bidStatusReason: null, chosenNow: false, awardedToThisBid: null }
  it('names what a bid came to', () => {
    expect(agencyBidOutcome({ ...base, needState: 'open' })).toBe('bidding')
    expect(agencyBidOutcome({ ...base, needState: 'evaluating' })).toBe('evaluating')
    expect(agencyBidOutcome({ ...base, needState: 'publicity', chosenNow: true })).toBe('selected')
    expect(agencyBidOutcome({ ...base, needState: 'publicity' })).toBe('notSelected')
    expect(agencyBidOutcome({ ...base, needState: 'in_service', awardedToThisBid: true })).toBe('awarded')
    expect(agencyBidOutcome({ ...base, needState: 'awarded', awardedToThisBid: false })).toBe('notSelected')
    expect(agencyBidOutcome({ ...base, needState: 'failed' })).toBe('failed')
    expect(agencyBidOutcome({ ...base, needState: 'cancelled', bidStatus: 'withdrawn', bidStatusReason: 'need_cancelled' })).toBe('cancelled')
    expect(agencyBidOutcome({ ...base, needState: 'cancelled', bidStatus: 'withdrawn', bidStatusReason: null })).toBe('withdrawn')
    expect(agencyBidOutcome({ ...base, needState: 'evaluating', bidStatus: 'disqualified', bidStatusReason: 'objectionUpheld' })).toBe('disqualified')
  })
})
