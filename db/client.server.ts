/**
 * The one database client. With DATABASE_URL unset the app runs on embedded PGlite
 * (Postgres compiled to WASM) in PGLITE_DIR (default ./data/pglite; `memory://` keeps it in
 * memory); with DATABASE_URL set it talks to PostgreSQL through a `pg` Pool. Same schema,
 * same committed migrations either way.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import * as schema from './schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type DatabaseKind = 'pglite' | 'postgresql'

export interface Database {
  db: Db
  kind: DatabaseKind
  close: () => Promise<void>
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent PGlite is used. */
  url?: string
  /** PGlite data directory (or `memory://`). */
  pgliteDir?: string
  /** An in-memory PGlite started from this dumped data directory (`dumpDataDir()`), not initdb. */
  pgliteDataDir?: Blob
}

export const migrationsFolder = path.resolve(process.cwd(), 'db/migrations')

/** Lock id used while migrating so two instances starting together do not race. */
const MIGRATION_LOCK = 727_100_001

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url) {
    const { default: pg } = await import('pg')
    const { drizzle } = await import('drizzle-orm/node-postgres')
    const pool = new pg.Pool({ connectionString: options.url, max: Number(process.env.PG_POOL_MAX ?? 10) })
    // An idle client dropped by the server (restart, failover, admin termination) must not
    // crash the process; the pool replaces it on the next checkout.
    pool.on('error', (error) => console.error('PostgreSQL idle client error:', error.message))
    const db = drizzle({ client: pool, schema }) as unknown as Db
    return { db, kind: 'postgresql', close: () => pool.end() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const { drizzle } = await import('drizzle-orm/pglite')
  const dir = options.pgliteDir ?? path.resolve(process.cwd(), 'data/pglite')
  const inMemory = dir.startsWith('memory://') || options.pgliteDataDir !== undefined
  if (!inMemory) mkdirSync(path.dirname(path.resolve(dir)), { recursive: true })
  const extensions = { pg_trgm }
  const client = options.pgliteDataDir
    ? new PGlite({ loadDataDir: options.pgliteDataDir, extensions })
    : inMemory
      ? new PGlite(dir, { extensions })
      : new PGlite(path.resolve(dir), { extensions })
  await client.waitReady
  const db = drizzle({ client, schema }) as unknown as Db
  return { db, kind: 'pglite', close: () => client.close() }
}

/** Applies the committed migrations in db/migrations, one instance at a time. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(database.db as never, { migrationsFolder })
    return
  }
  const { migrate } = await import('drizzle-orm/node-postgres/migrator')
  // A session-level lock on one pooled connection, held while the migrator uses another.
  const pool = (database.db as unknown as { $client: import('pg').Pool }).$client
  const lockClient = await pool.connect()
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
    await migrate(database.db as never, { migrationsFolder })
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined)
    lockClient.release()
  }
}

export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR }
}

type Startup = (database: Database) => Promise<void>

let current: Promise<Database> | undefined
let startupHook: Startup | undefined

/** Work to run once after migrating when the app opens its database (seeding demo data). */
export function onDatabaseReady(hook: Startup): void {
  startupHook = hook
}

/** The process-wide database, opened and migrated on first use. */
export function getDatabase(): Promise<Database> {
  current ??= (async () => {
    const database = await openDatabase(databaseOptionsFromEnv())
    await migrateDatabase(database)
    if (startupHook) await startupHook(database)
    return database
  })().catch((error) => {
    current = undefined
    throw error
  })
  return current
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db
}

/** Tests install their own database (one per test file). */
export function useDatabaseForTests(database: Database): void {
  current = Promise.resolve(database)
}

export async function closeDatabase(): Promise<void> {
  if (!current) return
  const database = await current
  current = undefined
  await database.close()
}

export async function ping(db: Db): Promise<boolean> {
  await db.execute(sql`select 1`)
  return true
}
