import { count, like, sql } from 'drizzle-orm'
import type { Database, Db } from '../client.server'
import { organisations, users } from '../schema'
import { getEnv } from '~/utils/env.server'
import { DEMO_PASSWORD, formatDemoLogins, seedDemoData, type DemoLogin } from './demo'
import { demoContractHooks, paymentsConfigured } from './demo-contract-hooks.server'
import { seedDemoContracts } from './demo-contracts'
import { seedDemoCredit } from './demo-credit'
import { complaintStatuses } from '~/domain/complaints/complaint-rules'

/** Advisory lock id taken while deciding whether to seed and seeding (next to the migration lock). */
const SEED_LOCK = 727_100_002

/**
 * Runs once when the server opens its database: seed an empty database, print demo logins.
 *
 * Instances starting together must seed once: the emptiness check and the seeding run in one
 * transaction holding a transaction-scoped advisory lock, so a second instance waits for the first
 * to commit and then finds the database no longer empty. The seed is all-or-nothing: an instance
 * that dies half-way leaves an empty database that the next start seeds again. On PGlite (one
 * connection) the transaction itself serialises two starts in the same process.
 */
export async function prepareOnStart(database: Database): Promise<void> {
  const { db, kind } = database
  console.log(`Database: ${kind === 'pglite' ? `PGlite (${process.env.PGLITE_DIR ?? './data/pglite'})` : 'PostgreSQL'}`)
  if (getEnv().SEED_DEMO_DATA === 'true') {
    const seeded = await seedIfEmpty(db)
    if (seeded) {
      // After the seed committed, never inside its transaction: the contracts' payments call Stripe.
      await seedContracts(db)
      const notes = await seedCredit(db)
      console.log(formatDemoLogins(withNotes(seeded, notes)))
      return
    }
  }
  const demo = await db.select({ email: users.email, role: users.role, org: users.organisationId }).from(users).where(like(users.email, '%@demo.example'))
  if (demo.length) {
    console.log(`Demo logins (password for all: ${DEMO_PASSWORD})`)
    for (const u of demo) console.log(`  ${u.role.padEnd(10)} ${u.email}`)
  }
}

/**
 * The demo contracts (db/seed/demo-contracts.ts) on freshly seeded demo data. Never fails the
 * start: without payments it makes only what needs no payment and says so in one line; an error
 * is logged and the app starts without the rest of them.
 */
export async function seedContracts(db: Db): Promise<void> {
  const started = performance.now()
  const payments = paymentsConfigured()
  try {
    const { made, skipped } = await seedDemoContracts(db, demoContractHooks, { payments })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      skipped
        ? `Demo contracts: ${made} seeded in ${seconds} s; ${skipped} left out because payments are not configured (no STRIPE_SECRET_KEY and no built-in test server)`
        : `Demo contracts: ${made} seeded in ${seconds} s`,
    )
  } catch (error) {
    console.error('Demo contracts: seeding stopped, the app starts without the rest of them:', error)
  }
}

/**
 * The demo ratings, credit, blacklist, complaints and repairs (db/seed/demo-credit.ts), right after the demo contracts.
 * Never fails the start: one summary line, or the error logged and the app starts without them.
 * Returns the notes it adds to the printed demo logins (by e-mail).
 */
export async function seedCredit(db: Db): Promise<Map<string, string>> {
  const started = performance.now()
  try {
    const seeded = await seedDemoCredit(db)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const b = seeded.blacklist
    const r = seeded.repairs
    console.log(
      `Demo credit: ${seeded.ownerRatings} owner ratings with ${seeded.replies} replies and ${seeded.departmentRatings} department rating(s); ` +
        `tiers ${(['A', 'B', 'C', 'D'] as const).map((t) => `${t} ${seeded.tiers[t]}`).join(', ')}; ` +
        `blacklist ${b.inForce} in force, ${b.expired} expired, ${b.lifted} lifted, ${b.appealsDecided} appeal(s) decided, ${b.appealsPending} pending; ` +
        `complaints ${complaintStatuses.map((s) => `${s} ${seeded.complaints[s]}`).join(', ')}; ` +
        `${seeded.violations} violation(s), ${seeded.commendations} commendation(s); ` +
        `repairs ${r.granted} granted, ${r.pending} pending, ${r.refused} refused; ` +
        `seeded in ${seconds} s` +
        (seeded.skipped ? `; ${seeded.skipped} step(s) left out (their contract was not made: payments are not configured)` : ''),
    )
    return seeded.notes
  } catch (error) {
    console.error('Demo credit: seeding stopped, the app starts without the rest of it:', error)
    return new Map()
  }
}

/** The demo logins with the notes the later seeding steps added (appended to any note of their own). */
export function withNotes(logins: DemoLogin[], notes: ReadonlyMap<string, string>): DemoLogin[] {
  return logins.map((l) => {
    const extra = notes.get(l.email)
    return extra ? { ...l, note: [l.note, extra].filter(Boolean).join(', ') } : l
  })
}

/** Seeds the demo data when no organisation exists yet; undefined when another start got there first. */
async function seedIfEmpty(db: Db): Promise<DemoLogin[] | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`)
    const [{ n }] = await tx.select({ n: count() }).from(organisations)
    if (n !== 0) return undefined
    console.log('Empty database: seeding demo data…')
    const logins = await seedDemoData(tx)
    // A statement that failed outside a savepoint (and was swallowed) would make COMMIT roll
    // everything back silently; a last read fails loudly instead.
    await tx.select({ n: count() }).from(organisations)
    return logins
  })
}
