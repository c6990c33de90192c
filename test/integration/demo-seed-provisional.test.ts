import { count } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { needs } from '#db/schema'
import { seedDemoData } from '#db/seed/demo'
import { fixedClock, resetClock, setClock } from '~/domain/now'

describe('the demo seed at the end of the last official calendar year', () => {
  it('creates the demo needs on 2026-12-28: their windows run into provisional 2027', async () => {
    // Before issue 11 the demo needs were silently skipped here ("outside the known calendar years").
    setClock(fixedClock('2026-12-28T02:00:00Z'))
    try {
      await seedDemoData(await getDb())
    } finally {
      resetClock()
    }
    const db = await getDb()
    const [row] = await db.select({ n: count() }).from(needs)
    expect(row.n).toBe(7)
  })
})
