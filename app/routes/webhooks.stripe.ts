/**
 * `POST /webhooks/stripe`: Stripe's (or the built-in test server's) signed events. A resource
 * route with no session and no Origin (server-to-server: the origin check lets a POST without
 * Origin or `Sec-Fetch-Site: cross-site` through); the raw body is read here, untouched, because
 * the signature is over its exact bytes. See app/domain/payments/stripe-webhook.server.ts.
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { receiveStripeWebhook } from '~/domain/payments/stripe-webhook.server'

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: 'method_not_allowed' }, { status: 405 })
  const raw = await request.text()
  const outcome = await receiveStripeWebhook(await getDb(), raw, request.headers.get('stripe-signature'))
  return Response.json(outcome, { status: outcome.status, headers: { 'Cache-Control': 'no-store' } })
}

export function loader() {
  return Response.json({ error: 'method_not_allowed' }, { status: 405, headers: { Allow: 'POST' } })
}
