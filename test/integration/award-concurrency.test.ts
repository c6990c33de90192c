/**
 * Exactly-once award under concurrency (SPEC §5). Twenty simultaneous `awardNeed` calls for one
 * need: on PostgreSQL they run on different pooled connections and really race (the advisory
 * lock and the awards primary key decide); on PGlite they serialise. Either way exactly one call
 * reports the award, and there is one awards row, one state change and one audit event.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { approvalItems, auditEvents, awards, bids, needs, projects } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { saveDepartment, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { Conflict, DomainError } from '~/domain/errors'
import { awardNeed, type AwardResult } from '~/domain/selection/award.server'
import { systemActor, verifyAuditChain } from '~/utils/audit.server'

const BASE = new Date('2030-03-01T02:00:00Z')
const CALLS = 20

let ownerOrgId: string
let ownerUserId: string
let projectId: string
let serviceTypeId: string
let approvalItemId: string
const agencyOrgIds: string[] = []

async function makeNeedWithBids(state: (typeof needs.$inferInsert)['state'] = 'publicity') {
  const db = await getDb()
  const [need] = await db
    .insert(needs)
    .values({
      projectId,
      ownerOrganisationId: ownerOrgId,
      serviceTypeId,
      approvalItemId,
      title: '土地勘测定界',
      scope: '勘测定界报告',
      priceCeilingFen: 2_000_000,
      serviceDays: 15,
      method: 'lowest_price',
      registrationClosesOn: '2030-02-20',
      state,
      createdAt: BASE,
      updatedAt: BASE,
    })
    .returning()
  const bidRows = await db
    .insert(bids)
    .values(
      agencyOrgIds.map((agencyOrganisationId, i) => ({
        needId: need.id,
        agencyOrganisationId,
        quoteFen: 1_500_000 + i * 10_000,
        committedDays: 10,
        submittedAt: BASE,
        updatedAt: BASE,
      })),
    )
    .returning()
  return { need, bidIds: bidRows.map((b) => b.id) }
}

async function outcome(needId: string) {
  const db = await getDb()
  const awardRows = await db.select().from(awards).where(eq(awards.needId, needId))
  const [need] = await db.select({ state: needs.state }).from(needs).where(eq(needs.id, needId))
  const [events] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'need.awarded'), eq(auditEvents.entityId, needId)))
  return { awardRows, state: need.state, auditEvents: events.n }
}

const winners = (results: AwardResult[]) => results.filter((r) => r.awarded).length

beforeAll(async () => {
  setClock(fixedClock(BASE))
  const db = await getDb()
  const dept = await saveDepartment(db, systemActor, {
    code: 'DEP-NR',
    nameZh: '自然资源局',
    nameEn: 'Natural Resources Bureau',
  })
  serviceTypeId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-SURVEY',
      nameZh: '土地勘测定界',
      nameEn: 'Land boundary survey',
      departmentId: dept.id,
      qualificationTypeIds: [],
      descriptionZh: '',
      descriptionEn: '',
      active: true,
    })
  ).id
  const [item] = await db
    .insert(approvalItems)
    .values({
      code: 'AI-LAND',
      nameZh: '用地预审',
      nameEn: 'Land pre-review',
      departmentId: dept.id,
      statutoryDays: 20,
      committedDays: 5,
    })
    .returning()
  approvalItemId = item.id
  const owner = await createAccount(db, 'owner')
  ownerOrgId = owner.organisation.id
  ownerUserId = owner.user.id
  const [project] = await db
    .insert(projects)
    .values({
      ownerOrganisationId: ownerOrgId,
      name: '物流园项目',
      projectCode: '2030-320000-00-00-000002',
      location: '江苏省苏州市',
      industry: '物流',
      totalInvestmentFen: 900_000_000,
      createdAt: BASE,
    })
    .returning()
  projectId = project.id
  for (let i = 0; i < 2; i += 1) agencyOrgIds.push((await createAccount(db, 'agency')).organisation.id)
})

afterAll(() => {
  resetClock()
})

describe('awardNeed is exactly once', () => {
  it(`${CALLS} concurrent calls for the same bid: one award, one row, state awarded, one audit event`, async () => {
    const db = await getDb()
    const { need, bidIds } = await makeNeedWithBids()
    const results = await Promise.all(
      Array.from({ length: CALLS }, () =>
        awardNeed(db, { needId: need.id, bidId: bidIds[0], round: 1, actorUserId: ownerUserId }),
      ),
    )
    expect(winners(results)).toBe(1)
    expect(results.filter((r) => !r.awarded)).toEqual(
      Array.from({ length: CALLS - 1 }, () => ({ awarded: false, reason: 'alreadyAwarded' })),
    )
    const after = await outcome(need.id)
    expect(after.awardRows).toHaveLength(1)
    expect(after.awardRows[0]).toMatchObject({
      bidId: bidIds[0],
      agencyOrganisationId: agencyOrgIds[0],
      round: 1,
      awardedBy: ownerUserId,
    })
    expect(after.state).toBe('awarded')
    expect(after.auditEvents).toBe(1)

    // A later retry changes nothing either.
    expect(await awardNeed(db, { needId: need.id, bidId: bidIds[0], round: 1, actorUserId: ownerUserId })).toEqual({
      awarded: false,
      reason: 'alreadyAwarded',
    })
    expect(await outcome(need.id)).toEqual(after)
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it(`${CALLS} concurrent calls split between two bids: still exactly one award`, async () => {
    const db = await getDb()
    const { need, bidIds } = await makeNeedWithBids()
    const results = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        awardNeed(db, { needId: need.id, bidId: bidIds[i % 2], round: 1, actorUserId: null }),
      ),
    )
    expect(winners(results)).toBe(1)
    const after = await outcome(need.id)
    expect(after.awardRows).toHaveLength(1)
    expect(bidIds).toContain(after.awardRows[0].bidId)
    const winningBid = after.awardRows[0].bidId
    expect(after.awardRows[0].agencyOrganisationId).toBe(agencyOrgIds[bidIds.indexOf(winningBid)])
    expect(after.state).toBe('awarded')
    expect(after.auditEvents).toBe(1)
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it('a need not in publicity is not awarded, and nothing is written', async () => {
    const db = await getDb()
    const { need, bidIds } = await makeNeedWithBids('evaluating')
    const error = await awardNeed(db, { needId: need.id, bidId: bidIds[0], round: 1, actorUserId: null }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Conflict)
    expect((error as DomainError).messageKey).toBe('needs.errors.wrongState')
    expect(await outcome(need.id)).toEqual({ awardRows: [], state: 'evaluating', auditEvents: 0 })
  })
})
