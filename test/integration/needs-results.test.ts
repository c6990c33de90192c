/**
 * The public result (公示) of a need through the public page loader and `GET /api/v1/needs/:id`,
 * on the real database (PGlite and PostgreSQL): nothing of a bid before the window closes (the
 * serialised output holds no quote, bidder name, credit code or bid id), drafts are 404; after
 * the timed work selects — lowest price: every valid quote with its bidder, the abnormally-low
 * flag and threshold, the excluded (ineligible) bid with its reason, objections counted, the
 * cost justification once attached, and after a missing justification the redo round with the
 * earlier winner shown as disqualified; comprehensive: every bidder's score breakdown; random:
 * only the winner's quote with the draw's candidates; direct: the owner's reason; a failed round:
 * the valid count against the minimum and no quote. Commitments: from the API output alone every
 * published bid version's audit commitment is recomputed and found in the audit log; nothing of
 * them (nonces included) before the close, and none for a bid whose quote stays unpublished.
 */
import { createHash } from 'node:crypto'
import { eq, inArray } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, bidRevisions, bids, needs, organisations } from '#db/schema'
import { resetClock } from '~/domain/now'
import { reviseBid } from '~/domain/bidding/bids.server'
import { attachJustification, fileObjection } from '~/domain/publicity/objections.server'
import { pickDirect } from '~/domain/selection/owner-selection.server'
import type { PublicBidCommitment, PublicResult, PublicRound } from '~/domain/publicity/results.server'
import { fenToYuan } from '~/domain/needs/schemas'
import { tick } from '~/domain/timed-work/tick.server'
import { recordAudit } from '~/utils/audit.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import * as publicNeedRoute from '~/routes/_public+/needs.$id'
import * as apiNeedRoute from '~/routes/api+/v1.needs.$id'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, getRequest } from '../support/routes'

afterEach(() => resetClock())

const page = (id: string) => callRoute(publicNeedRoute.loader, getRequest(`/needs/${id}`), { id })
const api = (id: string) => callRoute(apiNeedRoute.loader, getRequest(`/api/v1/needs/${id}`), { id })

/** The result from both the page loader and the API; they must agree. */
async function results(id: string): Promise<PublicResult | null> {
  const p = await page(id)
  const a = await api(id)
  expect(p.status).toBe(200)
  expect(a.status).toBe(200)
  expect(a.data.data.result).toEqual(p.data.result)
  return p.data.result
}

async function parties<K extends string>(m: Marketplace<K>) {
  const db = await getDb()
  const ids = Object.values<{ organisationId: string }>(m.agencies).map((a) => a.organisationId)
  const rows = await db.select().from(organisations).where(inArray(organisations.id, ids))
  const byKey = {} as Record<K, { name: string; creditCode: string; id: string }>
  for (const key of Object.keys(m.agencies) as K[]) {
    const org = rows.find((r) => r.id === m.agencies[key].organisationId)!
    byKey[key] = { name: org.name, creditCode: org.creditCode, id: org.id }
  }
  return byKey
}

/** Nothing of these bids in the serialised output: quote (fen and yuan), bidder name, credit code, ids. */
function expectNothingOf(json: string, quotes: Record<string, number>, who: Record<string, { name: string; creditCode: string; id: string }>, bidIds: string[]) {
  for (const [key, q] of Object.entries(quotes)) {
    expect(json).not.toContain(String(q))
    expect(json).not.toContain(fenToYuan(q))
    expect(json).not.toContain(who[key].name)
    expect(json).not.toContain(who[key].creditCode)
    expect(json).not.toContain(who[key].id)
  }
  for (const id of bidIds) expect(json).not.toContain(id)
}

