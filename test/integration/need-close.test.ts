/**
 * The need's `closed` state (SPEC §4 `accepted ─rated→ closed`) on both databases, with contracts
 * reached through the real path (awarded → signed → service started by the system → delivered →
 * accepted) and the owner's actions through the contract page's action (`/contracts/:id`):
 * - the timed work closes exactly the accepted needs that may close: not before the approval
 *   decision, not while the owner's rating window is open and unrated (its last day included),
 *   the unrated one the day after the window — once under two concurrent ticks (one audit event,
 *   one notice to each user of the owner and the agency);
 * - the owner's rating after the decision closes the need in the rating's transaction;
 * - recording the decision after the owner's rating closes the need in the decision's transaction;
 * - on a closed need the department still rates, the agency still replies, a regulator still
 *   hides a text; nobody can close a need by hand (no such intent; nothing written).
 */
import { and, asc, count, eq, inArray, like, or } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyRatings, auditEvents, contracts, creditEvents, needs, notifications, users } from '#db/schema'
import { actOnContractAsSystem } from '~/domain/contracts/contract-actions.server'
import { resetClock } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import type { SessionUser } from '~/utils/auth.server'
import * as contractRoute from '~/routes/contracts+/$id'
import { awardedContract, type AwardedContract } from '#test/support/contract-fixtures'
import { at, shanghaiNoon } from '#test/support/needs-fixtures'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '#test/support/routes'
import { renderPage } from '#test/support/render-route'
import * as contractsIndex from '~/routes/contracts+/_index'

const PDF_BODY = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
const path = (id: string) => `/contracts/${id}`

async function post(user: SessionUser, contractId: string, fields: Record<string, string>) {
  const cookie = await sessionCookie(user.id)
  return callRoute(contractRoute.action, formRequest(path(contractId), fields, { cookie }), { id: contractId })
}

async function deliver(user: SessionUser, contractId: string) {
  const body = new FormData()
  body.append('intent', 'deliver')
  body.append('file', new File([new TextEncoder().encode(PDF_BODY)], 'report.pdf', { type: 'application/pdf' }))
  const cookie = await sessionCookie(user.id)
  const request = new Request(new URL(path(contractId), ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookie } })
  return callRoute(contractRoute.action, request, { id: contractId })
}

let m: AwardedContract['m'] | undefined

/** Signed, paid (set directly: no Stripe here), started Monday 2026-03-16, delivered and accepted Monday 2026-03-23. */
async function acceptedContract(): Promise<AwardedContract> {
  const db = await getDb()
  const c = await awardedContract(db, { m, signed: true })
  m = c.m
  at(shanghaiNoon('2026-03-16'))
  await db.transaction(async (tx) => {
    await tx.update(contracts).set({ heldFen: c.contract.priceFen, collectStatus: 'paid' }).where(eq(contracts.id, c.contractId))
    if (!(await actOnContractAsSystem(tx, c.contractId, 'start_service'))) throw new Error('start_service refused')
  })
  at(shanghaiNoon('2026-03-23'))
  expect((await deliver(c.agencyUser, c.contractId)).status).toBe(302)
  expect((await post(c.ownerUser, c.contractId, { intent: 'accept' })).status).toBe(302)
  return c
}

// Accepted Monday 23 March; 4/4–4/6 are off: the owner's 15th working day after is Tuesday 14 April.
const DUE_ON = '2026-04-14'

const submit = (c: AwardedContract, date: string) => post(c.ownerUser, c.contractId, { intent: 'submitApproval', date })
const decide = (c: AwardedContract, date: string) =>
  post(c.ownerUser, c.contractId, { intent: 'recordApprovalDecision', date, outcome: 'approved', documentNo: '宁环审〔2026〕31号' })
const rate = (c: AwardedContract) =>
  post(c.ownerUser, c.contractId, { intent: 'rateOwner', quality: '5', timeliness: '4', attitude: '4', fee: '3', comment: '' })

async function stateOf(c: AwardedContract) {
  const db = await getDb()
  return (await db.select({ state: needs.state }).from(needs).where(eq(needs.id, c.needId)))[0].state
}

