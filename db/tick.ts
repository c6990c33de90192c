/** `npm run tick`: run the timed work once (close windows, select, end publicity) and print what it did. */
import { databaseOptionsFromEnv, migrateDatabase, openDatabase } from './client.server'
import { tick } from '~/domain/timed-work/tick.server'

const database = await openDatabase(databaseOptionsFromEnv())
await migrateDatabase(database)
console.log(JSON.stringify(await tick(database.db)))
await database.close()
