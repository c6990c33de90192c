/**
 * A small Stripe-compatible HTTP server for tests (the official stripe-mock cannot be installed here).
 * The real `stripe` npm client talks to it: `new Stripe('sk_test_x', { host, port, protocol: 'http' })`.
 *
 * Implements (in memory, one instance per test file):
 * - Bearer auth with any `sk_test_…` key (else 401 in Stripe's error shape); Stripe's form encoding.
 * - accounts: create, retrieve, update (express-style; `charges_enabled` false until
 *   `controls.setChargesEnabled`, which emits account.updated).
 * - payment_intents: create (optionally `confirm=true`), confirm (`pm_card_visa` succeeds and makes a
 *   charge; `pm_card_chargeDeclined` → 402 card_declined, back to requires_payment_method), cancel, retrieve.
 * - charges: retrieve. transfers: create (to an existing `destination`), retrieve, reversals (create).
 * - refunds: full or partial against a payment intent or charge; retrieve. events: list, retrieve.
 * - Errors `{error:{type,code,message,param}}` with 400/401/402/404.
 * - Idempotency-Key: same key + same request → the stored response replayed (no new effect, header
 *   `Idempotent-Replayed: true`); same key + different request → 400 idempotency_error.
 * - Webhooks: every state change makes an event (payment_intent.succeeded / payment_failed / canceled,
 *   charge.refunded, transfer.created / reversed, account.updated), POSTed to `webhookUrl` signed like
 *   Stripe (`stripe.webhooks.constructEvent` verifies it). Controls bend delivery and requests.
 *
 * - State file (`stateFile`, optional): the objects, the id counter, the events and the idempotency
 *   records are loaded from it at start and saved after every request that changed any of them
 *   (written to a temporary file, then renamed over it, so a crash never leaves a torn file) — the
 *   zero-setup start (server/stripe-builtin.ts) keeps its connected accounts and PaymentIntents
 *   across restarts. Without it everything lives in memory for the server's life.
 *
 * Does NOT implement: list endpoints other than events, pagination cursors, `expand` (accepted, ignored),
 * customers, payment methods other than the two test cards, capture_method=manual, 3DS, balance
 * transactions, charge.succeeded and other events not listed above, webhook retries, API versions.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseForm, str, metadataOf, type Form } from './stripe/form'
import { stripeSignatureHeader } from './stripe/signature'

export { stripeSignatureHeader } from './stripe/signature'

type Obj = Record<string, unknown> & { id: string }

export interface StripeCall {
  method: string
  path: string
  idempotencyKey: string | null
  /** HTTP status answered; null when the socket was destroyed without an answer. */
  status: number | null
  replayed: boolean
}

export interface WebhookDelivery {
  eventId: string
  type: string
  status: number | null
}

type Matcher = string | RegExp

export interface StripeServer {
  url: string
  port: number
  host: string
  calls: StripeCall[]
  /** Every event made so far, oldest first (also served at /v1/events). */
  events: Obj[]
  deliveries: WebhookDelivery[]
  controls: {
    /** The next request whose path matches answers `status` (api_error) once, with no effect. */
    failNext(path: Matcher, status?: number): void
    /** The next request whose path matches takes effect, then its socket is destroyed unanswered. */
    dropAfterEffect(path: Matcher): void
    /** The next event is delivered twice. */
    deliverNextTwice(): void
    /** Keep events instead of delivering them, until `release`. */
    holdEvents(): void
    /** Deliver the held events (in reverse order if asked) and stop holding. */
    releaseEvents(options?: { reverse?: boolean }): Promise<void>
    /** The next event is signed with a timestamp this many seconds in the past (default 600). */
    signNextStale(secondsAgo?: number): void
    /** The next event is signed with a wrong secret. */
    signNextWithBadSecret(): void
    /** Set an account's charges_enabled and emit account.updated. */
    setChargesEnabled(accountId: string, enabled: boolean): void
    /** Resolves once every webhook delivery started so far has been answered. */
    settled(): Promise<void>
  }
  close(): Promise<void>
}

