/**
 * The regulator's and the admin office's work queues (issue 14 §6) on both databases: objections
 * awaiting a ruling, red contracts, agencies that dropped to D (each scoped by the regulator's
 * department: another department's regulator sees none of them), the admin office's pending
 * appeals; due dates from the calendar and the config, overdue first; the page and the homes.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { bids, contracts, needs, selectionRounds } from '#db/schema'
import { fileAppeal, listAgency } from '~/domain/blacklist/blacklist.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { workspaceConfig } from '~/domain/config'
import { actOnContractAsSystem } from '~/domain/contracts/contract-actions.server'
import { contractList } from '~/domain/contracts/dashboards.server'
import { recordCreditEvent } from '~/domain/credit/ledger.server'
import { resetClock } from '~/domain/now'
import { fileObjection } from '~/domain/publicity/objections.server'
import { tick } from '~/domain/timed-work/tick.server'
import {
  adminQueues,
  agencyAtDQueue,
  appealQueue,
  objectionQueue,
  redContractQueue,
  regulatorQueues,
} from '~/domain/workspace/workspace.server'
import * as adminHome from '~/routes/admin+/index'
import * as queuePage from '~/routes/regulator+/queue'
import * as regulatorHome from '~/routes/regulator+/index'
import type { SessionUser } from '~/utils/auth.server'
import { awardedContract, type AwardedContract } from '#test/support/contract-fixtures'
import {
  at,
  bidOn,
  insertOpenNeed,
  setupMarketplace,
  shanghaiNoon,
  type Marketplace,
} from '#test/support/needs-fixtures'
import { renderPage } from '#test/support/render-route'
import { callRoute, getRequest, sessionCookie } from '#test/support/routes'

const TODAY = '2026-05-06'

let k: AwardedContract
/** A second marketplace: another department, its own service type, regulator and agencies. */
let m2: Marketplace<'x' | 'y'>
let objectionId: string
let objectionFiledOn: string
let appealEntryId: string

/** Five −10 events from the base 100: the fifth (on `lastOn`) takes the score to 50, tier D. */
async function dropToD(agencyId: string, tag: string, lastOn: string) {
  const db = await getDb()
  await db.transaction(async (tx) => {
    for (let i = 1; i <= 5; i += 1)
      await recordCreditEvent(tx, {
        agencyId,
        kind: 'terminated_at_fault',
        factKey: `test:${tag}:${i}`,
        onDate: i === 5 ? lastOn : '2026-03-02',
      })
  })
}

beforeAll(async () => {
  const db = await getDb()
  // A contract whose service starts Monday 2026-03-16 with C = 15: long past its limit on TODAY.
  k = await awardedContract(db, { signed: true })
  at(shanghaiNoon('2026-03-16'))
  await db.transaction(async (tx) => {
    await tx
      .update(contracts)
      .set({ heldFen: k.contract.priceFen, collectStatus: 'paid' })
      .where(eq(contracts.id, k.contractId))
    if (!(await actOnContractAsSystem(tx, k.contractId, 'start_service'))) throw new Error('start_service refused')
  })

  // A drawn need in publicity with an objection by a loser, filed on 2026-03-23.
  const need = await insertOpenNeed(db, k.m, { method: 'random', closesOn: '2026-03-20' })
  await bidOn(db, k.m, need.id, { a: 500_000, b: 600_000, c: 700_000 })
  at(shanghaiNoon('2026-03-23'))
  await tick(db)
  await tick(db)
  const [n] = await db.select().from(needs).where(eq(needs.id, need.id))
  expect(n.state).toBe('publicity')
  const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, need.id))
  const [winnerBid] = await db
    .select()
    .from(bids)
    .where(eq(bids.id, round.chosenBidId as string))
  const loser = (['a', 'b', 'c'] as const).find(
    (key) => k.m.agencies[key].organisationId !== winnerBid.agencyOrganisationId,
  )!
  objectionId = (await fileObjection(db, k.m.agencies[loser].user, need.id, { reason: '中选机构资质存疑' })).id
  objectionFiledOn = '2026-03-23'

  // Agencies at D: c of the first department dropped long ago, b today; x of the other department.
  m2 = await setupMarketplace(db, { agencies: ['x', 'y'], tag: 'WQ2' })
  await dropToD(k.m.agencies.c.organisationId, 'c', '2026-03-20')
  await dropToD(k.m.agencies.b.organisationId, 'b', TODAY)
  await dropToD(m2.agencies.x.organisationId, 'x', '2026-03-20')

  // A blacklist appeal pending, filed on TODAY (the other department's agency y).
  at(shanghaiNoon(TODAY))
  appealEntryId = (
    await listAgency(db, m2.regulator.user, {
      agencyId: m2.agencies.y.organisationId,
      reason: '提交虚假材料，情节严重',
      legalBasis: '《中介服务管理办法》第二十条',
      scope: 'all',
      serviceTypeIds: [],
      endsOn: undefined,
      permanent: false,
      confirm: 'yes',
    })
  ).entryId
  await fileAppeal(db, m2.agencies.y.user, appealEntryId, { text: '事实认定有误' })
}, 120_000)

