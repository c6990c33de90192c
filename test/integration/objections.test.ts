/**
 * Objections during publicity and the redo round, on the real database (PGlite and PostgreSQL).
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyQualifications, bids, creditEvents, needs, objections, selectionRounds } from '#db/schema'
import { resetClock } from '~/domain/now'
import { verifyDraw, verifyRedo, type DrawTranscript } from '~/domain/selection/draw'
import { attachJustification, fileObjection, ruleOnObjection } from '~/domain/publicity/objections.server'
import { bidsForOwner, pickDirect } from '~/domain/selection/owner-selection.server'
import { tick } from '~/domain/timed-work/tick.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'

type K = 'a' | 'b' | 'c' | 'd' | 'e' | 'lapsed' | 'outsider'
let m: Marketplace<K>
const keys: K[] = ['a', 'b', 'c', 'd']

beforeAll(async () => {
  // `lapsed`'s qualification ends before the windows below close; `e` and `lapsed` bid only where a test says so.
  m = await setupMarketplace(await getDb(), {
    agencies: ['a', 'b', 'c', 'd', 'e', 'lapsed', 'outsider'],
    validUntil: { lapsed: '2026-03-07' },
  })
})
afterEach(() => resetClock())

/** Sets the last valid day of an agency's qualification. */
async function qualificationUntil(key: K, validUntil: string) {
  const db = await getDb()
  await db.update(agencyQualifications).set({ validUntil }).where(eq(agencyQualifications.organisationId, m.agencies[key].organisationId))
}

const keyOf = (agencyId: string) => (Object.keys(m.agencies) as K[]).find((k) => m.agencies[k].organisationId === agencyId) as K

async function drawnNeed() {
  const db = await getDb()
  at(shanghaiNoon('2026-03-02'))
  const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
  await bidOn(db, m, need.id, { a: 500_000, b: 600_000, c: 700_000, d: 800_000 })
  at(shanghaiNoon('2026-03-09'))
  await tick(db)
  await tick(db)
  const [n] = await db.select().from(needs).where(eq(needs.id, need.id))
  expect(n.state).toBe('publicity')
  const [round] = await db
    .select()
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 1)))
  const winnerBid = (await db.select().from(bids).where(eq(bids.id, round.chosenBidId as string)))[0]
  const winner = keys.find((k) => m.agencies[k].organisationId === winnerBid.agencyOrganisationId) as K
  const losers = keys.filter((k) => k !== winner)
  return { need: n, round, winner, losers }
}

