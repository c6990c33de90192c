/**
 * Runs in every integration test file. Each file gets its own database, copied from the
 * template that test/support/global-setup-integration.ts migrated once for the run: an
 * in-memory PGlite started from the template's dumped data directory (TEST_DB=pglite), or a
 * PostgreSQL database created `TEMPLATE` the migrated template on TEST_DATABASE_URL's server
 * (TEST_DB=postgres, default postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { closeDatabase, openDatabase, useDatabaseForTests, type Database } from '#db/client.server'
import { resetClock } from '~/domain/now'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { testServerUrl } from './global-setup-integration'

process.env.SESSION_SECRET ??= 'integration-test-session-secret-0123456789'
process.env.SEED_DEMO_DATA = 'false'

const kind = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
let databaseName: string | undefined

export let database: Database

beforeAll(async () => {
  resetClock()
  if (kind === 'postgres') {
    const serverUrl = testServerUrl()
    databaseName = `itest_${process.pid}_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    try {
      await admin.query(`create database ${databaseName} template ${inject('postgresTemplate')}`)
    } finally {
      await admin.end()
    }
    const url = new URL(serverUrl)
    url.pathname = `/${databaseName}`
    database = await openDatabase({ url: url.toString() })
  } else {
    const dump = await readFile(inject('pgliteTemplateFile'))
    database = await openDatabase({ pgliteDataDir: new Blob([dump]) })
  }
  useDatabaseForTests(database)
})

afterAll(async () => {
  // Whatever the file wrote, every event is sequenced into the transparency log exactly once and
  // the whole log — leaves, nodes, every signed head — verifies from the private rows.
  const verdict = await verifyAuditLog(database.db)
  if (!verdict.ok) throw new Error(`the transparency log does not verify after this file: ${verdict.reason}`)
  await closeDatabase()
  if (databaseName) {
    const admin = new pg.Client({ connectionString: testServerUrl() })
    await admin.connect()
    try {
      await admin.query(`drop database if exists ${databaseName} with (force)`)
    } finally {
      await admin.end()
    }
  }
})
