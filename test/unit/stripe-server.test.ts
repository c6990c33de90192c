// The Stripe-compatible test server, driven by the REAL stripe npm client.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startStripeServer, type StripeServer } from '../support/stripe-server'
import { parseForm } from '../support/stripe/form'

const SECRET = 'whsec_test_secret'

interface Received {
  payload: string
  signature: string
}

let receiver: Server
const received: Received[] = []
let server: StripeServer
let stripe: Stripe
let retrying: Stripe

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({
        payload: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['stripe-signature']),
      })
      res.writeHead(200).end('{}')
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`
  server = await startStripeServer({ webhookUrl, webhookSecret: SECRET })
  const base = { host: server.host, port: server.port, protocol: 'http' as const }
  stripe = new Stripe('sk_test_x', { ...base, maxNetworkRetries: 0 })
  retrying = new Stripe('sk_test_x', { ...base, maxNetworkRetries: 2 })
})

afterAll(async () => {
  await server.close()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})

beforeEach(async () => {
  await server.controls.settled()
  received.length = 0
})

/** Every delivery so far, verified the way the app will verify it. */
async function deliveredEvents(): Promise<Stripe.Event[]> {
  await server.controls.settled()
  return received.map((r) => stripe.webhooks.constructEvent(r.payload, r.signature, SECRET))
}

const eventsOfType = (type: string) => server.events.filter((e) => e.type === type)

async function paidIntent(amount = 1000): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount, currency: 'cny', payment_method: 'pm_card_visa', confirm: true })
}

describe('form encoding', () => {
  it('reads nested keys, arrays and indices', () => {
    expect(
      parseForm(
        'amount=5&metadata[need_id]=n%201&metadata[kind]=a+b&expand[]=latest_charge&expand[]=x&items[0][price]=p',
      ),
    ).toEqual({
      amount: '5',
      metadata: { need_id: 'n 1', kind: 'a b' },
      expand: ['latest_charge', 'x'],
      items: [{ price: 'p' }],
    })
  })
})

describe('auth and errors', () => {
  it('refuses a key that is not sk_test_ with a 401 in Stripe shape', async () => {
    const live = new Stripe('sk_live_nope', {
      host: server.host,
      port: server.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    })
    await expect(live.accounts.create({ type: 'express' })).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      statusCode: 401,
    })
  })

  it('answers an unknown id with 404 resource_missing', async () => {
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'id',
    })
  })

  it('answers a missing required param with 400 naming the param', async () => {
    await expect(
      stripe.paymentIntents.create({ currency: 'cny' } as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'amount',
    })
  })
})

describe('accounts', () => {
  it('creates an express account that cannot charge until enabled, which emits account.updated', async () => {
    const account = await stripe.accounts.create({ type: 'express', country: 'CN', metadata: { org: 'o1' } })
    expect(account).toMatchObject({
      object: 'account',
      type: 'express',
      charges_enabled: false,
      livemode: false,
      metadata: { org: 'o1' },
    })
    expect(account.id).toMatch(/^acct_/)
    server.controls.setChargesEnabled(account.id, true)
    expect((await stripe.accounts.retrieve(account.id)).charges_enabled).toBe(true)
    const [event] = await deliveredEvents()
    expect(event.type).toBe('account.updated')
    expect((event.data.object as Stripe.Account).charges_enabled).toBe(true)
  })
})

describe('payment intents', () => {
  it('create then confirm with pm_card_visa succeeds, makes a charge and emits payment_intent.succeeded', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 12345,
      currency: 'cny',
      transfer_group: 'need_1',
      metadata: { need: '1' },
    })
    expect(created).toMatchObject({
      object: 'payment_intent',
      status: 'requires_payment_method',
      amount: 12345,
      currency: 'cny',
      transfer_group: 'need_1',
      metadata: { need: '1' },
      livemode: false,
    })
    expect(created.id).toMatch(/^pi_/)
    const confirmed = await stripe.paymentIntents.confirm(created.id, { payment_method: 'pm_card_visa' })
    expect(confirmed.status).toBe('succeeded')
    const charge = await stripe.charges.retrieve(confirmed.latest_charge as string)
    expect(charge).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      amount: 12345,
      payment_intent: created.id,
      transfer_group: 'need_1',
    })
    expect(charge.id).toMatch(/^ch_/)
    const events = await deliveredEvents()
    expect(events.map((e) => e.type)).toEqual(['payment_intent.succeeded'])
    expect(events[0].id).toMatch(/^evt_/)
    expect((events[0].data.object as Stripe.PaymentIntent).id).toBe(created.id)
    expect((await stripe.events.retrieve(events[0].id)).type).toBe('payment_intent.succeeded')
  })

  it('pm_card_chargeDeclined fails with a 402 card_declined and returns to requires_payment_method', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 500, currency: 'cny' })
    await expect(
      stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclined' }),
    ).rejects.toMatchObject({
      type: 'StripeCardError',
      statusCode: 402,
      code: 'card_declined',
      decline_code: 'generic_decline',
    })
    const after = await stripe.paymentIntents.retrieve(pi.id)
    expect(after.status).toBe('requires_payment_method')
    expect(after.last_payment_error?.code).toBe('card_declined')
    expect((await deliveredEvents()).map((e) => e.type)).toEqual(['payment_intent.payment_failed'])
  })

  it('cancels, emits payment_intent.canceled, and refuses to cancel twice', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 500, currency: 'cny' })
    expect((await stripe.paymentIntents.cancel(pi.id)).status).toBe('canceled')
    await expect(stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    })
    expect((await deliveredEvents()).map((e) => e.type)).toEqual(['payment_intent.canceled'])
  })

  it('lists events newest first, filtered by type', async () => {
    const pi = await paidIntent()
    const list = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 })
    expect(list.data).toHaveLength(1)
    expect((list.data[0].data.object as Stripe.PaymentIntent).id).toBe(pi.id)
  })
})

describe('idempotency', () => {
  it('the same key and body replays the stored answer with no new effect', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: 'cny' })
    const before = eventsOfType('payment_intent.succeeded').length
    const first = await stripe.paymentIntents.confirm(
      pi.id,
      { payment_method: 'pm_card_visa' },
      { idempotencyKey: 'confirm-once' },
    )
    const second = await stripe.paymentIntents.confirm(
      pi.id,
      { payment_method: 'pm_card_visa' },
      { idempotencyKey: 'confirm-once' },
    )
    expect(second).toEqual(first)
    expect(eventsOfType('payment_intent.succeeded').length).toBe(before + 1)
    const keyed = server.calls.filter((c) => c.idempotencyKey === 'confirm-once')
    expect(keyed.map((c) => [c.status, c.replayed])).toEqual([
      [200, false],
      [200, true],
    ])
  })

  it('the same key with a different body is a 400 idempotency_error', async () => {
    await stripe.paymentIntents.create({ amount: 100, currency: 'cny' }, { idempotencyKey: 'create-x' })
    await expect(
      stripe.paymentIntents.create({ amount: 200, currency: 'cny' }, { idempotencyKey: 'create-x' }),
    ).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      statusCode: 400,
    })
  })
})

describe('transfers and refunds', () => {
  it('transfers to an account and reverses part of it', async () => {
    const account = await stripe.accounts.create({ type: 'express' })
    const transfer = await stripe.transfers.create({
      amount: 1000,
      currency: 'cny',
      destination: account.id,
      transfer_group: 'need_2',
    })
    expect(transfer).toMatchObject({
      object: 'transfer',
      amount: 1000,
      destination: account.id,
      transfer_group: 'need_2',
      reversed: false,
    })
    expect(transfer.id).toMatch(/^tr_/)
    const reversal = await stripe.transfers.createReversal(transfer.id, { amount: 400 })
    expect(reversal).toMatchObject({ object: 'transfer_reversal', amount: 400, transfer: transfer.id })
    expect(reversal.id).toMatch(/^trr_/)
    expect(await stripe.transfers.retrieve(transfer.id)).toMatchObject({ amount_reversed: 400, reversed: false })
    await expect(stripe.transfers.createReversal(transfer.id, { amount: 601 })).rejects.toMatchObject({
      statusCode: 400,
      param: 'amount',
    })
    expect((await deliveredEvents()).map((e) => e.type)).toEqual(['transfer.created', 'transfer.reversed'])
  })

  it('refuses a transfer to an unknown destination', async () => {
    await expect(
      stripe.transfers.create({ amount: 1, currency: 'cny', destination: 'acct_nope' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'destination',
    })
  })

  it('refunds part of a payment intent, then the rest, never more', async () => {
    const pi = await paidIntent(1000)
    await server.controls.settled()
    received.length = 0
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 300 })
    expect(refund).toMatchObject({ object: 'refund', amount: 300, payment_intent: pi.id, status: 'succeeded' })
    expect(refund.id).toMatch(/^re_/)
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      amount_refunded: 300,
      refunded: false,
    })
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 701 })).rejects.toMatchObject({
      statusCode: 400,
      code: 'amount_too_large',
    })
    expect((await stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(700)
    const events = await deliveredEvents()
    expect(events.map((e) => e.type)).toEqual(['charge.refunded', 'charge.refunded'])
    expect(events[1].data.object).toMatchObject({ amount_refunded: 1000, refunded: true })
  })
})

describe('webhook signing and delivery controls', () => {
  it('a wrong secret fails constructEvent', async () => {
    server.controls.signNextWithBadSecret()
    await paidIntent()
    await server.controls.settled()
    expect(received).toHaveLength(1)
    expect(() => stripe.webhooks.constructEvent(received[0].payload, received[0].signature, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    )
  })

  it('a stale timestamp fails constructEvent with a 300 s tolerance', async () => {
    server.controls.signNextStale(600)
    await paidIntent()
    await server.controls.settled()
    expect(() => stripe.webhooks.constructEvent(received[0].payload, received[0].signature, SECRET, 300)).toThrow(
      /tolerance/i,
    )
  })

  it('delivers the next event twice', async () => {
    server.controls.deliverNextTwice()
    await paidIntent()
    const events = await deliveredEvents()
    expect(events).toHaveLength(2)
    expect(events[0].id).toBe(events[1].id)
  })

  it('holds events and delivers them in reverse order', async () => {
    server.controls.holdEvents()
    const a = await paidIntent()
    const b = await stripe.paymentIntents.create({ amount: 1, currency: 'cny' })
    await stripe.paymentIntents.cancel(b.id)
    await server.controls.settled()
    expect(received).toHaveLength(0)
    await server.controls.releaseEvents({ reverse: true })
    const events = await deliveredEvents()
    expect(events.map((e) => [e.type, (e.data.object as Stripe.PaymentIntent).id])).toEqual([
      ['payment_intent.canceled', b.id],
      ['payment_intent.succeeded', a.id],
    ])
  })
})

describe('failures the client must survive', () => {
  it('failNext answers 500 once with no effect; the client retries with the same key and one effect happens', async () => {
    const account = await retrying.accounts.create({ type: 'express' })
    const before = eventsOfType('transfer.created').length
    server.controls.failNext('/v1/transfers', 500)
    const transfer = await retrying.transfers.create({ amount: 50, currency: 'cny', destination: account.id })
    expect(eventsOfType('transfer.created').length).toBe(before + 1)
    const attempts = server.calls.filter((c) => c.path === '/v1/transfers').slice(-2)
    expect(attempts.map((c) => c.status)).toEqual([500, 200])
    expect(attempts[0].idempotencyKey).toBeTruthy()
    expect(attempts[1].idempotencyKey).toBe(attempts[0].idempotencyKey)
    expect((await retrying.transfers.retrieve(transfer.id)).amount).toBe(50)
  })

  it('dropAfterEffect does the effect and hangs up; the retry replays it, so one effect happens', async () => {
    const pi = await retrying.paymentIntents.create({ amount: 900, currency: 'cny' })
    const path = `/v1/payment_intents/${pi.id}/confirm`
    const before = eventsOfType('payment_intent.succeeded').length
    server.controls.dropAfterEffect(path)
    const confirmed = await retrying.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })
    expect(confirmed.status).toBe('succeeded')
    expect(eventsOfType('payment_intent.succeeded').length).toBe(before + 1)
    const attempts = server.calls.filter((c) => c.path === path)
    expect(attempts.map((c) => [c.status, c.replayed])).toEqual([
      [null, false],
      [200, true],
    ])
    expect(attempts[1].idempotencyKey).toBe(attempts[0].idempotencyKey)
  })
})

describe('state file', () => {
  let folder: string
  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'stripe-state-'))
  })
  afterAll(() => rmSync(folder, { recursive: true, force: true }))

  const clientOf = (s: StripeServer) =>
    new Stripe('sk_test_x', { host: s.host, port: s.port, protocol: 'http', maxNetworkRetries: 0 })

  it('a server started again on the same file transfers to, refunds and replays what the first one made', async () => {
    const stateFile = path.join(folder, 'nested', 'stripe.json')
    const first = await startStripeServer({ webhookSecret: SECRET, stateFile })
    const a = clientOf(first)
    const account = await a.accounts.create({ type: 'express' }, { idempotencyKey: 'state-account' })
    const pi = await a.paymentIntents.create(
      { amount: 5000, currency: 'cny', transfer_group: 'contract_state' },
      { idempotencyKey: 'state-pi' },
    )
    const paid = await a.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, { idempotencyKey: 'state-confirm' })
    expect(paid.status).toBe('succeeded')
    const eventsBefore = first.events.map((e) => e.id)
    await first.close()
    // Written whole: no temporary file left next to it, and it parses.
    expect(readdirSync(path.dirname(stateFile))).toEqual(['stripe.json'])
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 1 })

    const second = await startStripeServer({ webhookSecret: SECRET, stateFile })
    try {
      const b = clientOf(second)
      expect(second.events.map((e) => e.id)).toEqual(eventsBefore)
      expect((await b.paymentIntents.retrieve(pi.id)).status).toBe('succeeded')
      const transfer = await b.transfers.create({ amount: 3000, currency: 'cny', destination: account.id, transfer_group: 'contract_state' })
      expect(transfer.destination).toBe(account.id)
      const refund = await b.refunds.create({ payment_intent: pi.id, amount: 2000 })
      expect(refund).toMatchObject({ amount: 2000, payment_intent: pi.id, status: 'succeeded' })
      const charge = await b.charges.retrieve(paid.latest_charge as string)
      expect(charge.amount_refunded).toBe(2000)
      // Ids made after the restart never repeat one made before it.
      expect(new Set([account.id, pi.id, charge.id, transfer.id, refund.id, ...second.events.map((e) => e.id)]).size).toBe(
        5 + second.events.length,
      )

      // The earlier requests replay (same key, same body) with no new effect; a different body is refused.
      const replayed = await b.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, { idempotencyKey: 'state-confirm' })
      expect(replayed.id).toBe(pi.id)
      expect(replayed.amount_received).toBe(5000)
      const again = await b.accounts.create({ type: 'express' }, { idempotencyKey: 'state-account' })
      expect(again.id).toBe(account.id)
      expect(second.calls.filter((c) => c.idempotencyKey?.startsWith('state-')).map((c) => [c.path, c.replayed])).toEqual([
        [`/v1/payment_intents/${pi.id}/confirm`, true],
        ['/v1/accounts', true],
      ])
      expect(second.events.filter((e) => e.type === 'payment_intent.succeeded')).toHaveLength(1)
      await expect(
        b.paymentIntents.create({ amount: 6000, currency: 'cny' }, { idempotencyKey: 'state-pi' }),
      ).rejects.toMatchObject({ type: 'StripeIdempotencyError' })
    } finally {
      await second.close()
    }

    // The third start sees the second's transfer and refund too.
    const third = await startStripeServer({ webhookSecret: SECRET, stateFile })
    try {
      const c = clientOf(third)
      expect((await c.charges.retrieve(paid.latest_charge as string)).amount_refunded).toBe(2000)
      expect(third.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['payment_intent.succeeded', 'transfer.created', 'charge.refunded']),
      )
    } finally {
      await third.close()
    }
  })

  it('without a state file nothing is written and a new server starts empty', async () => {
    const one = await startStripeServer({ webhookSecret: SECRET })
    const account = await clientOf(one).accounts.create({ type: 'express' })
    await one.close()
    const two = await startStripeServer({ webhookSecret: SECRET })
    try {
      await expect(clientOf(two).accounts.retrieve(account.id)).rejects.toMatchObject({ statusCode: 404 })
    } finally {
      await two.close()
    }
  })
})
