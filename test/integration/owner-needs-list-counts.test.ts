/**
 * The owner's needs list: the live-bid column (有效报名数) shows the real number once the window
 * has closed, not '—' (issue 12). The owner may always see the count (docs/sealed-bids.md).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { resetClock } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import * as needsIndex from '~/routes/owner+/needs._index'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon } from '../support/needs-fixtures'
import { callRoute, getRequest, sessionCookie } from '../support/routes'

afterEach(() => resetClock())

describe('owner needs list: bid counts', () => {
  it('shows the count while open and after the close', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'], tag: 'LC' })
    const need = await insertOpenNeed(db, m, { method: 'direct', closesOn: '2026-03-06' })
    await bidOn(db, m, need.id, { a: 912_345, b: 887_654, c: 412_345 })
    const cookie = await sessionCookie(m.owner.user.id)
    const listed = async () => {
      const list = await callRoute(needsIndex.loader, getRequest('/owner/needs', { cookie }))
      return list.data.needs.find((n: { id: string }) => n.id === need.id)
    }
    expect(await listed()).toMatchObject({ state: 'open', liveBids: 3 })
    at(shanghaiNoon('2026-03-09'))
    await tick(db)
    expect(await listed()).toMatchObject({ state: 'evaluating', liveBids: 3 })
  })
})
