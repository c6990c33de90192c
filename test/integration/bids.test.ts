/**
 * Sealed bids on the real database (PGlite and PostgreSQL): who may bid, the server-clock
 * deadline to the second, the ceiling and C ≤ S, one live bid per agency, revision history,
 * withdrawal, and that nobody but the bidder sees a bid (nor its quote in the audit log) until
 * the window closes. Needs and projects are inserted directly; time is a fixed clock.
 */
import { createHash } from 'node:crypto'
import { and, asc, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyQualifications,
  agencyServiceTypes,
  approvalItems,
  auditEvents,
  bidRevisions,
  bids,
  needs,
  organisations,
  projects,
} from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { countOpenWork, exitVoluntarily } from '~/domain/agencies/registry.server'
import { saveDepartment, saveQualificationType, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { Conflict, DomainError, Forbidden, NotFound, RuleViolation } from '~/domain/errors'
import { quoteCommitment } from '~/domain/bidding/bid-commitment'
import {
  bidCountForOwner,
  bidsAfterClose,
  bidsForAgency,
  reviseBid,
  submitBid,
  withdrawBid,
  type BidInput,
} from '~/domain/bidding/bids.server'
import { registrationDeadline } from '~/domain/needs/publish-rules'
import { systemActor } from '~/utils/audit.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'

// 2030-01-15 10:00 in Shanghai.
const BASE = new Date('2030-01-15T02:00:00Z')
const clock = fixedClock(BASE)
const CLOSES_ON = '2030-01-20'
const CEILING = 1_000_000
const S = 20

type Agency = 'a' | 'b' | 'c' | 'expired' | 'noService' | 'lowLevel'
const agencies = {} as Record<Agency, { user: SessionUser; organisationId: string }>
let owner: SessionUser
let ownerOrgId: string
let projectId: string
let serviceTypeId: string
let approvalItemId: string
let minLevelId: string

async function makeNeed(overrides: Partial<typeof needs.$inferInsert> = {}) {
  const db = await getDb()
  const [row] = await db
    .insert(needs)
    .values({
      projectId,
      ownerOrganisationId: ownerOrgId,
      serviceTypeId,
      approvalItemId,
      title: '环评报告编制',
      scope: '编制环境影响报告书',
      priceCeilingFen: CEILING,
      minLevelId,
      serviceDays: S,
      method: 'lowest_price',
      registrationClosesOn: CLOSES_ON,
      state: 'open',
      publishedAt: BASE,
      createdAt: BASE,
      updatedAt: BASE,
      ...overrides,
    })
    .returning()
  return row
}

const bid = (quoteFen: number, committedDays = 15): BidInput => ({
  quoteFen,
  committedDays,
  note: '按期完成',
  team: '项目负责人：张伟',
})

async function counts() {
  const db = await getDb()
  return {
    bids: (await db.select({ n: count() }).from(bids))[0].n,
    revisions: (await db.select({ n: count() }).from(bidRevisions))[0].n,
    audit: (await db.select({ n: count() }).from(auditEvents))[0].n,
  }
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  return error as DomainError
}

beforeAll(async () => {
  setClock(clock)
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, {
    code: 'DEP-EE',
    nameZh: '生态环境局',
    nameEn: 'Ecology and Environment Bureau',
  })
  const qt = await saveQualificationType(db, systemActor, {
    code: 'QT-EIA',
    nameZh: '环境影响评价资质',
    nameEn: 'EIA qualification',
    issuerZh: '',
    issuerEn: '',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
      { code: 'C', nameZh: '丙级', nameEn: 'Grade C' },
    ],
  })
  const levels = await db.query.qualificationLevels.findMany({
    where: (l, { eq: is }) => is(l.qualificationTypeId, qt.id),
  })
  const level = (code: string) => levels.find((l) => l.code === code)!
  expect(level('A').rank).toBeLessThan(level('B').rank)
  expect(level('B').rank).toBeLessThan(level('C').rank)
  minLevelId = level('B').id
  const common = { descriptionZh: '', descriptionEn: '', active: true }
  serviceTypeId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-EIA',
      nameZh: '环境影响评价',
      nameEn: 'Environmental impact assessment',
      departmentId: dept.id,
      qualificationTypeIds: [qt.id],
      ...common,
    })
  ).id
  const otherServiceTypeId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-SURVEY',
      nameZh: '土地勘测定界',
      nameEn: 'Land boundary survey',
      departmentId: dept.id,
      qualificationTypeIds: [],
      ...common,
    })
  ).id
  const [item] = await db
    .insert(approvalItems)
    .values({
      code: 'AI-EIA',
      nameZh: '环评审批',
      nameEn: 'EIA approval',
      departmentId: dept.id,
      statutoryDays: 60,
      committedDays: 30,
    })
    .returning()
  approvalItemId = item.id

  const ownerAccount = await createAccount(db, 'owner')
  ownerOrgId = ownerAccount.organisation.id
  owner = await loadSessionUser(db, ownerAccount.user.id)
  const [project] = await db
    .insert(projects)
    .values({
      ownerOrganisationId: ownerOrgId,
      name: '新建厂房项目',
      projectCode: '2030-320000-00-00-000001',
      location: '江苏省南京市',
      industry: '制造业',
      totalInvestmentFen: 500_000_000,
      createdAt: BASE,
    })
    .returning()
  projectId = project.id

  const setups: Record<Agency, { services: string[]; level: string; validUntil: string }> = {
    a: { services: [serviceTypeId], level: 'A', validUntil: '2033-12-31' },
    b: { services: [serviceTypeId], level: 'B', validUntil: '2033-12-31' },
    c: { services: [serviceTypeId, otherServiceTypeId], level: 'A', validUntil: '2031-06-30' },
    expired: { services: [serviceTypeId], level: 'A', validUntil: '2030-01-14' },
    noService: { services: [otherServiceTypeId], level: 'A', validUntil: '2033-12-31' },
    lowLevel: { services: [serviceTypeId], level: 'C', validUntil: '2033-12-31' },
  }
  for (const [key, setup] of Object.entries(setups) as [Agency, (typeof setups)[Agency]][]) {
    const account = await createAccount(db, 'agency')
    const organisationId = account.organisation.id
    await db.insert(agencyServiceTypes).values(setup.services.map((id) => ({ organisationId, serviceTypeId: id })))
    await db.insert(agencyQualifications).values({
      organisationId,
      qualificationTypeId: qt.id,
      levelId: level(setup.level).id,
      certificateNo: `HP-${key}`,
      issuer: '江苏省生态环境厅',
      validFrom: '2029-01-01',
      validUntil: setup.validUntil,
    })
    agencies[key] = { user: await loadSessionUser(db, account.user.id), organisationId }
  }
})

