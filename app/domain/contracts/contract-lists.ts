/**
 * The contract lists (issue 13 item 9), pure: what is due from the owner or the agency on a
 * contract as it stands, which contracts a regulator must see (agency or total light yellow or
 * red, SPEC §6), and the order of each list. The database side is dashboards.server.ts.
 */
import type { ClockPhase, Light } from '~/domain/clock/bundled-clock'
import type { CalendarDate } from '~/domain/dates'
import type { NeedState } from '~/domain/needs/need-lifecycle'

/** What a party has to do on a contract now (each a button on the contract page). */
export type ContractDue =
  | 'sign'
  | 'pay'
  | 'confirmPause'
  | 'deliver'
  | 'reviewDelivery'
  | 'submitApproval'
  | 'recordApproval'
  | 'rate'
  | 'answerTermination'

export const contractDues = [
  'sign',
  'pay',
  'confirmPause',
  'deliver',
  'reviewDelivery',
  'submitApproval',
  'recordApproval',
  'rate',
  'answerTermination',
] as const satisfies readonly ContractDue[]

/** A contract as the lists read it: its need's state, the row's facts, the clock's summary. */
export interface ContractSnapshot {
  state: NeedState
  ownerSigned: boolean
  agencySigned: boolean
  /** The last day to sign. */
  signDueOn: CalendarDate
  collectStatus: 'unpaid' | 'processing' | 'failed' | 'paid'
  /** The open proposal to end it by agreement, by whom. */
  proposalBy: 'owner' | 'agency' | null
  /** From the clock (null before the service started). */
  clock: {
    phase: ClockPhase
    pendingPauseRequest: boolean
    approvalSubmitted: boolean
    approvalDecided: boolean
    agencyLight: Light
    totalLight: Light
  } | null
}

const live: readonly NeedState[] = ['awarded', 'in_service', 'paused', 'delivered']

/** What `party` has to do on the contract today, in the order of the contract's life. */
export function duesOf(party: 'owner' | 'agency', c: ContractSnapshot, today: CalendarDate): ContractDue[] {
  const dues: ContractDue[] = []
  const signing = c.state === 'awarded' && today <= c.signDueOn
  if (party === 'owner') {
    if (signing && !c.ownerSigned) dues.push('sign')
    if (c.state === 'awarded' && c.ownerSigned && c.agencySigned && (c.collectStatus === 'unpaid' || c.collectStatus === 'failed'))
      dues.push('pay')
    if (c.state === 'in_service' && c.clock?.pendingPauseRequest) dues.push('confirmPause')
    if (c.state === 'delivered') dues.push('reviewDelivery')
    if (c.state === 'accepted' && c.clock && !c.clock.approvalSubmitted) dues.push('submitApproval')
    if (c.state === 'accepted' && c.clock?.approvalSubmitted && !c.clock.approvalDecided) dues.push('recordApproval')
    if (c.state === 'accepted') dues.push('rate')
  } else {
    if (signing && !c.agencySigned) dues.push('sign')
    if (c.state === 'in_service') dues.push('deliver')
  }
  if (live.includes(c.state) && c.proposalBy !== null && c.proposalBy !== party) dues.push('answerTermination')
  return dues
}

/** A regulator sees a live contract (its clock still counting something) whose agency or total light is yellow or red. */
export function flaggedForRegulator(c: Pick<ContractSnapshot, 'state' | 'clock'>): boolean {
  if (!c.clock || c.state === 'terminated' || c.clock.phase === 'decided') return false
  return c.clock.agencyLight !== 'green' || c.clock.totalLight !== 'green'
}

const lightRank: Record<Light, number> = { red: 0, yellow: 1, green: 2 }

/** Earlier dates first, no date last. */
function byDate(a: CalendarDate | null, b: CalendarDate | null): number {
  if (a === b) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a < b ? -1 : 1
}

export interface ListOrderKey {
  dues: readonly ContractDue[]
  dueOn: CalendarDate | null
  totalLight: Light | null
  /** ISO instant of the award (newer contracts first among equals). */
  createdAt: string
}

/** Owner and agency: contracts with something due first, then the nearest due date, then the newest. */
export function partyOrder(a: ListOrderKey, b: ListOrderKey): number {
  const due = Number(b.dues.length > 0) - Number(a.dues.length > 0)
  if (due !== 0) return due
  return byDate(a.dueOn, b.dueOn) || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)
}

/** Regulator: the oldest due date first (the longest overdue on top), red before yellow on the same day. */
export function regulatorOrder(a: ListOrderKey, b: ListOrderKey): number {
  return (
    byDate(a.dueOn, b.dueOn) ||
    (a.totalLight && b.totalLight ? lightRank[a.totalLight] - lightRank[b.totalLight] : 0) ||
    (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)
  )
}
