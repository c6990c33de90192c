/**
 * The demo contracts (db/seed/demo-contracts.ts) as the zero-setup start makes them: the start-up
 * seed (`prepareOnStart`) on an empty database, payments through the project's Stripe-compatible
 * server with nothing listening at the webhook address (as during the start, when the app's port
 * is not open yet: every delivery fails, and the outbox's own answers from Stripe carry the
 * state). Each scenario must have reached its state through the real functions: the need's state,
 * the signatures, the money held / released / refunded (and the Transfers and Refunds at the
 * server), the report versions, the clock's events and lights, the overdue days; and the contract
 * page draws the clock for every contract that started.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { and, asc, eq, inArray } from 'drizzle-orm'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyCredit,
  agencyRatings,
  bids,
  commendations,
  complaints,
  contractClockEvents,
  contractDeliveries,
  contractPayments,
  contracts,
  creditEvents,
  needs,
  organisations,
  outbox,
  payoutAccounts,
  recordedViolations,
  repairApplications,
  selectionRounds,
  users,
} from '#db/schema'
import { demoContractScenarios } from '#db/seed/demo-contracts'
import { demoBlacklisted, demoCreditTiers } from '#db/seed/demo-credit'
import { submitBid } from '~/domain/bidding/bids.server'
import { appealsForAdmin, type BlacklistView } from '~/domain/blacklist/blacklist.server'
import { ratingConfig } from '~/domain/config'
import { creditBase, tierOf } from '~/domain/credit/credit'
import { agencyCreditLedger } from '~/domain/credit/credit-views.server'
import { eligibilityFor } from '~/domain/needs/notices.server'
import { agencyRatingsOf } from '~/domain/ratings/ratings.server'
import * as publicBlacklistPage from '~/routes/_public+/blacklist'
import * as agencyNeed from '~/routes/agency+/needs.$id'
import * as blacklistApi from '~/routes/api+/v1.blacklist'
import * as creditApi from '~/routes/api+/v1.agencies.$id.credit'
import * as publicLedgerPage from '~/routes/_public+/agencies.$id.credit'
import { adminQueues, regulatorQueues } from '~/domain/workspace/workspace.server'
import { isOverdue } from '~/domain/workspace/queue'
import { callRoute, getRequest, sessionCookie } from '../support/routes'
import { prepareOnStart } from '#db/seed/on-start.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { contractClock } from '~/domain/contracts/clock-events.server'
import { contractPage } from '~/domain/contracts/contract-views.server'
import { fixedClock, now, resetClock, setClock } from '~/domain/now'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'
import { resetEnvCache } from '~/utils/env.server'
import { resetStripeClient } from '~/utils/stripe.server'
import { database } from '#test/support/setup-integration'
import { overdueDaysOf } from '#test/support/contract-fixtures'
import { startStripeServer, type StripeServer } from '../support/stripe-server'

import { addCalendarDays, shanghaiDate } from '~/domain/dates'

/** A Monday inside the shipped calendar; the scenarios reach back about 32 working days from it. */
const TODAY = '2026-06-15'
const SEEDING_TIMEOUT = 120_000

let server: StripeServer
const logged: string[] = []
type Row = { contract: typeof contracts.$inferSelect; need: typeof needs.$inferSelect }
const byTitle = new Map<string, Row>()

/** An address where nothing listens (a port opened and closed again). */
async function deadWebhookUrl(): Promise<string> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return `http://127.0.0.1:${port}/webhooks/stripe`
}

beforeAll(async () => {
  setClock(fixedClock(`${TODAY}T06:00:00Z`))
  server = await startStripeServer({ webhookUrl: await deadWebhookUrl(), webhookSecret: 'whsec_demo_contracts', now: () => now().getTime() })
  process.env.STRIPE_SECRET_KEY = 'sk_test_demo_contracts'
  process.env.STRIPE_WEBHOOK_SECRET = 'whsec_demo_contracts'
  process.env.STRIPE_API_BASE = server.url
  process.env.SEED_DEMO_DATA = 'true'
  resetEnvCache()
  resetStripeClient()
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')))
  const errors = vi.spyOn(console, 'error')
  try {
    await prepareOnStart(database)
    // Nothing was logged as an error (a step of the timed work failing on the way, a payment call).
    expect(errors).not.toHaveBeenCalled()
  } finally {
    log.mockRestore()
    errors.mockRestore()
  }
  const db = await getDb()
  const rows = await db
    .select({ contract: contracts, need: needs })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
  for (const row of rows) byTitle.set(row.need.title, row)
}, SEEDING_TIMEOUT)

afterAll(async () => {
  await server.close()
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE']) delete process.env[name]
  process.env.SEED_DEMO_DATA = 'false'
  resetEnvCache()
  resetStripeClient()
  resetClock()
})

const scenario = (step: (typeof demoContractScenarios)[number]['step'], light?: string) => {
  const s = demoContractScenarios.find((x) => x.step === step && (light === undefined || x.light === light))
  if (!s) throw new Error(`no scenario ${step} ${light ?? ''}`)
  const row = byTitle.get(s.title)
  if (!row) throw new Error(`no contract for ${s.title}`)
  return { s, ...row }
}

