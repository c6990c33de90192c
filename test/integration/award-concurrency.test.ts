/**
 * Exactly-once award under concurrency (SPEC §5), on the real award path: the timed work's
 * `end_publicity` (`endPublicity`, as `tick` runs it), whose `contract.prepare` follow-up claims
 * the award row and drafts the contract in the transaction that moves the need. Twenty
 * simultaneous ticks / timed-work awards of one need: on PostgreSQL they run on different pooled
 * connections and really race (the need's lock and the awards primary key decide); on PGlite they
 * serialise. Either way exactly one reports the award, and there is one awards row, one contract,
 * one state change and one `need.awarded` audit event.
 */
import { and, count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, awards, contracts, needs } from '#db/schema'
import { endPublicity } from '~/domain/timed-work/end-publicity.server'
import { tick } from '~/domain/timed-work/tick.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { needAwaitingAward } from '#test/support/contract-fixtures'

const CALLS = 20

async function outcome(needId: string) {
  const db = await getDb()
  const awardRows = await db.select().from(awards).where(eq(awards.needId, needId))
  const contractRows = await db.select().from(contracts).where(eq(contracts.needId, needId))
  const [need] = await db.select({ state: needs.state }).from(needs).where(eq(needs.id, needId))
  const [events] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'need.awarded'), eq(auditEvents.entityId, needId)))
  return { awardRows, contractRows, state: need.state, auditEvents: events.n }
}

describe('the award is exactly once on the real path (end of publicity)', () => {
  it(`${CALLS} concurrent timed-work awards and ticks of one need: one award, one contract, one audit event`, async () => {
    const db = await getDb()
    const { m, needId } = await needAwaitingAward(db)
    const results = await Promise.all(
      Array.from({ length: CALLS }, (_, i) =>
        i % 2 === 0 ? endPublicity(db, needId) : tick(db).then((summary) => summary.awarded > 0),
      ),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    const after = await outcome(needId)
    expect(after.state).toBe('awarded')
    expect(after.awardRows).toHaveLength(1)
    expect(after.awardRows[0]).toMatchObject({ agencyOrganisationId: m.agencies.a.organisationId, round: 1 })
    expect(after.contractRows).toHaveLength(1)
    expect(after.contractRows[0]).toMatchObject({
      bidId: after.awardRows[0].bidId,
      agencyOrganisationId: m.agencies.a.organisationId,
      ownerOrganisationId: m.owner.organisationId,
    })
    expect(after.auditEvents).toBe(1)

    // A later tick or retry changes nothing either.
    expect(await endPublicity(db, needId)).toBe(false)
    expect((await tick(db)).awarded).toBe(0)
    expect(await outcome(needId)).toEqual(after)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })
})
