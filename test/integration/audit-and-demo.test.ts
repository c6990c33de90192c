import { asc, count, eq, isNotNull, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDatabase, getDb } from '#db/client.server'
import { approvalItems, auditEvents, needs, objections, organisations, selectionRounds, serviceTypes, users } from '#db/schema'
import { seedDemoData } from '#db/seed/demo'
import { contentHashOf } from '~/domain/transparency/public-form'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { verifyDraw, type DrawTranscript } from '~/domain/selection/draw'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { loadSessionUser } from '~/utils/auth.server'
import { reviewQueue } from '~/domain/agencies/registry.server'
import * as healthz from '~/routes/healthz'
import * as auditVerify from '~/routes/api+/v1.audit.verify'
import * as home from '~/routes/_public+/_index'
import * as catalogueApi from '~/routes/api+/v1.approval-items'
import { callRoute, getRequest } from '#test/support/routes'

beforeAll(async () => {
  // A fixed "today" inside the shipped calendar keeps the demo needs' windows computable
  // whatever the real date is.
  setClock(fixedClock('2026-06-15T02:00:00Z'))
  try {
    await seedDemoData(await getDb())
  } finally {
    resetClock()
  }
})

describe('demo data', () => {
  it('has the catalogue and accounts the README promises', async () => {
    const db = await getDb()
    const [st] = await db.select({ n: count() }).from(serviceTypes)
    const [ai] = await db.select({ n: count() }).from(approvalItems)
    expect(st.n).toBeGreaterThanOrEqual(15)
    expect(ai.n).toBeGreaterThanOrEqual(10)
    const orgs = await db.select({ kind: organisations.kind, n: count() }).from(organisations).groupBy(organisations.kind)
    expect(Object.fromEntries(orgs.map((o) => [o.kind, o.n]))).toEqual({ platform: 1, regulator: 2, owner: 2, agency: 8 })
    const admin = await db.select().from(users).where(eq(users.email, 'admin@demo.example'))
    expect(admin[0]?.role).toBe('admin')
    const limits = await db.select().from(approvalItems)
    for (const a of limits) expect(a.committedDays).toBeLessThanOrEqual(a.statutoryDays)
  })

  it('includes needs in several states and a completed random draw that verifies against the published hash', async () => {
    const db = await getDb()
    const states = (await db.select({ state: needs.state }).from(needs)).map((n) => n.state).sort()
    expect(states).toEqual(['awarded', 'cancelled', 'draft', 'evaluating', 'failed', 'open', 'publicity'])
    const [direct] = await db.select().from(needs).where(eq(needs.state, 'evaluating'))
    expect(direct.method).toBe('direct')
    const [inPublicity] = await db.select().from(needs).where(eq(needs.state, 'publicity'))
    const pending = await db.select().from(objections).where(eq(objections.needId, inPublicity.id))
    expect(pending.map((o) => o.status)).toEqual(['pending'])
    const [cancelled] = await db.select().from(needs).where(eq(needs.state, 'cancelled'))
    expect(cancelled.cancelReason).toMatch(/临时便道/)
    const [awarded] = await db.select().from(needs).where(eq(needs.state, 'awarded'))
    const [awardRound] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, awarded.id))
    expect(awardRound.chosenBidId).not.toBeNull()
    const [failed] = await db.select().from(needs).where(eq(needs.state, 'failed'))
    expect(failed.method).toBe('lowest_price')
    const drawnRounds = await db.select().from(selectionRounds).where(isNotNull(selectionRounds.drawTranscript))
    expect(drawnRounds).toHaveLength(2)
    for (const round of drawnRounds) {
      const [need] = await db.select().from(needs).where(eq(needs.id, round.needId))
      expect(await verifyDraw(round.drawTranscript as unknown as DrawTranscript, need.seedHash!)).toEqual({ ok: true })
    }
  })

  it('the pending demo agency can be reviewed by a demo regulator, not only by the admin (issue 12)', async () => {
    const db = await getDb()
    const queues: Record<string, string[]> = {}
    for (const email of ['ee@demo.example', 'nrp@demo.example']) {
      const [regulator] = await db.select().from(users).where(eq(users.email, email))
      queues[email] = (await reviewQueue(db, await loadSessionUser(db, regulator.id))).map((r) => r.organisation.name)
    }
    const pending = await db.select({ name: organisations.name }).from(organisations).where(eq(organisations.status, 'pending'))
    expect(pending.map((p) => p.name)).toEqual(['盐城新创工程咨询有限公司'])
    expect([...queues['ee@demo.example'], ...queues['nrp@demo.example']]).toContain('盐城新创工程咨询有限公司')
  })

  it("every demo need's service type matches its title (issue 12: a 社会稳定风险评估 draft had the EIA type)", async () => {
    const db = await getDb()
    const rows = await db
      .select({ title: needs.title, type: serviceTypes.nameZh, code: serviceTypes.code })
      .from(needs)
      .innerJoin(serviceTypes, eq(serviceTypes.id, needs.serviceTypeId))
    const draft = rows.find((r) => r.title.includes('社会稳定风险评估'))
    expect(draft?.code).toBe('ST-SOCIAL-RISK')
    for (const r of rows) {
      if (r.title.includes('社会稳定风险')) expect(r.code).toBe('ST-SOCIAL-RISK')
      if (r.title.includes('环境影响')) expect(r.code).toMatch(/^ST-EIA-/)
    }
  })

  it('every demo event is a leaf of the transparency log, and the whole log verifies from the rows', async () => {
    const db = await getDb()
    const verdict = await verifyAuditLog(db)
    const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.leafIndex))
    expect(verdict).toMatchObject({ ok: true, count: rows.length, treeSize: rows.length })
    expect(rows.length).toBeGreaterThan(40)
    expect(rows.map((r) => r.leafIndex)).toEqual(rows.map((_, i) => i))
    // The old URL now points at the proofs instead of recomputing anything.
    const api = await callRoute(auditVerify.loader, getRequest('/api/v1/audit/verify'))
    expect(api.status).toBe(200)
    expect(api.data).toMatchObject({ replacedBy: { latestHead: '/api/v1/log/head' }, treeSize: rows.length })
  })

  it('the audit log refuses UPDATE and DELETE, and a sequenced leaf cannot be changed or moved', async () => {
    const db = await getDb()
    await verifyAuditLog(db)
    const [first] = await db.select().from(auditEvents).orderBy(asc(auditEvents.id)).limit(1)
    expect(first.leafIndex).toBe(0)
    await expect(db.update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.id, first.id))).rejects.toThrow()
    await expect(db.update(auditEvents).set({ leaf: '{"forged":true}' }).where(eq(auditEvents.id, first.id))).rejects.toThrow()
    await expect(db.update(auditEvents).set({ leafIndex: 999_999 }).where(eq(auditEvents.id, first.id))).rejects.toThrow()
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, first.id))).rejects.toThrow()
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow()
    await expect(db.execute(sql`update log_nodes set hash = 'ff' where level = 0 and idx = 0`)).rejects.toThrow()
    await expect(db.execute(sql`delete from log_nodes`)).rejects.toThrow()
    await expect(db.execute(sql`update log_heads set root_hash = 'ff'`)).rejects.toThrow()
    await expect(db.execute(sql`delete from log_heads`)).rejects.toThrow()
  })

  it('the content hash catches a tampered payload', async () => {
    const db = await getDb()
    const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.id))
    for (const r of rows.slice(0, 10)) expect(contentHashOf(r)).toBe(r.contentHash)
    expect(contentHashOf({ ...rows[3], payload: { forged: true } })).not.toBe(rows[3].contentHash)
  })
})

describe('public endpoints', () => {
  it('healthz names the database in use', async () => {
    const r = await callRoute(healthz.loader, getRequest('/healthz'))
    expect(r.status).toBe(200)
    const kind = (await getDatabase()).kind
    expect(r.data).toMatchObject({ status: 'ok', database: kind, log: { lagMs: expect.any(Number), pending: expect.any(Number) } })
    expect(kind).toBe(process.env.TEST_DB === 'postgres' ? 'postgresql' : 'pglite')
  })

  it('home shows figures from the database', async () => {
    const r = await callRoute(home.loader, getRequest('/'))
    expect(r.data.stats.serviceTypes).toBeGreaterThanOrEqual(15)
    expect(r.data.stats.agencies).toBe(7)
  })

  it('the approval-item API lists L and P in working days', async () => {
    const r = await callRoute(catalogueApi.loader, getRequest('/api/v1/approval-items'))
    expect(r.data.data.length).toBeGreaterThanOrEqual(10)
    expect(r.data.data[0]).toHaveProperty('statutoryWorkingDays')
    expect(r.data.data[0]).toHaveProperty('committedWorkingDays')
  })
})