describe('public result', () => {
  it('lowest price: sealed while open; then every quote, the flag, the excluded bid, objections, the justification', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    // e's qualification lapses before the close: it may bid, but is ineligible at the selection.
    const m = await setupMarketplace(db, {
      agencies: ['a', 'b', 'c', 'd', 'e'],
      validUntil: { e: '2026-03-04' },
      tag: 'LP',
    })
    const who = await parties(m)
    const need = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    const quotes = { a: 901_234, b: 882_345, c: 863_456, d: 401_234, e: 855_678 }
    const ids = await bidOn(db, m, need.id, quotes)

    // Open: no result, nothing of a bid anywhere in the page loader or the API.
    const openPage = await page(need.id)
    const openApi = await api(need.id)
    expect(openPage.status).toBe(200)
    expect(openPage.data.result).toBeNull()
    expect(openApi.data.data.result).toBeNull()
    expectNothingOf(JSON.stringify([openPage.data, openApi.data]), quotes, who, Object.values(ids))

    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const result = (await results(need.id))!
    expect(result).toMatchObject({ state: 'publicity', method: 'lowest_price', round: 1, awardedAt: null })
    expect(result.rounds).toHaveLength(1)
    const round = result.rounds[0]
    // Mean of the four valid quotes = 762 067.25; 70 % of it = 533 447.075 → cut 533 448.
    const valid = [quotes.a, quotes.b, quotes.c, quotes.d]
    const cut = Math.ceil((70 * valid.reduce((s, q) => s + q, 0)) / (100 * valid.length))
    expect(round).toMatchObject({
      round: 1,
      outcome: 'winner',
      validBidCount: 4,
      minValidBids: 3,
      abnormalBelowFen: cut,
      ownerReason: null,
      draw: null,
      winner: { agencyName: who.d.name, creditCode: who.d.creditCode, quoteFen: quotes.d, committedDays: 15, abnormallyLow: true },
      winnerDisqualified: null,
      justification: { required: true, text: null, attachedAt: null },
      objections: { pending: 0, upheld: 0, rejected: 0, moot: 0 },
    })
    expect(round.publicityEndsOn).toMatch(/^2026-03-1\d$/)
    expect(round.quotes!.map((q) => [q.agencyName, q.quoteFen, q.rank, q.abnormallyLow, q.chosen])).toEqual([
      [who.d.name, quotes.d, 1, true, true],
      [who.c.name, quotes.c, 2, false, false],
      [who.b.name, quotes.b, 3, false, false],
      [who.a.name, quotes.a, 4, false, false],
    ])
    expect(round.quotes!.every((q) => q.score === null)).toBe(true)
    expect(round.excluded).toEqual([
      {
        agencyName: who.e.name,
        agencyNameEn: '',
        creditCode: who.e.creditCode,
        // Its credit tier at the window's close, stored with the round (issue 14 §2).
        credit: { tier: 'A', score: 100, asOf: 'close' },
        kind: 'ineligible',
        reasons: ['qualificationExpired'],
      },
    ])
    // The ineligible bid's amount is not published.
    expect(JSON.stringify(result)).not.toContain(String(quotes.e))

    // An objection is counted; the justification shows once attached.
    await fileObjection(db, m.agencies.a.user, need.id, { reason: '中选报价明显低于成本' })
    expect((await results(need.id))!.rounds[0].objections).toEqual({ pending: 1, upheld: 0, rejected: 0, moot: 0 })

    await attachJustification(db, m.agencies.d.user, need.id, { text: '自有监测设备，人工成本低' })
    const justified = (await results(need.id))!.rounds[0].justification
    expect(justified).toMatchObject({ required: true, text: '自有监测设备，人工成本低' })
    expect(justified.attachedAt).not.toBeNull()
  })

  it('lowest price without a justification: round 1 shows the winner disqualified, round 2 the new winner', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c', 'd'], tag: 'RJ' })
    const who = await parties(m)
    const need = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    const quotes = { a: 901_234, b: 882_345, c: 863_456, d: 401_234 }
    await bidOn(db, m, need.id, quotes)
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const first = (await results(need.id))!.rounds[0]
    at(shanghaiNoon('2026-03-20'))
    expect(first.publicityEndsOn! < '2026-03-20').toBe(true)
    await tick(db) // publicity over without justification → winner disqualified, round 2
    // Until round 2 exists the page may not say the selection was redone (issue 12).
    const between = (await results(need.id))!
    expect(between.rounds.map((r) => r.round)).toEqual([1])
    expect(between.rounds[0].winnerDisqualified).toEqual({ reason: 'justificationMissing', redone: false })
    await tick(db) // round 2 selected among a, b, c
    const result = (await results(need.id))!
    expect(result.round).toBe(2)
    expect(result.rounds.map((r) => r.round)).toEqual([2, 1])
    const [redo, earlier] = result.rounds
    expect(earlier.winnerDisqualified).toEqual({ reason: 'justificationMissing', redone: true })
    expect(earlier.winner?.agencyName).toBe(who.d.name)
    expect(redo.winnerDisqualified).toBeNull()
    expect(redo.winner).toMatchObject({ agencyName: who.c.name, quoteFen: quotes.c, abnormallyLow: false })
    expect(redo.quotes!.map((q) => q.agencyName)).toEqual([who.c.name, who.b.name, who.a.name])
    expect(redo.justification.required).toBe(false)
  })

  it('comprehensive: every bidder with its score breakdown, totals adding up, ranked', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'CP' })
    const who = await parties(m)
    const need = await insertOpenNeed(db, m, { method: 'comprehensive', closesOn: '2026-03-06' })
    await bidOn(db, m, need.id, { a: 800_000, b: 700_000, c: 750_000 }, { a: 10, b: 18, c: 12 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const round = (await results(need.id))!.rounds[0]
    expect(round.quotes).toHaveLength(3)
    for (const q of round.quotes!) {
      expect(q.score).not.toBeNull()
      const s = q.score!
      expect(s.price + s.credit + s.rating + s.days).toBe(s.total)
    }
    const byName = new Map(round.quotes!.map((q) => [q.agencyName, q]))
    // Weights 40/20/20/20: b has the lowest quote (full price points), a the fewest days (full day points).
    expect(byName.get(who.b.name)!.score!.price).toBe(4000)
    expect(byName.get(who.a.name)!.score!.days).toBe(2000)
    expect(byName.get(who.a.name)!.score!.price).toBe(Math.round((700_000 * 40 * 100) / 800_000))
    const totals = round.quotes!.map((q) => q.score!.total)
    expect([...totals].sort((x, y) => y - x)).toEqual(totals)
    expect(round.quotes![0].chosen).toBe(true)
    expect(round.winner?.agencyName).toBe(round.quotes![0].agencyName)
    expect(round.quotes!.map((q) => q.rank)).toEqual([1, 2, 3])
  })

  it('random: the winner and its quote only, the draw candidates and link; other quotes never', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'RA' })
    const who = await parties(m)
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const quotes = { a: 612_345, b: 623_456, c: 634_567 }
    const ids = await bidOn(db, m, need.id, quotes)
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const result = (await results(need.id))!
    const round = result.rounds[0]
    expect(round.outcome).toBe('draw')
    expect(round.quotes).toBeNull()
    expect(round.abnormalBelowFen).toBeNull()
    expect(round.draw?.url).toBe(`/draws/${need.id}`)
    expect(round.draw?.candidates.map((c) => c.creditCode).sort()).toEqual(
      (['a', 'b', 'c'] as const).map((k) => who[k].creditCode).sort(),
    )
    const winnerKey = (['a', 'b', 'c'] as const).find((k) => who[k].name === round.winner?.agencyName)!
    expect(round.winner).toMatchObject({ quoteFen: quotes[winnerKey], creditCode: who[winnerKey].creditCode })
    const losers = (['a', 'b', 'c'] as const).filter((k) => k !== winnerKey)
    const json = JSON.stringify([await page(need.id), await api(need.id)].map((r) => r.data))
    for (const k of losers) {
      expect(json).not.toContain(String(quotes[k]))
      expect(json).not.toContain(ids[k])
    }
  })

  it('direct: the owner’s reason and the picked quote only', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b'], tag: 'DI' })
    const who = await parties(m)
    const need = await insertOpenNeed(db, m, { method: 'direct', closesOn: '2026-03-06', priceCeilingFen: 90_000 })
    const quotes = { a: 81_234, b: 72_345 }
    const ids = await bidOn(db, m, need.id, quotes)
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    expect((await results(need.id))!.rounds).toEqual([])
    expect(JSON.stringify((await page(need.id)).data)).not.toContain(String(quotes.a))
    await pickDirect(db, m.owner.user, need.id, { bidId: ids.a, reason: '类似项目经验丰富' })
    const round = (await results(need.id))!.rounds[0]
    expect(round).toMatchObject({
      outcome: 'owner_pick',
      ownerReason: '类似项目经验丰富',
      quotes: null,
      winner: { agencyName: who.a.name, quoteFen: quotes.a },
    })
    expect(JSON.stringify((await api(need.id)).data)).not.toContain(String(quotes.b))
  })

  it('a failed round: the valid count against the minimum, no quote; drafts are 404', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b'], tag: 'FA' })
    const who = await parties(m)
    const need = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    const quotes = { a: 512_345, b: 523_456 }
    const ids = await bidOn(db, m, need.id, quotes)
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const result = (await results(need.id))!
    expect(result.state).toBe('failed')
    const round: PublicRound = result.rounds[0]
    expect(round).toMatchObject({ outcome: 'failed', validBidCount: 2, minValidBids: 3, winner: null, quotes: null, abnormalBelowFen: null })
    expectNothingOf(JSON.stringify([(await page(need.id)).data, (await api(need.id)).data]), quotes, who, Object.values(ids))

    const draft = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20', overrides: { state: 'draft', publishedAt: null } })
    expect((await page(draft.id)).status).toBe(404)
    expect((await api(draft.id)).status).toBe(404)
    expect((await db.select().from(needs).where(eq(needs.id, draft.id)))[0].state).toBe('draft')
  })

  it('commitments: recomputed from the API output alone and found in the audit log; none before the close or for unpublished quotes', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c', 'e'], validUntil: { e: '2026-03-04' }, tag: 'CM' })
    const need = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    const ids = await bidOn(db, m, need.id, { a: 701_234, b: 682_345, c: 663_456, e: 655_678 })
    at(shanghaiNoon('2026-03-04'))
    await reviseBid(db, m.agencies.b.user, ids.b, { quoteFen: 672_000, committedDays: 14, note: '优化方案', team: '张伟' })
    await reviseBid(db, m.agencies.b.user, ids.b, { quoteFen: 671_000, committedDays: 13, note: '再次优化', team: '张伟' })
    const nonces = (await db.select().from(bidRevisions).where(inArray(bidRevisions.bidId, Object.values(ids)))).map(
      (r) => r.commitmentNonce!,
    )
    expect(nonces).toHaveLength(6)

    // Open: no result, and not one nonce anywhere.
    const openJson = JSON.stringify([(await page(need.id)).data, (await api(need.id)).data])
    for (const nonce of nonces) expect(openJson).not.toContain(nonce)

    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    await results(need.id) // the page and the API agree
    const fromApi = (await api(need.id)).data.data.result as PublicResult
    const round = fromApi.rounds[0]
    expect(round.quotes).toHaveLength(3)

    // From the API output alone: rebuild each committed string from its fields, hash it.
    const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
    const recomputed = (c: PublicBidCommitment) =>
      c.revisions.map((r) => {
        const committed = `bid:${c.bidId}:r${r.revision}:q${r.quoteFen}:d${r.committedDays}:n${r.nonce}`
        expect(r.nonce).toMatch(/^[0-9a-f]{32}$/)
        expect(r.committed).toBe(committed)
        expect(r.commitment).toBe(sha256(committed))
        return { revision: r.revision, commitment: sha256(committed), event: r.auditEvent! }
      })

    // Exactly the published quotes (the winner among them), not the ineligible bid.
    expect(fromApi.commitments.map((c) => c.bidId).sort()).toEqual([ids.a, ids.b, ids.c].sort())
    for (const q of round.quotes!) {
      const c = fromApi.commitments.find((x) => x.creditCode === q.creditCode)!
      expect(c.revisions.at(-1)).toMatchObject({ quoteFen: q.quoteFen, committedDays: q.committedDays })
    }
    const b = fromApi.commitments.find((c) => c.bidId === ids.b)!
    expect(b.revisions.map((r) => [r.revision, r.quoteFen, r.committedDays])).toEqual([
      [1, 682_345, 15],
      [2, 672_000, 14],
      [3, 671_000, 13],
    ])

    // Each recomputed commitment is the one its audit event recorded, in an intact chain.
    for (const c of fromApi.commitments) {
      for (const { revision, commitment, event } of recomputed(c)) {
        const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, event.id))
        // The event is a leaf of the transparency log, and its public form shows the commitment.
        expect(event.leafIndex).not.toBeNull()
        expect(JSON.parse(row.leaf!)).toMatchObject({ eventId: row.id, payload: { quoteCommitment: commitment } })
        expect(row).toMatchObject({
          leafIndex: event.leafIndex,
          action: revision === 1 ? 'bid.submitted' : 'bid.revised',
          entityType: 'bid',
          entityId: c.bidId,
        })
        expect(row.payload).toEqual({ needId: need.id, bidId: c.bidId, revision, quoteCommitment: commitment })
      }
    }
    expect((await verifyAuditLog(db)).ok).toBe(true)

    // The ineligible bid's nonce is not published (it would give its quote away).
    const [eNonce] = await db.select().from(bidRevisions).where(eq(bidRevisions.bidId, ids.e))
    expect(JSON.stringify(fromApi)).not.toContain(eNonce.commitmentNonce!)
    expect(JSON.stringify(fromApi)).not.toContain(ids.e)
  })

  it('commitments of a draw: the winner only; a failed round: none', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'CR' })
    const drawn = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const drawIds = await bidOn(db, m, drawn.id, { a: 612_345, b: 623_456, c: 634_567 })
    const failing = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    await bidOn(db, m, failing.id, { a: 512_345, b: 523_456 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)

    const drawResult = (await results(drawn.id))!
    const winner = drawResult.rounds[0].winner!
    expect(drawResult.commitments).toHaveLength(1)
    const [only] = drawResult.commitments
    expect(only).toMatchObject({ agencyName: winner.agencyName, creditCode: winner.creditCode })
    expect(only.revisions).toHaveLength(1)
    expect(only.revisions[0].quoteFen).toBe(winner.quoteFen)
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.id, only.revisions[0].auditEvent!.id))
    expect((event.payload as { quoteCommitment: string }).quoteCommitment).toBe(
      createHash('sha256').update(only.revisions[0].committed).digest('hex'),
    )
    const losers = Object.values(drawIds).filter((id) => id !== only.bidId)
    const loserNonces = (await db.select().from(bidRevisions).where(inArray(bidRevisions.bidId, losers))).map(
      (r) => r.commitmentNonce!,
    )
    const json = JSON.stringify([(await page(drawn.id)).data, (await api(drawn.id)).data])
    for (const n of loserNonces) expect(json).not.toContain(n)

    const failed = (await results(failing.id))!
    expect(failed.state).toBe('failed')
    expect(failed.commitments).toEqual([])
  })

  it('commitments of a bid from before the nonce: nonce null, the old formula, still found in the log', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b'], tag: 'CL' })
    const need = await insertOpenNeed(db, m, { method: 'direct', closesOn: '2026-03-06', priceCeilingFen: 90_000 })
    await bidOn(db, m, need.id, { b: 72_345 })
    // As submitBid wrote it before the nonce: no bid_revisions row, the commitment without `:n…`.
    const [legacy] = await db
      .insert(bids)
      .values({
        needId: need.id,
        agencyOrganisationId: m.agencies.a.organisationId,
        quoteFen: 81_234,
        committedDays: 12,
        note: '',
        team: '',
        status: 'live',
        revision: 1,
        submittedAt: shanghaiNoon('2026-03-02'),
        updatedAt: shanghaiNoon('2026-03-02'),
      })
      .returning()
    const oldString = `bid:${legacy.id}:r1:q81234:d12`
    const oldCommitment = createHash('sha256').update(oldString).digest('hex')
    await recordAudit(db, {
      actor: { userId: m.agencies.a.user.id, organisationId: m.agencies.a.organisationId },
      action: 'bid.submitted',
      entityType: 'bid',
      entityId: legacy.id,
      payload: { needId: need.id, bidId: legacy.id, revision: 1, quoteCommitment: oldCommitment },
    })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    await pickDirect(db, m.owner.user, need.id, { bidId: legacy.id, reason: '类似项目经验丰富' })
    const { commitments } = (await results(need.id))!
    expect(commitments).toHaveLength(1)
    expect(commitments[0].bidId).toBe(legacy.id)
    expect(commitments[0].revisions).toEqual([
      {
        revision: 1,
        quoteFen: 81_234,
        committedDays: 12,
        nonce: null,
        committed: oldString,
        commitment: oldCommitment,
        auditEvent: expect.objectContaining({ action: 'bid.submitted' }),
      },
    ])
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.id, commitments[0].revisions[0].auditEvent!.id))
    expect(row.leafIndex).toBe(commitments[0].revisions[0].auditEvent!.leafIndex)
  })
})
