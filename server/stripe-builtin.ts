/**
 * The zero-setup start's payments (README "Payments"): with no STRIPE_SECRET_KEY, `npm start`
 * runs the project's own Stripe-compatible server (test/support/stripe-server.ts, the same one the
 * tests use) in this process on a free port, points the app's Stripe client at it
 * (STRIPE_API_BASE) and has it sign its webhooks to this app's `/webhooks/stripe` with a secret
 * made for this run. No account, no network, no real money. With STRIPE_SECRET_KEY (and
 * STRIPE_WEBHOOK_SECRET) set, nothing here runs and the app talks to Stripe (test mode with an
 * `sk_test_…` key), or to STRIPE_API_BASE when that is set.
 */
import { randomBytes } from 'node:crypto'
import { startStripeServer, type StripeServer } from '../test/support/stripe-server'

export async function startBuiltInStripe(appPort: number, clock: () => number): Promise<StripeServer> {
  const webhookSecret = `whsec_builtin_${randomBytes(24).toString('hex')}`
  const server = await startStripeServer({
    webhookUrl: `http://127.0.0.1:${appPort}/webhooks/stripe`,
    webhookSecret,
    now: clock,
  })
  process.env.STRIPE_SECRET_KEY = `sk_test_builtin_${randomBytes(8).toString('hex')}`
  process.env.STRIPE_WEBHOOK_SECRET = webhookSecret
  process.env.STRIPE_API_BASE = server.url
  console.log(
    `💳 payments run against the built-in Stripe-compatible test server at ${server.url} (no real money; set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET to use Stripe's test mode)`,
  )
  return server
}