afterAll(() => {
  resetClock()
})

describe('sealed bids', () => {
  const quotes = { a: 812_345, b: 823_456, c: 834_567 }
  let needId: string
  const bidIds = {} as Record<'a' | 'b' | 'c', string>

  it('three agencies bid; each sees only its own bid, the owner only a count, nobody all bids while open', async () => {
    const db = await getDb()
    needId = (await makeNeed()).id
    for (const key of ['a', 'b', 'c'] as const) {
      bidIds[key] = (await submitBid(db, agencies[key].user, needId, bid(quotes[key]))).bidId
    }

    const mine = await bidsForAgency(db, agencies.a.user, needId)
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({
      id: bidIds.a,
      agencyOrganisationId: agencies.a.organisationId,
      quoteFen: quotes.a,
      status: 'live',
      revision: 1,
    })
    const mineText = JSON.stringify(mine)
    for (const other of ['b', 'c'] as const) {
      expect(mineText).not.toContain(agencies[other].organisationId)
      expect(mineText).not.toContain(bidIds[other])
      expect(mineText).not.toContain(String(quotes[other]))
    }

    const countForOwner = await bidCountForOwner(db, owner, needId)
    expect(countForOwner).toBe(3)
    const ownerText = JSON.stringify(countForOwner)
    for (const key of ['a', 'b', 'c'] as const) {
      expect(ownerText).not.toContain(String(quotes[key]))
      expect(ownerText).not.toContain(agencies[key].organisationId)
    }

    expect(await refusal(bidsAfterClose(db, needId))).toBeInstanceOf(Forbidden)
  })

  it('an agency with a live bid on an undecided need cannot exit voluntarily; nothing changes', async () => {
    const db = await getDb()
    expect(await countOpenWork(db, agencies.a.organisationId)).toBeGreaterThanOrEqual(1)
    const error = await refusal(exitVoluntarily(db, agencies.a.user, { reason: '业务调整', confirm: 'on' }))
    expect(error).toBeInstanceOf(RuleViolation)
    expect((error as RuleViolation).messageKey).toBe('agency.errors.openWork')
    const [org] = await db.select({ status: organisations.status }).from(organisations).where(eq(organisations.id, agencies.a.organisationId))
    expect(org.status).toBe('active')
  })

  it('the audit log records bid id, revision and a SHA-256 commitment — never a quote', async () => {
    const db = await getDb()
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityType, 'bid'))
    expect(events).toHaveLength(3)
    for (const event of events) {
      expect(event.action).toBe('bid.submitted')
      expect(event.payload).toMatchObject({
        needId,
        revision: 1,
        quoteCommitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
      const text = JSON.stringify(event)
      for (const q of Object.values(quotes)) expect(text).not.toContain(String(q))
      // The commitment is SHA-256 over the bid, its quote and days and the revision's stored nonce.
      const [row] = await db.select().from(bids).where(eq(bids.id, event.entityId))
      const [version] = await db
        .select()
        .from(bidRevisions)
        .where(and(eq(bidRevisions.bidId, row.id), eq(bidRevisions.revision, 1)))
      expect(version).toMatchObject({ quoteFen: row.quoteFen, committedDays: row.committedDays })
      expect(version.commitmentNonce).toMatch(/^[0-9a-f]{32}$/)
      const expected = createHash('sha256')
        .update(`bid:${row.id}:r1:q${row.quoteFen}:d${row.committedDays}:n${version.commitmentNonce}`)
        .digest('hex')
      expect((event.payload as { quoteCommitment: string }).quoteCommitment).toBe(expected)
      expect(quoteCommitment(row.id, 1, row.quoteFen, row.committedDays, version.commitmentNonce)).toBe(expected)
      // The nonce itself never reaches the audit log (it would undo the hiding).
      expect(text).not.toContain(version.commitmentNonce!)
    }
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('a second submit by the same agency is a Conflict telling it to revise, and writes nothing', async () => {
    const db = await getDb()
    const before = await counts()
    const error = await refusal(submitBid(db, agencies.a.user, needId, bid(700_000)))
    expect(error).toBeInstanceOf(Conflict)
    expect(error.messageKey).toBe('needs.bids.errors.alreadyBid')
    expect(await counts()).toEqual(before)
  })

  it('the owner and an unrelated agency can neither read nor change another agency’s bid', async () => {
    const db = await getDb()
    const before = await counts()
    // The owner: no agency reads, no changes, and only the count.
    expect(await refusal(bidsForAgency(db, owner, needId))).toBeInstanceOf(Forbidden)
    expect(await refusal(reviseBid(db, owner, bidIds.a, bid(1)))).toBeInstanceOf(Forbidden)
    expect(await refusal(withdrawBid(db, owner, bidIds.a))).toBeInstanceOf(Forbidden)
    // An agency that did not bid: sees nothing, and another's bid is as good as missing.
    const outsider = agencies.lowLevel.user
    expect(await bidsForAgency(db, outsider, needId)).toEqual([])
    expect(await refusal(reviseBid(db, outsider, bidIds.a, bid(1)))).toBeInstanceOf(NotFound)
    expect(await refusal(withdrawBid(db, outsider, bidIds.a))).toBeInstanceOf(NotFound)
    // A bidding agency cannot touch a competitor's bid either, nor ask for the owner's count.
    expect(await refusal(reviseBid(db, agencies.b.user, bidIds.a, bid(1)))).toBeInstanceOf(NotFound)
    expect(await refusal(bidCountForOwner(db, agencies.b.user, needId))).toBeInstanceOf(Forbidden)
    // Another owner gets no count either.
    const otherOwner = await createAccount(db, 'owner')
    expect(await refusal(bidCountForOwner(db, await loadSessionUser(db, otherOwner.user.id), needId))).toBeInstanceOf(
      Forbidden,
    )
    expect(await counts()).toEqual(before)
    const [a] = await db.select().from(bids).where(eq(bids.id, bidIds.a))
    expect(a).toMatchObject({ quoteFen: quotes.a, status: 'live', revision: 1 })
  })

  it('revising keeps every earlier version, bumps the revision and keeps the quote out of the audit log', async () => {
    const db = await getDb()
    clock.advance(60_000)
    expect(
      await reviseBid(db, agencies.a.user, bidIds.a, {
        quoteFen: 801_111,
        committedDays: 12,
        note: '修订',
        team: '团队二',
      }),
    ).toEqual({
      bidId: bidIds.a,
      revision: 2,
    })
    clock.advance(60_000)
    expect((await reviseBid(db, agencies.a.user, bidIds.a, bid(799_999, 10))).revision).toBe(3)
    const [mine] = await bidsForAgency(db, agencies.a.user, needId)
    expect(mine).toMatchObject({ quoteFen: 799_999, committedDays: 10, revision: 3 })
    expect(mine.revisions.map((r) => [r.revision, r.quoteFen, r.committedDays])).toEqual([
      [1, quotes.a, 15],
      [2, 801_111, 12],
    ])
    // The agency's own view carries no nonce: they are revealed only after the close.
    expect(JSON.stringify(mine)).not.toContain('commitmentNonce')
    const revised = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'bid.revised'), eq(auditEvents.entityId, bidIds.a)))
    expect(revised.map((e) => (e.payload as { revision: number }).revision).sort()).toEqual([2, 3])
    for (const text of revised.map((e) => JSON.stringify(e))) {
      for (const q of [801_111, 799_999, quotes.a]) expect(text).not.toContain(String(q))
    }
    // Each revision has its own nonce, and each revised event's commitment recomputes with it.
    const versions = await db
      .select()
      .from(bidRevisions)
      .where(eq(bidRevisions.bidId, bidIds.a))
      .orderBy(asc(bidRevisions.revision))
    expect(versions.map((v) => [v.revision, v.quoteFen, v.committedDays])).toEqual([
      [1, quotes.a, 15],
      [2, 801_111, 12],
      [3, 799_999, 10],
    ])
    expect(new Set(versions.map((v) => v.commitmentNonce)).size).toBe(3)
    for (const event of revised) {
      const payload = event.payload as { revision: number; quoteCommitment: string }
      const v = versions.find((x) => x.revision === payload.revision)!
      expect(payload.quoteCommitment).toBe(
        quoteCommitment(bidIds.a, v.revision, v.quoteFen, v.committedDays, v.commitmentNonce),
      )
      expect(JSON.stringify(event)).not.toContain(v.commitmentNonce!)
    }
    expect(await bidCountForOwner(db, owner, needId)).toBe(3)
  })

  it('revising is checked like submitting: ceiling and C ≤ S', async () => {
    const db = await getDb()
    const before = await counts()
    expect((await refusal(reviseBid(db, agencies.a.user, bidIds.a, bid(CEILING + 1)))).messageKey).toBe(
      'needs.bids.validation.quoteAboveCeiling',
    )
    expect((await refusal(reviseBid(db, agencies.a.user, bidIds.a, bid(500_000, S + 1)))).messageKey).toBe(
      'needs.bids.validation.daysAboveLimit',
    )
    expect(await counts()).toEqual(before)
  })

  it('withdrawing before the deadline leaves the count at two; the agency may then bid afresh', async () => {
    const db = await getDb()
    await withdrawBid(db, agencies.b.user, bidIds.b)
    expect(await bidCountForOwner(db, owner, needId)).toBe(2)
    expect((await refusal(withdrawBid(db, agencies.b.user, bidIds.b))).messageKey).toBe('needs.bids.errors.notLive')
    expect((await refusal(reviseBid(db, agencies.b.user, bidIds.b, bid(600_000)))).messageKey).toBe(
      'needs.bids.errors.notLive',
    )
    const again = await submitBid(db, agencies.b.user, needId, bid(777_777))
    expect(again.bidId).not.toBe(bidIds.b)
    expect(await bidCountForOwner(db, owner, needId)).toBe(3)
    const own = await bidsForAgency(db, agencies.b.user, needId)
    expect(own.map((b) => b.status).sort()).toEqual(['live', 'withdrawn'])
    expect(JSON.stringify(own)).not.toContain(agencies.a.organisationId)
  })

  it('once the window has closed (state past open) all bids can be read', async () => {
    const db = await getDb()
    await db.update(needs).set({ state: 'evaluating' }).where(eq(needs.id, needId))
    const all = await bidsAfterClose(db, needId)
    expect(all).toHaveLength(4)
    expect(new Set(all.map((b) => b.agencyOrganisationId))).toEqual(
      new Set(['a', 'b', 'c'].map((k) => agencies[k as 'a'].organisationId)),
    )
    // The nonces are revealed with the bids: every audit commitment can now be checked by anyone
    // who reads both (the current version and each earlier one).
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityType, 'bid'))
    const committed = (bidId: string, revision: number) =>
      events
        .map((e) => e.payload as { bidId: string; revision: number; quoteCommitment?: string })
        .find((p) => p.bidId === bidId && p.revision === revision && p.quoteCommitment)?.quoteCommitment
    let checked = 0
    for (const b of all) {
      expect(b.commitmentNonce).toMatch(/^[0-9a-f]{32}$/)
      expect(quoteCommitment(b.id, b.revision, b.quoteFen, b.committedDays, b.commitmentNonce)).toBe(
        committed(b.id, b.revision),
      )
      for (const r of b.revisions) {
        expect(r.revision).toBeLessThan(b.revision)
        expect(quoteCommitment(b.id, r.revision, r.quoteFen, r.committedDays, r.commitmentNonce)).toBe(
          committed(b.id, r.revision),
        )
        checked += 1
      }
      checked += 1
    }
    expect(checked).toBe(6) // four bids, two earlier versions of a's bid
    // The need is no longer open: no more bids or changes.
    expect((await refusal(submitBid(db, agencies.lowLevel.user, needId, bid(500_000)))).messageKey).toBe(
      'needs.bids.errors.notOpen',
    )
    expect((await refusal(reviseBid(db, agencies.c.user, bidIds.c, bid(500_000)))).messageKey).toBe(
      'needs.bids.errors.notOpen',
    )
  })
})

