/**
 * The platform-held payment through Stripe on both databases, against the project's
 * Stripe-compatible server (test/support/stripe-server.ts) driven by the real `stripe` client:
 * the owner's pay clicks, the outbox handlers (collect, transfer, refund), Stripe's faults (a 500,
 * a dropped connection after the effect), a declined card, and webhooks delivered to the real
 * route (`POST /webhooks/stripe`) — twice, out of order, stale, badly signed. The Stripe server
 * signs its webhooks on the app's clock, as Stripe and a well-run server agree in life.
 *
 * Contracts come from test/support/contract-fixtures.ts (the real award path, both signatures);
 * the winner's payout account is replaced by a connected account made at the test server.
 */
import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { and, count, eq } from 'drizzle-orm'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  auditEvents,
  contractClockEvents,
  contractPayments,
  contracts,
  needs,
  outbox,
  payoutAccounts,
  storedFiles,
  stripeEvents,
} from '#db/schema'
import { actOnContract } from '~/domain/contracts/contract-actions.server'
import { fixedClock, now, setClock } from '~/domain/now'
import { reconcileTransfer } from '~/domain/payments/stripe-reconcile.server'
import { deliverOutbox } from '~/domain/timed-work/deliver-outbox.server'
import { action as contractAction, loader as contractLoader } from '~/routes/contracts+/$id'
import { action as payoutAction } from '~/routes/agency+/payout'
import { action as webhookAction } from '~/routes/webhooks.stripe'
import { resetEnvCache } from '~/utils/env.server'
import { resetStripeClient } from '~/utils/stripe.server'
import { awardedContract, type AwardedContract } from '../support/contract-fixtures'
import type { Marketplace } from '../support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'
import { startStripeServer, stripeSignatureHeader, type StripeServer } from '../support/stripe-server'

const SECRET = 'whsec_payments_test_secret'
const PRICE = 900_000

let server: StripeServer
let receiver: Server
let stripe: Stripe
let m: Marketplace<'a' | 'b' | 'c'> | undefined
let clock: ReturnType<typeof fixedClock>

