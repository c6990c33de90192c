/**
 * The contract lists at /contracts (app/routes/contracts+/_index.tsx, dashboards.server.ts):
 * each role sees only its contracts (another organisation's never, a losing bidder none), the
 * owner's list puts what is due from it first, the agency's shows due dates and lights, the
 * regulator sees only yellow and red contracts in its remit, the oldest due first (all of them
 * with the filter), and its home counts them. Lights come from the clock moved in time.
 */
import { eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb, type Db } from '#db/client.server'
import { contracts } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { addCalendarDays } from '~/domain/dates'
import { actOnContract, actOnContractAsSystem } from '~/domain/contracts/contract-actions.server'
import { resetClock } from '~/domain/now'
import * as contractRoute from '~/routes/contracts+/$id'
import * as listRoute from '~/routes/contracts+/_index'
import * as regulatorHome from '~/routes/regulator+/index'
import { awardedContract, type AwardedContract } from '../support/contract-fixtures'
import { at, shanghaiNoon } from '../support/needs-fixtures'
import { renderPage } from '../support/render-route'
import { callRoute, getRequest, sessionCookie } from '../support/routes'

afterEach(() => resetClock())

const PRICE = 900_000

async function start(db: Db, a: AwardedContract): Promise<string> {
  return db.transaction(async (tx) => {
    await tx.update(contracts).set({ heldFen: PRICE, collectStatus: 'paid' }).where(eq(contracts.id, a.contractId))
    if (!(await actOnContractAsSystem(tx, a.contractId, 'start_service'))) throw new Error('not started')
    const [row] = await tx
      .select({ startedOn: contracts.startedOn })
      .from(contracts)
      .where(eq(contracts.id, a.contractId))
    return row!.startedOn!
  })
}

interface World {
  /** Started first: red by `today`. */
  red: AwardedContract
  /** Started a week later: yellow (12 of 15 working days) by `today`. */
  yellow: AwardedContract
  /** Started last: green; the agency has proposed ending it (due from the owner). */
  green: AwardedContract
  /** Awarded, not signed: the owner and the agency have to sign. */
  unsigned: AwardedContract
  /** Another marketplace (another owner, other agencies, another department). */
  elsewhere: AwardedContract
  today: string
  redStartedOn: string
  yellowStartedOn: string
}

let world: World

beforeAll(async () => {
  const db = await getDb()
  const red = await awardedContract(db, { signed: true, priceFen: PRICE, start: '2026-03-02' })
  const redStartedOn = await start(db, red)
  const yellow = await awardedContract(db, { m: red.m, signed: true, priceFen: PRICE, start: '2026-03-09' })
  const yellowStartedOn = await start(db, yellow)
  const green = await awardedContract(db, { m: red.m, signed: true, priceFen: PRICE, start: '2026-03-16' })
  await start(db, green)
  const unsigned = await awardedContract(db, { m: red.m, priceFen: PRICE, start: '2026-03-23' })
  const elsewhere = await awardedContract(db, { signed: true, priceFen: PRICE, start: '2026-03-02' })
  const calendar = await getCalendar(db)
  // 12 counted days of 15 for `yellow` (80 %): yellow; `red` started at least 5 working days earlier: over 15.
  const today = calendar.addWorkingDays(yellowStartedOn, 12)
  at(shanghaiNoon(today))
  await actOnContract(db, green.agencyUser, green.contractId, 'propose_termination', {
    reason: '项目调整，提议协商终止合同。',
    ruling: { partyAtFault: 'none', refundFen: PRICE, releaseFen: 0 },
  })
  world = { red, yellow, green, unsigned, elsewhere, today, redStartedOn, yellowStartedOn }
}, 120_000)

const list = async (userId: string, query = '') => {
  at(shanghaiNoon(world.today))
  return callRoute(listRoute.loader, getRequest(`/contracts${query}`, { cookie: await sessionCookie(userId) }))
}
const ids = (r: { data: { rows: { id: string }[] } }) => r.data.rows.map((row) => row.id)

