/**
 * Credit repair (信用修复, issue 14 §4; Yuyao's repair channel, research/next-wave.md §1.5), pure.
 *
 * **When an event may be repaired** (`repairEligibility`) — "after its consequences have run":
 * - the event is negative (points < 0) and of a repairable kind: a violation or an upheld finding
 *   against the agency (`repairableKinds`). Single overdue days (each capped, and summed into the
 *   contract's violation, which is itself repairable), ratings (an opinion, not a violation),
 *   commendations and repairs are not;
 * - it is not repaired already (no granted application) and has no pending application;
 * - at least `repairConfig.waitWorkingDays` working days have passed since the event's date (the
 *   day itself not counted): the correction period;
 * - the agency has no blacklist entry in force at all (a listing is the heaviest consequence still
 *   running, whatever event it came from).
 * A refused or withdrawn application does not bar a new one: the agency may correct more and
 * apply again (each application stays on record; only one is pending at a time).
 *
 * **Who decides**: the regulators of the department supervising the service type of the event's
 * need (its contract's need); for an event without a need (a violation recorded without one, a
 * commendation is never repaired), a regulator whose department supervises one of the agency's
 * service types — the same remit as listing the agency (app/domain/blacklist), which is also who
 * may read the agency's evidence files.
 *
 * **The application's state machine** (`decideRepair`): pending → granted (the regulator; a
 * compensating ledger event of the opposite points is added) | refused (the regulator, with
 * reasons; nothing in the ledger) | withdrawn (the agency). Every other move is refused.
 */
import type { CalendarDate } from '~/domain/dates'
import type { CreditEventKind } from './credit'

export const repairableKinds = [
  'overdue_violation',
  'contract_lapsed',
  'terminated_at_fault',
  'objection_upheld',
  'violation_recorded',
] as const satisfies readonly CreditEventKind[]

export function isRepairableKind(kind: string): boolean {
  return (repairableKinds as readonly string[]).includes(kind)
}

export interface RepairEligibilityFacts {
  event: { kind: CreditEventKind; points: number; onDate: CalendarDate }
  /** A granted application exists for the event. */
  repaired: boolean
  /** A pending application exists for the event. */
  pending: boolean
  /** The agency has a blacklist entry in force. */
  blacklisted: boolean
  today: CalendarDate
  /** The first day the agency may apply: the event's date plus `repairConfig.waitWorkingDays` working days. */
  earliestOn: CalendarDate
}

export type RepairIneligibility = 'notNegative' | 'notRepairable' | 'alreadyRepaired' | 'pending' | 'tooEarly' | 'blacklisted'

export type RepairEligibility = { ok: true } | { ok: false; reason: RepairIneligibility; earliestOn?: CalendarDate }

export function repairEligibility(f: RepairEligibilityFacts): RepairEligibility {
  if (f.event.points >= 0) return { ok: false, reason: 'notNegative' }
  if (!isRepairableKind(f.event.kind)) return { ok: false, reason: 'notRepairable' }
  if (f.repaired) return { ok: false, reason: 'alreadyRepaired' }
  if (f.pending) return { ok: false, reason: 'pending' }
  if (f.today < f.earliestOn) return { ok: false, reason: 'tooEarly', earliestOn: f.earliestOn }
  if (f.blacklisted) return { ok: false, reason: 'blacklisted' }
  return { ok: true }
}

export const repairStatuses = ['pending', 'granted', 'refused', 'withdrawn'] as const
export type RepairStatus = (typeof repairStatuses)[number]

export type RepairAction = 'grant' | 'refuse' | 'withdraw'
export type RepairActor = 'agency' | 'regulator'

/** What a decision asks to be done; `applyRepairDecision` (repairs.server.ts) carries out each. */
export type RepairEffect =
  | { kind: 'compensate' }
  | { kind: 'notifyAgency'; messageKey: 'creditActions.notify.repairGranted' | 'creditActions.notify.repairRefused' }
  | { kind: 'notifyRegulators'; messageKey: 'creditActions.notify.repairWithdrawn' }

export type RepairRefusal = 'notPending' | 'forbidden'

export type RepairDecision =
  | { ok: true; status: Exclude<RepairStatus, 'pending'>; effects: RepairEffect[] }
  | { ok: false; refusal: RepairRefusal }

/** The next state of an application for an action by an actor, with its effects, or why it is refused. */
export function decideRepair(status: RepairStatus, action: RepairAction, actor: RepairActor): RepairDecision {
  const mayAct = action === 'withdraw' ? actor === 'agency' : actor === 'regulator'
  if (!mayAct) return { ok: false, refusal: 'forbidden' }
  if (status !== 'pending') return { ok: false, refusal: 'notPending' }
  switch (action) {
    case 'grant':
      return {
        ok: true,
        status: 'granted',
        effects: [{ kind: 'compensate' }, { kind: 'notifyAgency', messageKey: 'creditActions.notify.repairGranted' }],
      }
    case 'refuse':
      return {
        ok: true,
        status: 'refused',
        effects: [{ kind: 'notifyAgency', messageKey: 'creditActions.notify.repairRefused' }],
      }
    case 'withdraw':
      return {
        ok: true,
        status: 'withdrawn',
        effects: [{ kind: 'notifyRegulators', messageKey: 'creditActions.notify.repairWithdrawn' }],
      }
  }
}
