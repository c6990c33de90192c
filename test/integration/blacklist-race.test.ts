/**
 * The bid-versus-listing race (issue 14 §3): a bid submitted or revised at the same instant its
 * agency is blacklisted must not slip in. `listAgency` locks the agency's row FOR UPDATE before it
 * disqualifies live bids in scope; `submitBid` / `reviseBid` hold the same row FOR SHARE from
 * before their eligibility check to their commit. So after both have committed every bid of the
 * agency in scope is disqualified (with its notice) or the call was refused — none is live.
 *
 * On PostgreSQL the calls run on different pooled connections and really race (several rounds, a
 * fresh agency each round). On PGlite (one connection) the same calls serialise, so the test there
 * checks the outcome of every interleaving order the single connection happens to produce, not the
 * race itself.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { bids, notifications } from '#db/schema'
import { reviseBid, submitBid } from '~/domain/bidding/bids.server'
import { listAgency } from '~/domain/blacklist/blacklist.server'
import { at, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'

// Checked once by taking the FOR SHARE out of submitBid/reviseBid: on PostgreSQL the first round
// then ends with live bids of the listed agency (the bids' eligibility reads ran under the
// listing's lock, their inserts waited for its commit and went in unchecked).
const ROUNDS = ['r1', 'r2', 'r3', 'r4', 'r5'] as const
type K = (typeof ROUNDS)[number]
/** Per round: needs the agency bids on for the first time, and needs where it revises a live bid. */
const SUBMITS = 8
const REVISIONS = 6

let m: Marketplace<K>

beforeAll(async () => {
  const db = await getDb()
  at(shanghaiNoon('2026-03-02'))
  m = await setupMarketplace(db, { agencies: ROUNDS })
})

function messageKeyOf(reason: unknown): string | undefined {
  return typeof reason === 'object' && reason !== null ? (reason as { messageKey?: string }).messageKey : undefined
}

describe('a bid and a blacklisting at the same instant', () => {
  it('every bid in scope after both committed is disqualified with a notice or was refused; none is live; no deadlock', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-05'))
    for (const key of ROUNDS) {
      const agency = m.agencies[key]
      const fresh = await Promise.all(
        Array.from({ length: SUBMITS }, () => insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20' })),
      )
      const revised = await Promise.all(
        Array.from({ length: REVISIONS }, () => insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20' })),
      )
      const existing: string[] = []
      for (const need of revised) {
        existing.push(
          (await submitBid(db, agency.user, need.id, { quoteFen: 500_000, committedDays: 15, note: '', team: '' }))
            .bidId,
        )
      }

      // Every pooled connection opened beforehand, so the calls below start together.
      await Promise.all(Array.from({ length: 10 }, () => db.execute(sql`select pg_sleep(0.01)`)))
      const input = { quoteFen: 450_000, committedDays: 12, note: '修订', team: '' }
      const calls: (() => Promise<unknown>)[] = [
        ...fresh.map((need) => () => submitBid(db, agency.user, need.id, input)),
        ...existing.map((bidId) => () => reviseBid(db, agency.user, bidId, input)),
      ]
      // The listing started at a different point among the bids each round (first, early, middle…).
      const listingAt = Math.min(ROUNDS.indexOf(key) * 2, calls.length)
      calls.splice(listingAt, 0, () =>
        listAgency(db, m.regulator.user, {
          agencyId: agency.organisationId,
          reason: '提交虚假材料，情节严重',
          legalBasis: '《中介服务管理办法》第二十条',
          scope: 'service_types',
          serviceTypeIds: [m.serviceTypeId],
          endsOn: undefined,
          permanent: false,
          confirm: 'yes',
        }),
      )
      const settled = await Promise.allSettled(calls.map((call) => call()))
      expect(settled[listingAt].status, `round ${key}: the listing`).toBe('fulfilled')
      const bidResults = settled.filter((_, i) => i !== listingAt)
      // No call failed for any other reason (a deadlock would show here as a 40P01 error).
      for (const result of bidResults) {
        if (result.status === 'rejected') {
          expect(
            ['terms.ineligible.blacklisted', 'needs.bids.errors.notLive'],
            `round ${key}: ${String(result.reason)}`,
          ).toContain(messageKeyOf(result.reason))
        }
      }

      const needIds = [...fresh, ...revised].map((n) => n.id)
      const rows = await db
        .select({ id: bids.id, needId: bids.needId, status: bids.status, reason: bids.statusReason })
        .from(bids)
        .where(and(eq(bids.agencyOrganisationId, agency.organisationId), inArray(bids.needId, needIds)))
      // None valid: every bid of the agency in scope is disqualified as blacklisted.
      expect(
        rows.filter((r) => r.status !== 'disqualified' || r.reason !== 'blacklisted'),
        `round ${key}`,
      ).toEqual([])
      // …each with its notice to the agency.
      const notes = await db
        .select({ link: notifications.link })
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, agency.user.id),
            eq(notifications.messageKey, 'blacklist.notify.bidDisqualified'),
          ),
        )
      const noticed = new Set(notes.map((n) => n.link))
      for (const row of rows)
        expect(noticed, `round ${key}: notice for ${row.needId}`).toContain(`/agency/needs/${row.needId}`)
      // A submission that was refused left no bid; one that succeeded left exactly its bid, disqualified.
      fresh.forEach((need, i) => {
        const result = bidResults[i]
        const own = rows.filter((r) => r.needId === need.id)
        if (result.status === 'fulfilled')
          expect(own.map((r) => r.id)).toEqual([(result.value as { bidId: string }).bidId])
        else {
          expect(messageKeyOf(result.reason)).toBe('terms.ineligible.blacklisted')
          expect(own).toEqual([])
        }
      })
    }
  }, 60_000)
})
