/**
 * Two instances starting together on an empty database: both come up and the demo data is seeded
 * once. On PostgreSQL two complete boots (own pool, migrate, prepareOnStart) race on a fresh
 * database; on PGlite (one process) two prepareOnStart calls race on one database.
 */
import { randomBytes } from 'node:crypto'
import { count, countDistinct } from 'drizzle-orm'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { migrateDatabase, openDatabase, type Database, type Db } from '#db/client.server'
import { approvalItems, departments, needs, organisations, serviceTypes, users } from '#db/schema'
import { catalogue } from '#db/seed/catalogue-data'
import { prepareOnStart } from '#db/seed/on-start.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { resetEnvCache } from '~/utils/env.server'
import { database } from '#test/support/setup-integration'

const SEEDING_TIMEOUT = 120_000

beforeEach(() => {
  process.env.SEED_DEMO_DATA = 'true'
  resetEnvCache()
  // A "today" inside the shipped working-day calendar, so the demo needs are seeded too.
  setClock(fixedClock('2026-06-15T02:00:00Z'))
  vi.spyOn(console, 'log').mockImplementation(() => undefined)
})

afterEach(() => {
  process.env.SEED_DEMO_DATA = 'false'
  resetEnvCache()
  resetClock()
  vi.restoreAllMocks()
})

/** The demo data is there exactly once: the catalogue as shipped, one account per demo organisation. */
async function expectSeededOnce(db: Db) {
  const [dep] = await db.select({ n: count() }).from(departments)
  const [st] = await db.select({ n: count() }).from(serviceTypes)
  const [ai] = await db.select({ n: count() }).from(approvalItems)
  expect({ departments: dep.n, serviceTypes: st.n, approvalItems: ai.n }).toEqual({
    departments: catalogue.departments.length,
    serviceTypes: catalogue.serviceTypes.length,
    approvalItems: catalogue.approvalItems.length,
  })
  const orgs = await db.select({ kind: organisations.kind, n: count() }).from(organisations).groupBy(organisations.kind)
  expect(Object.fromEntries(orgs.map((o) => [o.kind, o.n]))).toEqual({ platform: 1, regulator: 2, owner: 2, agency: 8 })
  const [u] = await db.select({ n: count() }).from(users)
  expect(u.n).toBe(13)
  const [n] = await db.select({ n: count(), titles: countDistinct(needs.title) }).from(needs)
  expect(n.n).toBeGreaterThan(0)
  expect(n.n).toBe(n.titles)
  // No Stripe here: the demo contracts that need no payment only, said once, and the start went on.
  const said = vi.mocked(console.log).mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('Demo contracts:'))
  expect(said).toEqual([
    expect.stringMatching(/^Demo contracts: 1 seeded in [\d.]+ s; \d+ left out because payments are not configured/),
  ])
}

describe('boot race', () => {
  it.runIf(process.env.TEST_DB === 'postgres')(
    'two instances booting together on an empty PostgreSQL both come up and seed once',
    async () => {
      const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
      const name = `boot_race_${process.pid}_${randomBytes(4).toString('hex')}`
      const admin = new pg.Client({ connectionString: serverUrl })
      await admin.connect()
      await admin.query(`create database ${name}`)
      const url = new URL(serverUrl)
      url.pathname = `/${name}`
      const instances: Database[] = []
      try {
        const boot = async () => {
          const instance = await openDatabase({ url: url.toString() })
          instances.push(instance)
          await migrateDatabase(instance)
          await prepareOnStart(instance)
        }
        const results = await Promise.allSettled([boot(), boot()])
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(['fulfilled', 'fulfilled'])
        await expectSeededOnce(instances[0].db)
      } finally {
        await Promise.all(instances.map((i) => i.close()))
        await admin.query(`drop database if exists ${name} with (force)`)
        await admin.end()
      }
    },
    SEEDING_TIMEOUT,
  )

  it.runIf(process.env.TEST_DB !== 'postgres')(
    'two starts together on one empty PGlite both come up and seed once',
    async () => {
      const results = await Promise.allSettled([prepareOnStart(database), prepareOnStart(database)])
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual(['fulfilled', 'fulfilled'])
      await expectSeededOnce(database.db)
    },
    SEEDING_TIMEOUT,
  )
})
