/**
 * Vitest globalSetup of the integration projects: migrates ONCE into a template that every test
 * file copies (see test/support/setup-integration.ts).
 * - PGlite (TEST_DB=pglite): a fresh PGlite is migrated and its data directory dumped to
 *   node_modules/.cache/itest/pglite-<hash>.tar, keyed by a hash of db/migrations and the PGlite
 *   version (reused by later runs while neither changes); each file starts its PGlite from it.
 * - PostgreSQL (TEST_DB=postgres): a database itest_template_<hash>_<run> is created and migrated,
 *   its pool closed (CREATE DATABASE … TEMPLATE needs no other connection to it), each file
 *   creates its own database from it, and it is dropped on teardown. The run id makes two runs on
 *   the same server (CI and a developer, two terminals) independent; templates of runs that died
 *   more than a day ago are dropped.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateDatabase, migrationsFolder, openDatabase } from '../../db/client.server'

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: the dumped data directory of a migrated database. */
    pgliteTemplateFile: string
    /** PostgreSQL: the migrated template database to copy. */
    postgresTemplate: string
  }
}

export const testServerUrl = (): string => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Hash of every file under db/migrations (SQL and drizzle's journal) plus the PGlite version. */
function migrationsHash(): string {
  const hash = createHash('sha256')
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else hash.update(path.relative(migrationsFolder, file)).update('\0').update(readFileSync(file)).update('\0')
    }
  }
  walk(migrationsFolder)
  const pglite = JSON.parse(readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string
  }
  hash.update(`pglite ${pglite.version}`)
  return hash.digest('hex').slice(0, 12)
}

async function pgliteTemplate(hash: string): Promise<string> {
  const dir = path.resolve('node_modules/.cache/itest')
  const file = path.join(dir, `pglite-${hash}.tar`)
  if (existsSync(file)) return file
  mkdirSync(dir, { recursive: true })
  const database = await openDatabase({ pgliteDir: 'memory://' })
  try {
    await migrateDatabase(database)
    const client = (database.db as unknown as { $client: { dumpDataDir: (c: 'none') => Promise<Blob> } }).$client
    const dump = await client.dumpDataDir('none')
    // Written under a unique name then renamed: a concurrent run never reads half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.partial`
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()))
    renameSync(partial, file)
  } finally {
    await database.close()
  }
  return file
}

const DAY_MS = 24 * 60 * 60 * 1000

async function postgresTemplate(hash: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const serverUrl = testServerUrl()
  // itest_template_<hash>_<start time, base 36>_<random>: unique per run, and dated for cleanup.
  const name = `itest_template_${hash}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    const stale = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like 'itest\\_template\\_%'`,
    )
    for (const { datname } of stale.rows) {
      const started = parseInt(datname.split('_')[3] ?? '', 36)
      if (Number.isFinite(started) && Date.now() - started > DAY_MS) {
        await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => undefined)
      }
    }
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ url: url.toString() })
  try {
    await migrateDatabase(database)
  } finally {
    await database.close()
  }
  const drop = async (): Promise<void> => {
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    try {
      await admin.query(`drop database if exists ${name} with (force)`)
    } finally {
      await admin.end()
    }
  }
  return { name, drop }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const kind = project.config.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite'
  const hash = migrationsHash()
  if (kind === 'pglite') {
    project.provide('pgliteTemplateFile', await pgliteTemplate(hash))
    return undefined
  }
  const template = await postgresTemplate(hash)
  project.provide('postgresTemplate', template.name)
  return template.drop
}
