/** `npm run db:migrate`: apply committed migrations to the configured database. */
import { databaseOptionsFromEnv, migrateDatabase, openDatabase } from './client.server'

const database = await openDatabase(databaseOptionsFromEnv())
await migrateDatabase(database)
console.log(`Migrations applied (${database.kind}).`)
await database.close()