class StripeError {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {}
}

function invalid(message: string, param?: string, code?: string, status = 400): StripeError {
  return new StripeError(status, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
  })
}

function missing(kind: string, id: string, param = 'id'): StripeError {
  return invalid(`No such ${kind}: '${id}'`, param, 'resource_missing', 404)
}

interface IdempotencyRecord {
  fingerprint: string
  status: number
  body: string
}

/** What the state file holds (JSON). */
interface SavedState {
  version: typeof STATE_VERSION
  /** The id counter (ids stay unique across restarts). */
  counter: number
  /** Every object, events included. */
  objects: Obj[]
  /** The events' ids, oldest first. */
  events: string[]
  idempotency: [string, IdempotencyRecord][]
}

const STATE_VERSION = 1

function loadState(file: string): SavedState {
  const state = JSON.parse(readFileSync(file, 'utf8')) as SavedState
  if (state.version !== STATE_VERSION || !Array.isArray(state.objects))
    throw new Error(`Stripe test server: ${file} is not a state file of version ${STATE_VERSION}`)
  return state
}

/** Written to a temporary file in the same folder, then renamed over the old one (atomic on one file system). */
function saveState(file: string, state: SavedState): void {
  mkdirSync(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(state))
  renameSync(temporary, file)
}

const PREFIX = {
  account: 'acct_',
  payment_intent: 'pi_',
  charge: 'ch_',
  transfer: 'tr_',
  transfer_reversal: 'trr_',
  refund: 're_',
  event: 'evt_',
} as const