/** The need's `need.closed` audit events (actor, payload) and the users told it closed. */
async function closing(c: AwardedContract) {
  const db = await getDb()
  const audit = await db
    .select({ actorUserId: auditEvents.actorUserId, actorOrganisationId: auditEvents.actorOrganisationId, payload: auditEvents.payload })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'need'), eq(auditEvents.entityId, c.needId), eq(auditEvents.action, 'need.closed')))
  // Every notice links to its need's page (or its contract's).
  const notes = await db
    .select({ userId: notifications.userId })
    .from(notifications)
    .where(
      and(
        eq(notifications.messageKey, 'needs.notify.closed'),
        or(like(notifications.link, `%${c.needId}%`), like(notifications.link, `%${c.contractId}%`)),
      ),
    )
    .orderBy(asc(notifications.userId))
  const parties = await db
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.organisationId, [c.contract.ownerOrganisationId, c.contract.agencyOrganisationId]))
    .orderBy(asc(users.id))
  expect(parties.length).toBeGreaterThanOrEqual(2)
  return { audit, toldUserIds: notes.map((n) => n.userId), partyUserIds: parties.map((u) => u.id) }
}

async function creditRows() {
  const db = await getDb()
  return (await db.select({ n: count() }).from(creditEvents))[0].n
}

let decidedUnrated: AwardedContract
let undecided: AwardedContract
let ratedUndecided: AwardedContract
let decidedThenRated: AwardedContract
let ratedThenDecided: AwardedContract

beforeAll(async () => {
  decidedUnrated = await acceptedContract()
  undecided = await acceptedContract()
  ratedUndecided = await acceptedContract()
  decidedThenRated = await acceptedContract()
  ratedThenDecided = await acceptedContract()
  at(shanghaiNoon('2026-03-24'))
  for (const c of [decidedUnrated, ratedUndecided, decidedThenRated]) expect((await submit(c, '2026-03-24')).status).toBe(302)
  expect((await rate(ratedUndecided)).status).toBe(302)
  at(shanghaiNoon('2026-03-30'))
  for (const c of [decidedUnrated, decidedThenRated]) expect((await decide(c, '2026-03-30')).status).toBe(302)
}, 120_000)

afterAll(() => resetClock())

describe('closing through the owner’s own actions, at once', () => {
  it('the approval decision alone closes nothing while the owner may still rate', async () => {
    for (const c of [decidedUnrated, undecided, ratedUndecided, decidedThenRated]) expect(await stateOf(c)).toBe('accepted')
    expect((await closing(decidedUnrated)).audit).toEqual([])
  })

  it('the owner’s rating after the decision closes the need in the rating’s transaction (system actor, notices)', async () => {
    at(shanghaiNoon('2026-03-31'))
    const credit = await creditRows()
    expect((await rate(decidedThenRated)).status).toBe(302)
    expect(await stateOf(decidedThenRated)).toBe('closed')
    const closed = await closing(decidedThenRated)
    expect(closed.audit).toEqual([
      { actorUserId: null, actorOrganisationId: null, payload: expect.objectContaining({ ownerRated: true, ratingDueOn: DUE_ON }) },
    ])
    expect(closed.toldUserIds).toEqual(closed.partyUserIds)
    // The rating's own credit event, nothing from the close.
    expect(await creditRows()).toBe(credit + 1)
  })

  it('recording the decision after the owner’s rating closes the need in the decision’s transaction', async () => {
    at(shanghaiNoon('2026-04-01'))
    expect((await rate(ratedThenDecided)).status).toBe(302)
    expect(await stateOf(ratedThenDecided)).toBe('accepted')
    expect((await submit(ratedThenDecided, '2026-04-01')).status).toBe(302)
    expect(await stateOf(ratedThenDecided)).toBe('accepted')
    const credit = await creditRows()
    expect((await decide(ratedThenDecided, '2026-04-01')).status).toBe(302)
    expect(await stateOf(ratedThenDecided)).toBe('closed')
    const closed = await closing(ratedThenDecided)
    expect(closed.audit).toHaveLength(1)
    expect(closed.toldUserIds).toEqual(closed.partyUserIds)
    expect(await creditRows()).toBe(credit)
    const db = await getDb()
    const [row] = await db.select({ outcome: contracts.approvalOutcome }).from(contracts).where(eq(contracts.id, ratedThenDecided.contractId))
    expect(row.outcome).toBe('approved')
  })

  it('nobody closes a need by hand: no such intent, nothing written', async () => {
    const db = await getDb()
    const [before] = await db.select({ n: count() }).from(auditEvents)
    for (const user of [decidedUnrated.ownerUser, decidedUnrated.agencyUser, decidedUnrated.regulatorUser]) {
      const r = await post(user, decidedUnrated.contractId, { intent: 'close' })
      expect(r.status).toBeGreaterThanOrEqual(400)
      expect(r.status).toBeLessThan(500)
    }
    expect(await stateOf(decidedUnrated)).toBe('accepted')
    expect((await db.select({ n: count() }).from(auditEvents))[0]).toEqual(before)
  })
})

