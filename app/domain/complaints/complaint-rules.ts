/**
 * Complaints (投诉, SPEC §8, issue 14 §5), the pure rules: the state machine and the deadlines.
 *
 *   pending ──accept──▶ accepted ──uphold──▶ upheld
 *      │                   │ └────dismiss──▶ dismissed
 *      ├──reject_invalid──▶ invalid
 *      └──withdraw──▶ withdrawn ◀──withdraw──┘ (from accepted too)
 *
 * The supervising regulator accepts, rejects as invalid (reasons required), upholds or dismisses
 * (reasons required); the complainant withdraws from pending or accepted. Every other move is
 * refused with a named refusal. An allowed move returns its effects as data; the database work
 * (complaints.server.ts, `applyComplaintDecision`) carries them out in one place — the audit
 * event, the notices, the credit event of an upheld complaint against an agency, and the
 * blacklisting the regulator may decide on the same screen.
 *
 * Deadlines (Prozorro's reviewer answers within a set time; research/next-wave.md §5.1): the
 * acceptance step is due `acceptWorkingDays` working days after the filing day, the answer (a
 * final state) `answerWorkingDays` working days after it (`complaintConfig`).
 */
import type { CalendarDate } from '~/domain/dates'

export const complaintStatuses = ['pending', 'accepted', 'invalid', 'upheld', 'dismissed', 'withdrawn'] as const
export type ComplaintStatus = (typeof complaintStatuses)[number]

/** The states that answer the complaint (nothing moves after them). */
export const finalComplaintStatuses: readonly ComplaintStatus[] = ['invalid', 'upheld', 'dismissed', 'withdrawn']

export const isOpenComplaint = (status: ComplaintStatus) => !finalComplaintStatuses.includes(status)

/** Who asks: the complainant's organisation, the supervising regulator, the agency complained about. */
export type ComplaintActor = 'complainant' | 'regulator' | 'target'

export type ComplaintAction =
  | { kind: 'accept' }
  | { kind: 'reject_invalid'; reasons: string }
  | { kind: 'uphold'; reasons: string; blacklist: boolean }
  | { kind: 'dismiss'; reasons: string }
  | { kind: 'withdraw' }

export type ComplaintActionKind = ComplaintAction['kind']
export const complaintActionKinds: readonly ComplaintActionKind[] = [
  'accept',
  'reject_invalid',
  'uphold',
  'dismiss',
  'withdraw',
]

export interface ComplaintFacts {
  status: ComplaintStatus
  actor: ComplaintActor
  /** The complaint names an agency (a contract's agency, or one chosen for a need's procedure). */
  hasTarget: boolean
}

export type ComplaintRefusal =
  | 'notRegulator'
  | 'notComplainant'
  | 'notPending'
  | 'notAccepted'
  | 'closed'
  | 'reasonsRequired'
  | 'noTargetToBlacklist'

/** Who is told (the regulators: the supervising department's active regulators). */
export type ComplaintRecipient = 'complainant' | 'target' | 'regulators'

export type ComplaintEffect =
  | { kind: 'audit'; action: `complaint.${'accepted' | 'rejected_invalid' | 'upheld' | 'dismissed' | 'withdrawn'}` }
  | { kind: 'notify'; to: ComplaintRecipient; messageKey: string }
  /** The agency complained about loses `creditPoints.complaintUpheld` (fact key complaint:<id>). */
  | { kind: 'credit' }
  /** The regulator lists the agency on the blacklist in the same transaction. */
  | { kind: 'blacklist' }

export type ComplaintDecision =
  { ok: true; next: ComplaintStatus; effects: ComplaintEffect[] } | { ok: false; refusal: ComplaintRefusal }

const refuse = (refusal: ComplaintRefusal): ComplaintDecision => ({ ok: false, refusal })

const told = (to: ComplaintRecipient, event: string): ComplaintEffect => ({
  kind: 'notify',
  to,
  messageKey: `complaints.notify.${event}`,
})

/** The parties told of a regulator's step: the complainant, and the agency complained about when there is one. */
const parties = (facts: ComplaintFacts, event: string): ComplaintEffect[] =>
  facts.hasTarget ? [told('complainant', event), told('target', event)] : [told('complainant', event)]

