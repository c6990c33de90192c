/**
 * The timed work on needs (`tick`) on the real database (PGlite and PostgreSQL): the window
 * closes on the server clock, a random need is decided by a verifiable draw with the committed
 * seed, publicity ends in an award exactly once, too few valid bids (an agency whose
 * qualification lapsed before the close does not count) fail the need, lowest price picks the
 * lowest quote, and concurrent ticks do each need's work exactly once. Needs are inserted
 * directly as published (with a seed commitment); bids go through `submitBid`.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyQualifications,
  agencyServiceTypes,
  approvalItems,
  auditEvents,
  awards,
  needs,
  projects,
  selectionRounds,
} from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { saveDepartment, saveQualificationType, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { marketplaceConfig } from '~/domain/config'
import { addCalendarDays } from '~/domain/dates'
import { submitBid } from '~/domain/bidding/bids.server'
import { newCommitment, verifyDraw, type DrawTranscript } from '~/domain/selection/draw'
import { publicityEnds } from '~/domain/needs/publish-rules'
import { tick, type TickSummary } from '~/domain/timed-work/tick.server'
import { systemActor } from '~/utils/audit.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'

// Monday 2026-03-02 10:00 in Shanghai; the window's last day is Friday 2026-03-06.
const BASE = new Date('2026-03-02T02:00:00Z')
const CLOSES_ON = '2026-03-06'
// Monday 2026-03-09 10:00 in Shanghai: the window has closed.
const AFTER_CLOSE = new Date('2026-03-09T02:00:00Z')
const SELECTION_DAY = '2026-03-09'
const CEILING = 1_000_000
const S = 20
const ZERO: TickSummary = { closed: 0, selected: 0, failed: 0, awarded: 0, lapsed: 0, needsClosed: 0 }

type Agency = 'a' | 'b' | 'c' | 'lapsing'
const agencies = {} as Record<Agency, { user: SessionUser; organisationId: string }>
let ownerOrgId: string
let projectId: string
let serviceTypeId: string
let approvalItemId: string
let minLevelId: string

const at = (instant: Date) => setClock(fixedClock(instant))
const noonOf = (date: string) => new Date(`${date}T10:00:00+08:00`)

async function makeNeed(method: 'random' | 'lowest_price') {
  const db = await getDb()
  const commitment = await newCommitment()
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
      method,
      registrationClosesOn: CLOSES_ON,
      state: 'open',
      publishedAt: BASE,
      seedHash: commitment.seedHash,
      seedSecret: commitment.seed,
      createdAt: BASE,
      updatedAt: BASE,
    })
    .returning()
  return row
}

async function bidOn(needId: string, quotes: Partial<Record<Agency, number>>) {
  const db = await getDb()
  at(BASE)
  const ids = {} as Record<Agency, string>
  for (const [key, quoteFen] of Object.entries(quotes) as [Agency, number][]) {
    ids[key] = (
      await submitBid(db, agencies[key].user, needId, { quoteFen, committedDays: 15, note: '按期完成', team: '张伟' })
    ).bidId
  }
  return ids
}

async function roundsOf(needId: string) {
  const db = await getDb()
  return db.select().from(selectionRounds).where(eq(selectionRounds.needId, needId))
}

async function needRow(needId: string) {
  const db = await getDb()
  const [row] = await db.select().from(needs).where(eq(needs.id, needId))
  return row
}

async function auditCount(needId: string, action: string) {
  const db = await getDb()
  const [row] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, needId), eq(auditEvents.action, action)))
  return row.n
}

beforeAll(async () => {
  at(BASE)
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
    ],
  })
  const levels = await db.query.qualificationLevels.findMany({
    where: (l, { eq: is }) => is(l.qualificationTypeId, qt.id),
  })
  const level = (code: string) => levels.find((l) => l.code === code)!
  minLevelId = level('B').id
  serviceTypeId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-EIA',
      nameZh: '环境影响评价',
      nameEn: 'Environmental impact assessment',
      departmentId: dept.id,
      qualificationTypeIds: [qt.id],
      descriptionZh: '',
      descriptionEn: '',
      active: true,
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
  const [project] = await db
    .insert(projects)
    .values({
      ownerOrganisationId: ownerOrgId,
      name: '新建厂房项目',
      projectCode: '2026-320000-00-00-000001',
      location: '江苏省南京市',
      industry: '制造业',
      totalInvestmentFen: 500_000_000,
      createdAt: BASE,
    })
    .returning()
  projectId = project.id

  // `lapsing` may bid on 2026-03-02, but its qualification has expired by the close.
  const validUntil: Record<Agency, string> = { a: '2033-12-31', b: '2033-12-31', c: '2033-12-31', lapsing: '2026-03-06' }
  for (const key of Object.keys(validUntil) as Agency[]) {
    const account = await createAccount(db, 'agency')
    const organisationId = account.organisation.id
    await db.insert(agencyServiceTypes).values({ organisationId, serviceTypeId })
    await db.insert(agencyQualifications).values({
      organisationId,
      qualificationTypeId: qt.id,
      levelId: level('A').id,
      certificateNo: `HP-${key}`,
      issuer: '江苏省生态环境厅',
      validFrom: '2025-01-01',
      validUntil: validUntil[key],
    })
    agencies[key] = { user: await loadSessionUser(db, account.user.id), organisationId }
  }
})

afterEach(() => {
  resetClock()
})

describe('tick', () => {
  it('closes a random need, draws verifiably, is idempotent, and awards once after publicity', async () => {
    const db = await getDb()
    const need = await makeNeed('random')
    const bidIds = await bidOn(need.id, { a: 800_000, b: 820_000, c: 840_000 })

    // Still inside the window on its last day: nothing to do.
    at(noonOf(CLOSES_ON))
    expect(await tick(db)).toEqual(ZERO)

    at(AFTER_CLOSE)
    expect(await tick(db)).toEqual({ closed: 1, selected: 1, failed: 0, awarded: 0, lapsed: 0, needsClosed: 0 })
    const selected = await needRow(need.id)
    expect(selected.state).toBe('publicity')

    const rounds = await roundsOf(need.id)
    expect(rounds).toHaveLength(1)
    const round = rounds[0]
    expect(round).toMatchObject({ round: 1, method: 'random', outcome: 'draw' })
    const transcript = round.drawTranscript as unknown as DrawTranscript
    expect(await verifyDraw(transcript, need.seedHash!)).toEqual({ ok: true })
    expect(transcript.seed).toBe(need.seedSecret)
    expect(Object.values(bidIds)).toContain(transcript.winner.bidId)
    expect(round.chosenBidId).toBe(transcript.winner.bidId)
    expect(transcript.candidates.map((c) => c.bidId).sort()).toEqual(Object.values(bidIds).sort())
    const endsOn = publicityEnds(SELECTION_DAY, marketplaceConfig, await getCalendar(db))
    expect(round.publicityEndsOn).toBe(endsOn)

    const [closedEvent] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, need.id), eq(auditEvents.action, 'need.window_closed')))
    expect(closedEvent.payload).toMatchObject({ bids: 3 })
    const [selectedEvent] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, need.id), eq(auditEvents.action, 'need.selected')))
    expect(selectedEvent.payload).toMatchObject({
      bidId: transcript.winner.bidId,
      outcome: 'draw',
      seed: need.seedSecret,
      seedHash: need.seedHash,
      drawWinner: transcript.winner,
      publicityEndsOn: endsOn,
    })

    // Idempotent: nothing left to do.
    expect(await tick(db)).toEqual(ZERO)

    // Publicity runs through its last day.
    at(noonOf(endsOn))
    expect(await tick(db)).toEqual(ZERO)
    expect((await needRow(need.id)).state).toBe('publicity')

    at(noonOf(addCalendarDays(endsOn, 1)))
    expect(await tick(db)).toEqual({ closed: 0, selected: 0, failed: 0, awarded: 1, lapsed: 0, needsClosed: 0 })
    expect(await tick(db)).toEqual(ZERO)
    expect((await needRow(need.id)).state).toBe('awarded')
    const awardRows = await db.select().from(awards).where(eq(awards.needId, need.id))
    expect(awardRows).toHaveLength(1)
    expect(awardRows[0]).toMatchObject({ bidId: transcript.winner.bidId, round: 1, awardedBy: null })
    expect(await auditCount(need.id, 'need.awarded')).toBe(1)
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true })
  })

  it('fails a need with only two valid bids (a lapsed qualification does not count at the close)', async () => {
    const db = await getDb()
    const need = await makeNeed('random')
    const bidIds = await bidOn(need.id, { a: 800_000, b: 820_000, lapsing: 810_000 })

    at(AFTER_CLOSE)
    expect(await tick(db)).toEqual({ closed: 1, selected: 0, failed: 1, awarded: 0, lapsed: 0, needsClosed: 0 })
    expect((await needRow(need.id)).state).toBe('failed')
    const rounds = await roundsOf(need.id)
    expect(rounds).toHaveLength(1)
    expect(rounds[0]).toMatchObject({ outcome: 'failed', chosenBidId: null, drawTranscript: null })
    expect(rounds[0].result).toMatchObject({
      validBidCount: 2,
      minValidBids: 3,
      ineligibleBids: [{ bidId: bidIds.lapsing, reason: 'qualificationExpired' }],
    })
    expect(await auditCount(need.id, 'need.failed')).toBe(1)
    expect(await tick(db)).toEqual(ZERO)
  })

  it('lowest price picks the lowest quote without a draw', async () => {
    const db = await getDb()
    const need = await makeNeed('lowest_price')
    const bidIds = await bidOn(need.id, { a: 900_000, b: 850_000, c: 880_000 })

    at(AFTER_CLOSE)
    expect(await tick(db)).toEqual({ closed: 1, selected: 1, failed: 0, awarded: 0, lapsed: 0, needsClosed: 0 })
    const rounds = await roundsOf(need.id)
    expect(rounds).toHaveLength(1)
    expect(rounds[0]).toMatchObject({ outcome: 'winner', chosenBidId: bidIds.b, drawTranscript: null })
    expect((await needRow(need.id)).state).toBe('publicity')
  })

  it('concurrent ticks close and select a need exactly once', async () => {
    const db = await getDb()
    const need = await makeNeed('random')
    await bidOn(need.id, { a: 800_000, b: 820_000, c: 840_000 })

    at(AFTER_CLOSE)
    const results = await Promise.all(Array.from({ length: 5 }, () => tick(db)))
    const total = results.reduce(
      (sum, r) => ({
        closed: sum.closed + r.closed,
        selected: sum.selected + r.selected,
        failed: sum.failed + r.failed,
        awarded: sum.awarded + r.awarded,
        lapsed: sum.lapsed + r.lapsed,
        needsClosed: sum.needsClosed + r.needsClosed,
      }),
      ZERO,
    )
    expect(total).toEqual({ closed: 1, selected: 1, failed: 0, awarded: 0, lapsed: 0, needsClosed: 0 })
    expect(await roundsOf(need.id)).toHaveLength(1)
    expect(await auditCount(need.id, 'need.window_closed')).toBe(1)
    expect(await auditCount(need.id, 'need.selected')).toBe(1)
    expect((await needRow(need.id)).state).toBe('publicity')
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true })
  })
})
