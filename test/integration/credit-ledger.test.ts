/**
 * The credit ledger (issue 14 §2), on both databases: the ledger refuses UPDATE and DELETE at the
 * database; conduct events and objections upheld at the winner's fault written before the ledger
 * (the catch-up) and by the timed work are carried into it once, also under concurrent runs; the
 * overdue days of a contract stop at their cap and the 10th adds one violation; a lapse decided by
 * the tick carries its event in the decision's transaction; and each agency's stored score is the
 * base plus the sum of its ledger rows, which anyone recomputes from the public ledger API.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyCredit, conductEvents, creditEvents, needs, objections, organisations } from '#db/schema'
import { searchAgencies } from '~/domain/agencies/directory.server'
import { creditBase, scoreOf, tierOf } from '~/domain/credit/credit'
import { carryToLedger } from '~/domain/credit/ledger.server'
import { addCalendarDays } from '~/domain/dates'
import { resetClock } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import { awardedContract, type AwardedContract } from '../support/contract-fixtures'
import { at, shanghaiNoon } from '../support/needs-fixtures'
import { callRoute, getRequest } from '../support/routes'
import { renderPage } from '../support/render-route'
import * as creditPage from '~/routes/_public+/agencies.$id.credit'
import * as profilePage from '~/routes/_public+/agencies.$id'
import * as creditApi from '~/routes/api+/v1.agencies.$id.credit'

let k: AwardedContract
afterEach(() => resetClock())

beforeAll(async () => {
  k = await awardedContract(await getDb(), { signed: true })
})

const ledgerOf = async (agencyId: string) =>
  (await getDb())
    .select()
    .from(creditEvents)
    .where(eq(creditEvents.agencyOrganisationId, agencyId))
    .orderBy(creditEvents.id)

async function expectScoresMatchLedger() {
  const db = await getDb()
  const rows = await db.select().from(agencyCredit)
  expect(rows.length).toBeGreaterThan(0)
  for (const row of rows) {
    const events = await ledgerOf(row.agencyOrganisationId)
    const score = scoreOf(creditBase, events)
    expect(row).toMatchObject({ score, tier: tierOf(score), eventCount: events.length })
  }
}

describe('credit ledger', () => {
  it('carries existing conduct events and upheld objections once, also when runs overlap', async () => {
    const db = await getDb()
    const agencyId = k.m.agencies.a.organisationId
    // Rows written before the ledger existed: 12 overdue working days and an objection upheld at the winner's fault.
    const days = Array.from({ length: 12 }, (_, i) => addCalendarDays('2026-05-04', i))
    await db.insert(conductEvents).values(
      days.map((onDate) => ({
        agencyOrganisationId: agencyId,
        contractId: k.contractId,
        kind: 'overdue_day' as const,
        onDate,
        createdAt: new Date(),
      })),
    )
    const [need] = await db.select({ round: needs.round }).from(needs).where(eq(needs.id, k.needId))
    const [objection] = await db
      .insert(objections)
      .values({
        needId: k.needId,
        round: need.round,
        objectorOrganisationId: k.m.agencies.b.organisationId,
        reason: '中选机构业绩造假',
        status: 'upheld',
        rulingReason: '经核实，业绩材料不实',
        winnerAtFault: true,
        ruledBy: k.regulatorUser.id,
        ruledAt: shanghaiNoon('2026-03-20'),
        filedAt: shanghaiNoon('2026-03-18'),
      })
      .returning()

    await Promise.all([carryToLedger(db), carryToLedger(db), carryToLedger(db)])
    at(shanghaiNoon('2026-05-20'))
    await Promise.all([tick(db), tick(db)])

    const ledger = await ledgerOf(agencyId)
    const overdue = ledger.filter((e) => e.kind === 'overdue_day')
    expect(overdue.map((e) => e.onDate)).toEqual(days)
    // −1 a day up to the contract's cap of 10 points; the 11th and 12th day are recorded with 0.
    expect(overdue.map((e) => e.points)).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0])
    expect(
      overdue.every((e) => e.source === 'contract' && e.contractId === k.contractId && e.needId === k.needId),
    ).toBe(true)
    const violations = ledger.filter((e) => e.kind === 'overdue_violation')
    expect(violations).toHaveLength(1)
    expect(violations[0]).toMatchObject({ points: -10, source: 'violation', onDate: days[9], contractId: k.contractId })
    const upheld = ledger.filter((e) => e.kind === 'objection_upheld')
    expect(upheld).toHaveLength(1)
    expect(upheld[0]).toMatchObject({
      points: -10,
      source: 'objection',
      objectionId: objection.id,
      reason: '经核实，业绩材料不实',
      actorUserId: k.regulatorUser.id,
      onDate: '2026-03-20',
    })
    const [stored] = await db.select().from(agencyCredit).where(eq(agencyCredit.agencyOrganisationId, agencyId))
    expect(stored).toMatchObject({ score: 70, tier: 'C', eventCount: 14 })
    // Nothing left to carry.
    expect(await carryToLedger(db)).toBe(0)
    await expectScoresMatchLedger()
  })

  it('a contract that lapses unsigned carries its −5 in the decision, once', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m: k.m })
    at(shanghaiNoon(addCalendarDays(c.contract.signDueOn, 1)))
    await Promise.all([tick(db), tick(db)])
    const events = (await ledgerOf(k.m.agencies.a.organisationId)).filter((e) => e.contractId === c.contractId)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ kind: 'contract_lapsed', points: -5, source: 'contract', needId: c.needId })
    await expectScoresMatchLedger()
  })

  it('the public ledger API lets anyone recompute every agency’s stored score; the directory filters by tier', async () => {
    const db = await getDb()
    const agencies = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.kind, 'agency'), inArray(organisations.status, ['active', 'suspended', 'exited'])))
    expect(agencies.length).toBeGreaterThan(1)
    const stored = new Map((await db.select().from(agencyCredit)).map((r) => [r.agencyOrganisationId, r]))
    for (const { id } of agencies) {
      const r = await callRoute(creditApi.loader, getRequest(`/api/v1/agencies/${id}/credit`), { id })
      expect(r.status).toBe(200)
      const body = r.data as {
        base: number
        score: number
        tier: string
        events: { points: number; kind: string; reason: string | null; onDate: string }[]
      }
      expect(body.base).toBe(creditBase)
      const recomputed = body.events.reduce((sum, e) => sum + e.points, body.base)
      expect(body.score).toBe(recomputed)
      expect(body.tier).toBe(tierOf(recomputed))
      expect(recomputed).toBe(stored.get(id)?.score ?? creditBase)
    }
    const a = k.m.agencies.a.organisationId
    const ledger = (await callRoute(creditApi.loader, getRequest(`/api/v1/agencies/${a}/credit`), { id: a })).data as {
      score: number
      tier: string
      events: { kind: string; points: number; reason: string | null; onDate: string }[]
    }
    expect(ledger).toMatchObject({ score: 65, tier: 'C' })
    expect(ledger.events[0]).toMatchObject({
      kind: 'objection_upheld',
      points: -10,
      reason: '经核实，业绩材料不实',
      onDate: '2026-03-20',
    })
    // Not an agency, or not an id: 404 with the API's error shape.
    for (const id of [k.m.owner.organisationId, 'nope']) {
      const r = await callRoute(creditApi.loader, getRequest(`/api/v1/agencies/${id}/credit`), { id })
      expect(r.status).toBe(404)
    }
    const inC = await searchAgencies(db, { tier: 'C' })
    expect(inC.agencies.map((x) => x.id)).toContain(a)
    expect(inC.agencies.every((x) => x.credit.tier === 'C')).toBe(true)
    const inA = await searchAgencies(db, { tier: 'A' })
    expect(inA.agencies.map((x) => x.id)).not.toContain(a)
    expect(inA.agencies.map((x) => x.id)).toContain(k.m.agencies.b.organisationId)
    expect(inA.agencies.every((x) => x.credit.score === creditBase && x.credit.tier === 'A')).toBe(true)
  })

  it('the ledger page lists every event with its reason, and the profile shows the tier, in both languages', async () => {
    const a = k.m.agencies.a.organisationId
    const zh = await renderPage(creditPage, `/agencies/${a}/credit`, { id: a }, 'zh-CN')
    expect(zh).toContain('信用 C 级')
    expect(zh).toContain('异议成立，中选机构存在过错')
    expect(zh).toContain('经核实，业绩材料不实')
    expect(zh).toContain('超出承诺时限满 10 个工作日（违规）')
    expect(zh).toContain('未在规定时间内签订合同')
    // One row per overdue day (the page is read as text: tags dropped).
    expect(zh.split('超出承诺时限一个工作日').length - 1).toBe(12)
    const en = await renderPage(creditPage, `/agencies/${a}/credit`, { id: a }, 'en')
    expect(en).toContain('Credit tier C')
    expect(en).toContain('Objection upheld, the winner at fault')
    expect(en).toContain('Contract not signed in time')
    const profile = await renderPage(profilePage, `/agencies/${a}`, { id: a }, 'en')
    expect(profile).toContain('Credit score 65 (tier C), 15 credit events.')
    expect(profile).toContain('View the credit record')
    expect(profile).not.toContain('No credit record yet')
    const b = k.m.agencies.b.organisationId
    const fresh = await renderPage(profilePage, `/agencies/${b}`, { id: b }, 'zh-CN')
    expect(fresh).toContain('信用 A 级')
    expect(fresh).toContain('暂无信用事件，信用分为基础分。')
  })

  it('refuses to update or delete a ledger row at the database', async () => {
    const db = await getDb()
    const [row] = await db.select().from(creditEvents).limit(1)
    expect(row).toBeDefined()
    await expect(db.update(creditEvents).set({ points: 5 }).where(eq(creditEvents.id, row.id))).rejects.toThrow()
    await expect(db.delete(creditEvents).where(eq(creditEvents.id, row.id))).rejects.toThrow()
    await expect(db.execute(sql`truncate credit_events cascade`)).rejects.toThrow()
    const [again] = await db.select().from(creditEvents).where(eq(creditEvents.id, row.id))
    expect(again).toEqual(row)
  })
})