afterAll(() => resetClock())

describe('the regulator’s queues', () => {
  it('objections awaiting a ruling: due 7 working days after filing; only the supervising department sees them', async () => {
    const db = await getDb()
    at(shanghaiNoon(TODAY))
    const calendar = await getCalendar(db)
    const items = await objectionQueue(db, k.regulatorUser)
    expect(items).toEqual([
      {
        kind: 'objection',
        id: objectionId,
        subject: '环评报告编制',
        dueActionKey: 'workspace.queue.actions.objection',
        dueOn: calendar.addWorkingDays(objectionFiledOn, workspaceConfig.objectionRulingWorkingDays),
        href: `/regulator/objections/${objectionId}`,
      },
    ])
    // 2026-03-23 + 7 working days (no holiday in between) = 2026-04-01.
    expect(items[0].dueOn).toBe('2026-04-01')
    expect(await objectionQueue(db, k.m.otherRegulator.user)).toEqual([])
    expect(await objectionQueue(db, m2.regulator.user)).toEqual([])
  })

  it('red contracts: due on the limit date passed; only the supervising department sees them', async () => {
    const db = await getDb()
    at(shanghaiNoon(TODAY))
    const items = await redContractQueue(db, k.regulatorUser)
    const row = (await contractList(db, k.regulatorUser)).rows.find((r) => r.id === k.contractId)!
    expect(row.agencySegment?.light).toBe('red')
    expect(items).toEqual([
      {
        kind: 'contract',
        id: k.contractId,
        subject: `${row.number} ${row.needTitle}`,
        dueActionKey: 'workspace.queue.actions.contract',
        dueOn: row.agencySegment!.dueOn,
        href: `/contracts/${k.contractId}`,
      },
    ])
    expect(items[0].dueOn! < TODAY).toBe(true)
    expect(await redContractQueue(db, k.m.otherRegulator.user)).toEqual([])
    expect(await redContractQueue(db, m2.regulator.user)).toEqual([])
  })

  it('a contract still within its limit is not in the queue', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-18'))
    expect(await redContractQueue(db, k.regulatorUser)).toEqual([])
  })

  it('agencies that dropped to D: due 10 working days after the event that dropped them, overdue first; scoped by department', async () => {
    const db = await getDb()
    at(shanghaiNoon(TODAY))
    const calendar = await getCalendar(db)
    const items = await agencyAtDQueue(db, k.regulatorUser)
    const dueOf = (from: string) => calendar.addWorkingDays(from, workspaceConfig.agencyAtDReviewWorkingDays)
    expect(items.map((i) => [i.id, i.dueOn, i.href, i.dueActionKey])).toEqual(
      expect.arrayContaining([
        [
          k.m.agencies.c.organisationId,
          dueOf('2026-03-20'),
          `/agencies/${k.m.agencies.c.organisationId}/credit`,
          'workspace.queue.actions.agencyAtD',
        ],
        [
          k.m.agencies.b.organisationId,
          dueOf(TODAY),
          `/agencies/${k.m.agencies.b.organisationId}/credit`,
          'workspace.queue.actions.agencyAtD',
        ],
      ]),
    )
    expect(items).toHaveLength(2)
    expect((await agencyAtDQueue(db, m2.regulator.user)).map((i) => i.id)).toEqual([m2.agencies.x.organisationId])
    expect(await agencyAtDQueue(db, k.m.otherRegulator.user)).toEqual([])

    const { queues, today } = await regulatorQueues(db, k.regulatorUser)
    expect(today).toBe(TODAY)
    // Complaints and repair applications have their own tests (complaints.test.ts, credit-actions.test.ts); here they are empty.
    expect(queues.map((q) => q.kind)).toEqual(['complaint', 'objection', 'repair', 'contract', 'agencyAtD'])
    const atD = queues.find((q) => q.kind === 'agencyAtD')!
    // Overdue first: c (dropped 2026-03-20) before b (dropped today).
    expect(atD.items.map((i) => i.id)).toEqual([k.m.agencies.c.organisationId, k.m.agencies.b.organisationId])
    expect([atD.open, atD.overdue]).toEqual([2, 1])
    expect(queues.map((q) => [q.kind, q.open, q.overdue])).toEqual([
      ['complaint', 0, 0],
      ['objection', 1, 1],
      ['repair', 0, 0],
      ['contract', 1, 1],
      ['agencyAtD', 2, 1],
    ])
    // Another department's regulator: nothing of the first department.
    const other = await regulatorQueues(db, m2.regulator.user)
    expect(other.queues.flatMap((q) => q.items.map((i) => i.id))).toEqual([m2.agencies.x.organisationId])
    const none = await regulatorQueues(db, k.m.otherRegulator.user)
    expect(none.queues.every((q) => q.items.length === 0)).toBe(true)
  })

  it('only regulators: the queue functions refuse anyone else', async () => {
    const db = await getDb()
    for (const user of [k.ownerUser, k.agencyUser, k.m.admin.user] as SessionUser[]) {
      await expect(regulatorQueues(db, user)).rejects.toMatchObject({ status: 403 })
      await expect(objectionQueue(db, user)).rejects.toMatchObject({ status: 403 })
      await expect(agencyAtDQueue(db, user)).rejects.toMatchObject({ status: 403 })
    }
  })
})

