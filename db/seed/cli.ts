/**
 * `npm run db:seed`: reset the database to fresh demo data. Refuses a database that is not on
 * this machine unless run with --force. Stop the server first when it uses the same PGlite folder.
 */
import { sql } from 'drizzle-orm'
import { databaseOptionsFromEnv, migrateDatabase, openDatabase } from '../client.server'
import { formatDemoLogins, seedDemoData } from './demo'

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
console.log(formatDemoLogins(logins))
await database.close()
