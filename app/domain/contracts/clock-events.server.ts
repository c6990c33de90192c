/**
 * A contract's bundled-clock events as rows (contract_clock_events), and the clock computed from
 * them (app/domain/clock/bundled-clock.ts, pure). An event is appended only if the clock accepts
 * the whole list with it (an impossible or out-of-order event is a `ClockEventError`, a 422 at
 * the form, and nothing is written): the rows never hold a list the clock would refuse.
 */
import { asc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contractClockEvents } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { clockReadingDay, computeClock, type ClockEvent, type ClockState } from '~/domain/clock/bundled-clock'
import { shanghaiDate } from '~/domain/dates'
import { now } from '~/domain/now'
import type { ClockEffect } from '~/domain/needs/need-lifecycle'
import type { ContractRow } from './contracts.server'

type Tx = Db
type ClockEventRow = typeof contractClockEvents.$inferSelect

const toEvent = (row: Pick<ClockEventRow, 'type' | 'onDate' | 'days' | 'reason'>): ClockEvent => {
  const base = { date: row.onDate, ...(row.reason ? { reason: row.reason } : {}) }
  if (row.type === 'extended') return { type: 'extended', days: row.days ?? 0, ...base }
  return { type: row.type, ...base } as ClockEvent
}

const effectToEvent = (e: ClockEffect): ClockEvent =>
  toEvent({ type: e.type, onDate: e.date, days: 'days' in e ? e.days : null, reason: e.reason ?? null })

export async function clockEventsOf(tx: Tx, contractId: string): Promise<ClockEvent[]> {
  const rows = await tx
    .select()
    .from(contractClockEvents)
    .where(eq(contractClockEvents.contractId, contractId))
    .orderBy(asc(contractClockEvents.onDate), asc(contractClockEvents.id))
  return rows.map(toEvent)
}

const limitsOf = (c: ContractRow) => ({
  committedDays: c.committedDays,
  serviceDays: c.serviceDays,
  statutoryDays: c.statutoryDays,
  processingDays: c.processingDays,
})

/**
 * The contract's clock today (Shanghai; see `clockReadingDay` when its events are later), or null
 * before the service started. A terminated contract's clock stands still: it is read as of the day
 * it ended, so its page does not go on counting days nobody owes.
 */
export async function contractClock(tx: Tx, c: ContractRow, events?: ClockEvent[]): Promise<ClockState | null> {
  const list = events ?? (await clockEventsOf(tx, c.id))
  if (list.length === 0) return null
  const today = shanghaiDate(now())
  const endedOn = c.terminatedAt ? shanghaiDate(c.terminatedAt) : null
  return computeClock({
    calendar: await getCalendar(tx),
    today: clockReadingDay(endedOn !== null && endedOn < today ? endedOn : today, list),
    limits: limitsOf(c),
    events: list,
  })
}

/**
 * The clock as it stands before the service started: nothing counted yet, the limits C, P and L
 * on the bar and the phase "not in force". The contract page draws it from the award on, so the
 * parties see the budget they will be held to before the first working day counts.
 */
export async function notStartedClock(tx: Tx, c: ContractRow): Promise<ClockState> {
  return computeClock({ calendar: await getCalendar(tx), today: shanghaiDate(now()), limits: limitsOf(c), events: [] })
}

/**
 * Appends one event after checking the clock accepts the list with it. An event dated before
 * later events (an approval date recorded after the fact) is checked in date order, as the
 * clock reads the rows.
 */
export async function appendClockEvent(tx: Tx, c: ContractRow, effect: ClockEffect, actorUserId: string | null) {
  const events = await clockEventsOf(tx, c.id)
  const next = [...events, effectToEvent(effect)].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  // Throws ClockEventError (a RuleViolation) when the clock refuses the list.
  computeClock({ calendar: await getCalendar(tx), today: shanghaiDate(now()), limits: limitsOf(c), events: next })
  await tx.insert(contractClockEvents).values({
    contractId: c.id,
    type: effect.type,
    onDate: effect.date,
    days: 'days' in effect ? effect.days : null,
    reason: effect.reason ?? null,
    actorUserId,
    createdAt: now(),
  })
}