const titlesOf = (step: (typeof demoContractScenarios)[number]['step']) =>
  demoContractScenarios.filter((s) => s.step === step).map((s) => s.title)

const scenarioTitled = (title: string) => {
  const s = demoContractScenarios.find((x) => x.title === title)!
  const row = byTitle.get(title)
  if (!row) throw new Error(`no contract for ${title}`)
  return { s, ...row }
}

async function clockOf(contractId: string) {
  const db = await getDb()
  const [c] = await db.select().from(contracts).where(eq(contracts.id, contractId))
  return contractClock(db, c)
}

async function clockEventTypes(contractId: string) {
  const db = await getDb()
  const rows = await db
    .select({ type: contractClockEvents.type })
    .from(contractClockEvents)
    .where(eq(contractClockEvents.contractId, contractId))
    .orderBy(asc(contractClockEvents.onDate), asc(contractClockEvents.id))
  return rows.map((r) => r.type)
}

async function deliveries(contractId: string) {
  const db = await getDb()
  const rows = await db
    .select({ version: contractDeliveries.version, outcome: contractDeliveries.outcome })
    .from(contractDeliveries)
    .where(eq(contractDeliveries.contractId, contractId))
    .orderBy(asc(contractDeliveries.version))
  return rows.map((r) => `${r.version}:${r.outcome}`)
}

async function overdueDays(contractId: string) {
  return overdueDaysOf(await getDb(), contractId)
}

const money = (c: typeof contracts.$inferSelect) => ({
  collect: c.collectStatus,
  held: c.heldFen,
  released: c.releasedFen,
  refunded: c.refundedFen,
})

/** The Transfers and Refunds the Stripe server made for a contract (from its events, one per object). */
function atStripe(c: typeof contracts.$inferSelect) {
  const objectOf = (e: Record<string, unknown>) => (e.data as { object: Record<string, unknown> }).object
  return {
    transfers: server.events
      .filter((e) => e.type === 'transfer.created' && objectOf(e).transfer_group === `contract_${c.id}`)
      .map((e) => objectOf(e).amount),
    refunds: server.events.filter((e) => e.type === 'charge.refunded' && objectOf(e).payment_intent === c.paymentIntentId).length,
  }
}

async function userByEmail(email: string): Promise<SessionUser> {
  const db = await getDb()
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email))
  return loadSessionUser(db, u.id)
}

