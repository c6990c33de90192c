/**
 * The contract lists (`/contracts`, issue 13 item 9), scoped by the caller:
 * - owner: its organisation's contracts, those with something due from it first (sign, pay,
 *   confirm a pause, review a delivery, record the approval …);
 * - agency: its contracts with the clock's agency due date and the lights;
 * - regulator: the contracts of the service types its department supervises whose agency or total
 *   light is yellow or red, the oldest due date first; `all` lists every contract in its remit.
 *
 * The lights come from the pure clock (computeClock) run for each listed contract over its events
 * (one query for all events, the calendar read once). Fine at today's sizes; issue 16 does the
 * read path at scale (a stored summary per contract instead of recomputing on every list).
 */
import { asc, desc, eq, inArray, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '#db/client.server'
import { contractClockEvents, contracts, needs, organisations } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { clockReadingDay, computeClock, type ClockEvent, type ClockState, type Light } from '~/domain/clock/bundled-clock'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import { Forbidden } from '~/domain/errors'
import { supervisedServiceTypeIds } from '~/domain/needs/need-access.server'
import { now } from '~/domain/now'
import type { SessionUser } from '~/utils/auth.server'
import {
  duesOf,
  flaggedForRegulator,
  partyOrder,
  regulatorOrder,
  type ContractDue,
  type ContractSnapshot,
} from './contract-lists'
import { contractNumber } from './contracts.server'
import { creditBase, type CreditTier } from '~/domain/credit/credit'
import { creditStandings } from '~/domain/credit/standings.server'

export interface ContractListRow {
  id: string
  number: string
  needId: string
  needTitle: string
  state: ContractSnapshot['state']
  owner: { name: string; nameEn: string | null }
  agency: { name: string; nameEn: string | null }
  /** The agency's current credit tier and score (one batched read for the list). */
  agencyCredit: { tier: CreditTier; score: number }
  /** What the caller's side has to do now (empty for a regulator). */
  dues: ContractDue[]
  /** The clock's agency due date (C + extensions reached), null before the service started. */
  dueOn: CalendarDate | null
  /** Each segment's light, days used of its budget, and its limit date (null before the clock sets one). */
  agencySegment: { light: Light; used: number; budget: number; dueOn: CalendarDate | null } | null
  totalSegment: { light: Light; used: number; budget: number; dueOn: CalendarDate | null } | null
  flagged: boolean
}

export interface ContractList {
  role: 'owner' | 'agency' | 'regulator'
  /** Regulator: showing every contract in its remit, not only yellow and red ones. */
  all: boolean
  rows: ContractListRow[]
  /** Regulator: how many contracts in its remit are yellow or red. */
  flaggedCount: number
}

const ownerOrg = alias(organisations, 'owner_org')
const agencyOrg = alias(organisations, 'agency_org')

async function rowsWhere(db: Db, where: SQL | undefined) {
  return db
    .select({
      c: contracts,
      needTitle: needs.title,
      state: needs.state,
      ownerName: ownerOrg.name,
      ownerNameEn: ownerOrg.nameEn,
      agencyName: agencyOrg.name,
      agencyNameEn: agencyOrg.nameEn,
    })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .innerJoin(ownerOrg, eq(ownerOrg.id, contracts.ownerOrganisationId))
    .innerJoin(agencyOrg, eq(agencyOrg.id, contracts.agencyOrganisationId))
    .where(where)
    .orderBy(desc(contracts.createdAt))
}

/** The clock events of several contracts in one query, by contract. */
async function eventsByContract(db: Db, ids: readonly string[]): Promise<Map<string, ClockEvent[]>> {
  const byId = new Map<string, ClockEvent[]>()
  if (!ids.length) return byId
  const rows = await db
    .select()
    .from(contractClockEvents)
    .where(inArray(contractClockEvents.contractId, [...ids]))
    .orderBy(asc(contractClockEvents.onDate), asc(contractClockEvents.id))
  for (const r of rows) {
    const base = { date: r.onDate, ...(r.reason ? { reason: r.reason } : {}) }
    const event = (r.type === 'extended' ? { type: 'extended', days: r.days ?? 0, ...base } : { type: r.type, ...base }) as ClockEvent
    byId.set(r.contractId, [...(byId.get(r.contractId) ?? []), event])
  }
  return byId
}

/** Every listed contract as a row with its clock summary and the caller's dues. */
async function listRows(db: Db, role: ContractList['role'], where: SQL | undefined) {
  const found = await rowsWhere(db, where)
  const events = await eventsByContract(
    db,
    found.map((f) => f.c.id),
  )
  const calendar = await getCalendar(db)
  const today = shanghaiDate(now())
  const standings = await creditStandings(db, [...new Set(found.map((f) => f.c.agencyOrganisationId))])
  return found.map((f) => {
    const standing = standings.get(f.c.agencyOrganisationId)
    const list = events.get(f.c.id) ?? []
    // A terminated contract's clock no longer runs: no lights.
    const clock: ClockState | null =
      list.length === 0 || f.state === 'terminated'
        ? null
        : computeClock({
            calendar,
            today: clockReadingDay(today, list),
            limits: {
              committedDays: f.c.committedDays,
              serviceDays: f.c.serviceDays,
              statutoryDays: f.c.statutoryDays,
              processingDays: f.c.processingDays,
            },
            events: list,
          })
    const snapshot: ContractSnapshot = {
      state: f.state,
      ownerSigned: f.c.ownerSignedAt !== null,
      agencySigned: f.c.agencySignedAt !== null,
      signDueOn: f.c.signDueOn,
      collectStatus: f.c.collectStatus,
      proposalBy: f.c.terminationProposal?.by ?? null,
      clock: clock && {
        phase: clock.phase,
        pendingPauseRequest: clock.pendingPauseRequest !== null,
        approvalSubmitted: clock.submittedOn !== null,
        approvalDecided: clock.decidedOn !== null,
        agencyLight: clock.agency.light,
        totalLight: clock.total.light,
      },
    }
    const row: ContractListRow = {
      id: f.c.id,
      number: contractNumber(f.c.id, f.c.createdAt),
      needId: f.c.needId,
      needTitle: f.needTitle,
      state: f.state,
      owner: { name: f.ownerName, nameEn: f.ownerNameEn },
      agency: { name: f.agencyName, nameEn: f.agencyNameEn },
      agencyCredit: { tier: standing?.tier ?? 'A', score: standing?.score ?? creditBase },
      dues: role === 'regulator' ? [] : duesOf(role, snapshot, today),
      dueOn: clock?.agency.dueDate ?? null,
      agencySegment: clock && {
        light: clock.agency.light,
        used: clock.agency.used,
        budget: clock.agency.budget,
        dueOn: clock.agency.dueDate,
      },
      totalSegment: clock && {
        light: clock.total.light,
        used: clock.total.used,
        budget: clock.total.budget,
        dueOn: clock.total.dueDate,
      },
      flagged: flaggedForRegulator(snapshot),
    }
    return { row, createdAt: f.c.createdAt.toISOString() }
  })
}

const keyOf = ({ row, createdAt }: { row: ContractListRow; createdAt: string }) => ({
  dues: row.dues,
  dueOn: row.dueOn,
  totalLight: row.totalSegment?.light ?? null,
  createdAt,
})

/** The caller's contracts (see the module comment); `all` only changes the regulator's list. */
export async function contractList(db: Db, user: SessionUser, options: { all?: boolean } = {}): Promise<ContractList> {
  if (user.role === 'owner' || user.role === 'agency') {
    const column = user.role === 'owner' ? contracts.ownerOrganisationId : contracts.agencyOrganisationId
    const listed = await listRows(db, user.role, eq(column, user.organisationId))
    listed.sort((a, b) => partyOrder(keyOf(a), keyOf(b)))
    return { role: user.role, all: true, rows: listed.map((l) => l.row), flaggedCount: listed.filter((l) => l.row.flagged).length }
  }
  if (user.role !== 'regulator') throw new Forbidden()
  const remit = await supervisedServiceTypeIds(db, user)
  const listed = remit.length ? await listRows(db, 'regulator', inArray(needs.serviceTypeId, remit)) : []
  const flagged = listed.filter((l) => l.row.flagged)
  const shown = options.all ? listed : flagged
  shown.sort((a, b) => regulatorOrder(keyOf(a), keyOf(b)))
  return { role: 'regulator', all: Boolean(options.all), rows: shown.map((l) => l.row), flaggedCount: flagged.length }
}

/** The regulator home's number: yellow and red contracts in its remit. */
export async function flaggedContractCount(db: Db, user: SessionUser): Promise<number> {
  return (await contractList(db, user)).flaggedCount
}