describe('the deadline, to the second, on the server clock', () => {
  it('a bid one second before the deadline is accepted; at the deadline or one second after it is refused', async () => {
    const db = await getDb()
    const need = await makeNeed()
    const deadline = registrationDeadline(CLOSES_ON)
    expect(deadline.toISOString()).toBe('2030-01-20T16:00:00.000Z')
    try {
      clock.set(new Date(deadline.getTime() - 1000))
      const accepted = await submitBid(db, agencies.a.user, need.id, bid(900_000))
      clock.set(deadline)
      const before = await counts()
      const atDeadline = await refusal(submitBid(db, agencies.b.user, need.id, bid(900_000)))
      expect(atDeadline).toBeInstanceOf(Conflict)
      expect(atDeadline.messageKey).toBe('needs.bids.errors.windowClosed')
      clock.set(new Date(deadline.getTime() + 1000))
      const late = await refusal(submitBid(db, agencies.c.user, need.id, bid(900_000)))
      expect(late).toBeInstanceOf(Conflict)
      expect(late.messageKey).toBe('needs.bids.errors.windowClosed')
      // Nor can the bid be revised or withdrawn after the deadline.
      expect((await refusal(reviseBid(db, agencies.a.user, accepted.bidId, bid(800_000)))).messageKey).toBe(
        'needs.bids.errors.windowClosed',
      )
      expect((await refusal(withdrawBid(db, agencies.a.user, accepted.bidId))).messageKey).toBe(
        'needs.bids.errors.windowClosed',
      )
      expect(await counts()).toEqual(before)
      const [row] = await db.select().from(bids).where(eq(bids.id, accepted.bidId))
      expect(row).toMatchObject({ status: 'live', quoteFen: 900_000, revision: 1 })
    } finally {
      clock.set(BASE)
    }
  })

  it('a need that is not open takes no bids', async () => {
    const db = await getDb()
    const draft = await makeNeed({ state: 'draft' })
    expect((await refusal(submitBid(db, agencies.a.user, draft.id, bid(500_000)))).messageKey).toBe(
      'needs.bids.errors.notOpen',
    )
    expect(
      await refusal(submitBid(db, agencies.a.user, '00000000-0000-0000-0000-000000000000', bid(500_000))),
    ).toBeInstanceOf(NotFound)
  })
})