describe('demo contracts on a fresh start', () => {
  it('made every scenario, said so in one line, and left no payment call undelivered', async () => {
    expect(demoContractScenarios.every((s) => byTitle.has(s.title))).toBe(true)
    expect(logged.filter((l) => l.startsWith('Demo contracts:'))).toEqual([
      expect.stringMatching(new RegExp(`^Demo contracts: ${demoContractScenarios.length} seeded in \\d+\\.\\d s$`)),
    ])
    const db = await getDb()
    const calls = await db.select({ kind: outbox.kind, status: outbox.status }).from(outbox)
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.filter((c) => c.status !== 'done')).toEqual([])
    // The four demo agencies with contracts have a payout account, a connected account at the Stripe server.
    const accounts = await db.select({ id: payoutAccounts.stripeAccountId }).from(payoutAccounts)
    expect(accounts).toHaveLength(4)
    const stripe = new Stripe('sk_test_demo_contracts', { host: server.host, port: server.port, protocol: 'http' })
    for (const a of accounts) expect((await stripe.accounts.retrieve(a.id)).object).toBe('account')
    // The webhooks went nowhere (the app's port is closed during the start): the state above is from Stripe's answers.
    expect(server.deliveries.length).toBeGreaterThan(0)
    expect(server.deliveries.filter((d) => d.status !== null)).toEqual([])
  })

  it('awaiting signature: awarded, signed by the owner, the agency to sign; nothing paid, no clock', async () => {
    const { contract: c, need } = scenario('awaitingSignature')
    expect(need.state).toBe('awarded')
    expect([c.ownerSignedAt !== null, c.agencySignedAt !== null]).toEqual([true, false])
    expect(c.signDueOn >= TODAY).toBe(true)
    expect(money(c)).toEqual({ collect: 'unpaid', held: 0, released: 0, refunded: 0 })
    expect(await clockEventTypes(c.id)).toEqual([])
  })

  it('awaiting payment: awarded, signed by both, unpaid, no clock', async () => {
    const { contract: c, need } = scenario('awaitingPayment')
    expect(need.state).toBe('awarded')
    expect([c.ownerSignedAt !== null, c.agencySignedAt !== null]).toEqual([true, true])
    expect(c.signDueOn >= TODAY).toBe(true)
    expect(money(c)).toEqual({ collect: 'unpaid', held: 0, released: 0, refunded: 0 })
    expect(c.paymentIntentId).toBeNull()
    expect(await clockEventTypes(c.id)).toEqual([])
  })

  it.each(['green', 'yellow', 'red'] as const)('in service, %s: paid and held, the agency light as named', async (light) => {
    const { s, contract: c, need } = scenario('inService', light)
    expect(need.state).toBe('in_service')
    expect(money(c)).toEqual({ collect: 'paid', held: c.priceFen, released: 0, refunded: 0 })
    expect(atStripe(c)).toEqual({ transfers: [], refunds: 0 })
    const clock = await clockOf(c.id)
    expect(clock?.phase).toBe('agency')
    expect(clock?.agency.status).toBe('running')
    expect(clock?.agency.budget).toBe(s.committedDays)
    expect(clock?.agency.light).toBe(light)
    expect(await clockEventTypes(c.id)).toEqual(
      light === 'green' ? ['started'] : ['started', 'pause_requested', 'pause_confirmed', 'resumed'],
    )
    const overdue = await overdueDays(c.id)
    if (light === 'red') {
      // One overdue-day event per counted working day past C, the same days the clock counts.
      expect(clock!.agency.used).toBeGreaterThan(s.committedDays)
      expect(overdue).toEqual(clock!.overdueDays)
      expect(overdue.length).toBe(clock!.agency.used - s.committedDays)
    } else {
      expect(overdue).toEqual([])
    }
  })

  it('paused: the agency asked, the owner confirmed; the clock is stopped', async () => {
    const { contract: c, need } = scenario('paused')
    expect(need.state).toBe('paused')
    expect(money(c)).toEqual({ collect: 'paid', held: c.priceFen, released: 0, refunded: 0 })
    expect(await clockEventTypes(c.id)).toEqual(['started', 'pause_requested', 'pause_confirmed'])
    const clock = await clockOf(c.id)
    expect(clock?.agency.status).toBe('paused')
    expect(clock?.pauses.at(-1)?.to).toBeNull()
  })

  it('delivered: version 1 awaits the owner; the agency segment stopped', async () => {
    const { contract: c, need } = scenario('delivered')
    expect(need.state).toBe('delivered')
    expect(await deliveries(c.id)).toEqual(['1:pending'])
    expect(await clockEventTypes(c.id)).toEqual(['started', 'delivered'])
    expect((await clockOf(c.id))?.phase).toBe('owner_review')
  })

  it('returned: version 1 returned with reasons, the agency counting again', async () => {
    const { contract: c, need } = scenario('returned')
    expect(need.state).toBe('in_service')
    expect(await deliveries(c.id)).toEqual(['1:returned'])
    expect(await clockEventTypes(c.id)).toEqual(['started', 'delivered', 'returned_for_revision'])
    const clock = await clockOf(c.id)
    expect(clock?.revisionRounds).toBe(1)
    expect(clock?.agency.status).toBe('running')
  })

  it.each(['accepted', 'decided'] as const)('%s: extended, returned once, version 2 accepted, paid out by exactly one Transfer', async (step) => {
    const { contract: c, need } = scenario(step)
    // The decided one is closed: demo-credit.ts has the owner rate it (the rating closes it at once).
    expect(need.state).toBe(step === 'decided' ? 'closed' : 'accepted')
    expect(c.acceptedAt).not.toBeNull()
    expect(money(c)).toEqual({ collect: 'paid', held: c.priceFen, released: c.priceFen, refunded: 0 })
    expect(atStripe(c)).toEqual({ transfers: [c.priceFen], refunds: 0 })
    expect(await deliveries(c.id)).toEqual(['1:returned', '2:accepted'])
    const approval = step === 'decided' ? ['approval_submitted', 'approval_decided'] : []
    expect(await clockEventTypes(c.id)).toEqual(['started', 'extended', 'delivered', 'returned_for_revision', 'delivered', ...approval])
    const clock = await clockOf(c.id)
    expect(clock?.extensionDays).toBe(2)
    expect(clock?.phase).toBe(step === 'decided' ? 'decided' : 'owner_review')
    if (step === 'decided') expect([c.approvalOutcome, c.approvalDocumentNo]).toEqual(['approved', '盐环审〔2026〕88号'])
    const db = await getDb()
    const transfers = await db
      .select({ status: contractPayments.status })
      .from(contractPayments)
      .where(and(eq(contractPayments.contractId, c.id), eq(contractPayments.kind, 'transfer')))
    expect(transfers).toHaveLength(1)
  })

  it('terminated by agreement: one Refund of the rest to the owner, 5,000 yuan to the agency', async () => {
    const { contract: c, need } = scenario('terminated')
    expect(need.state).toBe('terminated')
    expect([c.terminationKind, c.partyAtFault]).toEqual(['agreement', 'none'])
    expect(money(c)).toEqual({ collect: 'paid', held: c.priceFen, released: 500_000, refunded: c.priceFen - 500_000 })
    expect(atStripe(c)).toEqual({ transfers: [500_000], refunds: 1 })
  })

  it.each(titlesOf('acceptedLate'))('accepted late (%s): delivered 13 working days past C, accepted and paid out; each overdue day counted', async (title) => {
    const { s, contract: c, need } = scenarioTitled(title)
    expect(need.state).toBe('accepted')
    expect(money(c)).toEqual({ collect: 'paid', held: c.priceFen, released: c.priceFen, refunded: 0 })
    expect(atStripe(c)).toEqual({ transfers: [c.priceFen], refunds: 0 })
    expect(await deliveries(c.id)).toEqual(['1:accepted'])
    const clock = await clockOf(c.id)
    const overdue = await overdueDays(c.id)
    expect(overdue).toEqual(clock!.overdueDays)
    expect(overdue).toHaveLength(13)
    expect(clock!.agency.used - s.committedDays).toBe(13)
  })

  it('lapsed: the owner signed, the agency never did; the timed work ended it at the agency’s fault, nothing paid', async () => {
    const { contract: c, need } = scenario('lapsed')
    expect(need.state).toBe('terminated')
    expect([c.ownerSignedAt !== null, c.agencySignedAt !== null]).toEqual([true, false])
    expect([c.terminationKind, c.partyAtFault]).toEqual(['lapsed', 'agency'])
    expect(shanghaiDate(c.terminatedAt!) > c.signDueOn).toBe(true)
    expect(money(c)).toEqual({ collect: 'unpaid', held: 0, released: 0, refunded: 0 })
  })

  it.each(titlesOf('terminatedAtFault'))('terminated at fault (%s): 14 working days past C, ended by the regulator’s ruling at the agency’s fault, all refunded', async (title) => {
    const { contract: c, need } = scenarioTitled(title)
    expect(need.state).toBe('terminated')
    expect([c.terminationKind, c.partyAtFault]).toEqual(['ruling', 'agency'])
    expect(money(c)).toEqual({ collect: 'paid', held: c.priceFen, released: 0, refunded: c.priceFen })
    expect(atStripe(c)).toEqual({ transfers: [], refunds: 1 })
    expect(await overdueDays(c.id)).toHaveLength(14)
  })

  it("the contract page draws the clock of every contract that started, for the owner and the supervising regulator", async () => {
    const db = await getDb()
    const owner = await userByEmail('owner1@demo.example')
    const regulators = { eiaForm: await userByEmail('ee@demo.example'), landSurvey: await userByEmail('nrp@demo.example') }
    const calendar = await getCalendar(db)
    for (const s of demoContractScenarios) {
      const { contract: c } = byTitle.get(s.title)!
      for (const viewer of [owner, regulators[s.service ?? 'eiaForm']]) {
        const page = await contractPage(db, viewer, c.id)
        if (s.step === 'awaitingSignature' || s.step === 'awaitingPayment' || s.step === 'lapsed') {
          expect(page.clock, s.title).toBeNull()
          continue
        }
        expect(page.clock, s.title).not.toBeNull()
        const timeline = page.clock!.timeline
        expect(timeline.origin, s.title).toBe(c.startedOn)
        expect(timeline.spans.length, s.title).toBeGreaterThan(0)
        expect(timeline.extent, s.title).toBeGreaterThanOrEqual(1)
        // A terminated contract's clock stands still on the day it ended.
        expect(page.clock!.today, s.title).toBe(s.step === 'terminated' || s.step === 'terminatedAtFault' ? shanghaiDate(c.terminatedAt!) : TODAY)
        expect(calendar.isWorkingDay(c.startedOn!)).toBe(true)
      }
    }
    // The agencies see only their own.
    const huanke = await userByEmail('huanke@demo.example')
    const ids = demoContractScenarios.map((s) => byTitle.get(s.title)!.contract)
    const own = ids.filter((c) => c.agencyOrganisationId === huanke.organisationId)
    expect(own.length).toBeGreaterThan(0)
    for (const c of own) expect((await contractPage(db, huanke, c.id)).viewer).toBe('agency')
  })
})