describe('/contracts', () => {
  it('the owner: only its contracts, those with something due from it first (sign; answer a proposal), then the nearest due date', async () => {
    const { red, yellow, green, unsigned, elsewhere } = world
    const r = await list(red.ownerUser.id)
    expect(r.status).toBe(200)
    expect(r.data.role).toBe('owner')
    expect(new Set(ids(r))).toEqual(new Set([red.contractId, yellow.contractId, green.contractId, unsigned.contractId]))
    expect(ids(r)).not.toContain(elsewhere.contractId)
    const byId = new Map<string, any>(r.data.rows.map((row: any) => [row.id, row]))
    expect(byId.get(unsigned.contractId).dues).toEqual(['sign'])
    expect(byId.get(green.contractId).dues).toEqual(['answerTermination'])
    expect(byId.get(red.contractId).dues).toEqual([])
    // Due first (green has a due date, unsigned none), then the rest by due date: red before yellow.
    expect(ids(r)).toEqual([green.contractId, unsigned.contractId, red.contractId, yellow.contractId])
    // The other party is the agency; the number is the contract's.
    expect(byId.get(red.contractId).number).toMatch(/^HT-2026-[0-9A-F]{8}$/)
    expect(byId.get(red.contractId).needTitle).toBeTruthy()

    const other = await list(elsewhere.ownerUser.id)
    expect(ids(other)).toEqual([elsewhere.contractId])
  })

  it('the agency: its contracts with the clock’s due dates and lights; a losing bidder sees none of them', async () => {
    const { red, yellow, green, unsigned, elsewhere, today } = world
    const r = await list(red.agencyUser.id)
    expect(r.data.role).toBe('agency')
    // All have something due (deliver, or sign): by due date, the one not yet counting last.
    expect(ids(r)).toEqual([red.contractId, yellow.contractId, green.contractId, unsigned.contractId])
    const [redRow, yellowRow, greenRow, unsignedRow] = r.data.rows
    const calendar = await getCalendar(await getDb())
    expect(redRow.agencySegment).toEqual({
      light: 'red',
      used: calendar.workingDaysBetween(world.redStartedOn, today),
      budget: 15,
      dueOn: calendar.addWorkingDays(world.redStartedOn, 15),
    })
    expect(redRow.agencySegment.used).toBeGreaterThan(15)
    expect(redRow.dueOn).toBe(calendar.addWorkingDays(world.redStartedOn, 15))
    expect(yellowRow.agencySegment).toEqual({
      light: 'yellow',
      used: 12,
      budget: 15,
      dueOn: calendar.addWorkingDays(world.yellowStartedOn, 15),
    })
    expect(yellowRow.dueOn).toBe(calendar.addWorkingDays(world.yellowStartedOn, 15))
    expect(greenRow.agencySegment.light).toBe('green')
    expect(redRow.totalSegment).toMatchObject({ used: redRow.agencySegment.used })
    expect(unsignedRow).toMatchObject({ agencySegment: null, totalSegment: null, dueOn: null, dues: ['sign'] })
    expect(redRow.dues).toEqual(['deliver'])
    expect(ids(r)).not.toContain(elsewhere.contractId)

    const loser = await list(red.otherAgencyUser.id)
    expect(ids(loser)).toEqual([])
  })

  it('the regulator: yellow and red contracts in its remit, the oldest due first; all with the filter; another department none', async () => {
    const { red, yellow, green, unsigned, elsewhere } = world
    const r = await list(red.regulatorUser.id)
    expect(r.data).toMatchObject({ role: 'regulator', all: false, flaggedCount: 2 })
    expect(ids(r)).toEqual([red.contractId, yellow.contractId])
    expect(r.data.rows.map((row: any) => row.agencySegment.light)).toEqual(['red', 'yellow'])

    const all = await list(red.regulatorUser.id, '?all=1')
    expect(all.data.all).toBe(true)
    expect(new Set(ids(all))).toEqual(
      new Set([red.contractId, yellow.contractId, green.contractId, unsigned.contractId]),
    )
    expect(ids(all).slice(0, 3)).toEqual([red.contractId, yellow.contractId, green.contractId])
    expect(ids(all)).not.toContain(elsewhere.contractId)

    const other = await list(red.m.otherRegulator.user.id, '?all=1')
    expect(ids(other)).toEqual([])
    const theirs = await list(elsewhere.regulatorUser.id, '?all=1')
    expect(ids(theirs)).toEqual([elsewhere.contractId])

    // The page in both languages: lights and the filter.
    const en = await renderPage(listRoute, '/contracts', {}, 'en', {
      cookie: await sessionCookie(red.regulatorUser.id),
    })
    expect(en).toContain('Yellow and red contracts in your department’s remit')
    expect(en).toMatch(/Red \d+\/15 working days/)
    expect(en).toContain('Yellow 12/15 working days')
    const zh = await renderPage(listRoute, '/contracts', {}, 'zh-CN', {
      cookie: await sessionCookie(red.agencyUser.id),
    })
    expect(zh).toContain('黄灯 12/15 个工作日')
    expect(zh).toContain('提交成果')

    // The regulator home counts them.
    at(shanghaiNoon(world.today))
    const home = await callRoute(
      regulatorHome.loader,
      getRequest('/regulator', { cookie: await sessionCookie(red.regulatorUser.id) }),
    )
    expect(home.data.flaggedContracts).toBe(2)
  })

  it('with the clock moved back before a contract’s events (the test controls), the lists, the regulator home and the contract page read it as of its last event instead of failing', async () => {
    // The e2e suite does this: one spec leaves contracts started today, the next sets the clock months back.
    const { red, green } = world
    const before = addCalendarDays(world.redStartedOn, -30)
    const cookie = await sessionCookie(red.regulatorUser.id)
    at(shanghaiNoon(before))
    const all = await callRoute(listRoute.loader, getRequest('/contracts?all=1', { cookie }))
    expect(all.status).toBe(200)
    expect(ids(all)).toContain(green.contractId)
    at(shanghaiNoon(before))
    const home = await callRoute(regulatorHome.loader, getRequest('/regulator', { cookie }))
    expect(home.status).toBe(200)
    at(shanghaiNoon(before))
    const page = await callRoute(contractRoute.loader, getRequest(`/contracts/${green.contractId}`, { cookie }), {
      id: green.contractId,
    })
    expect(page.status).toBe(200)
    expect(page.data.clock.phase).toBe('agency')
  })

  it('an admin may not open the lists (403); an anonymous visitor is sent to log in', async () => {
    const r = await list(world.red.m.admin.user.id)
    expect(r.status).toBe(403)
    const anonymous = await callRoute(listRoute.loader, getRequest('/contracts'))
    expect(anonymous.status).toBe(302)
  })
})
