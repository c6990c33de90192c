/**
 * Runs in every integration test file. Each file gets its own database: an in-memory PGlite
 * (TEST_DB=pglite) or a fresh PostgreSQL database created from TEST_DATABASE_URL's server
 * (TEST_DB=postgres, default postgres://postgres@127.0.0.1:5432/test), migrated with the
 * committed migrations and dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { closeDatabase, migrateDatabase, openDatabase, useDatabaseForTests, type Database } from '#db/client.server'
import { resetClock } from '~/domain/clock'

process.env.SESSION_SECRET ??= 'integration-test-session-secret-0123456789'
process.env.SEED_DEMO_DATA = 'false'

const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
let databaseName: string | undefined

export let database: Database

beforeAll(async () => {
  resetClock()
  if (kind === 'postgres') {
    databaseName = `itest_${process.pid}_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`create database ${databaseName}`)
    await admin.end()
    const url = new URL(serverUrl)
    url.pathname = `/${databaseName}`
    database = await openDatabase({ url: url.toString() })
  } else {
    database = await openDatabase({ pgliteDir: 'memory://' })
  }
  await migrateDatabase(database)
  useDatabaseForTests(database)
})

afterAll(async () => {
  await closeDatabase()
  if (databaseName) {
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`drop database if exists ${databaseName} with (force)`)
    await admin.end()
  }
})
