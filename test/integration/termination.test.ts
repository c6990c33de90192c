/**
 * Ending a contract through the contract page's intents (app/routes/contracts+/$id.tsx,
 * __termination.server.ts): by agreement (propose → agree / decline / withdraw) and by the
 * supervising regulator's ruling. The money part becomes outbox rows (stripe.refund,
 * stripe.transfer) with the contract's idempotency keys; an agency at fault gets a conduct event;
 * every refusal (bad amount, a split that does not add up, the wrong party, another department's
 * regulator, an outsider) writes nothing. Notifications about the need lead to the contract.
 */
import { and, count, eq, like } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { getDb, type Db } from '#db/client.server'
import { auditEvents, conductEvents, contractPayments, contracts, creditEvents, needs, notifications, outbox } from '#db/schema'
import { actOnContractAsSystem } from '~/domain/contracts/contract-actions.server'
import { addCalendarDays, shanghaiDate } from '~/domain/dates'
import { now, resetClock } from '~/domain/now'
import * as contractRoute from '~/routes/contracts+/$id'
import { decodeMessage } from '~/utils/intent-reply'
import { awardedContract, type AwardedContract } from '../support/contract-fixtures'
import { at, shanghaiNoon } from '../support/needs-fixtures'
import { renderPage } from '../support/render-route'
import { callRoute, formRequest, getRequest, sessionCookie } from '../support/routes'

afterEach(() => resetClock())

const PRICE = 900_000
const REASON = '项目调整，双方同意提前终止本合同。'

/** A contract signed by both, the price held by the platform (as Stripe's answer would set it), the service started. */
async function inService(db: Db, m?: AwardedContract['m']): Promise<AwardedContract> {
  const a = await awardedContract(db, { signed: true, m, priceFen: PRICE })
  await db.transaction(async (tx) => {
    await tx.update(contracts).set({ heldFen: PRICE, collectStatus: 'paid' }).where(eq(contracts.id, a.contractId))
    const started = await actOnContractAsSystem(tx, a.contractId, 'start_service')
    if (!started) throw new Error('the service did not start')
  })
  return a
}

async function cookiesOf(a: AwardedContract) {
  return {
    owner: await sessionCookie(a.ownerUser.id),
    agency: await sessionCookie(a.agencyUser.id),
    regulator: await sessionCookie(a.regulatorUser.id),
    otherRegulator: await sessionCookie(a.m.otherRegulator.user.id),
    otherOwner: await sessionCookie(a.otherOwnerUser.id),
    otherAgency: await sessionCookie(a.otherAgencyUser.id),
  }
}

const post = (id: string, fields: Record<string, string>, cookie: string) =>
  callRoute(contractRoute.action, formRequest(`/contracts/${id}`, fields, { cookie }), { id })
const load = (id: string, cookie: string) => callRoute(contractRoute.loader, getRequest(`/contracts/${id}`, { cookie }), { id })

/** Everything a refused termination must leave as it was. */
async function snapshot(a: AwardedContract) {
  const db = await getDb()
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, a.contractId))
  const [need] = await db.select().from(needs).where(eq(needs.id, a.needId))
  const n = async (q: Promise<{ n: number }[]>) => (await q)[0]!.n
  return {
    contract,
    need,
    outbox: await n(db.select({ n: count() }).from(outbox).where(like(outbox.idempotencyKey, `contract:${a.contractId}:%`))),
    payments: await n(db.select({ n: count() }).from(contractPayments).where(eq(contractPayments.contractId, a.contractId))),
    conduct: await n(db.select({ n: count() }).from(conductEvents).where(eq(conductEvents.contractId, a.contractId))),
    audit: await n(db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityId, a.needId))),
    notifications: await n(db.select({ n: count() }).from(notifications)),
  }
}

const fieldErrors = (r: { data: any }, field: string) =>
  ((r.data?.result?.error?.[field] ?? []) as string[]).map((e) => decodeMessage(e))

