/**
 * The zero-setup start's payments (README "Payments"): with no STRIPE_SECRET_KEY, `npm start`
 * runs the project's own Stripe-compatible server (test/support/stripe-server.ts, the same one the
 * tests use) in this process on a free port, points the app's Stripe client at it
 * (STRIPE_API_BASE) and has it sign its webhooks to this app's `/webhooks/stripe` with a secret
 * made for this run. No account, no network, no real money. With STRIPE_SECRET_KEY (and
 * STRIPE_WEBHOOK_SECRET) set, nothing here runs and the app talks to Stripe (test mode with an
 * `sk_test_…` key), or to STRIPE_API_BASE when that is set.
 *
 * The server keeps its objects (connected accounts, PaymentIntents, charges, transfers, refunds,
 * events, idempotency records) in `<data dir>/stripe-builtin.json`, the data dir being the folder
 * that holds the PGlite folder (default ./data): a restart on the same database can still transfer
 * to the agencies' accounts and refund earlier payments. `npm run db:seed` resets it with the
 * database. An in-memory database (`PGLITE_DIR=memory://…`) gets an in-memory server too.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { startStripeServer, type StripeServer } from '../test/support/stripe-server'

/** Where the built-in server keeps its state; undefined when the database itself lives in memory. */
export function builtInStripeStateFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const pgliteDir = env.PGLITE_DIR ?? './data/pglite'
  if (pgliteDir.startsWith('memory://')) return undefined
  return path.join(path.dirname(path.resolve(pgliteDir)), 'stripe-builtin.json')
}

/** Forgets the built-in server's state (with the database it belongs to: `npm run db:seed`). */
export function resetBuiltInStripeState(env: NodeJS.ProcessEnv = process.env): void {
  const file = builtInStripeStateFile(env)
  if (file) rmSync(file, { force: true })
}

export async function startBuiltInStripe(appPort: number, clock: () => number): Promise<StripeServer> {
  const webhookSecret = `whsec_builtin_${randomBytes(24).toString('hex')}`
  const stateFile = builtInStripeStateFile()
  const server = await startStripeServer({
    webhookUrl: `http://127.0.0.1:${appPort}/webhooks/stripe`,
    webhookSecret,
    now: clock,
    stateFile,
  })
  process.env.STRIPE_SECRET_KEY = `sk_test_builtin_${randomBytes(8).toString('hex')}`
  process.env.STRIPE_WEBHOOK_SECRET = webhookSecret
  process.env.STRIPE_API_BASE = server.url
  console.log(
    `💳 payments run against the built-in Stripe-compatible test server at ${server.url}${stateFile ? `, state in ${displayPath(stateFile)}` : ''} (no real money; set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to use Stripe's test mode)`,
  )
  return server
}

/** Relative to the working folder when inside it. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') ? file : relative
}
