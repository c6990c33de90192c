import { count, like } from 'drizzle-orm'
import type { Database } from '../client.server'
import { organisations, users } from '../schema'
import { getEnv } from '~/utils/env.server'
import { DEMO_PASSWORD, formatDemoLogins, seedDemoData } from './demo'

/** Runs once when the server opens its database: seed an empty database, print demo logins. */
export async function prepareOnStart(database: Database): Promise<void> {
  const { db, kind } = database
  const [{ n }] = await db.select({ n: count() }).from(organisations)
  console.log(`Database: ${kind === 'pglite' ? `PGlite (${process.env.PGLITE_DIR ?? './data/pglite'})` : 'PostgreSQL'}`)
  if (n === 0 && getEnv().SEED_DEMO_DATA === 'true') {
    console.log('Empty database: seeding demo data…')
    console.log(formatDemoLogins(await seedDemoData(db)))
    return
  }
  const demo = await db.select({ email: users.email, role: users.role, org: users.organisationId }).from(users).where(like(users.email, '%@demo.example'))
  if (demo.length) {
    console.log(`Demo logins (password for all: ${DEMO_PASSWORD})`)
    for (const u of demo) console.log(`  ${u.role.padEnd(10)} ${u.email}`)
  }
}
