import { createHmac } from 'node:crypto'

/** The `Stripe-Signature` header exactly as Stripe writes it: `t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">`. */
export function stripeSignatureHeader(payload: string, secret: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${payload}`, 'utf8').digest('hex')
  return `t=${unixSeconds},v1=${v1}`
}