export async function startStripeServer(options: {
  webhookUrl?: string
  webhookSecret: string
  /**
   * The server's clock in ms (default real time): objects' `created` and the webhook signature's
   * `t=`. Pass the app's clock when the app's is moved, as Stripe's and the app's agree in life.
   */
  now?: () => number
  /** Keep the state in this JSON file (loaded at start when it exists, saved after every change). */
  stateFile?: string
}): Promise<StripeServer> {
  const store = new Map<string, Obj>()
  const calls: StripeCall[] = []
  const events: Obj[] = []
  const deliveries: WebhookDelivery[] = []
  const idempotent = new Map<string, IdempotencyRecord>()
  const failRules: { path: Matcher; status: number }[] = []
  const dropRules: Matcher[] = []
  const pending = new Set<Promise<void>>()
  const held: Obj[] = []
  let holding = false
  let twiceNext = false
  let staleNext: number | null = null
  let badSecretNext = false
  let counter = 0
  let queue: Promise<void> = Promise.resolve()
  /** Bumped by every change of the saved state; the state file is written when it moved. */
  let version = 0
  let savedVersion = 0
  const stateFile = options.stateFile ? path.resolve(options.stateFile) : undefined
  if (stateFile && existsSync(stateFile)) {
    const state = loadState(stateFile)
    for (const o of state.objects) store.set(o.id, o)
    for (const id of state.events) {
      const event = store.get(id)
      if (event) events.push(event)
    }
    for (const [key, record] of state.idempotency) idempotent.set(key, record)
    counter = state.counter
  }
  const persist = () => {
    if (!stateFile || version === savedVersion) return
    saveState(stateFile, {
      version: STATE_VERSION,
      counter,
      objects: [...store.values()],
      events: events.map((e) => e.id),
      idempotency: [...idempotent.entries()],
    })
    savedVersion = version
  }

  const created = () => Math.floor((options.now?.() ?? Date.now()) / 1000)
  const newId = (kind: keyof typeof PREFIX) =>
    `${PREFIX[kind]}${(++counter).toString().padStart(6, '0')}${randomBytes(6).toString('hex')}`
  // Every change goes through `save` (objects are changed in place, then saved), `emit` (which
  // saves its event) or the idempotency records: each marks the state changed.
  const save = <T extends Obj>(o: T): T => (store.set(o.id, o), (version += 1), o)
  const get = (kind: keyof typeof PREFIX, id: string, param = 'id'): Obj => {
    const o = store.get(id)
    if (!o || o.object !== kind) throw missing(kind, id, param)
    return o
  }

  function emit(type: string, object: Obj, idempotencyKey: string | null): void {
    const event = save({
      id: newId('event'),
      object: 'event',
      api_version: '2025-01-01',
      created: created(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: options.webhookUrl ? 1 : 0,
      request: { id: null, idempotency_key: idempotencyKey },
      type,
    })
    events.push(event)
    if (holding) held.push(event)
    else deliver(event)
  }

  function deliver(event: Obj): void {
    if (!options.webhookUrl) return
    const times = twiceNext ? 2 : 1
    twiceNext = false
    const t = created() - (staleNext ?? 0)
    staleNext = null
    const secret = badSecretNext ? `${options.webhookSecret}_wrong` : options.webhookSecret
    badSecretNext = false
    const payload = JSON.stringify(event, null, 2)
    const signature = stripeSignatureHeader(payload, secret, t)
    const url = options.webhookUrl
    for (let i = 0; i < times; i++) {
      // One at a time, in order: the receiver sees events in the order they were delivered.
      queue = queue.then(async () => {
        deliveries.push({ eventId: event.id, type: String(event.type), status: await post(url, payload, signature) })
      })
      const p = queue
      pending.add(p)
      void p.finally(() => pending.delete(p))
    }
  }

  function post(url: string, payload: string, signature: string): Promise<number | null> {
    return new Promise((resolve) => {
      const req = httpRequest(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': signature,
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? null))
        },
      )
      req.on('error', () => resolve(null))
      req.end(payload)
    })
  }

  // ---- resources -------------------------------------------------------------------------

  function createAccount(form: Form): Obj {
    return save({
      id: newId('account'),
      object: 'account',
      type: str(form, 'type') ?? 'express',
      country: str(form, 'country') ?? 'US',
      email: str(form, 'email') ?? null,
      default_currency: (str(form, 'default_currency') ?? 'usd').toLowerCase(),
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      metadata: metadataOf(form),
      created: created(),
      livemode: false,
    })
  }

  function positiveAmount(form: Form, required: boolean): number | undefined {
    const raw = str(form, 'amount')
    if (raw === undefined) {
      if (required) throw invalid('Missing required param: amount.', 'amount', 'parameter_missing')
      return undefined
    }
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 1) throw invalid('Invalid positive integer', 'amount', 'parameter_invalid_integer')
    return n
  }

  function currency(form: Form): string {
    const c = str(form, 'currency')
    if (!c) throw invalid('Missing required param: currency.', 'currency', 'parameter_missing')
    return c.toLowerCase()
  }

  function createPaymentIntent(form: Form, key: string | null): { status: number; body: Obj } {
    const pi = save({
      id: newId('payment_intent'),
      object: 'payment_intent',
      amount: positiveAmount(form, true),
      amount_received: 0,
      currency: currency(form),
      status: 'requires_payment_method',
      transfer_group: str(form, 'transfer_group') ?? null,
      metadata: metadataOf(form),
      payment_method: null,
      latest_charge: null,
      last_payment_error: null,
      client_secret: '',
      canceled_at: null,
      cancellation_reason: null,
      created: created(),
      livemode: false,
    })
    pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString('hex')}`
    if (str(form, 'payment_method')) pi.status = 'requires_confirmation'
    if (str(form, 'confirm') === 'true') return confirm(pi, form, key)
    return { status: 200, body: pi }
  }

  function confirm(pi: Obj, form: Form, key: string | null): { status: number; body: Obj } {
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      throw invalid(
        `This PaymentIntent's status is ${String(pi.status)}, so it cannot be confirmed.`,
        undefined,
        'payment_intent_unexpected_state',
      )
    }
    const pm = str(form, 'payment_method') ?? (pi.payment_method as string | null)
    if (!pm)
      throw invalid(
        'You must provide a payment_method to confirm this PaymentIntent.',
        'payment_method',
        'parameter_missing',
      )
    if (pm !== 'pm_card_visa' && pm !== 'pm_card_chargeDeclined') throw missing('payment_method', pm, 'payment_method')
    const ok = pm === 'pm_card_visa'
    const charge = save({
      id: newId('charge'),
      object: 'charge',
      amount: pi.amount,
      amount_captured: ok ? pi.amount : 0,
      amount_refunded: 0,
      currency: pi.currency,
      status: ok ? 'succeeded' : 'failed',
      paid: ok,
      captured: ok,
      refunded: false,
      payment_intent: pi.id,
      payment_method: pm,
      transfer_group: pi.transfer_group,
      metadata: pi.metadata,
      failure_code: ok ? null : 'card_declined',
      failure_message: ok ? null : 'Your card was declined.',
      created: created(),
      livemode: false,
    })
    pi.latest_charge = charge.id
    if (ok) {
      Object.assign(pi, {
        status: 'succeeded',
        payment_method: pm,
        amount_received: pi.amount,
        last_payment_error: null,
      })
      emit('payment_intent.succeeded', pi, key)
      return { status: 200, body: pi }
    }
    const error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
      charge: charge.id,
      payment_method: { id: pm, object: 'payment_method' },
    }
    Object.assign(pi, { status: 'requires_payment_method', payment_method: null, last_payment_error: error })
    emit('payment_intent.payment_failed', pi, key)
    throw new StripeError(402, { ...error, payment_intent: structuredClone(pi) })
  }

  function cancel(pi: Obj, form: Form, key: string | null): Obj {
    if (pi.status === 'succeeded' || pi.status === 'canceled') {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${String(pi.status)}.`,
        undefined,
        'payment_intent_unexpected_state',
      )
    }
    Object.assign(pi, {
      status: 'canceled',
      canceled_at: created(),
      cancellation_reason: str(form, 'cancellation_reason') ?? null,
    })
    emit('payment_intent.canceled', pi, key)
    return pi
  }

  function createTransfer(form: Form, key: string | null): Obj {
    const amount = positiveAmount(form, true)
    const cur = currency(form)
    const destination = str(form, 'destination')
    if (!destination) throw invalid('Missing required param: destination.', 'destination', 'parameter_missing')
    const account = store.get(destination)
    if (!account || account.object !== 'account')
      throw invalid(`No such destination: '${destination}'`, 'destination', 'resource_missing')
    const transfer = save({
      id: newId('transfer'),
      object: 'transfer',
      amount,
      amount_reversed: 0,
      currency: cur,
      destination,
      transfer_group: str(form, 'transfer_group') ?? null,
      source_transaction: str(form, 'source_transaction') ?? null,
      metadata: metadataOf(form),
      reversed: false,
      reversals: { object: 'list', data: [] as Obj[], has_more: false, url: '' },
      created: created(),
      livemode: false,
    })
    ;(transfer.reversals as { url: string }).url = `/v1/transfers/${transfer.id}/reversals`
    emit('transfer.created', transfer, key)
    return transfer
  }

  function reverseTransfer(transfer: Obj, form: Form, key: string | null): Obj {
    const left = (transfer.amount as number) - (transfer.amount_reversed as number)
    const amount = positiveAmount(form, false) ?? left
    if (amount > left)
      throw invalid(`Amount (${amount}) is greater than the amount left to reverse (${left}).`, 'amount')
    const reversal = save({
      id: newId('transfer_reversal'),
      object: 'transfer_reversal',
      amount,
      currency: transfer.currency,
      transfer: transfer.id,
      metadata: metadataOf(form),
      created: created(),
    })
    transfer.amount_reversed = (transfer.amount_reversed as number) + amount
    transfer.reversed = transfer.amount_reversed === transfer.amount
    ;(transfer.reversals as { data: Obj[] }).data.unshift(reversal)
    emit('transfer.reversed', transfer, key)
    return reversal
  }

  function createRefund(form: Form, key: string | null): Obj {
    const piId = str(form, 'payment_intent')
    const chId = str(form, 'charge')
    let charge: Obj
    if (piId) {
      const pi = get('payment_intent', piId, 'payment_intent')
      if (pi.status !== 'succeeded' || !pi.latest_charge)
        throw invalid(`This PaymentIntent (${piId}) does not have a successful charge to refund.`, 'payment_intent')
      charge = get('charge', pi.latest_charge as string)
    } else if (chId) {
      charge = get('charge', chId, 'charge')
    } else {
      throw invalid(
        'One of the following params should be provided for this request: payment_intent or charge.',
        undefined,
        'parameter_missing',
      )
    }
    if (charge.status !== 'succeeded') throw invalid(`Charge ${charge.id} has not succeeded.`, 'charge')
    const left = (charge.amount as number) - (charge.amount_refunded as number)
    if (left === 0) throw invalid(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded')
    const amount = positiveAmount(form, false) ?? left
    if (amount > left)
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        'amount',
        'amount_too_large',
      )
    const refund = save({
      id: newId('refund'),
      object: 'refund',
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      status: 'succeeded',
      reason: str(form, 'reason') ?? null,
      metadata: metadataOf(form),
      created: created(),
    })
    charge.amount_refunded = (charge.amount_refunded as number) + amount
    charge.refunded = charge.amount_refunded === charge.amount
    emit('charge.refunded', charge, key)
    return refund
  }

  // ---- routing ---------------------------------------------------------------------------

  function route(
    method: string,
    path: string,
    form: Form,
    key: string | null,
  ): { status: number; body: Obj | Record<string, unknown> } {
    const parts = path.split('/').filter(Boolean) // ['v1', resource, id?, action?]
    if (parts[0] !== 'v1') throw invalid(`Unrecognized request URL (${method}: ${path}).`, undefined, undefined, 404)
    const [, resource, id, action, subId] = parts
    const ok = (body: Obj | Record<string, unknown>) => ({ status: 200, body })
    const is = (m: string, n: number) => method === m && parts.length === n
    switch (resource) {
      case 'accounts':
        if (is('POST', 2)) return ok(createAccount(form))
        if (is('GET', 3)) return ok(get('account', id))
        if (is('POST', 3)) {
          const account = get('account', id)
          Object.assign(account, { metadata: { ...(account.metadata as object), ...metadataOf(form) } })
          if (str(form, 'email') !== undefined) account.email = str(form, 'email')
          emit('account.updated', account, key)
          return ok(account)
        }
        break
      case 'payment_intents':
        if (is('POST', 2)) return createPaymentIntent(form, key)
        if (is('GET', 3)) return ok(get('payment_intent', id))
        if (is('POST', 4) && action === 'confirm') return confirm(get('payment_intent', id), form, key)
        if (is('POST', 4) && action === 'cancel') return ok(cancel(get('payment_intent', id), form, key))
        break
      case 'charges':
        if (is('GET', 3)) return ok(get('charge', id))
        break
      case 'transfers':
        if (is('POST', 2)) return ok(createTransfer(form, key))
        if (is('GET', 3)) return ok(get('transfer', id))
        if (is('POST', 4) && action === 'reversals') return ok(reverseTransfer(get('transfer', id), form, key))
        if (is('GET', 5) && action === 'reversals') return ok(get('transfer_reversal', subId))
        break
      case 'refunds':
        if (is('POST', 2)) return ok(createRefund(form, key))
        if (is('GET', 3)) return ok(get('refund', id))
        break
      case 'events':
        if (is('GET', 2)) {
          const type = str(form, 'type')
          const limit = Math.min(Number(str(form, 'limit') ?? 10) || 10, 100)
          const matching = [...events].reverse().filter((e) => !type || e.type === type)
          return ok({
            object: 'list',
            url: '/v1/events',
            has_more: matching.length > limit,
            data: matching.slice(0, limit),
          })
        }
        if (is('GET', 3)) return ok(get('event', id))
        break
    }
    throw invalid(`Unrecognized request URL (${method}: ${path}).`, undefined, undefined, 404)
  }

  const matches = (m: Matcher, path: string) => (typeof m === 'string' ? m === path : m.test(path))
  const takeRule = <T>(rules: T[], pick: (r: T) => Matcher, path: string): T | undefined => {
    const i = rules.findIndex((r) => matches(pick(r), path))
    return i === -1 ? undefined : rules.splice(i, 1)[0]
  }

  function send(res: ServerResponse, status: number, body: string, replayed = false): void {
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_${randomBytes(7).toString('hex')}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    })
    res.end(body)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://stripe.test')
    const path = url.pathname
    const keyHeader = req.headers['idempotency-key']
    const key = method === 'POST' && typeof keyHeader === 'string' ? keyHeader : null
    const call: StripeCall = { method, path, idempotencyKey: key, status: null, replayed: false }
    calls.push(call)
    const answer = (status: number, body: string, replayed = false) => {
      call.status = status
      call.replayed = replayed
      send(res, status, body, replayed)
    }

    const auth = req.headers.authorization ?? ''
    const apiKey = auth.startsWith('Bearer ') ? auth.slice(7) : ''
    if (!apiKey.startsWith('sk_test_')) {
      const message = apiKey ? `Invalid API Key provided: ${apiKey.slice(0, 8)}****` : 'You did not provide an API key.'
      return answer(401, JSON.stringify({ error: { type: 'invalid_request_error', message } }))
    }

    const fail = takeRule(failRules, (r) => r.path, path)
    if (fail)
      return answer(
        fail.status,
        JSON.stringify({ error: { type: 'api_error', message: 'An unknown error occurred (test server failNext).' } }),
      )

    const fingerprint = `${method} ${path} ${raw}`
    if (key) {
      const stored = idempotent.get(key)
      if (stored && stored.fingerprint !== fingerprint) {
        return answer(
          400,
          JSON.stringify({
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          }),
        )
      }
      if (stored) return answer(stored.status, stored.body, true)
    }

    const form = method === 'GET' ? parseForm(url.search.slice(1)) : parseForm(raw)
    let status: number
    let body: string
    try {
      const result = route(method, path, form, key)
      status = result.status
      body = JSON.stringify(result.body, null, 2)
    } catch (e) {
      if (!(e instanceof StripeError)) throw e
      status = e.status
      body = JSON.stringify({ error: e.body }, null, 2)
    }
    // Stripe stores the result of any request that reached its handlers, errors included.
    if (key) {
      idempotent.set(key, { fingerprint, status, body })
      version += 1
    }
    // Saved before the answer leaves: what the client was told survives a restart.
    persist()

    if (takeRule(dropRules, (r) => r, path) !== undefined) {
      req.socket.destroy()
      return
    }
    answer(status, body)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: { type: 'api_error', message: String(e) } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const host = '127.0.0.1'

  return {
    url: `http://${host}:${port}`,
    port,
    host,
    calls,
    events,
    deliveries,
    controls: {
      failNext: (path, status = 500) => void failRules.push({ path, status }),
      dropAfterEffect: (path) => void dropRules.push(path),
      deliverNextTwice: () => void (twiceNext = true),
      holdEvents: () => void (holding = true),
      releaseEvents: async ({ reverse = false } = {}) => {
        holding = false
        const batch = held.splice(0, held.length)
        for (const e of reverse ? batch.reverse() : batch) deliver(e)
        await Promise.all([...pending])
      },
      signNextStale: (secondsAgo = 600) => void (staleNext = secondsAgo),
      signNextWithBadSecret: () => void (badSecretNext = true),
      setChargesEnabled: (accountId, enabled) => {
        const account = get('account', accountId)
        Object.assign(account, {
          charges_enabled: enabled,
          payouts_enabled: enabled,
          details_submitted: enabled || account.details_submitted,
        })
        emit('account.updated', account, null)
        persist()
      },
      settled: async () => {
        while (pending.size > 0) await Promise.all([...pending])
      },
    },
    close: async () => {
      persist()
      await Promise.all([...pending])
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
    },
  }
}
