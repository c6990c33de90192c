/**
 * `npm run db:seed`: reset the database to fresh demo data, demo contracts, ratings, credit and blacklist included. Refuses a
 * database that is not on this machine unless run with --force. Stop the server first when it
 * uses the same PGlite folder.
 *
 * With no STRIPE_SECRET_KEY the demo contracts pay through the built-in Stripe-compatible server
 * (server/stripe-builtin.ts), whose state file is reset together with the database: the state
 * describes the payments of THIS database's contracts.
 */
import { sql } from 'drizzle-orm'
import { databaseOptionsFromEnv, migrateDatabase, openDatabase } from '../client.server'
import { formatDemoLogins, seedDemoData } from './demo'
import { seedContracts, seedCredit, withNotes } from './on-start.server'
import { resetBuiltInStripeState, startBuiltInStripe } from '../../server/stripe-builtin'
import { now } from '~/domain/now'
import { getEnv, resetEnvCache } from '~/utils/env.server'

const options = databaseOptionsFromEnv()
const force = process.argv.includes('--force')
if (options.url && !force) {
  const host = new URL(options.url).hostname
  if (!['localhost', '127.0.0.1', '::1', '[::1]', ''].includes(host)) {
    console.error(`Refusing to reset the non-local database at ${host}. Re-run with --force if you mean it.`)
    process.exit(1)
  }
}
const database = await openDatabase(options)
await database.db.execute(sql`drop schema if exists drizzle cascade`)
await database.db.execute(sql`drop schema public cascade`)
await database.db.execute(sql`create schema public`)
await migrateDatabase(database)
const logins = await seedDemoData(database.db)
console.log(`Demo data seeded (${database.kind}).`)
// The app is not running: the built-in server's webhooks to its port fail, harmlessly (the outbox
// reconciles every payment from Stripe's own answers).
let builtInStripe: Awaited<ReturnType<typeof startBuiltInStripe>> | null = null
if (!getEnv().STRIPE_SECRET_KEY) {
  resetBuiltInStripeState()
  builtInStripe = await startBuiltInStripe(getEnv().PORT, () => now().getTime())
  resetEnvCache()
}
let notes = new Map<string, string>()
try {
  await seedContracts(database.db)
  notes = await seedCredit(database.db)
} finally {
  await builtInStripe?.close()
}
console.log(formatDemoLogins(withNotes(logins, notes)))
await database.close()
