/**
 * What applying need decisions in one place guarantees, on the real database (PGlite and
 * PostgreSQL): the guarded move refuses a stale read and writes nothing; disqualifying the
 * winner and starting round r + 1 writes the same rows whether an objection was upheld or the
 * winner's cost justification is missing (the one `selection.exclude` follow-up).
 */
import { and, eq, inArray, like } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, bids, needs, notifications } from '#db/schema'
import { resetClock } from '~/domain/now'
import { Conflict } from '~/domain/errors'
import { lockNeed, moveNeed, readNeed } from '~/domain/needs/need-access.server'
import { fileObjection, ruleOnObjection } from '~/domain/publicity/objections.server'
import { tick } from '~/domain/timed-work/tick.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import * as ownerNeedRoute from '~/routes/owner+/needs.$id'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { renderPage } from '../support/render-route'
import { sessionCookie } from '../support/routes'

type K = 'a' | 'b' | 'c' | 'd'
let m: Marketplace<K>

beforeAll(async () => {
  m = await setupMarketplace(await getDb(), { agencies: ['a', 'b', 'c', 'd'], tag: 'FX' })
})
afterEach(() => resetClock())

const needRow = async (id: string) => (await (await getDb()).select().from(needs).where(eq(needs.id, id)))[0]

describe('moveNeed (the guarded move)', () => {
  it('refuses a need read in another state or round, and changes nothing', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const stale = await readNeed(db, need.id)

    // The state the caller believes in is not the one it read.
    await expect(db.transaction((tx) => moveNeed(tx, stale, 'evaluating', 'publicity'))).rejects.toBeInstanceOf(
      Conflict,
    )

    // Someone else moved it in between: the read is stale.
    await db.update(needs).set({ state: 'cancelled', cancelReason: '并发取消' }).where(eq(needs.id, need.id))
    const refused = await db
      .transaction((tx) => moveNeed(tx, stale, 'open', 'evaluating'))
      .then(
        () => null,
        (e: unknown) => e,
      )
    expect(refused).toBeInstanceOf(Conflict)
    expect((refused as Conflict).messageKey).toBe('needs.errors.wrongState')
    expect(await needRow(need.id)).toMatchObject({ state: 'cancelled', round: 1 })

    // Same state, another round: stale too.
    await db.update(needs).set({ state: 'open', round: 2 }).where(eq(needs.id, need.id))
    await expect(
      db.transaction((tx) => moveNeed(tx, stale, 'open', 'evaluating', { round: 3 })),
    ).rejects.toBeInstanceOf(Conflict)
    expect(await needRow(need.id)).toMatchObject({ state: 'open', round: 2 })

    // A fresh read under the lock moves it.
    await db.transaction(async (tx) => moveNeed(tx, await lockNeed(tx, need.id), 'open', 'evaluating'))
    expect(await needRow(need.id)).toMatchObject({ state: 'evaluating', round: 2 })
  })
})

describe('disqualify the winner and start round r + 1', () => {
  it('writes the same rows for an upheld objection and for a missing cost justification', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    // Lowest price with an abnormally low winner (a): it must attach a cost justification.
    const byObjection = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    const byJustification = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-06' })
    const quotes = { a: 200_000, b: 900_000, c: 950_000, d: 980_000 }
    const ids = {
      objection: await bidOn(db, m, byObjection.id, quotes),
      justification: await bidOn(db, m, byJustification.id, quotes),
    }
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    await tick(db)
    expect((await needRow(byObjection.id)).state).toBe('publicity')
    expect((await needRow(byJustification.id)).state).toBe('publicity')

    const agencyUsers = (Object.keys(m.agencies) as K[]).map((k) => m.agencies[k].user.id)
    const outcome = async (needId: string, bidIds: Record<K, string>, event: string) => {
      const need = await needRow(needId)
      const bidRows = await db.select().from(bids).where(eq(bids.needId, needId))
      const [audit] = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, needId), eq(auditEvents.action, event)))
      const told = await db
        .select({ userId: notifications.userId, key: notifications.messageKey })
        .from(notifications)
        .where(
          and(
            eq(notifications.messageKey, 'needs.notify.selectionRedone'),
            like(notifications.link, `%${needId}%`),
            inArray(notifications.userId, agencyUsers),
          ),
        )
      const payload = audit.payload as Record<string, unknown>
      return {
        need: { state: need.state, round: need.round },
        bids: Object.fromEntries(
          (Object.keys(bidIds) as K[]).map((k) => {
            const row = bidRows.find((b) => b.id === bidIds[k])!
            return [
              k,
              {
                status: row.status,
                statusReason:
                  row.statusReason === 'objectionUpheld' || row.statusReason === 'justificationMissing'
                    ? 'cause'
                    : row.statusReason,
              },
            ]
          }),
        ),
        causes: bidRows.map((b) => b.statusReason).filter((r) => r !== null),
        audit: { round: payload.round, nextRound: payload.nextRound, agencyId: payload.agencyId },
        selectionRedone: told.map((t) => t.userId).sort(),
      }
    }
    // One need: b objects and the regulator upholds (the winner not at fault: no credit effect).
    const objection = await fileObjection(db, m.agencies.b.user, byObjection.id, { reason: '中选报价明显低于成本' })
    await ruleOnObjection(db, m.regulator.user, objection.id, {
      decision: 'uphold',
      reason: '查实',
      winnerAtFault: false,
    })
    const upheld = await outcome(byObjection.id, ids.objection, 'need.objection_upheld')
    // The owner's bid table says why the winner is out, in words — never the stored code.
    const ownerCookie = await sessionCookie(m.owner.user.id)
    for (const [lng, words] of [
      ['zh-CN', '因异议成立被取消资格'],
      ['en', 'disqualified after an objection was upheld'],
    ] as const) {
      const page = await renderPage(ownerNeedRoute, `/owner/needs/${byObjection.id}`, { id: byObjection.id }, lng, {
        cookie: ownerCookie,
      })
      expect(page).toContain(words)
      expect(page).not.toContain('objectionUpheld')
    }
    // The other: publicity ends without the justification (the same tick redoes the first need's round).
    at(shanghaiNoon('2026-03-30'))
    await tick(db)
    const missing = await outcome(byJustification.id, ids.justification, 'need.winner_disqualified')

    expect(upheld.causes).toEqual(['objectionUpheld'])
    expect(missing.causes).toEqual(['justificationMissing'])
    const { causes: _u, ...sameUpheld } = upheld
    const { causes: _m, ...sameMissing } = missing
    expect(sameMissing).toEqual(sameUpheld)
    expect(sameUpheld).toEqual({
      need: { state: 'evaluating', round: 2 },
      bids: {
        a: { status: 'disqualified', statusReason: 'cause' },
        b: { status: 'live', statusReason: null },
        c: { status: 'live', statusReason: null },
        d: { status: 'live', statusReason: null },
      },
      audit: { round: 1, nextRound: 2, agencyId: m.agencies.a.organisationId },
      // The bidders still in the running are told the selection is redone — not the disqualified winner
      // (the owner's notifications follow each decision's own list).
      selectionRedone: [m.agencies.b.user.id, m.agencies.c.user.id, m.agencies.d.user.id].sort(),
    })

    // Both redo rounds then run among the same remaining bids (the first ran in the tick above).
    await tick(db)
    for (const id of [byObjection.id, byJustification.id])
      expect(await needRow(id)).toMatchObject({ state: 'publicity', round: 2 })
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })
})
