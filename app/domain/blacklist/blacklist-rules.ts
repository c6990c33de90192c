/**
 * Blacklist rules (SPEC §8), pure: the scope rule (is an entry in force on a date for a service
 * type) and the entry's state machine — the entry: in_force → expired | lifted; its one appeal:
 * not_filed → pending → upheld (the entry is lifted) | rejected. Every other move is refused with a
 * reason; the database work (blacklist.server.ts) asks here first and writes only what is allowed.
 */
import type { CalendarDate } from '~/domain/dates'

export type BlacklistStatus = 'in_force' | 'expired' | 'lifted'
export type AppealStatus = 'not_filed' | 'pending' | 'upheld' | 'rejected'

/** How long an entry lasts unless the regulator sets an end or makes it permanent. */
export const DEFAULT_BLACKLIST_YEARS = 1

export interface BlacklistScope {
  scope: 'all' | 'service_types'
  serviceTypeIds: readonly string[]
}

export interface BlacklistPeriod extends BlacklistScope {
  status: BlacklistStatus
  startsOn: CalendarDate
  /** The last day in force; null = permanent. */
  endsOn: CalendarDate | null
}

/** The entry's period covers the date (start and end inclusive). */
export function periodCovers(entry: Pick<BlacklistPeriod, 'startsOn' | 'endsOn'>, date: CalendarDate): boolean {
  return entry.startsOn <= date && (entry.endsOn === null || date <= entry.endsOn)
}

/** The entry's scope covers the service type. */
export function scopeCovers(entry: BlacklistScope, serviceTypeId: string): boolean {
  return entry.scope === 'all' || entry.serviceTypeIds.includes(serviceTypeId)
}

/** THE scope rule: the entry bars the agency from the service type on the date. */
export function barsOn(entry: BlacklistPeriod, serviceTypeId: string, date: CalendarDate): boolean {
  return entry.status === 'in_force' && periodCovers(entry, date) && scopeCovers(entry, serviceTypeId)
}

/** The default last day: one year on, the day before the same date (29 February → 28 February). */
export function defaultEndsOn(startsOn: CalendarDate): CalendarDate {
  const [y, m, d] = startsOn.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(y + DEFAULT_BLACKLIST_YEARS, m - 1, d))
  // 29 February in a year without one rolls into March: go back to the end of February.
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0)
  next.setUTCDate(next.getUTCDate() - 1)
  return next.toISOString().slice(0, 10)
}

export interface EntryFacts {
  status: BlacklistStatus
  endsOn: CalendarDate | null
  appealStatus: AppealStatus
}

export type EntryAction =
  | { kind: 'expire'; today: CalendarDate }
  | { kind: 'lift' }
  | { kind: 'appeal' }
  | { kind: 'decideAppeal'; decision: 'upheld' | 'rejected' }

export type EntryRefusal = 'notInForce' | 'notDue' | 'permanent' | 'alreadyAppealed' | 'noPendingAppeal'

export type EntryDecision =
  { ok: true; status: BlacklistStatus; appealStatus: AppealStatus } | { ok: false; refusal: EntryRefusal }

const refuse = (refusal: EntryRefusal): EntryDecision => ({ ok: false, refusal })

/** The entry's next state for an action, or why it is refused. */
export function decideEntry(entry: EntryFacts, action: EntryAction): EntryDecision {
  switch (action.kind) {
    case 'expire':
      if (entry.status !== 'in_force') return refuse('notInForce')
      if (entry.endsOn === null) return refuse('permanent')
      if (entry.endsOn >= action.today) return refuse('notDue')
      return { ok: true, status: 'expired', appealStatus: entry.appealStatus }
    case 'lift':
      if (entry.status !== 'in_force') return refuse('notInForce')
      return { ok: true, status: 'lifted', appealStatus: entry.appealStatus }
    case 'appeal':
      if (entry.appealStatus !== 'not_filed') return refuse('alreadyAppealed')
      if (entry.status !== 'in_force') return refuse('notInForce')
      return { ok: true, status: entry.status, appealStatus: 'pending' }
    case 'decideAppeal':
      if (entry.appealStatus !== 'pending') return refuse('noPendingAppeal')
      if (action.decision === 'rejected') return { ok: true, status: entry.status, appealStatus: 'rejected' }
      // Upheld: the entry is lifted (if it is still in force; an entry that ran out stays expired).
      return { ok: true, status: entry.status === 'in_force' ? 'lifted' : entry.status, appealStatus: 'upheld' }
  }
}