describe('demo ratings, credit and blacklist on a fresh start', () => {
  const emailOf = new Map<string, string>()
  const agencyId = async (email: string) => (await userByEmail(email)).organisationId

  beforeAll(async () => {
    const db = await getDb()
    const rows = await db
      .select({ id: organisations.id, email: users.email })
      .from(organisations)
      .innerJoin(users, eq(users.organisationId, organisations.id))
      .where(and(eq(organisations.kind, 'agency'), inArray(organisations.status, ['active', 'suspended', 'exited'])))
    for (const r of rows) emailOf.set(r.id, r.email)
  })

  it('said so in one line', () => {
    expect(logged.filter((l) => l.startsWith('Demo credit:'))).toEqual([
      expect.stringMatching(
        /^Demo credit: 4 owner ratings with 4 replies and 1 department rating\(s\); tiers A 4, B 1, C 1, D 1; blacklist 1 in force, 1 expired, 2 lifted, 2 appeal\(s\) decided, 1 pending; complaints pending 2, accepted 1, invalid 1, upheld 1, dismissed 1, withdrawn 1; 2 violation\(s\), 1 commendation\(s\); repairs 1 granted, 1 pending, 1 refused; seeded in \d+\.\d s$/,
      ),
    ])
    // The printed logins name the blacklisted agency and the need its bid is refused on.
    const shuibao = logged.find((l) => l.includes(demoBlacklisted.email))
    expect(shuibao).toContain(demoBlacklisted.openNeedTitle)
  })

  it('rated: the owner rated each accepted contract in its window, the agency replied, the department rated the decided one', async () => {
    const db = await getDb()
    for (const [step, c] of [
      ...(['accepted', 'decided'] as const).map((step) => [step, scenario(step).contract] as const),
      ...titlesOf('acceptedLate').map((title) => ['acceptedLate', scenarioTitled(title).contract] as const),
    ]) {
      const ratings = await db.select().from(agencyRatings).where(eq(agencyRatings.contractId, c.id))
      const owner = ratings.filter((r) => r.raterKind === 'owner')
      expect(owner, step).toHaveLength(1)
      expect(owner[0].replyText, step).toBeTruthy()
      expect(owner[0].agencyOrganisationId).toBe(c.agencyOrganisationId)
      // Rated within the window: at most ownerRatingWorkingDays working days after the acceptance day.
      const calendar = await getCalendar(db)
      const acceptedOn = shanghaiDate(c.acceptedAt!)
      const ratedOn = shanghaiDate(owner[0].createdAt)
      expect(ratedOn > acceptedOn && ratedOn <= calendar.addWorkingDays(acceptedOn, ratingConfig.ownerRatingWorkingDays)).toBe(true)
      expect(ratings.filter((r) => r.raterKind === 'department'), step).toHaveLength(step === 'decided' ? 1 : 0)
      // Each rating has its credit event.
      const events = await db.select().from(creditEvents).where(eq(creditEvents.contractId, c.id))
      for (const r of ratings) expect(events.filter((e) => e.factKey === `rating:${r.id}`), step).toHaveLength(1)
    }
    // The agency profile's ratings (public read) show them with the replies.
    const lvyuan = await agencyRatingsOf(db, await agencyId('lvyuan@demo.example'))
    expect(lvyuan.summary).toMatchObject({ ownerCount: 2, departmentCount: 1 })
    expect(lvyuan.ratings.filter((r) => r.reply?.text)).toHaveLength(2)
  })

  it('every demo agency: the score recomputed from the public ledger API equals the stored score and tier; tiers A, B, C and D all held', async () => {
    const db = await getDb()
    const stored = new Map((await db.select().from(agencyCredit)).map((r) => [r.agencyOrganisationId, r]))
    const tiers = new Map<string, string>()
    expect(emailOf.size).toBe(Object.keys(demoCreditTiers).length)
    for (const [id, email] of emailOf) {
      const r = await callRoute(creditApi.loader, getRequest(`/api/v1/agencies/${id}/credit`), { id })
      expect(r.status).toBe(200)
      const body = r.data as { base: number; score: number; tier: string; events: { points: number; kind: string; reason: string | null }[] }
      const recomputed = body.events.reduce((sum, e) => sum + e.points, body.base)
      expect(body.score, email).toBe(recomputed)
      expect(body.tier, email).toBe(tierOf(recomputed))
      expect(recomputed, email).toBe(stored.get(id)?.score ?? creditBase)
      expect(body.tier, email).toBe(stored.get(id)?.tier ?? tierOf(creditBase))
      expect(body.tier, email).toBe(demoCreditTiers[email])
      tiers.set(email, body.tier)
    }
    for (const tier of ['A', 'B', 'C', 'D'] as const) expect([...tiers.values()]).toContain(tier)
  })

  it('each tier reached by real events with their reasons', async () => {
    const ledger = async (email: string) => agencyCreditLedger(await getDb(), await agencyId(email))
    const kinds = (events: { kind: string }[]) => [...new Set(events.map((e) => e.kind))].sort()

    const huanke = await ledger('huanke@demo.example')
    expect(huanke.tier).toBe('A')
    expect(kinds(huanke.events)).toEqual(['complaint_upheld', 'overdue_day', 'owner_rating'])

    const lvyuan = await ledger('lvyuan@demo.example')
    expect(lvyuan.tier).toBe('B')
    expect(kinds(lvyuan.events)).toEqual(['commendation', 'department_rating', 'overdue_day', 'overdue_violation', 'owner_rating'])
    // The overdue days of one contract take at most 10 points; the 10th day adds the violation.
    const late = scenario('acceptedLate').contract
    const lateDays = lvyuan.events.filter((e) => e.kind === 'overdue_day' && e.contract?.id === late.id)
    expect(lateDays.reduce((sum, e) => sum + e.points, 0)).toBe(-10)
    expect(lvyuan.events.filter((e) => e.kind === 'overdue_violation')).toEqual([
      expect.objectContaining({ points: -10, onDate: lateDays[9].onDate }),
    ])
    expect(lvyuan.events.filter((e) => e.kind.endsWith('_rating')).every((e) => /^\d\.\d\d \/ 5$/.test(e.reason ?? ''))).toBe(true)

    const shuibao = await ledger('shuibao@demo.example')
    expect(shuibao.tier).toBe('C')
    expect(kinds(shuibao.events)).toEqual(['contract_lapsed', 'overdue_day', 'overdue_violation', 'repair', 'terminated_at_fault', 'violation_recorded'])
    const fault = shuibao.events.find((e) => e.kind === 'terminated_at_fault')!
    expect(fault).toMatchObject({ points: -10, contract: { id: scenario('terminatedAtFault').contract.id } })
    expect(fault.reason).toContain('14 个工作日')
    expect(shuibao.events.find((e) => e.kind === 'contract_lapsed')).toMatchObject({ points: -5, contract: { id: scenario('lapsed').contract.id } })

    const cehui = await ledger('cehui@demo.example')
    expect(cehui.tier).toBe('D')
    expect(kinds(cehui.events)).toEqual(['overdue_day', 'overdue_violation', 'owner_rating', 'terminated_at_fault', 'violation_recorded'])
    expect(cehui.events.filter((e) => e.kind === 'overdue_violation')).toHaveLength(2)
    expect(cehui.events.find((e) => e.kind === 'owner_rating')?.points).toBeLessThan(0)
  })

  it('the blacklisted agency’s bid on the open need in scope is refused with the reason blacklisted, nothing written', async () => {
    const db = await getDb()
    const agency = await userByEmail(demoBlacklisted.email)
    const [need] = await db.select().from(needs).where(eq(needs.title, demoBlacklisted.openNeedTitle))
    expect(need.state).toBe('open')
    const before = await db.select({ id: bids.id }).from(bids).where(eq(bids.needId, need.id))
    // What the agency sees where it would bid.
    const cookie = await sessionCookie(agency.id)
    const page = await callRoute(agencyNeed.loader, getRequest(`/agency/needs/${need.id}`, { cookie }), { id: need.id })
    expect(page.status).toBe(200)
    expect(page.data.ineligibleReason).toBe('blacklisted')
    await expect(
      submitBid(db, agency, need.id, { quoteFen: 4_000_000, committedDays: 10, note: '', team: '' }),
    ).rejects.toMatchObject({ status: 422, messageKey: 'terms.ineligible.blacklisted' })
    expect(await db.select({ id: bids.id }).from(bids).where(eq(bids.needId, need.id))).toEqual(before)
    expect(await eligibilityFor(db, agency.organisationId, need.id)).toBe('blacklisted')
  })

  it('the public blacklist keeps the history: in force with its appeal pending, expired after a rejected appeal, lifted early, lifted on an upheld appeal', async () => {
    const r = await callRoute(blacklistApi.loader, getRequest('/api/v1/blacklist'))
    expect(r.status).toBe(200)
    const entries = (r.data as { data: BlacklistView[] }).data
    const of = async (email: string) => {
      const id = await agencyId(email)
      return entries.filter((e) => e.agency.id === id)
    }
    const [dizhi, cehui, shuibao, lvyuan] = await Promise.all(
      ['dizhi', 'cehui', 'shuibao', 'lvyuan'].map((k) => of(`${k}@demo.example`)),
    )
    expect(dizhi).toEqual([
      expect.objectContaining({ status: 'in_force', scope: 'service_types', appealStatus: 'pending', startsOn: TODAY, endsOn: expect.any(String) }),
    ])
    expect(dizhi[0].serviceTypes.map((t) => t.nameZh)).toEqual(['地质灾害危险性评估'])
    expect(dizhi[0].endsOn! > TODAY).toBe(true)
    expect(cehui).toEqual([expect.objectContaining({ status: 'expired', scope: 'all', appealStatus: 'rejected' })])
    expect(cehui[0].endsOn! < TODAY).toBe(true)
    // Expired by the timed work the day after its last day.
    expect(shanghaiDate(new Date(cehui[0].expiredAt!))).toBe(addCalendarDays(cehui[0].endsOn!, 1))
    expect(shuibao).toEqual([expect.objectContaining({ status: 'lifted', appealStatus: 'not_filed', liftReason: expect.stringContaining('整改') })])
    expect(lvyuan).toEqual([expect.objectContaining({ status: 'lifted', appealStatus: 'upheld', appealReasons: expect.stringContaining('申诉成立') })])
    expect(entries).toHaveLength(4)
    // The public page shows the same history.
    const page = await callRoute(publicBlacklistPage.loader, getRequest('/blacklist'))
    expect((page.data as { entries: BlacklistView[] }).entries.map((e) => e.id).sort()).toEqual(entries.map((e) => e.id).sort())
    // The admin office's queue has the pending appeal first.
    const queue = await appealsForAdmin(await getDb(), await userByEmail('admin@demo.example'))
    expect(queue.map((e) => e.appealStatus)).toEqual(['pending', expect.any(String), expect.any(String)])
  })
})

