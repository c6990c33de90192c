/**
 * The owner's side of selection (SPEC §4–5) on the real database: sealed before the close,
 * every bid after it, the direct pick with a reason, re-post once or switch to direct after a
 * failed round.
 */
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { needs, selectionRounds } from '#db/schema'
import { resetClock } from '~/domain/now'
import { marketplaceConfig } from '~/domain/config'
import { bidsForOwner, pickDirect, repostFailed, switchToDirect } from '~/domain/selection/owner-selection.server'
import { tick } from '~/domain/timed-work/tick.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon } from '../support/needs-fixtures'

afterEach(() => resetClock())

describe('owner selection', () => {
  it('direct: sealed, then all bids; pick needs a reason and a candidate; publicity then one award', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'D' })
    const need = await insertOpenNeed(db, m, { method: 'direct', closesOn: '2026-03-06' })
    const ids = await bidOn(db, m, need.id, { a: 900_000, b: 880_000, c: 400_000 })
    const sealed = await bidsForOwner(db, m.owner.user, need.id)
    expect(sealed).toEqual({ sealed: true, liveBids: 3 })
    await expect(bidsForOwner(db, m.otherOwner.user, need.id)).rejects.toMatchObject({ status: 404 })
    await expect(bidsForOwner(db, m.agencies.a.user, need.id)).rejects.toMatchObject({ status: 403 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const view = await bidsForOwner(db, m.owner.user, need.id)
    if (view.sealed) throw new Error('still sealed')
    expect(view.bids.map((b) => b.quoteFen).sort()).toEqual([400_000, 880_000, 900_000])
    expect(view.bids.find((b) => b.bidId === ids.c)?.abnormallyLow).toBe(true)
    await expect(pickDirect(db, m.owner.user, need.id, { bidId: ids.a, reason: ' ' })).rejects.toMatchObject({ status: 422 })
    await expect(pickDirect(db, m.otherOwner.user, need.id, { bidId: ids.a, reason: 'x' })).rejects.toMatchObject({ status: 404 })
    await expect(pickDirect(db, m.owner.user, need.id, { bidId: need.id, reason: 'x' })).rejects.toMatchObject({ status: 422 })
    expect(await db.select().from(selectionRounds).where(eq(selectionRounds.needId, need.id))).toHaveLength(0)
    const picked = await pickDirect(db, m.owner.user, need.id, { bidId: ids.a, reason: '经验丰富' })
    expect(picked.state).toBe('publicity')
    at(new Date(shanghaiNoon(picked.publicityEndsOn).getTime() + 86_400_000))
    expect((await tick(db)).awarded).toBe(1)
    expect((await tick(db)).awarded).toBe(0)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('failed random need: re-post once, or switch to direct and pick; switch refused when not allowed', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b'], tag: 'F' })
    const one = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    const two = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
    await bidOn(db, m, one.id, { a: 500_000, b: 600_000 })
    const ids = await bidOn(db, m, two.id, { a: 500_000, b: 600_000 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    const draft = await repostFailed(db, m.owner.user, one.id)
    const [copy] = await db.select().from(needs).where(eq(needs.id, draft))
    expect(copy).toMatchObject({ state: 'draft', repostedFromId: one.id })
    await expect(repostFailed(db, m.owner.user, one.id)).rejects.toMatchObject({ status: 409 })
    await expect(switchToDirect(db, m.owner.user, two.id, { ...marketplaceConfig, allowDirectAfterFailedRound: false })).rejects.toMatchObject({ status: 409 })
    await expect(switchToDirect(db, m.agencies.a.user, two.id)).rejects.toMatchObject({ status: 403 })
    const switched = await switchToDirect(db, m.owner.user, two.id)
    expect(switched).toMatchObject({ state: 'evaluating', round: 2 })
    const picked = await pickDirect(db, m.owner.user, two.id, { bidId: ids.b, reason: '方案更优' })
    expect(picked.state).toBe('publicity')
    expect(await db.select().from(selectionRounds).where(eq(selectionRounds.needId, two.id))).toHaveLength(2)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })
})
