/**
 * The lapse of unsigned contracts by the timed work (issue 13 §1), on both databases: a contract
 * not signed by both by its deadline lapses on the next tick — the need terminated, the party at
 * fault on the contract (both / owner / agency), a `contract_lapsed` conduct event for the agency
 * unless only the owner was at fault — exactly once (a second tick does nothing); a contract
 * signed by both, or still within its deadline, is left alone. The owner may then re-post the
 * need once. Its own file: a tick acts on every contract of the database.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, conductEvents, contracts, needs } from '#db/schema'
import { actOnContract } from '~/domain/contracts/contract-actions.server'
import { addCalendarDays } from '~/domain/dates'
import { Conflict } from '~/domain/errors'
import { resetClock } from '~/domain/now'
import { bidsForOwner, repostFailed } from '~/domain/selection/owner-selection.server'
import { tick } from '~/domain/timed-work/tick.server'
import { awardedContract, givePayoutAccount, type AwardedContract, type ContractAgency } from '../support/contract-fixtures'
import { at, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'

let m: Marketplace<ContractAgency>
afterEach(() => resetClock())

beforeAll(async () => {
  m = (await awardedContract(await getDb())).m
})

const state = async (c: AwardedContract) => {
  const db = await getDb()
  const [need] = await db.select({ state: needs.state }).from(needs).where(eq(needs.id, c.needId))
  const [row] = await db.select().from(contracts).where(eq(contracts.id, c.contractId))
  const conduct = await db.select().from(conductEvents).where(eq(conductEvents.contractId, c.contractId))
  const lapsed = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, c.needId), eq(auditEvents.action, 'need.contract_lapsed')))
  return { need: need.state, kind: row.terminationKind, atFault: row.partyAtFault, conduct, lapsed }
}

describe('lapse by tick', () => {
  it('lapses each unsigned contract once after its deadline, with the party at fault', async () => {
    const db = await getDb()
    const first = await awardedContract(db, { m }) // the fixture's first contract is also unsigned
    const none = first
    const ownerOnly = await awardedContract(db, { m })
    await actOnContract(db, ownerOnly.ownerUser, ownerOnly.contractId, 'sign_contract')
    await givePayoutAccount(db, m.agencies.a.organisationId)
    const agencyOnly = await awardedContract(db, { m })
    await actOnContract(db, agencyOnly.agencyUser, agencyOnly.contractId, 'sign_contract')
    const both = await awardedContract(db, { m, signed: true })
    const due = none.contract.signDueOn
    for (const c of [ownerOnly, agencyOnly, both]) expect(c.contract.signDueOn).toBe(due)

    // On the deadline itself: nothing lapses.
    at(shanghaiNoon(due))
    expect((await tick(db)).lapsed).toBe(0)
    expect((await state(none)).need).toBe('awarded')

    // The day after: the three unsigned ones, plus the beforeAll contract (same dates).
    at(shanghaiNoon(addCalendarDays(due, 1)))
    expect((await tick(db)).lapsed).toBe(4)
    const s = {
      none: await state(none),
      ownerOnly: await state(ownerOnly),
      agencyOnly: await state(agencyOnly),
      both: await state(both),
    }
    expect(s.none).toMatchObject({ need: 'terminated', kind: 'lapsed', atFault: 'both' })
    expect(s.ownerOnly).toMatchObject({ need: 'terminated', kind: 'lapsed', atFault: 'agency' })
    expect(s.agencyOnly).toMatchObject({ need: 'terminated', kind: 'lapsed', atFault: 'owner' })
    expect(s.both).toMatchObject({ need: 'awarded', kind: null, atFault: null, conduct: [], lapsed: [] })
    // The agency's conduct: recorded when it was (also) at fault, not when only the owner was.
    for (const c of [s.none, s.ownerOnly]) {
      expect(c.conduct).toHaveLength(1)
      expect(c.conduct[0]).toMatchObject({
        kind: 'contract_lapsed',
        agencyOrganisationId: m.agencies.a.organisationId,
        onDate: addCalendarDays(due, 1),
      })
    }
    expect(s.agencyOnly.conduct).toEqual([])
    for (const c of [s.none, s.ownerOnly, s.agencyOnly]) {
      expect(c.lapsed).toHaveLength(1)
      expect(c.lapsed[0].actorUserId).toBeNull()
    }
    expect(s.ownerOnly.lapsed[0].payload).toMatchObject({ partyAtFault: 'agency', dueOn: due, ownerSigned: true })

    // A second tick (and a later one) does nothing more.
    expect((await tick(db)).lapsed).toBe(0)
    at(shanghaiNoon(addCalendarDays(due, 5)))
    expect((await tick(db)).lapsed).toBe(0)
    expect(await state(none)).toEqual(s.none)
    expect(await state(ownerOnly)).toEqual(s.ownerOnly)

    // Concurrent ticks lapse a contract exactly once.
    const late = await awardedContract(db, { m, start: '2026-05-04' })
    at(shanghaiNoon(addCalendarDays(late.contract.signDueOn, 1)))
    const summaries = await Promise.all([tick(db), tick(db), tick(db)])
    expect(summaries.reduce((n, x) => n + x.lapsed, 0)).toBe(1)
    expect((await state(late)).lapsed).toHaveLength(1)
    expect((await state(late)).conduct).toHaveLength(1)
  })

  it('the owner may re-post a lapsed need once; others may not', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m, start: '2026-06-01' })
    // Before the lapse: no re-post.
    await expect(repostFailed(db, c.ownerUser, c.needId)).rejects.toBeInstanceOf(Conflict)
    at(shanghaiNoon(addCalendarDays(c.contract.signDueOn, 1)))
    await tick(db)
    expect((await state(c)).need).toBe('terminated')

    const view = await bidsForOwner(db, c.ownerUser, c.needId)
    expect(!view.sealed && view.repost).toEqual({ allowed: true, refusal: null, repostedAs: null, after: 'terminated' })
    await expect(repostFailed(db, c.otherOwnerUser, c.needId)).rejects.toMatchObject({ status: 404 })

    const draftId = await repostFailed(db, c.ownerUser, c.needId)
    const [draft] = await db.select().from(needs).where(eq(needs.id, draftId))
    expect(draft).toMatchObject({ state: 'draft', repostedFromId: c.needId, title: '环评报告编制' })
    expect((await state(c)).need).toBe('terminated')
    const again = await repostFailed(db, c.ownerUser, c.needId).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(Conflict)
    expect(again).toMatchObject({ messageKey: 'ownerSelection.refusals.alreadyReposted', params: { needId: draftId } })
    const after = await bidsForOwner(db, c.ownerUser, c.needId)
    expect(!after.sealed && after.repost).toMatchObject({ allowed: false, repostedAs: draftId, after: 'terminated' })
    expect(await db.select().from(needs).where(eq(needs.repostedFromId, c.needId))).toHaveLength(1)
  })
})