describe('the bid itself and the bidder', () => {
  let needId: string

  beforeAll(async () => {
    needId = (await makeNeed()).id
  })

  it('a quote above the ceiling and C > S are refused; exactly the ceiling and C = S pass', async () => {
    const db = await getDb()
    const before = await counts()
    const above = await refusal(submitBid(db, agencies.a.user, needId, bid(CEILING + 1)))
    expect(above).toBeInstanceOf(RuleViolation)
    expect(above.messageKey).toBe('needs.bids.validation.quoteAboveCeiling')
    const tooSlow = await refusal(submitBid(db, agencies.a.user, needId, bid(500_000, S + 1)))
    expect(tooSlow).toBeInstanceOf(RuleViolation)
    expect(tooSlow.messageKey).toBe('needs.bids.validation.daysAboveLimit')
    expect((await refusal(submitBid(db, agencies.a.user, needId, bid(12.5)))).messageKey).toBe(
      'needs.bids.validation.quoteInvalid',
    )
    expect((await refusal(submitBid(db, agencies.a.user, needId, bid(0)))).messageKey).toBe(
      'needs.bids.validation.quoteInvalid',
    )
    expect(await counts()).toEqual(before)
    await submitBid(db, agencies.a.user, needId, bid(CEILING, S))
  })

  it('ineligible agencies are refused with the eligibility reason and nothing is written', async () => {
    const db = await getDb()
    const before = await counts()
    const cases: [Agency, string][] = [
      ['expired', 'terms.ineligible.qualificationExpired'],
      ['noService', 'terms.ineligible.serviceTypeNotOffered'],
      ['lowLevel', 'terms.ineligible.qualificationLevelTooLow'],
    ]
    for (const [key, messageKey] of cases) {
      const error = await refusal(submitBid(db, agencies[key].user, needId, bid(500_000)))
      expect(error).toBeInstanceOf(RuleViolation)
      expect(error.messageKey).toBe(messageKey)
    }
    expect(await counts()).toEqual(before)
    expect(await bidCountForOwner(db, owner, needId)).toBe(1)
  })

  it('an owner cannot bid', async () => {
    const db = await getDb()
    expect(await refusal(submitBid(db, owner, needId, bid(500_000)))).toBeInstanceOf(Forbidden)
  })
})