describe('demo complaints, recorded violations, a commendation and credit repairs on a fresh start', () => {
  const orgOf = async (email: string) => (await userByEmail(email)).organisationId

  it('each complaint reached its state: owners and agencies, about contracts and about a need’s procedure, every answer with its reasons', async () => {
    const db = await getDb()
    const rows = await db
      .select({ complaint: complaints, title: needs.title })
      .from(complaints)
      .innerJoin(needs, eq(needs.id, complaints.needId))
    const [owner1, owner2, huanke, lvyuan, shuibao, cehui] = await Promise.all(
      ['owner1', 'owner2', 'huanke', 'lvyuan', 'shuibao', 'cehui'].map((k) => orgOf(`${k}@demo.example`)),
    )
    const expected = [
      { title: '综合管廊二期工程环境影响报告表编制', status: 'pending', subject: 'need', by: owner2, target: null },
      { title: '复合材料项目配套工程用地勘测定界', status: 'pending', subject: 'contract', by: owner1, target: cehui },
      { title: '厂区危废焚烧炉环境影响报告表编制', status: 'accepted', subject: 'contract', by: owner1, target: shuibao },
      { title: '复合材料项目一期厂房环境影响报告表编制', status: 'invalid', subject: 'need', by: expect.any(String), target: null },
      { title: '二期仓储物流中心环境影响报告表编制', status: 'upheld', subject: 'contract', by: owner1, target: huanke },
      { title: '厂区食堂油烟治理环境影响报告表编制', status: 'dismissed', subject: 'need', by: shuibao, target: null },
      { title: '锅炉房煤改气环境影响报告表编制', status: 'withdrawn', subject: 'contract', by: owner1, target: lvyuan },
    ]
    expect(
      rows
        .map((r) => ({
          title: r.title,
          status: r.complaint.status,
          subject: r.complaint.subject,
          by: r.complaint.complainantOrganisationId,
          target: r.complaint.targetAgencyOrganisationId,
        }))
        .sort((a, b) => a.title.localeCompare(b.title)),
    ).toEqual([...expected].sort((a, b) => a.title.localeCompare(b.title)))
    const of = (title: string) => rows.find((r) => r.title === title)!.complaint
    // The pending one filed today is not yet due; the other was filed 12 working days ago and never accepted.
    const recent = of('综合管廊二期工程环境影响报告表编制')
    expect(recent.filedOn).toBe(TODAY)
    expect(recent.acceptDueOn > TODAY).toBe(true)
    const overdue = of('复合材料项目配套工程用地勘测定界')
    expect([overdue.acceptDueOn < TODAY, overdue.answerDueOn < TODAY, overdue.acceptedAt]).toEqual([true, true, null])
    // The complaint about the draw comes from a bidder that was not drawn.
    const draw = of('复合材料项目一期厂房环境影响报告表编制')
    expect([huanke, lvyuan, shuibao]).toContain(draw.complainantOrganisationId)
    const [drawn] = await db
      .select({ agency: bids.agencyOrganisationId })
      .from(selectionRounds)
      .innerJoin(bids, eq(bids.id, selectionRounds.chosenBidId))
      .where(eq(selectionRounds.needId, draw.needId))
    expect(drawn.agency).not.toBe(draw.complainantOrganisationId)
    // Every regulator's answer carries its reasons; acceptance and withdrawal need none.
    for (const r of rows) {
      const c = r.complaint
      if (['invalid', 'upheld', 'dismissed'].includes(c.status)) expect(c.decisionReasons?.length, r.title).toBeGreaterThan(20)
      else expect(c.decisionReasons, r.title).toBeNull()
      expect(c.acceptedAt !== null, r.title).toBe(['accepted', 'upheld', 'dismissed'].includes(c.status))
      expect(c.withdrawnAt !== null, r.title).toBe(c.status === 'withdrawn')
      expect(c.filedOn <= TODAY, r.title).toBe(true)
      expect(c.blacklistEntryId, r.title).toBeNull()
    }
  })

  it('the upheld complaint’s credit event exists once, on the agency complained about, with the decision’s reasons', async () => {
    const db = await getDb()
    const [upheld] = await db.select().from(complaints).where(eq(complaints.status, 'upheld'))
    const events = await db.select().from(creditEvents).where(eq(creditEvents.kind, 'complaint_upheld'))
    expect(events).toEqual([
      expect.objectContaining({
        factKey: `complaint:${upheld.id}`,
        agencyOrganisationId: await orgOf('huanke@demo.example'),
        points: -10,
        reason: upheld.decisionReasons,
        contractId: upheld.contractId,
        onDate: shanghaiDate(upheld.decidedAt!),
      }),
    ])
    // The public profile's upheld complaints show it (the decision's reasons, never the complaint's text).
    const ledger = await agencyCreditLedger(db, upheld.targetAgencyOrganisationId!)
    expect(ledger.events.filter((e) => e.kind === 'complaint_upheld')).toHaveLength(1)
  })

  it('the recorded violations and the commendation: each with its ledger event, its points and its reason', async () => {
    const db = await getDb()
    const violations = await db.select().from(recordedViolations)
    expect(violations.map((v) => [v.agencyOrganisationId, v.points]).sort()).toEqual(
      [
        [await orgOf('shuibao@demo.example'), -5],
        [await orgOf('cehui@demo.example'), -3],
      ].sort(),
    )
    for (const v of violations) {
      const events = await db.select().from(creditEvents).where(eq(creditEvents.factKey, `violation:${v.id}`))
      expect(events).toEqual([
        expect.objectContaining({ kind: 'violation_recorded', points: v.points, reason: v.facts, onDate: v.onDate }),
      ])
      expect(v.facts.length).toBeGreaterThan(20)
    }
    const praised = await db.select().from(commendations)
    expect(praised).toEqual([expect.objectContaining({ agencyOrganisationId: await orgOf('lvyuan@demo.example'), points: 5 })])
    expect(await db.select().from(creditEvents).where(eq(creditEvents.factKey, `commendation:${praised[0].id}`))).toEqual([
      expect.objectContaining({ kind: 'commendation', points: 5, reason: praised[0].reason }),
    ])
  })

  it('credit repair: one granted (its compensating event on the public ledger page), one pending, one refused with reasons', async () => {
    const db = await getDb()
    const calendar = await getCalendar(db)
    const applications = await db
      .select({ application: repairApplications, event: creditEvents })
      .from(repairApplications)
      .innerJoin(creditEvents, eq(creditEvents.id, repairApplications.creditEventId))
    const by = (status: string) => applications.filter((a) => a.application.status === status)
    expect(applications.map((a) => a.application.status).sort()).toEqual(['granted', 'pending', 'refused'])
    const [shuibao, cehui] = await Promise.all(['shuibao', 'cehui'].map((k) => orgOf(`${k}@demo.example`)))
    // Each applied for at least 20 working days after its event.
    for (const { application, event } of applications)
      expect(shanghaiDate(application.filedAt) >= calendar.addWorkingDays(event.onDate, 20), application.status).toBe(true)

    const [granted] = by('granted')
    expect([granted.application.agencyOrganisationId, granted.event.kind]).toEqual([shuibao, 'contract_lapsed'])
    const repairs = await db.select().from(creditEvents).where(eq(creditEvents.kind, 'repair'))
    expect(repairs).toEqual([
      expect.objectContaining({
        factKey: `repair:${granted.application.id}`,
        points: -granted.event.points,
        reason: granted.application.decisionReasons,
      }),
    ])
    // The public ledger page lists the repair with its reason, and marks the event it compensated.
    const page = await callRoute(publicLedgerPage.loader, getRequest(`/agencies/${shuibao}/credit`), { id: shuibao })
    expect(page.status).toBe(200)
    const events = (page.data as { ledger: Awaited<ReturnType<typeof agencyCreditLedger>> }).ledger.events
    const repair = events.find((e) => e.kind === 'repair')!
    expect(repair).toMatchObject({ points: 5, reason: granted.application.decisionReasons, repairs: { id: granted.event.id } })
    expect(events.find((e) => e.id === granted.event.id)?.repairedBy).toMatchObject({ id: repair.id })

    const [refused] = by('refused')
    expect([refused.application.agencyOrganisationId, refused.event.kind]).toEqual([shuibao, 'violation_recorded'])
    expect(refused.application.decisionReasons).toContain('重新申请')
    const [pending] = by('pending')
    expect([pending.application.agencyOrganisationId, pending.event.kind, pending.application.decidedAt]).toEqual([
      cehui,
      'violation_recorded',
      null,
    ])
    expect(pending.application.decideBy > TODAY).toBe(true)
  })

  it('the work queues: ee@ and nrp@ see their pending complaints and the pending repair with due dates (the stale complaint overdue); admin@ the pending appeal', async () => {
    const db = await getDb()
    const queuesOf = async (email: string) => {
      const { today, queues } = await regulatorQueues(db, await userByEmail(email))
      expect(today).toBe(TODAY)
      return Object.fromEntries(queues.map((q) => [q.kind, q]))
    }
    const titled = async (title: string) => (await db.select({ id: complaints.id }).from(complaints).innerJoin(needs, eq(needs.id, complaints.needId)).where(eq(needs.title, title)))[0].id

    const ee = await queuesOf('ee@demo.example')
    expect(ee.complaint.items.map((i) => i.id).sort()).toEqual(
      [await titled('综合管廊二期工程环境影响报告表编制'), await titled('厂区危废焚烧炉环境影响报告表编制')].sort(),
    )
    expect(ee.complaint.items.every((i) => i.dueOn !== null && !isOverdue(i, TODAY))).toBe(true)
    expect(ee.complaint.items.map((i) => i.dueActionKey).sort()).toEqual(['complaints.queue.accept', 'complaints.queue.answer'])
    expect(ee.repair.items).toEqual([])

    const nrp = await queuesOf('nrp@demo.example')
    expect(nrp.complaint.items).toEqual([
      expect.objectContaining({ id: await titled('复合材料项目配套工程用地勘测定界'), dueActionKey: 'complaints.queue.accept' }),
    ])
    expect(isOverdue(nrp.complaint.items[0], TODAY)).toBe(true)
    expect(nrp.complaint).toMatchObject({ open: 1, overdue: 1 })
    const [pending] = await db.select().from(repairApplications).where(eq(repairApplications.status, 'pending'))
    expect(nrp.repair.items).toEqual([expect.objectContaining({ id: pending.id, dueOn: pending.decideBy, href: `/regulator/repairs/${pending.id}` })])
    expect(nrp.repair).toMatchObject({ open: 1, overdue: 0 })

    const admin = await adminQueues(db, await userByEmail('admin@demo.example'))
    const appeals = admin.queues.find((q) => q.kind === 'appeal')!
    expect(appeals.items).toEqual([
      expect.objectContaining({ subject: '江苏华东地质工程勘察院', dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
    ])
  })
})