describe('objections', () => {
  it('refuses the wrong people and bad input; a pending objection blocks the award until rejected', async () => {
    const db = await getDb()
    const { need, round, winner, losers } = await drawnNeed()
    await expect(fileObjection(db, m.agencies.outsider.user, need.id, { reason: '不公平' })).rejects.toMatchObject({ status: 404 })
    await expect(fileObjection(db, m.agencies[winner].user, need.id, { reason: '不公平' })).rejects.toMatchObject({ status: 403 })
    await expect(fileObjection(db, m.owner.user, need.id, { reason: '不公平' })).rejects.toMatchObject({ status: 403 })
    await expect(fileObjection(db, m.agencies[losers[0]].user, need.id, { reason: '  ' })).rejects.toMatchObject({ field: 'reason' })
    expect(await db.select().from(objections).where(eq(objections.needId, need.id))).toHaveLength(0)

    const { id } = await fileObjection(db, m.agencies[losers[0]].user, need.id, { reason: '中选机构资质存疑' })
    await expect(fileObjection(db, m.agencies[losers[0]].user, need.id, { reason: '再次' })).rejects.toMatchObject({ status: 409 })

    await expect(ruleOnObjection(db, m.otherRegulator.user, id, { decision: 'reject', reason: '无据', winnerAtFault: false })).rejects.toMatchObject({ status: 404 })
    await expect(ruleOnObjection(db, m.owner.user, id, { decision: 'reject', reason: '无据', winnerAtFault: false })).rejects.toMatchObject({ status: 403 })
    await expect(ruleOnObjection(db, m.regulator.user, id, { decision: 'reject', reason: '', winnerAtFault: false })).rejects.toMatchObject({ field: 'reason' })

    // After the end of publicity the pending objection keeps the need in publicity.
    at(shanghaiNoon('2026-03-30'))
    expect(round.publicityEndsOn! < '2026-03-30').toBe(true)
    await expect(fileObjection(db, m.agencies[losers[1]].user, need.id, { reason: '晚了' })).rejects.toMatchObject({ status: 409 })
    expect((await tick(db)).awarded).toBe(0)
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0].state).toBe('publicity')

    await ruleOnObjection(db, m.regulator.user, id, { decision: 'reject', reason: '异议理由不成立', winnerAtFault: false })
    expect((await tick(db)).awarded).toBe(1)
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0].state).toBe('awarded')
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('upheld: the winner is disqualified, others moot, round 2 redraws without the winner and verifies', async () => {
    const db = await getDb()
    const { need, round, losers } = await drawnNeed()
    const first = await fileObjection(db, m.agencies[losers[0]].user, need.id, { reason: '中选机构业绩造假' })
    const second = await fileObjection(db, m.agencies[losers[1]].user, need.id, { reason: '同上' })
    await ruleOnObjection(db, m.regulator.user, first.id, { decision: 'uphold', reason: '查实', winnerAtFault: true })
    const [n] = await db.select().from(needs).where(eq(needs.id, need.id))
    expect(n).toMatchObject({ state: 'evaluating', round: 2 })
    expect((await db.select().from(bids).where(eq(bids.id, round.chosenBidId as string)))[0].status).toBe('disqualified')
    expect((await db.select().from(objections).where(eq(objections.id, second.id)))[0].status).toBe('moot')
    // The winner's fault enters its credit ledger in the ruling's transaction, with the ruling's reason.
    const [winnerBid] = await db.select().from(bids).where(eq(bids.id, round.chosenBidId as string))
    const credit = await db.select().from(creditEvents).where(eq(creditEvents.objectionId, first.id))
    expect(credit).toHaveLength(1)
    expect(credit[0]).toMatchObject({
      agencyOrganisationId: winnerBid.agencyOrganisationId,
      kind: 'objection_upheld',
      source: 'objection',
      points: -10,
      reason: '查实',
      actorUserId: m.regulator.user.id,
      needId: need.id,
    })

    await tick(db)
    const [round2] = await db
      .select()
      .from(selectionRounds)
      .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 2)))
    expect(round2.chosenBidId).not.toBe(round.chosenBidId)
    const t1 = round.drawTranscript as unknown as DrawTranscript
    const t2 = round2.drawTranscript as unknown as DrawTranscript
    expect(await verifyDraw(t2, need.seedHash as string)).toEqual({ ok: true })
    expect(await verifyRedo(t1, t2, need.seedHash as string)).toEqual({ ok: true })
    expect(t2.candidates.some((c) => c.bidId === round.chosenBidId)).toBe(false)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('lowest price, abnormally low winner: no justification → disqualified and redone; with it → awarded', async () => {
    const db = await getDb()
    for (const justify of [false, true]) {
      at(shanghaiNoon('2026-03-02'))
      const need = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
      const ids = await bidOn(db, m, need.id, { a: 200_000, b: 900_000, c: 950_000, d: 980_000 })
      at(shanghaiNoon('2026-03-09'))
      await tick(db)
      await tick(db)
      const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, need.id))
      expect(round.chosenBidId).toBe(ids.a)
      expect(round.result.requiresJustification).toBe(true)
      await expect(attachJustification(db, m.agencies.b.user, need.id, { text: '成本' })).rejects.toMatchObject({ status: 403 })
      if (justify) await attachJustification(db, m.agencies.a.user, need.id, { text: '自有设备，人工成本低' })
      at(shanghaiNoon('2026-03-30'))
      await tick(db)
      const [n] = await db.select().from(needs).where(eq(needs.id, need.id))
      if (justify) expect(n.state).toBe('awarded')
      else {
        expect(n).toMatchObject({ state: 'evaluating', round: 2 })
        expect((await db.select().from(bids).where(eq(bids.id, ids.a)))[0].status).toBe('disqualified')
        await tick(db)
        const [r2] = await db.select().from(selectionRounds).where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 2)))
        expect(r2.chosenBidId).toBe(ids.b)
      }
    }
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('upheld redo per docs/draw.md §6: nobody added, a candidate no longer eligible excluded with its reason, verifyRedo ok', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const ids = await bidOn(db, m, need.id, { a: 500_000, b: 600_000, c: 700_000, d: 800_000, e: 850_000, lapsed: 900_000 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    await tick(db)
    const [round] = await db.select().from(selectionRounds).where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 1)))
    const t1 = round.drawTranscript as unknown as DrawTranscript
    // `lapsed` was ineligible at the close: listed as such, not a candidate.
    expect(t1.candidates.map((c) => c.bidId).sort()).toEqual([ids.a, ids.b, ids.c, ids.d, ids.e].sort())
    expect(round.result.ineligibleBids).toEqual([{ bidId: ids.lapsed, agencyId: m.agencies.lapsed.organisationId, reason: 'qualificationExpired' }])
    const winner = keyOf((await db.select().from(bids).where(eq(bids.id, round.chosenBidId as string)))[0].agencyOrganisationId)
    const [objector, expiring] = (['a', 'b', 'c', 'd', 'e'] as K[]).filter((k) => k !== winner)
    const objection = await fileObjection(db, m.agencies[objector].user, need.id, { reason: '中选机构业绩造假' })
    await ruleOnObjection(db, m.regulator.user, objection.id, { decision: 'uphold', reason: '查实', winnerAtFault: true })

    // Before the redo: one remaining candidate's qualification lapses, and `lapsed` renews its own.
    try {
      await qualificationUntil(expiring, '2026-03-08')
      await qualificationUntil('lapsed', '2033-12-31')
      expect(await tick(db)).toMatchObject({ selected: 1 })
    } finally {
      await qualificationUntil(expiring, '2033-12-31')
      await qualificationUntil('lapsed', '2026-03-07')
    }
    const [round2] = await db.select().from(selectionRounds).where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 2)))
    const t2 = round2.drawTranscript as unknown as DrawTranscript
    const expiringCode = t1.candidates.find((c) => c.bidId === ids[expiring])!.agencyCreditCode
    expect(t2.excluded).toEqual([{ agencyCreditCode: expiringCode, bidId: ids[expiring], reason: 'qualificationExpired' }])
    expect(t2.candidates).toHaveLength(3)
    expect(t2.candidates.some((c) => c.bidId === ids.lapsed || c.bidId === ids[expiring] || c.bidId === round.chosenBidId)).toBe(false)
    expect(await verifyRedo(t1, t2, need.seedHash as string)).toEqual({ ok: true })
    expect(round2.result.redo).toEqual({
      fromRound: 1,
      excluded: [{ bidId: ids[expiring], agencyId: m.agencies[expiring].organisationId, reason: 'qualificationExpired' }],
    })
    expect([ids.a, ids.b, ids.c, ids.d, ids.e]).toContain(round2.chosenBidId)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('upheld redo with too few remaining candidates fails the need (minimum valid bids)', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    await bidOn(db, m, need.id, { a: 500_000, b: 600_000, c: 700_000 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    await tick(db)
    const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, need.id))
    const winner = keyOf((await db.select().from(bids).where(eq(bids.id, round.chosenBidId as string)))[0].agencyOrganisationId)
    const objector = (['a', 'b', 'c'] as K[]).find((k) => k !== winner) as K
    const objection = await fileObjection(db, m.agencies[objector].user, need.id, { reason: '资质存疑' })
    await ruleOnObjection(db, m.regulator.user, objection.id, { decision: 'uphold', reason: '查实', winnerAtFault: false })
    expect(await tick(db)).toMatchObject({ selected: 0, failed: 1 })
    const [n] = await db.select().from(needs).where(eq(needs.id, need.id))
    expect(n).toMatchObject({ state: 'failed', round: 2 })
    const [round2] = await db.select().from(selectionRounds).where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 2)))
    expect(round2).toMatchObject({ outcome: 'failed', drawTranscript: null })
    expect(round2.result.redo).toEqual({ fromRound: 1, excluded: [] })
  })

  it('direct need, upheld: back to evaluating in round 2, tick does not select, the owner picks again (not the disqualified bid), publicity, award', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const need = await insertOpenNeed(db, m, { method: 'direct', closesOn: '2026-03-06' })
    const ids = await bidOn(db, m, need.id, { a: 500_000, b: 600_000, c: 700_000 })
    at(shanghaiNoon('2026-03-09'))
    expect(await tick(db)).toMatchObject({ closed: 1, selected: 0 })
    await pickDirect(db, m.owner.user, need.id, { bidId: ids.a, reason: '经验丰富' })
    const objection = await fileObjection(db, m.agencies.b.user, need.id, { reason: '中选机构资质造假' })
    await ruleOnObjection(db, m.regulator.user, objection.id, { decision: 'uphold', reason: '查实', winnerAtFault: true })
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0]).toMatchObject({ state: 'evaluating', round: 2 })
    expect((await db.select().from(bids).where(eq(bids.id, ids.a)))[0]).toMatchObject({ status: 'disqualified', statusReason: 'objectionUpheld' })

    // Direct selection waits for the owner: the timed work neither selects nor fails it.
    // (The other tests' needs share this database, so this test looks at its own need, not the tick counts.)
    const stateOf = async () => (await db.select().from(needs).where(eq(needs.id, need.id)))[0].state
    at(shanghaiNoon('2026-03-11'))
    await tick(db)
    expect(await stateOf()).toBe('evaluating')
    expect(await db.select().from(selectionRounds).where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 2)))).toHaveLength(0)
    const view = await bidsForOwner(db, m.owner.user, need.id)
    if (view.sealed) throw new Error('sealed')
    expect(view.candidateBidIds.sort()).toEqual([ids.b, ids.c].sort())
    expect(view.bids.find((b) => b.bidId === ids.a)).toMatchObject({ status: 'disqualified', valid: false })

    await expect(pickDirect(db, m.owner.user, need.id, { bidId: ids.a, reason: '仍选原机构' })).rejects.toMatchObject({ status: 422, field: 'bidId' })
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0].state).toBe('evaluating')
    const picked = await pickDirect(db, m.owner.user, need.id, { bidId: ids.c, reason: '方案完整' })
    expect(picked.state).toBe('publicity')
    const [round2] = await db.select().from(selectionRounds).where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, 2)))
    expect(round2).toMatchObject({ chosenBidId: ids.c, reason: '方案完整', publicityEndsOn: picked.publicityEndsOn })

    at(shanghaiNoon(picked.publicityEndsOn))
    await tick(db)
    expect(await stateOf()).toBe('publicity')
    at(new Date(shanghaiNoon(picked.publicityEndsOn).getTime() + 86_400_000))
    await tick(db)
    expect(await stateOf()).toBe('awarded')
    expect((await tick(db)).awarded).toBe(0)
    expect((await db.select().from(needs).where(eq(needs.id, need.id)))[0]).toMatchObject({ state: 'awarded', round: 2 })
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })
})