describe('the commitment hides the quote', () => {
  it('two bids with the same quote and days have different commitments, and no quote is in the log', async () => {
    const db = await getDb()
    const need = await makeNeed()
    const same = bid(654_321, 14)
    const first = await submitBid(db, agencies.a.user, need.id, same)
    const second = await submitBid(db, agencies.b.user, need.id, same)
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'bid.submitted')))
    const commitmentOf = (bidId: string) =>
      (events.find((e) => e.entityId === bidId)!.payload as { quoteCommitment: string }).quoteCommitment
    expect(commitmentOf(first.bidId)).toMatch(/^[0-9a-f]{64}$/)
    expect(commitmentOf(second.bidId)).not.toBe(commitmentOf(first.bidId))
    // Without the nonce a reader could try amounts: the old formula does not give the logged value.
    for (const id of [first.bidId, second.bidId]) {
      expect(commitmentOf(id)).not.toBe(quoteCommitment(id, 1, 654_321, 14, null))
    }
    const log = JSON.stringify(await db.select().from(auditEvents))
    expect(log).not.toContain('654321')
    expect(log).not.toContain('654_321')
  })

  it('a bid from before the nonce keeps verifying with the old formula, also after it is revised', async () => {
    const db = await getDb()
    const need = await makeNeed()
    // As the old code left it: the bid row only, no bid_revisions row for its current version.
    const [legacy] = await db
      .insert(bids)
      .values({
        needId: need.id,
        agencyOrganisationId: agencies.c.organisationId,
        quoteFen: 555_000,
        committedDays: 18,
        note: '',
        team: '',
        status: 'live',
        revision: 1,
        submittedAt: BASE,
        updatedAt: BASE,
      })
      .returning()
    const oldFormula = createHash('sha256').update(`bid:${legacy.id}:r1:q555000:d18`).digest('hex')
    expect(quoteCommitment(legacy.id, 1, 555_000, 18, null)).toBe(oldFormula)

    await reviseBid(db, agencies.c.user, legacy.id, bid(544_000, 17))
    const versions = await db
      .select()
      .from(bidRevisions)
      .where(eq(bidRevisions.bidId, legacy.id))
      .orderBy(asc(bidRevisions.revision))
    expect(versions.map((v) => [v.revision, v.quoteFen, v.committedDays, v.commitmentNonce === null])).toEqual([
      [1, 555_000, 18, true],
      [2, 544_000, 17, false],
    ])

    await db.update(needs).set({ state: 'evaluating' }).where(eq(needs.id, need.id))
    const [after] = await bidsAfterClose(db, need.id)
    expect(after).toMatchObject({ id: legacy.id, revision: 2, commitmentNonce: versions[1].commitmentNonce })
    expect(after.revisions).toHaveLength(1)
    expect(after.revisions[0]).toMatchObject({ revision: 1, commitmentNonce: null })
    expect(quoteCommitment(legacy.id, 1, after.revisions[0].quoteFen, after.revisions[0].committedDays, null)).toBe(
      oldFormula,
    )
    const [revised] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'bid.revised'), eq(auditEvents.entityId, legacy.id)))
    expect((revised.payload as { quoteCommitment: string }).quoteCommitment).toBe(
      quoteCommitment(legacy.id, 2, 544_000, 17, after.commitmentNonce),
    )
  })
})