async function outboxRows(contractId: string) {
  const db = await getDb()
  return db
    .select({ kind: outbox.kind, key: outbox.idempotencyKey, payload: outbox.payload })
    .from(outbox)
    .where(like(outbox.idempotencyKey, `contract:${contractId}:%`))
    .orderBy(outbox.idempotencyKey)
}

describe('ending a contract by agreement', () => {
  it('owner proposes, the agency agrees: terminated, refund and transfer in the outbox with the contract’s keys, contract.end agreement', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)

    const proposed = await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '6000.5', releaseFen: '2999.50' }, c.owner)
    expect(proposed.status).toBe(302)
    const [pending] = await db.select().from(contracts).where(eq(contracts.id, a.contractId))
    expect(pending.terminationProposal).toMatchObject({ by: 'owner', reason: REASON, refundFen: 600_050, releaseFen: 299_950 })
    // The agency sees the pending proposal on the page, with what is held.
    const page = await load(a.contractId, c.agency)
    expect(page.data.contract.terminationProposal).toMatchObject({ by: 'owner', refundFen: 600_050, releaseFen: 299_950 })
    expect(page.data.contract.heldNowFen).toBe(PRICE)
    expect(page.data.actions).toContain('agree_termination')
    // Nothing leaves yet.
    expect(await outboxRows(a.contractId)).toEqual([])
    // The page shows the proposal and the held amount in both languages; the agency may agree or decline.
    const en = await renderPage(contractRoute, `/contracts/${a.contractId}`, { id: a.contractId }, 'en', { cookie: c.agency })
    expect(en).toContain('Platform-held payment now: CN¥9,000.00')
    expect(en).toContain('Refund to the owner CN¥6,000.50, pay to the agency CN¥2,999.50')
    expect(en).toContain('Agree to end it')
    expect(en).toContain('Decline the proposal')
    expect(en).not.toMatch(/escrow/i)
    const zh = await renderPage(contractRoute, `/contracts/${a.contractId}`, { id: a.contractId }, 'zh-CN', { cookie: c.owner })
    expect(zh).toContain('平台当前代管金额：¥9,000.00')
    expect(zh).toContain('撤回提议')
    expect(zh).not.toContain('同意终止')

    const agreed = await post(a.contractId, { intent: 'terminationAgree', confirm: 'yes' }, c.agency)
    expect(agreed.status).toBe(302)
    const [need] = await db.select().from(needs).where(eq(needs.id, a.needId))
    expect(need.state).toBe('terminated')
    const [ended] = await db.select().from(contracts).where(eq(contracts.id, a.contractId))
    expect(ended).toMatchObject({ terminationKind: 'agreement', partyAtFault: 'none', terminationReason: REASON, terminationProposal: null })
    expect(ended.terminatedAt).not.toBeNull()

    expect(await outboxRows(a.contractId)).toEqual([
      { kind: 'stripe.refund', key: `contract:${a.contractId}:refund`, payload: expect.objectContaining({ contractId: a.contractId, amountFen: 600_050 }) },
      {
        kind: 'stripe.transfer',
        key: `contract:${a.contractId}:transfer:termination`,
        payload: expect.objectContaining({ contractId: a.contractId, amountFen: 299_950, purpose: 'termination' }),
      },
    ])
    const payments = await db.select().from(contractPayments).where(eq(contractPayments.contractId, a.contractId))
    expect(payments.map((p) => [p.kind, p.amountFen, p.idempotencyKey]).sort()).toEqual(
      [
        ['refund', 600_050, `contract:${a.contractId}:refund`],
        ['transfer', 299_950, `contract:${a.contractId}:transfer:termination`],
      ].sort(),
    )
    // Nobody at fault: no conduct event.
    expect((await snapshot(a)).conduct).toBe(0)

    // The notifications of the ending lead both parties to the contract.
    const told = await db
      .select({ userId: notifications.userId, key: notifications.messageKey, link: notifications.link })
      .from(notifications)
      .where(eq(notifications.messageKey, 'needs.notify.terminated'))
    const links = new Map(told.map((n) => [n.userId, n.link]))
    expect(links.get(a.ownerUser.id)).toBe(`/contracts/${a.contractId}`)
    expect(links.get(a.agencyUser.id)).toBe(`/contracts/${a.contractId}`)
    const [byAgreement] = await db
      .select({ link: notifications.link })
      .from(notifications)
      .where(and(eq(notifications.messageKey, 'needs.notify.terminatedByAgreement'), eq(notifications.userId, a.regulatorUser.id)))
    expect(byAgreement?.link).toBe(`/contracts/${a.contractId}`)
    // A losing bidder told of the award keeps the need page (it cannot open the contract).
    const [lost] = await db
      .select({ link: notifications.link })
      .from(notifications)
      .where(eq(notifications.userId, a.otherAgencyUser.id))
    expect(lost?.link).toBe(`/agency/needs/${a.needId}`)

    // The page now says how it ended, and offers no more termination.
    const after = await load(a.contractId, c.owner)
    expect(after.data.contract.terminationKind).toBe('agreement')
    expect(after.data.actions).not.toContain('propose_termination')
  })

  it('the other party declines (reason optional); the proposer may withdraw; neither ends the contract or moves money', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)

    expect((await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '9000', releaseFen: '0' }, c.agency)).status).toBe(302)
    expect((await post(a.contractId, { intent: 'terminationDecline', reason: '' }, c.owner)).status).toBe(302)
    let [row] = await db.select().from(contracts).where(eq(contracts.id, a.contractId))
    expect(row.terminationProposal).toBeNull()

    expect((await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '9000.00', releaseFen: '0.00' }, c.agency)).status).toBe(302)
    // A second proposal while one waits: 409, nothing written.
    const before = await snapshot(a)
    const twice = await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '9000', releaseFen: '0' }, c.owner)
    expect(twice.status).toBe(409)
    expect(await snapshot(a)).toEqual(before)
    // The proposer withdraws its own proposal.
    expect((await post(a.contractId, { intent: 'terminationDecline', reason: '改变主意' }, c.agency)).status).toBe(302)
    ;[row] = await db.select().from(contracts).where(eq(contracts.id, a.contractId))
    expect(row.terminationProposal).toBeNull()
    const [need] = await db.select().from(needs).where(eq(needs.id, a.needId))
    expect(need.state).toBe('in_service')
    expect(await outboxRows(a.contractId)).toEqual([])
    const declined = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, a.needId), eq(auditEvents.action, 'need.termination_declined')))
    expect(declined[0]!.n).toBe(2)
  })

  it('a party cannot agree to its own proposal (409), nothing written', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)
    await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '9000', releaseFen: '0' }, c.owner)
    const before = await snapshot(a)
    const own = await post(a.contractId, { intent: 'terminationAgree', confirm: 'yes' }, c.owner)
    expect(own.status).toBe(409)
    expect(own.data.formError).toMatchObject({ messageKey: 'ownerSelection.refusals.ownProposal' })
    expect(await snapshot(a)).toEqual(before)
    // Agreeing without the confirmation: 400 at the field.
    const unconfirmed = await post(a.contractId, { intent: 'terminationAgree' }, c.agency)
    expect(unconfirmed.status).toBe(400)
    expect(fieldErrors(unconfirmed, 'confirm')[0]?.messageKey).toBe('confirm.required')
    expect(await snapshot(a)).toEqual(before)
  })

  it('bad amounts → field messages (400); a split not adding up → 422 at the refund field with the held amount; nothing written', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)
    const before = await snapshot(a)
    const propose = (refundFen: string, releaseFen: string, reason = REASON) =>
      post(a.contractId, { intent: 'terminationPropose', reason, refundFen, releaseFen }, c.owner)

    const cases: [string, string, string, string][] = [
      ['abc', '0', 'refundFen', 'contractTermination.errors.notANumber'],
      ['-1', '9001', 'refundFen', 'contractTermination.errors.negative'],
      ['1.234', '0', 'refundFen', 'contractTermination.errors.tooManyDecimals'],
      ['9000', '1e3', 'releaseFen', 'contractTermination.errors.notANumber'],
      ['', '9000', 'refundFen', 'validation.required'],
    ]
    for (const [refund, release, field, key] of cases) {
      const r = await propose(refund, release)
      expect(r.status, `${refund}/${release}`).toBe(400)
      expect(fieldErrors(r, field).map((e) => e.messageKey)).toContain(key)
      // The typed values come back as typed (conform leaves out an empty field).
      const typed = Object.fromEntries(Object.entries({ refundFen: refund, releaseFen: release }).filter(([, v]) => v !== ''))
      expect(r.data.result.initialValue).toMatchObject(typed)
    }
    const short = await propose('9000', '1', '短')
    expect(short.status).toBe(400)
    expect(fieldErrors(short, 'reason').map((e) => e.messageKey)).toContain('confirm.reasonTooShort')

    const off = await propose('5000', '3999.99')
    expect(off.status).toBe(422)
    expect(fieldErrors(off, 'refundFen')).toEqual([{ messageKey: 'contractTermination.errors.splitMismatch', params: { held: '9000.00' } }])
    expect(await snapshot(a)).toEqual(before)
  })

  it('outsiders: another owner or a losing bidder → 404, nothing written', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)
    const before = await snapshot(a)
    for (const cookie of [c.otherOwner, c.otherAgency, c.otherRegulator]) {
      const r = await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '9000', releaseFen: '0' }, cookie)
      expect(r.status).toBe(404)
    }
    // The regulator is no party to an agreement: 403.
    const reg = await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '9000', releaseFen: '0' }, c.regulator)
    expect(reg.status).toBe(403)
    expect(await snapshot(a)).toEqual(before)
  })
})