/** The webhook route behind a real HTTP server (the raw body as the test server sent it). */
async function startReceiver(): Promise<string> {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const request = new Request('http://localhost/webhooks/stripe', {
        method: 'POST',
        headers: {
          'content-type': String(req.headers['content-type'] ?? ''),
          'stripe-signature': String(req.headers['stripe-signature'] ?? ''),
        },
        body: Buffer.concat(chunks).toString('utf8'),
      })
      Promise.resolve(webhookAction({ request, params: {}, context: {} } as never))
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
        })
        .catch((error: unknown) => {
          console.error('webhook failed', error)
          res.writeHead(500).end()
        })
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`
}

beforeAll(async () => {
  clock = fixedClock('2026-03-02T02:00:00Z')
  setClock(clock)
  const webhookUrl = await startReceiver()
  server = await startStripeServer({ webhookUrl, webhookSecret: SECRET, now: () => now().getTime() })
  process.env.STRIPE_SECRET_KEY = 'sk_test_payments'
  process.env.STRIPE_WEBHOOK_SECRET = SECRET
  process.env.STRIPE_API_BASE = server.url
  resetEnvCache()
  resetStripeClient()
  stripe = new Stripe('sk_test_payments', { host: server.host, port: server.port, protocol: 'http', maxNetworkRetries: 0 })
})

afterAll(async () => {
  await server.close()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
  delete process.env.STRIPE_SECRET_KEY
  delete process.env.STRIPE_WEBHOOK_SECRET
  delete process.env.STRIPE_API_BASE
  resetEnvCache()
  resetStripeClient()
})

beforeEach(async () => {
  await server.controls.settled()
})

/** A contract signed by both, its agency paid into a connected account that exists at the test server. */
async function signedContract(): Promise<AwardedContract> {
  const db = await getDb()
  const c = await awardedContract(db, { m, signed: true })
  if (!m) {
    m = c.m
    const account = await stripe.accounts.create({ type: 'express', metadata: { organisationId: c.m.agencies.a.organisationId } })
    await db
      .update(payoutAccounts)
      .set({ stripeAccountId: account.id })
      .where(eq(payoutAccounts.organisationId, c.m.agencies.a.organisationId))
  }
  // Move the fixed clock a little so `created` and signatures differ between steps.
  setClock((clock = fixedClock(now())))
  return c
}

/**
 * The client never hears the answer to the next request on `path`: its first two tries get a 500
 * (no effect), the third (its last retry) takes effect and the connection drops unanswered.
 */
function loseEveryAnswer(path: RegExp) {
  server.controls.dropAfterEffect(path)
  server.controls.failNext(path, 500)
  server.controls.failNext(path, 500)
}

/** Calls the test server received from `from` on, matching `method path`, that took effect (not replayed). */
function effects(from: number, method: string, path: RegExp) {
  return server.calls.slice(from).filter((c) => c.method === method && path.test(c.path) && !c.replayed && c.status === 200)
}
const PI_CREATE = /^\/v1\/payment_intents$/
const PI_CONFIRM = /^\/v1\/payment_intents\/[^/]+\/confirm$/

async function contractRow(id: string) {
  const db = await getDb()
  const [row] = await db.select().from(contracts).where(eq(contracts.id, id))
  return row
}

async function needState(id: string) {
  const db = await getDb()
  const [row] = await db.select({ state: needs.state }).from(needs).where(eq(needs.id, id))
  return row.state
}

async function auditCount(contractId: string, action: string) {
  const db = await getDb()
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, contractId), eq(auditEvents.action, action)))
  return row.n
}

async function startedEvents(contractId: string) {
  const db = await getDb()
  const rows = await db
    .select()
    .from(contractClockEvents)
    .where(and(eq(contractClockEvents.contractId, contractId), eq(contractClockEvents.type, 'started')))
  return rows.length
}

async function payClick(c: AwardedContract, paymentMethod: string, user = c.ownerUser) {
  const cookie = await sessionCookie(user.id)
  return callRoute(
    contractAction,
    formRequest(`/contracts/${c.contractId}`, { intent: 'pay', paymentMethod }, { cookie }),
    { id: c.contractId },
  )
}

async function writtenFor(contractId: string) {
  const db = await getDb()
  const [o] = await db.select({ n: count() }).from(outbox).where(eq(outbox.idempotencyKey, `contract:${contractId}:collect:1`))
  const [p] = await db.select({ n: count() }).from(contractPayments).where(eq(contractPayments.contractId, contractId))
  const c = await contractRow(contractId)
  return { outbox: o.n, payments: p.n, attempts: c.collectAttempts, collect: c.collectStatus }
}

/** Pays with the visa test card through the route (and waits for the webhooks). */
async function paid(c: AwardedContract) {
  const answer = await payClick(c, 'pm_card_visa')
  expect(answer.status).toBe(302)
  await server.controls.settled()
  expect((await contractRow(c.contractId)).collectStatus).toBe('paid')
}

async function deliverReport(c: AwardedContract) {
  const db = await getDb()
  const bytes = Buffer.from('%PDF-1.4 report')
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const [file] = await db
    .insert(storedFiles)
    .values({
      organisationId: c.m.agencies.a.organisationId,
      fileName: 'report.pdf',
      mimeType: 'application/pdf',
      size: bytes.length,
      sha256,
      bytes,
      createdAt: now(),
    })
    .returning()
  await actOnContract(db, c.agencyUser, c.contractId, 'deliver', { report: { sha256, fileId: file.id } })
}

describe('webhook signatures', () => {
  // First in the file: stripe_events is still empty.
  it('refuses a bad, missing or stale signature with 400 and writes nothing', async () => {
    const db = await getDb()
    const payload = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_x' } } })
    const t = Math.floor(now().getTime() / 1000)
    const post = (signature: string | null) =>
      callRoute(
        webhookAction,
        new Request('http://localhost/webhooks/stripe', {
          method: 'POST',
          headers: signature === null ? {} : { 'stripe-signature': signature },
          body: payload,
        }),
      )
    expect((await post(stripeSignatureHeader(payload, 'whsec_wrong', t))).status).toBe(400)
    expect((await post(null)).status).toBe(400)
    expect((await post('t=abc'))).toMatchObject({ status: 400 })
    // Signed right but 301 s before the app's now: stale.
    expect((await post(stripeSignatureHeader(payload, SECRET, t - 301))).status).toBe(400)
    // A body changed after signing.
    const signed = stripeSignatureHeader(payload, SECRET, t)
    const tampered = await callRoute(
      webhookAction,
      new Request('http://localhost/webhooks/stripe', {
        method: 'POST',
        headers: { 'stripe-signature': signed },
        body: payload.replace('pi_x', 'pi_y'),
      }),
    )
    expect(tampered.status).toBe(400)
    const [events] = await db.select({ n: count() }).from(stripeEvents)
    expect(events.n).toBe(0)
    // Within the tolerance and well signed: accepted (an unknown object → stored, ignored).
    const ok = await post(stripeSignatureHeader(payload, SECRET, t - 299))
    expect(ok.status).toBe(200)
  })

  it('a delivery from the server signed with a wrong secret or stale is refused 400, and the event has no effect', async () => {
    const c = await signedContract()
    const from = server.deliveries.length
    server.controls.signNextWithBadSecret()
    server.controls.holdEvents()
    // The handler hears its answer, so the contract is paid either way: what matters is the webhook's answer.
    await paid(c)
    await server.controls.releaseEvents()
    const [first] = server.deliveries.slice(from)
    expect(first.status).toBe(400)
    const db = await getDb()
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, first.eventId))).toEqual([])

    server.controls.signNextStale(600)
    const c2 = await signedContract()
    const from2 = server.deliveries.length
    await paid(c2)
    const [stale] = server.deliveries.slice(from2)
    expect(stale.status).toBe(400)
    expect(await db.select().from(stripeEvents).where(eq(stripeEvents.id, stale.eventId))).toEqual([])
  })
})

describe('paying', () => {
  it('20 concurrent pay clicks: one PaymentIntent, one confirm, in service once with one started event', async () => {
    const c = await signedContract()
    const from = server.calls.length
    const answers = await Promise.all(Array.from({ length: 20 }, () => payClick(c, 'pm_card_visa')))
    await server.controls.settled()
    expect(answers.filter((a) => a.status === 302)).toHaveLength(1)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(19)
    expect(effects(from, 'POST', PI_CREATE)).toHaveLength(1)
    expect(effects(from, 'POST', PI_CONFIRM)).toHaveLength(1)
    const row = await contractRow(c.contractId)
    expect(row).toMatchObject({ collectStatus: 'paid', heldFen: PRICE, collectAttempts: 1, lastPaymentError: null })
    expect(row.paymentIntentId).toMatch(/^pi_/)
    expect(row.startedOn).not.toBeNull()
    expect(await needState(c.needId)).toBe('in_service')
    expect(await startedEvents(c.contractId)).toBe(1)
    expect(await auditCount(c.contractId, 'payment.held')).toBe(1)
    const db = await getDb()
    const [payment] = await db.select().from(contractPayments).where(eq(contractPayments.contractId, c.contractId))
    expect(payment).toMatchObject({ kind: 'payment_intent', stripeId: row.paymentIntentId, status: 'succeeded' })
    // The page shows it.
    const page = await callRoute(contractLoader, getRequest(`/contracts/${c.contractId}`, { cookie: await sessionCookie(c.ownerUser.id) }), { id: c.contractId })
    expect(page.data.contract).toMatchObject({ collectStatus: 'paid', heldFen: PRICE })
    expect(page.data.actions).not.toContain('pay')
    // A click after the payment: refused, no call.
    const calls = server.calls.length
    expect((await payClick(c, 'pm_card_visa')).status).toBe(409)
    expect(server.calls.length).toBe(calls)
  })

  it('a Stripe 500 the client retries past, then 500s until the outbox retries: still one PaymentIntent', async () => {
    const c = await signedContract()
    const from = server.calls.length
    server.controls.failNext(PI_CREATE, 500)
    await paid(c)
    const creates = server.calls.slice(from).filter((call) => PI_CREATE.test(call.path))
    expect(creates.map((call) => call.status)).toEqual([500, 200])
    expect(effects(from, 'POST', PI_CREATE)).toHaveLength(1)

    // Three 500s: the client's own retries (2) run out, the outbox keeps the row for later.
    const c2 = await signedContract()
    const from2 = server.calls.length
    for (let i = 0; i < 3; i++) server.controls.failNext(PI_CREATE, 500)
    expect((await payClick(c2, 'pm_card_visa')).status).toBe(302)
    expect((await contractRow(c2.contractId)).collectStatus).toBe('processing')
    const db = await getDb()
    const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `contract:${c2.contractId}:collect:1`))
    expect(row.status).toBe('pending')
    expect(row.lastError).toMatch(/unknown error occurred/)
    // A second click meanwhile is refused (a payment is in flight).
    expect((await payClick(c2, 'pm_card_visa')).status).toBe(409)
    clock.advance(60 * 60_000)
    await deliverOutbox(db)
    await server.controls.settled()
    expect(effects(from2, 'POST', PI_CREATE)).toHaveLength(1)
    expect(effects(from2, 'POST', PI_CONFIRM)).toHaveLength(1)
    expect((await contractRow(c2.contractId)).collectStatus).toBe('paid')
    expect(await needState(c2.needId)).toBe('in_service')
  })

  it('a connection dropped after the effect: the retry with the same key replays it, one PaymentIntent, one confirm', async () => {
    const c = await signedContract()
    const from = server.calls.length
    server.controls.dropAfterEffect(PI_CREATE)
    server.controls.dropAfterEffect(PI_CONFIRM)
    await paid(c)
    const creates = server.calls.slice(from).filter((call) => PI_CREATE.test(call.path))
    expect(creates[0].status).toBeNull()
    expect(creates.slice(1).every((call) => call.replayed)).toBe(true)
    expect(server.calls.slice(from).filter((call) => PI_CREATE.test(call.path) && !call.replayed)).toHaveLength(1)
    expect(server.calls.slice(from).filter((call) => PI_CONFIRM.test(call.path) && !call.replayed)).toHaveLength(1)
    expect(await startedEvents(c.contractId)).toBe(1)

    // Dropped on every try of the client: the outbox delivers it again later, and Stripe replays.
    const c2 = await signedContract()
    const from2 = server.calls.length
    loseEveryAnswer(PI_CREATE)
    server.controls.holdEvents()
    expect((await payClick(c2, 'pm_card_visa')).status).toBe(302)
    expect((await contractRow(c2.contractId)).collectStatus).toBe('processing')
    clock.advance(60 * 60_000)
    await deliverOutbox(await getDb())
    await server.controls.releaseEvents()
    // Two 500s (no effect), the effect with its answer lost, then the outbox's retry: Stripe's replay.
    const creates2 = server.calls.slice(from2).filter((call) => PI_CREATE.test(call.path))
    expect(creates2.map((call) => [call.status, call.replayed])).toEqual([
      [500, false],
      [500, false],
      [null, false],
      [200, true],
    ])
    expect(effects(from2, 'POST', PI_CONFIRM)).toHaveLength(1)
    expect((await contractRow(c2.contractId)).collectStatus).toBe('paid')
  })

  it('a declined card leaves the contract unpaid with the reason; a second attempt with visa pays', async () => {
    const c = await signedContract()
    const from = server.calls.length
    expect((await payClick(c, 'pm_card_chargeDeclined')).status).toBe(302)
    await server.controls.settled()
    const row = await contractRow(c.contractId)
    expect(row).toMatchObject({ collectStatus: 'failed', lastPaymentError: 'card_declined', heldFen: 0, collectAttempts: 1 })
    expect(await needState(c.needId)).toBe('awarded')
    expect(await startedEvents(c.contractId)).toBe(0)
    expect(await auditCount(c.contractId, 'payment.failed')).toBe(1)
    const db = await getDb()
    const [row1] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `contract:${c.contractId}:collect:1`))
    expect(row1.status).toBe('done')
    const cookie = await sessionCookie(c.ownerUser.id)
    const page = await callRoute(contractLoader, getRequest(`/contracts/${c.contractId}`, { cookie }), { id: c.contractId })
    expect(page.data.contract).toMatchObject({ collectStatus: 'failed', lastPaymentError: 'card_declined' })
    expect(page.data.actions).toContain('pay')

    await paid(c)
    expect(effects(from, 'POST', PI_CREATE)).toHaveLength(1)
    expect(server.calls.slice(from).filter((call) => PI_CONFIRM.test(call.path) && !call.replayed)).toHaveLength(2)
    expect(await contractRow(c.contractId)).toMatchObject({ collectAttempts: 2, heldFen: PRICE, lastPaymentError: null })
    expect(await needState(c.needId)).toBe('in_service')
  })

  it('who may pay: the agency and the regulator 403, another owner and a losing agency 404, nothing written', async () => {
    const c = await signedContract()
    const from = server.calls.length
    expect((await payClick(c, 'pm_card_visa', c.agencyUser)).status).toBe(403)
    expect((await payClick(c, 'pm_card_visa', c.regulatorUser)).status).toBe(403)
    expect((await payClick(c, 'pm_card_visa', c.otherOwnerUser)).status).toBe(404)
    expect((await payClick(c, 'pm_card_visa', c.otherAgencyUser)).status).toBe(404)
    expect(await writtenFor(c.contractId)).toEqual({ outbox: 0, payments: 0, attempts: 0, collect: 'unpaid' })
    expect(server.calls.length).toBe(from)
  })

  it('bad input: 400 with the message at the payment method, nothing written', async () => {
    const c = await signedContract()
    for (const bad of ['', 'card_visa', 'pm_card visa', 'pm_\u0000x']) {
      const answer = await payClick(c, bad)
      expect(answer.status).toBe(400)
      expect(answer.data.result.error.paymentMethod?.length).toBeGreaterThan(0)
    }
    expect(await writtenFor(c.contractId)).toEqual({ outbox: 0, payments: 0, attempts: 0, collect: 'unpaid' })
  })

  it('paying before both signed is refused 409, nothing written', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m, payoutAccount: true })
    const answer = await payClick(c, 'pm_card_visa')
    expect(answer.status).toBe(409)
    expect(await writtenFor(c.contractId)).toEqual({ outbox: 0, payments: 0, attempts: 0, collect: 'unpaid' })
  })
})

describe('paying out and refunding', () => {
  it('20 concurrent accept clicks and overlapping ticks: exactly one Transfer, released once', async () => {
    const c = await signedContract()
    await paid(c)
    await deliverReport(c)
    const db = await getDb()
    const from = server.calls.length
    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, () => actOnContract(db, c.ownerUser, c.contractId, 'accept')),
    )
    expect(answers.filter((a) => a.status === 'fulfilled')).toHaveLength(1)
    await Promise.all([deliverOutbox(db), deliverOutbox(db), deliverOutbox(db)])
    await server.controls.settled()
    const transfers = effects(from, 'POST', /^\/v1\/transfers$/)
    expect(transfers).toHaveLength(1)
    expect(transfers[0].idempotencyKey).toBe(`contract:${c.contractId}:transfer:acceptance`)
    const row = await contractRow(c.contractId)
    expect(row).toMatchObject({ releasedFen: PRICE, heldFen: PRICE, refundedFen: 0 })
    expect(await auditCount(c.contractId, 'payment.released')).toBe(1)
    const [payment] = await db
      .select()
      .from(contractPayments)
      .where(and(eq(contractPayments.contractId, c.contractId), eq(contractPayments.kind, 'transfer')))
    expect(payment.stripeId).toMatch(/^tr_/)
    expect(payment.status).toBe('succeeded')
    const transfer = await stripe.transfers.retrieve(payment.stripeId!)
    expect(transfer).toMatchObject({ amount: PRICE, currency: 'cny', transfer_group: `contract_${c.contractId}` })
    expect(transfer.source_transaction).toMatch(/^ch_/)
  })

  it('a ruling with a refund: exactly one Refund (overlapping ticks, the charge.refunded webhook), refunded once', async () => {
    const c = await signedContract()
    await paid(c)
    const db = await getDb()
    const from = server.calls.length
    await actOnContract(db, c.regulatorUser, c.contractId, 'terminate', {
      reason: '机构无法按期完成',
      ruling: { partyAtFault: 'agency', refundFen: 600_000, releaseFen: 300_000 },
    })
    // A connection dropped after the refund: the client's retry replays it.
    server.controls.dropAfterEffect(/^\/v1\/refunds$/)
    await Promise.all([deliverOutbox(db), deliverOutbox(db)])
    await server.controls.settled()
    expect(server.calls.slice(from).filter((call) => call.path === '/v1/refunds' && !call.replayed)).toHaveLength(1)
    expect(effects(from, 'POST', /^\/v1\/transfers$/)).toHaveLength(1)
    expect(await contractRow(c.contractId)).toMatchObject({ refundedFen: 600_000, releasedFen: 300_000, heldFen: PRICE })
    expect(await auditCount(c.contractId, 'payment.refunded')).toBe(1)
    expect(await needState(c.needId)).toBe('terminated')
  })
})

describe('payment calls leave right after the commit (no tick)', () => {
  const TRANSFERS = /^\/v1\/transfers$/
  const REFUNDS = /^\/v1\/refunds$/
  async function click(c: AwardedContract, user: AwardedContract['ownerUser'], fields: Record<string, string>) {
    const cookie = await sessionCookie(user.id)
    return callRoute(contractAction, formRequest(`/contracts/${c.contractId}`, fields, { cookie }), { id: c.contractId })
  }
  async function outboxRow(key: string) {
    const db = await getDb()
    const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, key))
    return row
  }

  it('accepting on the page pays the agency at once: the Transfer is at Stripe before any tick', async () => {
    const c = await signedContract()
    await paid(c)
    await deliverReport(c)
    const from = server.calls.length
    const answer = await click(c, c.ownerUser, { intent: 'accept' })
    expect(answer.status).toBe(302)
    const transfers = effects(from, 'POST', TRANSFERS)
    expect(transfers).toHaveLength(1)
    expect(transfers[0].idempotencyKey).toBe(`contract:${c.contractId}:transfer:acceptance`)
    expect(await outboxRow(`contract:${c.contractId}:transfer:acceptance`)).toMatchObject({ status: 'done', attempts: 1 })
    expect(await contractRow(c.contractId)).toMatchObject({ releasedFen: PRICE })
    // The tick finds nothing left to do.
    await deliverOutbox(await getDb())
    await server.controls.settled()
    expect(effects(from, 'POST', TRANSFERS)).toHaveLength(1)
  })

  it('a Stripe that is down: the accept still succeeds, the tick delivers the Transfer later, exactly one', async () => {
    const c = await signedContract()
    await paid(c)
    await deliverReport(c)
    const db = await getDb()
    const key = `contract:${c.contractId}:transfer:acceptance`
    const from = server.calls.length
    // Every try of the client (1 + its 2 retries) gets a 500.
    for (let i = 0; i < 3; i++) server.controls.failNext(TRANSFERS, 500)
    const answer = await click(c, c.ownerUser, { intent: 'accept' })
    expect(answer.status).toBe(302)
    expect(await needState(c.needId)).toBe('accepted')
    expect(effects(from, 'POST', TRANSFERS)).toHaveLength(0)
    expect(await outboxRow(key)).toMatchObject({ status: 'pending', attempts: 1 })
    expect(await contractRow(c.contractId)).toMatchObject({ releasedFen: 0 })
    // Not due yet: the tick leaves it to its backoff; once due, it goes.
    clock.advance(60 * 60_000)
    await Promise.all([deliverOutbox(db), deliverOutbox(db)])
    await server.controls.settled()
    expect(effects(from, 'POST', TRANSFERS)).toHaveLength(1)
    expect(await outboxRow(key)).toMatchObject({ status: 'done', attempts: 2 })
    expect(await contractRow(c.contractId)).toMatchObject({ releasedFen: PRICE })
    expect(await auditCount(c.contractId, 'payment.released')).toBe(1)
  })

  it('a ruling and an agreed ending send their Refund / Transfer at once', async () => {
    const ruled = await signedContract()
    await paid(ruled)
    let from = server.calls.length
    const ruling = await click(ruled, ruled.regulatorUser, {
      intent: 'terminationRule',
      reason: '机构严重逾期且无正当理由，裁决终止。',
      partyAtFault: 'agency',
      refundFen: '6000',
      releaseFen: '3000',
      confirm: 'yes',
    })
    expect(ruling.status).toBe(302)
    expect(effects(from, 'POST', REFUNDS)).toHaveLength(1)
    expect(effects(from, 'POST', TRANSFERS)).toHaveLength(1)
    await server.controls.settled()
    expect(await contractRow(ruled.contractId)).toMatchObject({ refundedFen: 600_000, releasedFen: 300_000 })

    const agreed = await signedContract()
    await paid(agreed)
    const db = await getDb()
    await actOnContract(db, agreed.agencyUser, agreed.contractId, 'propose_termination', {
      reason: '双方协商一致终止。',
      ruling: { partyAtFault: 'none', refundFen: PRICE, releaseFen: 0 },
    })
    from = server.calls.length
    const agree = await click(agreed, agreed.ownerUser, { intent: 'terminationAgree', confirm: 'yes' })
    expect(agree.status).toBe(302)
    expect(effects(from, 'POST', REFUNDS)).toHaveLength(1)
    await server.controls.settled()
    expect(await contractRow(agreed.contractId)).toMatchObject({ refundedFen: PRICE, releasedFen: 0 })
  })
})

describe('transfer reversals', () => {
  it('a partial reversal sets released to amount − amount_reversed: webhooks twice and out of order, a stale answer after', async () => {
    const c = await signedContract()
    await paid(c)
    await deliverReport(c)
    const db = await getDb()
    await actOnContract(db, c.ownerUser, c.contractId, 'accept')
    await deliverOutbox(db)
    await server.controls.settled()
    expect(await contractRow(c.contractId)).toMatchObject({ releasedFen: PRICE })
    const [payment] = await db
      .select()
      .from(contractPayments)
      .where(and(eq(contractPayments.contractId, c.contractId), eq(contractPayments.kind, 'transfer')))
    // The Transfer as the handler heard it, before any reversal.
    const original = await stripe.transfers.retrieve(payment.stripeId!)
    expect(original.amount_reversed).toBe(0)

    server.controls.holdEvents()
    await stripe.transfers.createReversal(payment.stripeId!, { amount: 200_000 })
    await stripe.transfers.createReversal(payment.stripeId!, { amount: 100_000 })
    const from = server.deliveries.length
    server.controls.deliverNextTwice()
    await server.controls.releaseEvents({ reverse: true })
    await server.controls.settled()
    const delivered = server.deliveries.slice(from)
    expect(delivered.map((d) => [d.type, d.status])).toEqual([
      ['transfer.reversed', 200],
      ['transfer.reversed', 200],
      ['transfer.reversed', 200],
    ])
    expect(delivered[0].eventId).toBe(delivered[1].eventId)
    const expected = PRICE - 300_000
    expect(await contractRow(c.contractId)).toMatchObject({ releasedFen: expected, heldFen: PRICE })
    const [reversedRow] = await db.select().from(contractPayments).where(eq(contractPayments.id, payment.id))
    expect(reversedRow).toMatchObject({ status: 'partially_reversed', reversedFen: 300_000 })

    // The handler's old answer (nothing reversed yet) arriving late changes nothing.
    const late = await db.transaction((tx) => reconcileTransfer(tx, original))
    expect(late.changes).toEqual([])
    expect(await contractRow(c.contractId)).toMatchObject({ releasedFen: expected })

    // The rest reversed: nothing is released any more.
    await stripe.transfers.createReversal(payment.stripeId!)
    await server.controls.settled()
    expect(await contractRow(c.contractId)).toMatchObject({ releasedFen: 0 })
    const [fully] = await db.select().from(contractPayments).where(eq(contractPayments.id, payment.id))
    expect(fully).toMatchObject({ status: 'reversed', reversedFen: PRICE })
  })
})

describe('webhooks', () => {
  it('reconcile a payment whose answer the handler never heard, and a replayed event has one effect', async () => {
    const c = await signedContract()
    const db = await getDb()
    const from = server.deliveries.length
    // Every try of the client loses the confirm's answer: only the webhook can tell.
    loseEveryAnswer(PI_CONFIRM)
    server.controls.deliverNextTwice()
    expect((await payClick(c, 'pm_card_visa')).status).toBe(302)
    await server.controls.settled()
    const delivered = server.deliveries.slice(from)
    expect(delivered.map((d) => [d.type, d.status])).toEqual([
      ['payment_intent.succeeded', 200],
      ['payment_intent.succeeded', 200],
    ])
    expect(delivered[0].eventId).toBe(delivered[1].eventId)
    const row = await contractRow(c.contractId)
    expect(row).toMatchObject({ collectStatus: 'paid', heldFen: PRICE })
    expect(await needState(c.needId)).toBe('in_service')
    expect(await startedEvents(c.contractId)).toBe(1)
    expect(await auditCount(c.contractId, 'payment.held')).toBe(1)
    const stored = await db.select().from(stripeEvents).where(eq(stripeEvents.id, delivered[0].eventId))
    expect(stored).toHaveLength(1)
    // The outbox row is still to retry; when it does, Stripe replays and nothing changes.
    clock.advance(60 * 60_000)
    await deliverOutbox(db)
    await server.controls.settled()
    expect(await auditCount(c.contractId, 'payment.held')).toBe(1)
    expect(await startedEvents(c.contractId)).toBe(1)
  })

  it('out of order: the success arrives before the stale failure, and the contract stays paid', async () => {
    const c = await signedContract()
    server.controls.holdEvents()
    expect((await payClick(c, 'pm_card_chargeDeclined')).status).toBe(302)
    expect((await contractRow(c.contractId)).collectStatus).toBe('failed')
    loseEveryAnswer(PI_CONFIRM)
    expect((await payClick(c, 'pm_card_visa')).status).toBe(302)
    expect((await contractRow(c.contractId)).collectStatus).toBe('processing')
    const from = server.deliveries.length
    await server.controls.releaseEvents({ reverse: true })
    expect(server.deliveries.slice(from).map((d) => [d.type, d.status])).toEqual([
      ['payment_intent.succeeded', 200],
      ['payment_intent.payment_failed', 200],
    ])
    expect(await contractRow(c.contractId)).toMatchObject({ collectStatus: 'paid', heldFen: PRICE, lastPaymentError: null })
    expect(await needState(c.needId)).toBe('in_service')
    expect(await startedEvents(c.contractId)).toBe(1)
  })
})

describe('a payment that succeeds after the contract ended', () => {
  it('is refunded in full, once (its webhook late and delivered twice), and the service never starts', async () => {
    const c = await signedContract()
    const db = await getDb()
    const from = server.calls.length
    // The owner pays, but no answer comes back and the webhook is late.
    server.controls.holdEvents()
    loseEveryAnswer(PI_CONFIRM)
    expect((await payClick(c, 'pm_card_visa')).status).toBe(302)
    expect((await contractRow(c.contractId)).collectStatus).toBe('processing')
    // Meanwhile the regulator ends the contract: nothing is held yet, so nothing to split.
    await actOnContract(db, c.regulatorUser, c.contractId, 'terminate', {
      reason: '机构资质被撤销，裁决终止。',
      ruling: { partyAtFault: 'agency', refundFen: 0, releaseFen: 0 },
    })
    expect(await needState(c.needId)).toBe('terminated')

    // The success arrives late, twice.
    const delivered = server.deliveries.length
    server.controls.deliverNextTwice()
    await server.controls.releaseEvents()
    await server.controls.settled()
    expect(server.deliveries.slice(delivered).map((d) => [d.type, d.status])).toEqual([
      ['payment_intent.succeeded', 200],
      ['payment_intent.succeeded', 200],
    ])
    expect(await contractRow(c.contractId)).toMatchObject({ collectStatus: 'paid', heldFen: PRICE, refundedFen: 0 })
    expect(await auditCount(c.contractId, 'payment.late_refund_requested')).toBe(1)
    const key = `contract:${c.contractId}:refund:late`
    expect(await db.select().from(outbox).where(eq(outbox.idempotencyKey, key))).toHaveLength(1)
    const [row] = await db.select().from(contractPayments).where(eq(contractPayments.idempotencyKey, key))
    expect(row).toMatchObject({ kind: 'refund', purpose: 'late_payment', amountFen: PRICE })

    // The timed work delivers the refund (and the collect retry, which Stripe replays): one Refund.
    clock.advance(60 * 60_000)
    await Promise.all([deliverOutbox(db), deliverOutbox(db)])
    await server.controls.settled()
    const refunds = effects(from, 'POST', /^\/v1\/refunds$/)
    expect(refunds).toHaveLength(1)
    expect(refunds[0].idempotencyKey).toBe(key)
    expect(await contractRow(c.contractId)).toMatchObject({ heldFen: PRICE, refundedFen: PRICE, releasedFen: 0 })
    expect(await auditCount(c.contractId, 'payment.late_refund_requested')).toBe(1)
    expect(await needState(c.needId)).toBe('terminated')
    expect(await startedEvents(c.contractId)).toBe(0)
    // Shown on the contract page with the other Stripe objects.
    const page = await callRoute(contractLoader, getRequest(`/contracts/${c.contractId}`, { cookie: await sessionCookie(c.ownerUser.id) }), {
      id: c.contractId,
    })
    expect(page.data.payments).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'refund', purpose: 'late_payment', amountFen: PRICE, status: 'succeeded' })]),
    )
  })
})

describe('payout account', () => {
  it('the agency opens one account (twice: still one), an owner is refused 403 with nothing written', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m })
    const lost = c.m.agencies.c
    const cookie = await sessionCookie(lost.user.id)
    const from = server.calls.length
    const owner = await callRoute(payoutAction, formRequest('/agency/payout', { intent: 'open' }, { cookie: await sessionCookie(c.ownerUser.id) }))
    expect(owner.status).toBe(403)
    expect(server.calls.length).toBe(from)
    const [first, second] = [
      await callRoute(payoutAction, formRequest('/agency/payout', { intent: 'open' }, { cookie })),
      await callRoute(payoutAction, formRequest('/agency/payout', { intent: 'open' }, { cookie })),
    ]
    expect(first.status).toBe(302)
    expect(second.status).toBe(302)
    const created = effects(from, 'POST', /^\/v1\/accounts$/)
    expect(created).toHaveLength(1)
    expect(created[0].idempotencyKey).toBe(`org:${lost.organisationId}:account`)
    const rows = await db.select().from(payoutAccounts).where(eq(payoutAccounts.organisationId, lost.organisationId))
    expect(rows).toHaveLength(1)
    const account = await stripe.accounts.retrieve(rows[0].stripeAccountId)
    expect(account.metadata).toEqual({ organisationId: lost.organisationId })
    expect(await auditCount(lost.organisationId, 'payout.account_opened')).toBe(1)
  })
})