describe('the admin office’s queue', () => {
  it('pending appeals due 15 working days after filing; only the admin office', async () => {
    const db = await getDb()
    at(shanghaiNoon(TODAY))
    const calendar = await getCalendar(db)
    const { queues } = await adminQueues(db, k.m.admin.user)
    expect(queues).toEqual([
      {
        kind: 'appeal',
        open: 1,
        overdue: 0,
        items: [
          {
            kind: 'appeal',
            id: appealEntryId,
            subject: expect.any(String),
            subjectEn: expect.anything(),
            dueActionKey: 'workspace.queue.actions.appeal',
            dueOn: calendar.addWorkingDays(TODAY, workspaceConfig.appealDecisionWorkingDays),
            href: `/admin/blacklist/${appealEntryId}`,
          },
        ],
      },
    ])
    for (const user of [k.regulatorUser, k.ownerUser, k.agencyUser] as SessionUser[]) {
      await expect(adminQueues(db, user)).rejects.toMatchObject({ status: 403 })
      await expect(appealQueue(db, user)).rejects.toMatchObject({ status: 403 })
    }
  })
})

describe('the pages', () => {
  it('/regulator/queue lists each queue with what to do, the date and the overdue badge; empty queues say so', async () => {
    at(shanghaiNoon(TODAY))
    const cookie = await sessionCookie(k.regulatorUser.id)
    const en = await renderPage(queuePage, '/regulator/queue', {}, 'en', { cookie })
    for (const text of [
      'Work queues',
      'Objections',
      'Rule on the objection',
      'Contracts over their limit (red)',
      'Follow up the overdue service',
      'Agencies that dropped to tier D',
      'Review the agency’s credit',
      'Overdue',
      '2 waiting, 1 overdue',
      '2026-04-01',
    ])
      expect(en).toContain(text)
    const zh = await renderPage(queuePage, '/regulator/queue', {}, 'zh-CN', { cookie })
    expect(zh).toContain('对异议作出裁决')
    expect(zh).toContain('已逾期')

    const otherCookie = await sessionCookie(k.m.otherRegulator.user.id)
    const empty = await renderPage(queuePage, '/regulator/queue', {}, 'en', { cookie: otherCookie })
    expect(empty.split('Nothing is waiting in this queue.').length - 1).toBe(5)
    expect(empty).not.toContain('Rule on the objection')
  })

  it('is 403 for an owner or an agency, and sends the anonymous to log in', async () => {
    for (const user of [k.ownerUser, k.agencyUser]) {
      const result = await callRoute(
        queuePage.loader,
        getRequest('/regulator/queue', { cookie: await sessionCookie(user.id) }),
      )
      expect(result.status).toBe(403)
    }
    const anonymous = await callRoute(queuePage.loader, getRequest('/regulator/queue'))
    expect(anonymous.status).toBe(302)
  })

  it('the regulator home keeps its counts and adds the queues’ numbers with a link', async () => {
    at(shanghaiNoon(TODAY))
    const cookie = await sessionCookie(k.regulatorUser.id)
    const result = await callRoute(regulatorHome.loader, getRequest('/regulator', { cookie }))
    expect(result.status).toBe(200)
    const data = result.data as any
    expect(data.pendingObjections).toBe(1)
    expect(data.queues).toEqual([
      { kind: 'complaint', open: 0, overdue: 0 },
      { kind: 'objection', open: 1, overdue: 1 },
      { kind: 'repair', open: 0, overdue: 0 },
      { kind: 'contract', open: 1, overdue: 1 },
      { kind: 'agencyAtD', open: 2, overdue: 1 },
    ])
    const page = await renderPage(regulatorHome, '/regulator', {}, 'en', { cookie })
    expect(page).toContain('Open all work queues')
    expect(page).toContain('1 waiting, 1 overdue')
  })

  it('the admin home shows the appeals queue', async () => {
    at(shanghaiNoon(TODAY))
    const cookie = await sessionCookie(k.m.admin.user.id)
    const page = await renderPage(adminHome, '/admin', {}, 'en', { cookie })
    expect(page).toContain('Blacklist appeals')
    expect(page).toContain('Decide the appeal')
  })
})
