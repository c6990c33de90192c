/**
 * The one Stripe client of the app (docs/decisions/010-payments.md), built from the environment:
 * - STRIPE_SECRET_KEY (+ STRIPE_WEBHOOK_SECRET) and no STRIPE_API_BASE → Stripe itself (test mode
 *   with an `sk_test_…` key);
 * - STRIPE_API_BASE → that origin instead (the built-in Stripe-compatible server the zero-setup
 *   start runs, test/support/stripe-server.ts; the client adds `/v1/` itself, so only the origin
 *   counts).
 * Retries: the client retries a connection error, a 409 or a 5xx itself (`maxNetworkRetries`,
 * with the same idempotency key); what still fails throws, and the outbox tries again later.
 *
 * Webhooks are verified here too, with the signing time checked against the APP's clock
 * (`now()`), so a moved clock (tests, the demo's test controls) and Stripe agree.
 */
import Stripe from 'stripe'
import { now } from '~/domain/now'
import { getEnv, type Env } from './env.server'

/** Seconds a webhook's signature stays acceptable (Stripe's own default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300

const MAX_NETWORK_RETRIES = 2
const TIMEOUT_MS = 20_000

export class PaymentsNotConfigured extends Error {
  constructor() {
    super('Payments are not configured: set STRIPE_SECRET_KEY (and STRIPE_WEBHOOK_SECRET), or start with `npm start`, which runs the built-in test server')
    this.name = 'PaymentsNotConfigured'
  }
}

/** The client's options for an environment (exported for the unit test). */
export function stripeConfig(env: Pick<Env, 'STRIPE_API_BASE'>): Stripe.StripeConfig {
  const config: Stripe.StripeConfig = { maxNetworkRetries: MAX_NETWORK_RETRIES, timeout: TIMEOUT_MS }
  if (!env.STRIPE_API_BASE) return config
  const base = new URL(env.STRIPE_API_BASE)
  const protocol = base.protocol === 'http:' ? 'http' : 'https'
  return {
    ...config,
    host: base.hostname,
    port: base.port ? Number(base.port) : protocol === 'http' ? 80 : 443,
    protocol,
  }
}

let client: Stripe | undefined

/** The Stripe client (made once from the environment). */
export function stripeClient(): Stripe {
  if (client) return client
  const env = getEnv()
  if (!env.STRIPE_SECRET_KEY) throw new PaymentsNotConfigured()
  client = new Stripe(env.STRIPE_SECRET_KEY, stripeConfig(env))
  return client
}

/** Forget the client (tests point the environment at their own server, then call this). */
export function resetStripeClient(): void {
  client = undefined
}

/** Whether the app talks to the built-in test server rather than Stripe (the pay form offers its test cards). */
export function usingBuiltInStripe(): boolean {
  const env = getEnv()
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_API_BASE)
}

/**
 * A webhook's event, verified: the `Stripe-Signature` header against the raw body and the webhook
 * secret, signed at most WEBHOOK_TOLERANCE_SECONDS before the app's now. Throws
 * `Stripe.errors.StripeSignatureVerificationError` otherwise (and PaymentsNotConfigured).
 */
export function verifyWebhook(rawBody: string, signatureHeader: string): Stripe.Event {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET
  if (!secret) throw new PaymentsNotConfigured()
  // receivedAt is in milliseconds: the client divides it by 1000 before comparing with `t=`.
  return stripeClient().webhooks.constructEvent(
    rawBody,
    signatureHeader,
    secret,
    WEBHOOK_TOLERANCE_SECONDS,
    undefined,
    now().getTime(),
  )
}