describe('ending a contract by ruling', () => {
  it('the supervising regulator rules the agency at fault: terminated, money split in the outbox, a conduct event', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)
    const page = await load(a.contractId, c.regulator)
    expect(page.data.viewer).toBe('regulator')
    expect(page.data.actions).toContain('terminate')
    const ruling = await renderPage(contractRoute, `/contracts/${a.contractId}`, { id: a.contractId }, 'en', { cookie: c.regulator })
    expect(ruling).toContain('Ruling to end the contract')
    expect(ruling).toContain('Party at fault')
    expect(ruling).not.toContain('Propose ending by agreement')

    const r = await post(
      a.contractId,
      { intent: 'terminationRule', reason: '机构严重逾期且无正当理由，裁决终止。', partyAtFault: 'agency', refundFen: '8000', releaseFen: '1000', confirm: 'yes' },
      c.regulator,
    )
    expect(r.status).toBe(302)
    const [need] = await db.select().from(needs).where(eq(needs.id, a.needId))
    expect(need.state).toBe('terminated')
    const [ended] = await db.select().from(contracts).where(eq(contracts.id, a.contractId))
    expect(ended).toMatchObject({ terminationKind: 'ruling', partyAtFault: 'agency' })
    expect((await outboxRows(a.contractId)).map((o) => [o.kind, (o.payload as { amountFen: number }).amountFen])).toEqual([
      ['stripe.refund', 800_000],
      ['stripe.transfer', 100_000],
    ])
    const endedPage = await renderPage(contractRoute, `/contracts/${a.contractId}`, { id: a.contractId }, 'zh-CN', { cookie: c.owner })
    expect(endedPage).toContain('监管部门裁决终止')
    expect(endedPage).toContain('过错方：中介机构')
    const conduct = await db.select().from(conductEvents).where(eq(conductEvents.contractId, a.contractId))
    expect(conduct).toHaveLength(1)
    expect(conduct[0]).toMatchObject({ kind: 'terminated_at_fault', agencyOrganisationId: a.agencyUser.organisationId })
    // …carried into the credit ledger in the ruling's transaction, with its reason and the regulator.
    const credit = await db.select().from(creditEvents).where(eq(creditEvents.conductEventId, conduct[0].id))
    expect(credit).toHaveLength(1)
    expect(credit[0]).toMatchObject({
      agencyOrganisationId: a.agencyUser.organisationId,
      kind: 'terminated_at_fault',
      source: 'contract',
      points: -10,
      reason: '机构严重逾期且无正当理由，裁决终止。',
      actorUserId: a.regulatorUser.id,
      contractId: a.contractId,
      needId: a.needId,
    })

    // The ended contract's clock stands still: three weeks on, it is read as of the day it ended.
    const endedOn = shanghaiDate(now())
    const usedThen = (await load(a.contractId, c.owner)).data.clock?.agency.used
    at(shanghaiNoon(addCalendarDays(endedOn, 21)))
    const later = (await load(a.contractId, c.owner)).data.clock
    expect(later?.today).toBe(endedOn)
    expect(later?.agency.used).toBe(usedThen)
  })

  it('a full refund with the owner at fault: one refund, no transfer, no conduct event', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)
    const r = await post(
      a.contractId,
      { intent: 'terminationRule', reason: '业主原因导致项目无法继续，裁决终止。', partyAtFault: 'owner', refundFen: '9000', releaseFen: '0', confirm: 'yes' },
      c.regulator,
    )
    expect(r.status).toBe(302)
    expect((await outboxRows(a.contractId)).map((o) => o.kind)).toEqual(['stripe.refund'])
    expect((await snapshot(a)).conduct).toBe(0)
  })

  it('another department’s regulator → 404; the owner or the agency → 403; bad input → 400/422; nothing written', async () => {
    const db = await getDb()
    const a = await inService(db)
    const c = await cookiesOf(a)
    const before = await snapshot(a)
    const ruling = { intent: 'terminationRule', reason: '机构严重逾期且无正当理由，裁决终止。', partyAtFault: 'agency', refundFen: '9000', releaseFen: '0', confirm: 'yes' }
    expect((await post(a.contractId, ruling, c.otherRegulator)).status).toBe(404)
    expect((await post(a.contractId, ruling, c.owner)).status).toBe(403)
    expect((await post(a.contractId, ruling, c.agency)).status).toBe(403)
    expect((await post(a.contractId, ruling, c.otherOwner)).status).toBe(404)

    const noFault = await post(a.contractId, { ...ruling, partyAtFault: 'somebody' }, c.regulator)
    expect(noFault.status).toBe(400)
    expect(fieldErrors(noFault, 'partyAtFault').map((e) => e.messageKey)).toContain('validation.choose')
    const unconfirmed = await post(a.contractId, { ...ruling, confirm: '' }, c.regulator)
    expect(unconfirmed.status).toBe(400)
    const off = await post(a.contractId, { ...ruling, refundFen: '9000', releaseFen: '0.01' }, c.regulator)
    expect(off.status).toBe(422)
    expect(fieldErrors(off, 'refundFen')[0]).toEqual({ messageKey: 'contractTermination.errors.splitMismatch', params: { held: '9000.00' } })
    expect(await snapshot(a)).toEqual(before)
  })

  it('an awarded contract before its signing deadline cannot be ruled ended (409); nothing held means a 0/0 split', async () => {
    const db = await getDb()
    const a = await awardedContract(db)
    const c = await cookiesOf(a)
    const before = await snapshot(a)
    const r = await post(
      a.contractId,
      { intent: 'terminationRule', reason: '机构未按期签订合同，裁决终止。', partyAtFault: 'agency', refundFen: '0', releaseFen: '0', confirm: 'yes' },
      c.regulator,
    )
    expect(r.status).toBe(409)
    expect(r.data.formError).toMatchObject({ messageKey: 'ownerSelection.refusals.contractPending' })
    expect(await snapshot(a)).toEqual(before)
    // The parties may still agree to end it before the service starts: nothing held, nothing moves.
    expect((await post(a.contractId, { intent: 'terminationPropose', reason: REASON, refundFen: '0', releaseFen: '0' }, c.agency)).status).toBe(302)
    expect((await post(a.contractId, { intent: 'terminationAgree', confirm: 'yes' }, c.owner)).status).toBe(302)
    const [need] = await db.select().from(needs).where(eq(needs.id, a.needId))
    expect(need.state).toBe('terminated')
    expect(await outboxRows(a.contractId)).toEqual([])
  })
})