describe('the timed work closes exactly the needs that may close', () => {
  it('on the owner’s last day to rate: nothing closes', async () => {
    at(shanghaiNoon(DUE_ON))
    expect((await tick(await getDb())).needsClosed).toBe(0)
    for (const c of [decidedUnrated, undecided, ratedUndecided]) expect(await stateOf(c)).toBe('accepted')
  })

  it('the day after: only the decided one closes, once under two concurrent ticks; undecided ones wait (rated or not)', async () => {
    at(shanghaiNoon('2026-04-15'))
    const db = await getDb()
    const credit = await creditRows()
    const results = await Promise.all([tick(db), tick(db)])
    expect(results[0].needsClosed + results[1].needsClosed).toBe(1)
    expect(await stateOf(decidedUnrated)).toBe('closed')
    expect(await stateOf(undecided)).toBe('accepted')
    expect(await stateOf(ratedUndecided)).toBe('accepted')
    const closed = await closing(decidedUnrated)
    expect(closed.audit).toEqual([
      { actorUserId: null, actorOrganisationId: null, payload: expect.objectContaining({ ownerRated: false, ratingDueOn: DUE_ON }) },
    ])
    expect(closed.toldUserIds).toEqual(closed.partyUserIds)
    expect(await creditRows()).toBe(credit)
    // A later tick finds nothing more to do.
    expect((await tick(db)).needsClosed).toBe(0)
    expect((await closing(decidedUnrated)).audit).toHaveLength(1)
  })

  it('the decision recorded after the window closes the unrated need at once; the undecided rated one waits for its decision', async () => {
    at(shanghaiNoon('2026-04-16'))
    expect((await submit(undecided, '2026-04-16')).status).toBe(302)
    expect((await decide(undecided, '2026-04-16')).status).toBe(302)
    expect(await stateOf(undecided)).toBe('closed')
    expect((await decide(ratedUndecided, '2026-04-16')).status).toBe(302)
    expect(await stateOf(ratedUndecided)).toBe('closed')
    expect((await tick(await getDb())).needsClosed).toBe(0)
  })
})

describe('on a closed need, the ratings still judge from the contract', () => {
  it('the department rates, the agency replies, a regulator hides a text', async () => {
    at(shanghaiNoon('2026-04-17'))
    const c = decidedThenRated
    expect(await stateOf(c)).toBe('closed')
    const db = await getDb()
    expect(
      (await post(c.regulatorUser, c.contractId, { intent: 'rateDepartment', reportQuality: '4', reportTimeliness: '5', comment: '' }))
        .status,
    ).toBe(302)
    const rows = await db.select().from(agencyRatings).where(eq(agencyRatings.contractId, c.contractId))
    expect(rows.map((r) => r.raterKind).sort()).toEqual(['department', 'owner'])
    const owner = rows.find((r) => r.raterKind === 'owner')!
    expect((await post(c.agencyUser, c.contractId, { intent: 'ratingReply', ratingId: owner.id, reply: '感谢评价。' })).status).toBe(302)
    expect(
      (await post(c.regulatorUser, c.contractId, { intent: 'ratingHide', ratingId: owner.id, reason: '评价文字含有不当言辞，予以隐藏。' })).status,
    ).toBe(302)
    const [after] = await db.select().from(agencyRatings).where(eq(agencyRatings.id, owner.id))
    expect(after.replyText).toBe('感谢评价。')
    expect(after.hiddenReason).toBe('评价文字含有不当言辞，予以隐藏。')
    expect(await stateOf(c)).toBe('closed')
  })

  it('the closed contract still shows on its page and in the parties’ contract lists, labelled closed in both languages', async () => {
    const c = decidedThenRated
    for (const user of [c.ownerUser, c.agencyUser]) {
      const cookie = await sessionCookie(user.id)
      const zh = await renderPage(contractRoute, path(c.contractId), { id: c.contractId }, 'zh-CN', { cookie })
      const en = await renderPage(contractRoute, path(c.contractId), { id: c.contractId }, 'en', { cookie })
      expect(zh).toContain('已办结')
      expect(en).toContain('Completed')
      const list = await callRoute(contractsIndex.loader, getRequest('/contracts', { cookie }), {})
      expect(list.status).toBe(200)
      const rows = (list.data as { rows: { id: string; state: string; dues: string[] }[] }).rows
      expect(rows.find((r) => r.id === c.contractId)).toMatchObject({ state: 'closed', dues: [] })
      expect(await renderPage(contractsIndex, '/contracts', {}, 'zh-CN', { cookie })).toContain('已办结')
    }
  })
})