/** The complaint's next state for an action, with its effects — or why it is refused. */
export function decideComplaint(facts: ComplaintFacts, action: ComplaintAction): ComplaintDecision {
  if (action.kind === 'withdraw') {
    if (facts.actor !== 'complainant') return refuse('notComplainant')
    if (!isOpenComplaint(facts.status)) return refuse('closed')
    return {
      ok: true,
      next: 'withdrawn',
      effects: [
        { kind: 'audit', action: 'complaint.withdrawn' },
        told('regulators', 'withdrawn'),
        ...(facts.hasTarget ? [told('target', 'withdrawn')] : []),
      ],
    }
  }
  if (facts.actor !== 'regulator') return refuse('notRegulator')
  if (!isOpenComplaint(facts.status)) return refuse('closed')
  switch (action.kind) {
    case 'accept':
      if (facts.status !== 'pending') return refuse('notPending')
      return {
        ok: true,
        next: 'accepted',
        effects: [{ kind: 'audit', action: 'complaint.accepted' }, ...parties(facts, 'accepted')],
      }
    case 'reject_invalid':
      if (facts.status !== 'pending') return refuse('notPending')
      if (!action.reasons.trim()) return refuse('reasonsRequired')
      return {
        ok: true,
        next: 'invalid',
        effects: [{ kind: 'audit', action: 'complaint.rejected_invalid' }, ...parties(facts, 'rejectedInvalid')],
      }
    case 'dismiss':
      if (facts.status !== 'accepted') return refuse('notAccepted')
      if (!action.reasons.trim()) return refuse('reasonsRequired')
      return {
        ok: true,
        next: 'dismissed',
        effects: [{ kind: 'audit', action: 'complaint.dismissed' }, ...parties(facts, 'dismissed')],
      }
    case 'uphold':
      if (facts.status !== 'accepted') return refuse('notAccepted')
      if (!action.reasons.trim()) return refuse('reasonsRequired')
      if (action.blacklist && !facts.hasTarget) return refuse('noTargetToBlacklist')
      return {
        ok: true,
        next: 'upheld',
        effects: [
          ...(facts.hasTarget ? [{ kind: 'credit' } as const] : []),
          ...(action.blacklist ? [{ kind: 'blacklist' } as const] : []),
          { kind: 'audit', action: 'complaint.upheld' },
          ...parties(facts, 'upheld'),
        ],
      }
  }
}

// ── Deadlines ────────────────────────────────────────────────────────────────

export interface ComplaintDeadlineConfig {
  acceptWorkingDays: number
  answerWorkingDays: number
}

export interface ComplaintDeadlines {
  acceptDueOn: CalendarDate
  answerDueOn: CalendarDate
}

/** The acceptance and answer deadlines: working days after the filing day (the day itself not counted). */
export function complaintDeadlines(
  filedOn: CalendarDate,
  addWorkingDays: (start: CalendarDate, n: number) => CalendarDate,
  config: ComplaintDeadlineConfig,
): ComplaintDeadlines {
  return {
    acceptDueOn: addWorkingDays(filedOn, config.acceptWorkingDays),
    answerDueOn: addWorkingDays(filedOn, config.answerWorkingDays),
  }
}

/** What the regulator owes next on an open complaint, and by when; null once it is answered. */
export function nextDue(
  complaint: { status: ComplaintStatus } & ComplaintDeadlines,
): { step: 'accept' | 'answer'; dueOn: CalendarDate } | null {
  if (complaint.status === 'pending') return { step: 'accept', dueOn: complaint.acceptDueOn }
  if (complaint.status === 'accepted') return { step: 'answer', dueOn: complaint.answerDueOn }
  return null
}

/** An open complaint past its answer deadline (or, still pending, past its acceptance deadline). */
export function isComplaintOverdue(
  complaint: { status: ComplaintStatus } & ComplaintDeadlines,
  today: CalendarDate,
): boolean {
  const due = nextDue(complaint)
  if (!due) return false
  return today > due.dueOn || today > complaint.answerDueOn
}
