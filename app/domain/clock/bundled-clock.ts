/**
 * The bundled approval clock (SPEC §6): the agency's service time and the approval department's
 * processing time, counted in working days and added up against the approval's statutory limit.
 *
 * A pure function of its input: the working-day calendar, today's Shanghai date and the
 * contract's clock events. It reads no database and no system clock, and never does JS Date
 * arithmetic — every count goes through the calendar's `workingDaysBetween` (O(1)) and
 * `addWorkingDays` (O(log n)); only the overdue days themselves are enumerated one by one.
 *
 * Conventions (an interval written (a, b] holds the working days after a up to and including b):
 *
 * - **Start.** `started` on D0 (contract signed and escrow paid) starts the agency segment;
 *   D0 itself is not counted (期间开始之日不计算在内), so the agency counts (D0, …].
 * - **Pauses.** A pause effective on D and resumed on R excludes the working days in (D, R]:
 *   D still counts for the agency, R does not, counting resumes the working day after R.
 *   A pause still open excludes (D, today].
 *   - `pause_requested` (agency) has no effect until the owner confirms it. A newer request
 *     replaces an unconfirmed one (there is no "declined" event: a request the owner ignores
 *     simply lapses when the agency asks again, delivers, or the owner records a pause itself).
 *   - `pause_confirmed` (owner) makes the pending request effective retroactively from the
 *     request's date; the confirmation's own date only records when the owner answered.
 *   - `pause_recorded` (owner) pauses from its own date.
 *   - `resumed` (owner supplied what was missing) closes the open pause.
 *   Pauses only happen while the agency is working; a request, record or resume during owner
 *   review or approval is refused.
 * - **Delivery and revision.** `delivered` on D1 stops the agency segment at D1 (D1 counts).
 *   Owner review (D1, D2] is counted against nobody. After `returned_for_revision` on D2 the
 *   agency counts again from the working day after D2 (SPEC: time after a return counts against
 *   the agency). Each return is one revision round. The agency cannot deliver while paused.
 * - **Approval.** `approval_submitted` on Ds (only after a delivery that was not returned)
 *   starts the approval segment; it counts (Ds, Dd] with Dd the `approval_decided` date, or
 *   (Ds, today] while pending, against P. The owner's time between the last delivery and the
 *   submission is counted against nobody.
 * - **Extensions of C.** `extended` on D with `days` = n (a whole number ≥ 1, else
 *   `invalid_extension`): the owner grants the agency n more working days (issue 13; logged with
 *   a reason by the app). Allowed while the agency segment exists and the report has not gone to
 *   the approval department: agency running, paused, or owner review after a delivery (also
 *   after a return for revision). Refused before `started` (`not_started`), from
 *   `approval_submitted` on (`extension_after_submission`) and after the decision
 *   (`event_after_decision`). The agency budget becomes C + the sum of all extensions so far
 *   (`agencyBudget`; `committedDays` and `extensionDays` give its parts): the agency's light,
 *   due date, remaining days, overdue days and the timeline's C mark all use it. An extension
 *   counts from the day it is granted on the whole agency count, not only on the days after it:
 *   granted after the count passed C, the days up to the new budget are no longer overdue in the
 *   output (the due date moves to the day the count reaches the new budget). Overdue days the
 *   app already turned into credit events stay recorded — the app writes one event per listed
 *   day idempotently and never deletes one because a later state no longer lists it. The
 *   statutory total L does not move (the law's limit is not the owner's to extend), and
 *   neither does P.
 * - **Total.** agency days + approval days against L (the statutory limit). Nothing else counts.
 * - **Lights.** green while used < 80 % of the budget; yellow from used ≥ 0.8 × budget up to
 *   used = budget; red when used > budget (integer test: 5·used ≥ 4·budget, so C = 10 gives
 *   7 green, 8 yellow, 10 yellow, 11 red). A zero budget is yellow at 0 used and red after.
 * - **Due dates.** (C below is the agency budget, extensions included.)
 *   - agency: the working day on which the agency's count reaches C. Once reached it is that
 *     historical day, whatever the status. Not yet reached: while running, today + (C − used)
 *     working days; while paused, null (it depends on the resume); while stopped (delivered,
 *     in review or approval), null (the count is not moving); not started, null.
 *   - approval: Ds + P working days, from submission on (also after the decision).
 *   - total: the working day on which agency + approval days reach L. Once reached, that day.
 *     Otherwise, while a segment is counting (agency running or approval pending), the
 *     projection today + (L − used) — "the last day the count may reach if every coming working
 *     day counts", i.e. the latest decision date that keeps the bundle within L. While nothing
 *     counts (not started, paused, owner review, decided within L), null.
 *   A projection that would run past the calendar's last known year is null, never a guess.
 * - **Overdue days.** The agency's counted working days beyond the C-th, up to today: never a
 *   weekend, holiday or paused day, never owner review. One date per day, for idempotent credit
 *   events. After a return they continue where the count stands (revision time is the agency's).
 *
 * Impossible or out-of-order event lists throw a `ClockEventError` with a code and the index of
 * the offending event. Events must be in non-decreasing date order (same-day events apply in
 * list order) and none may be after today. `out_of_order` also covers an event that is not
 * possible in the contract's current phase when no more specific code applies (e.g. a pause
 * during owner review, a return after submission to the approval department, a second
 * submission).
 */
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { isCalendarDate, type CalendarDate } from '~/domain/dates'
import { RuleViolation } from '~/domain/errors'

// ─── Input ──────────────────────────────────────────────────────────────────────────────────

export type ClockEventType =
  | 'started'
  | 'pause_requested'
  | 'pause_confirmed'
  | 'pause_recorded'
  | 'resumed'
  | 'delivered'
  | 'returned_for_revision'
  | 'approval_submitted'
  | 'approval_decided'
  | 'extended'

export const clockEventTypes: readonly ClockEventType[] = [
  'started',
  'pause_requested',
  'pause_confirmed',
  'pause_recorded',
  'resumed',
  'delivered',
  'returned_for_revision',
  'approval_submitted',
  'approval_decided',
  'extended',
]

interface ClockEventOf<T extends ClockEventType> {
  type: T
  date: CalendarDate
  reason?: string
}

/** The owner extends the agency's committed days C by `days` working days (a whole number ≥ 1). */
export interface ClockExtensionEvent extends ClockEventOf<'extended'> {
  days: number
}

type PlainClockEventType = Exclude<ClockEventType, 'extended'>

/** One clock event; a discriminated union on `type` (only `extended` carries `days`). */
export type ClockEvent = { [T in PlainClockEventType]: ClockEventOf<T> }[PlainClockEventType] | ClockExtensionEvent

export interface ClockLimits {
  /** C: the agency's committed service days (from its bid, C ≤ S). */
  committedDays: number
  /** S: the need's service time limit (shown, not used in the arithmetic). */
  serviceDays: number
  /** L: the approval item's statutory limit (法定时限). */
  statutoryDays: number
  /** P: the approval item's committed processing limit (承诺时限). */
  processingDays: number
}

export interface ClockInput {
  calendar: WorkingDayCalendar
  today: CalendarDate
  limits: ClockLimits
  events: readonly ClockEvent[]
}

// ─── Output ─────────────────────────────────────────────────────────────────────────────────

export type SegmentStatus = 'not_started' | 'running' | 'paused' | 'stopped'
export type Light = 'green' | 'yellow' | 'red'
/** Where the contract is: nobody counting is `owner_review` (delivered, not yet submitted or returned). */
export type ClockPhase = 'not_started' | 'agency' | 'owner_review' | 'approval' | 'decided'

export interface SegmentState {
  used: number
  budget: number
  /** budget − used; negative when over. */
  remaining: number
  dueDate: CalendarDate | null
  status: SegmentStatus
  light: Light
}

export interface PauseInterval {
  /** The pause is effective from this date: working days in (from, to] are excluded. */
  from: CalendarDate
  /** The resume date; null while still paused (then workingDays counts up to today). */
  to: CalendarDate | null
  workingDays: number
  source: 'confirmed' | 'recorded'
  reason: string | null
  /** For a confirmed pause, the owner's confirmation date (from = the request's date). */
  confirmedOn: CalendarDate | null
}

export type TimelineSpanKind = 'agency' | 'paused' | 'owner' | 'approval'

/** A stretch of the contract's life, as dates and as working-day offsets from the start. */
export interface TimelineSpan {
  kind: TimelineSpanKind
  /** Exclusive: the span holds the working days in (from, to]. */
  from: CalendarDate
  to: CalendarDate
  /** True when the span runs on to today. */
  open: boolean
  /** Working days after the start date: x0 = of `from`, x1 = of `to`; x1 − x0 = the span's working days. */
  x0: number
  x1: number
}

/**
 * Geometry for drawing the clock without a calendar: every position is a number of working
 * days after the start date (the start itself is 0). Counted days, pauses and owner time all take
 * room, so the point where the count reaches L sits at L plus the uncounted days before it.
 * Positions in the future assume every coming working day counts.
 */
export interface ClockTimeline {
  origin: CalendarDate | null
  todayX: number
  /** The last position that matters: the decision date once decided, else today. */
  endX: number
  /** Suggested axis length (≥ 1): covers the limit, the spans and the due marks. */
  extent: number
  spans: TimelineSpan[]
  /** Where the agency count reaches C (projected from today when not yet reached and still live). */
  agencyDueX: number | null
  approvalDueX: number | null
  /** Where the bundled count reaches L (projected when not reached). */
  limitX: number
  /** From here on the agency's counted days are overdue (only when used > C). */
  agencyOverdueFromX: number | null
  pendingPauseX: number | null
  /** One mark per extension of C, at the date it was granted, oldest first. */
  extensions: { date: CalendarDate; days: number; x: number }[]
}

/** An extension of the agency's committed days C granted by the owner. */
export interface ClockExtension {
  date: CalendarDate
  days: number
  reason: string | null
  /** The agency budget C + all extensions up to and including this one. */
  budgetAfter: number
}

export interface ClockState {
  today: CalendarDate
  /** As given: `limits.committedDays` is C without extensions. */
  limits: ClockLimits
  /** C as committed in the bid (= limits.committedDays). */
  committedDays: number
  /** The working days the owner added to C, all extensions together (0 without any). */
  extensionDays: number
  /** The agency's effective budget: committedDays + extensionDays (= agency.budget). */
  agencyBudget: number
  /** The owner's extensions of C, oldest first. */
  extensions: ClockExtension[]
  phase: ClockPhase
  startedOn: CalendarDate | null
  /** The latest delivery, if any. */
  deliveredOn: CalendarDate | null
  submittedOn: CalendarDate | null
  decidedOn: CalendarDate | null
  agency: SegmentState
  approval: SegmentState
  total: SegmentState
  /** The agency's pauses, oldest first. */
  pauses: PauseInterval[]
  /** An agency request the owner has not confirmed yet (no effect on the count). */
  pendingPauseRequest: { date: CalendarDate; reason: string | null } | null
  revisionRounds: number
  /** The agency's counted working days beyond C, up to today, oldest first. */
  overdueDays: CalendarDate[]
  timeline: ClockTimeline
}

// ─── Errors ─────────────────────────────────────────────────────────────────────────────────

export type ClockEventErrorCode =
  | 'out_of_order'
  | 'not_started'
  | 'already_started'
  | 'resume_without_pause'
  | 'pause_while_paused'
  | 'confirm_without_request'
  | 'deliver_while_paused'
  | 'delivered_twice'
  | 'return_without_delivery'
  | 'approval_before_delivery'
  | 'decided_without_submission'
  | 'event_after_decision'
  | 'event_in_future'
  | 'invalid_extension'
  | 'extension_after_submission'

/** An impossible event list; `index` is the offending event's position (0-based). */
export class ClockEventError extends RuleViolation {
  constructor(
    readonly code: ClockEventErrorCode,
    readonly index: number,
    readonly event: ClockEvent,
  ) {
    super(
      `clock.errors.${code}`,
      {
        index: index + 1,
        date: event.date,
        event: event.type,
        ...(event.type === 'extended' ? { days: String(event.days) } : {}),
      },
      // A form that grants an extension shows a bad day count at its `days` field.
      code === 'invalid_extension' ? 'days' : undefined,
    )
  }
}

// ─── Engine ─────────────────────────────────────────────────────────────────────────────────

/** A stretch of counted working days (from, to] with its count. */
interface Counted {
  from: CalendarDate
  to: CalendarDate
  days: number
}

interface OpenPause {
  from: CalendarDate
  source: 'confirmed' | 'recorded'
  reason: string | null
  confirmedOn: CalendarDate | null
  run: number
}

interface ClosedPause extends OpenPause {
  to: CalendarDate | null
}

function assertWholeDays(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of days ≥ 0`)
}

export function lightFor(used: number, budget: number): Light {
  if (used > budget) return 'red'
  return 5 * used >= 4 * budget ? 'yellow' : 'green'
}

function segment(used: number, budget: number, dueDate: CalendarDate | null, status: SegmentStatus): SegmentState {
  return { used, budget, remaining: budget - used, dueDate, status, light: lightFor(used, budget) }
}

/** The n-th counted working day across the stretches (n ≥ 1), or null when they hold fewer. */
function nthCountedDay(calendar: WorkingDayCalendar, stretches: readonly Counted[], n: number): CalendarDate | null {
  let before = 0
  for (const s of stretches) {
    if (before + s.days >= n) return calendar.addWorkingDays(s.from, n - before)
    before += s.days
  }
  return null
}

/** start + n working days, or null when that runs past the calendar's last known year. */
function project(calendar: WorkingDayCalendar, start: CalendarDate, n: number): CalendarDate | null {
  if (n <= 0) return start
  const available = calendar.workingDaysBetween(start, `${calendar.lastYear}-12-31`)
  return n <= available ? calendar.addWorkingDays(start, n) : null
}

/**
 * The day to READ a stored clock on: today, or its latest event's date when that is later. Stored
 * events were each accepted on or before their own day, so a later one means the clock was moved
 * back since (the guarded test controls) or the server's clock is behind: the clock is shown as of
 * its latest event rather than refused (a whole dashboard would fail on one contract). Writing a
 * new event still checks it against the real today (`event_in_future`).
 */
export function readingDay(today: CalendarDate, events: readonly ClockEvent[]): CalendarDate {
  const last = events.reduce<CalendarDate | null>((latest, e) => (latest === null || e.date > latest ? e.date : latest), null)
  return last !== null && last > today ? last : today
}

/** Computes the bundled clock; throws ClockEventError on an impossible event list. */
export function computeClock(input: ClockInput): ClockState {
  const { calendar, today, limits } = input
  const events = input.events
  if (!isCalendarDate(today)) throw new RangeError(`today must be a YYYY-MM-DD date, got ${String(today)}`)
  assertWholeDays('committedDays', limits.committedDays)
  assertWholeDays('serviceDays', limits.serviceDays)
  assertWholeDays('statutoryDays', limits.statutoryDays)
  assertWholeDays('processingDays', limits.processingDays)
  const committed = limits.committedDays
  const P = limits.processingDays
  const L = limits.statutoryDays

  let phase: ClockPhase = 'not_started'
  let startedOn: CalendarDate | null = null
  let runFrom: CalendarDate | null = null
  const runs: { from: CalendarDate; to: CalendarDate; open: boolean }[] = []
  const pauses: ClosedPause[] = []
  let openPause: OpenPause | null = null
  let pending: { date: CalendarDate; reason: string | null } | null = null
  let deliveredOn: CalendarDate | null = null
  const ownerSpans: { from: CalendarDate; to: CalendarDate; open: boolean }[] = []
  let submittedOn: CalendarDate | null = null
  let decidedOn: CalendarDate | null = null
  let revisionRounds = 0
  const extensions: ClockExtension[] = []
  let extensionDays = 0
  let previous: CalendarDate | null = null

  for (let index = 0; index < events.length; index++) {
    const event = events[index]
    const refuse = (code: ClockEventErrorCode) => new ClockEventError(code, index, event)
    const { date } = event
    if (!isCalendarDate(date))
      throw new RangeError(`event ${index}: date must be a YYYY-MM-DD date, got ${String(date)}`)
    if (!clockEventTypes.includes(event.type))
      throw new RangeError(`event ${index}: unknown type ${String(event.type)}`)
    if (date > today) throw refuse('event_in_future')
    if (previous !== null && date < previous) throw refuse('out_of_order')
    if (phase === 'decided') throw refuse('event_after_decision')
    if (phase === 'not_started' && event.type !== 'started') throw refuse('not_started')
    const reason = event.reason?.trim() ? event.reason.trim() : null

    switch (event.type) {
      case 'started':
        if (phase !== 'not_started') throw refuse('already_started')
        startedOn = date
        runFrom = date
        phase = 'agency'
        break
      case 'pause_requested':
        if (phase !== 'agency') throw refuse('out_of_order')
        if (openPause) throw refuse('pause_while_paused')
        pending = { date, reason }
        break
      case 'pause_confirmed':
        if (phase !== 'agency' || !pending) throw refuse('confirm_without_request')
        openPause = {
          from: pending.date,
          source: 'confirmed',
          reason: pending.reason ?? reason,
          confirmedOn: date,
          run: runs.length,
        }
        pending = null
        break
      case 'pause_recorded':
        if (phase !== 'agency') throw refuse('out_of_order')
        if (openPause) throw refuse('pause_while_paused')
        openPause = { from: date, source: 'recorded', reason, confirmedOn: null, run: runs.length }
        pending = null
        break
      case 'resumed':
        if (phase !== 'agency' || !openPause) throw refuse('resume_without_pause')
        pauses.push({ ...openPause, to: date })
        openPause = null
        break
      case 'delivered':
        if (phase === 'owner_review' || phase === 'approval') throw refuse('delivered_twice')
        if (openPause) throw refuse('deliver_while_paused')
        runs.push({ from: runFrom ?? date, to: date, open: false })
        runFrom = null
        pending = null
        deliveredOn = date
        phase = 'owner_review'
        break
      case 'returned_for_revision':
        if (phase === 'approval') throw refuse('out_of_order')
        if (phase !== 'owner_review') throw refuse('return_without_delivery')
        ownerSpans.push({ from: deliveredOn ?? date, to: date, open: false })
        revisionRounds += 1
        runFrom = date
        phase = 'agency'
        break
      case 'approval_submitted':
        if (phase === 'approval') throw refuse('out_of_order')
        if (phase !== 'owner_review') throw refuse('approval_before_delivery')
        ownerSpans.push({ from: deliveredOn ?? date, to: date, open: false })
        submittedOn = date
        phase = 'approval'
        break
      case 'approval_decided':
        if (phase !== 'approval') throw refuse('decided_without_submission')
        decidedOn = date
        phase = 'decided'
        break
      case 'extended': {
        const days: unknown = event.days
        if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) throw refuse('invalid_extension')
        if (phase === 'approval') throw refuse('extension_after_submission')
        extensionDays += days
        extensions.push({ date, days, reason, budgetAfter: committed + extensionDays })
        break
      }
    }
    previous = date
  }

  // Close what is still open at today.
  if (phase === 'agency') runs.push({ from: runFrom ?? today, to: today, open: true })
  if (openPause) pauses.push({ ...openPause, to: null })
  if (phase === 'owner_review') ownerSpans.push({ from: deliveredOn ?? today, to: today, open: true })

  // The agency budget: C plus every extension (the whole list counts, whatever its dates).
  const C = committed + extensionDays

  // The agency's counted stretches: each run minus the pauses inside it.
  const agencyStretches: (Counted & { open: boolean })[] = []
  runs.forEach((run, r) => {
    let cursor = run.from
    for (const p of pauses) {
      if (p.run !== r) continue
      if (p.from > cursor) agencyStretches.push({ from: cursor, to: p.from, days: 0, open: false })
      cursor = p.to ?? run.to
    }
    if (run.to > cursor) agencyStretches.push({ from: cursor, to: run.to, days: 0, open: run.open })
  })
  for (const s of agencyStretches) s.days = calendar.workingDaysBetween(s.from, s.to)
  const counted = agencyStretches.filter((s) => s.days > 0)
  const agencyUsed = counted.reduce((sum, s) => sum + s.days, 0)

  const approvalStretch: Counted | null = submittedOn
    ? { from: submittedOn, to: decidedOn ?? today, days: calendar.workingDaysBetween(submittedOn, decidedOn ?? today) }
    : null
  const approvalUsed = approvalStretch?.days ?? 0

  // Agency segment.
  const agencyStatus: SegmentStatus =
    phase === 'not_started' ? 'not_started' : phase === 'agency' ? (openPause ? 'paused' : 'running') : 'stopped'
  const agencyReached = startedOn === null ? null : C === 0 ? startedOn : nthCountedDay(calendar, counted, C)
  const agencyDue = agencyReached ?? (agencyStatus === 'running' ? project(calendar, today, C - agencyUsed) : null)

  // Approval segment.
  const approvalStatus: SegmentStatus =
    submittedOn === null ? 'not_started' : decidedOn === null ? 'running' : 'stopped'
  const approvalDue = submittedOn === null ? null : project(calendar, submittedOn, P)

  // Total.
  const totalUsed = agencyUsed + approvalUsed
  const totalStatus: SegmentStatus =
    agencyStatus === 'not_started'
      ? 'not_started'
      : agencyStatus === 'running' || approvalStatus === 'running'
        ? 'running'
        : agencyStatus === 'paused'
          ? 'paused'
          : 'stopped'
  const allCounted = approvalStretch && approvalStretch.days > 0 ? [...counted, approvalStretch] : counted
  const totalReached = startedOn === null ? null : L === 0 ? startedOn : nthCountedDay(calendar, allCounted, L)
  const totalDue = totalReached ?? (totalStatus === 'running' ? project(calendar, today, L - totalUsed) : null)

  // Overdue days: the agency's counted days after the C-th (a loop over the overdue days only).
  const overdueDays: CalendarDate[] = []
  let before = 0
  for (const s of counted) {
    const first = Math.max(1, C - before + 1)
    if (first <= s.days) {
      let day = calendar.addWorkingDays(s.from, first)
      overdueDays.push(day)
      for (let k = first + 1; k <= s.days; k++) {
        day = calendar.addWorkingDays(day, 1)
        overdueDays.push(day)
      }
    }
    before += s.days
  }

  const pauseList: PauseInterval[] = pauses.map((p) => ({
    from: p.from,
    to: p.to,
    workingDays: calendar.workingDaysBetween(p.from, p.to ?? today),
    source: p.source,
    reason: p.reason,
    confirmedOn: p.confirmedOn,
  }))

  // Geometry.
  const origin: CalendarDate | null = startedOn
  const xOf = (date: CalendarDate): number => (origin === null ? 0 : calendar.workingDaysBetween(origin, date))
  const todayX = xOf(today)
  const endX = decidedOn !== null ? xOf(decidedOn) : todayX
  const spans: TimelineSpan[] = []
  const span = (kind: TimelineSpanKind, from: CalendarDate, to: CalendarDate, open: boolean) => {
    const x0 = xOf(from)
    const x1 = xOf(to)
    if (x1 > x0) spans.push({ kind, from, to, open, x0, x1 })
  }
  for (const s of counted) span('agency', s.from, s.to, s.open)
  for (const p of pauses) span('paused', p.from, p.to ?? today, p.to === null)
  for (const o of ownerSpans) span('owner', o.from, o.to, o.open)
  if (approvalStretch) span('approval', approvalStretch.from, approvalStretch.to, decidedOn === null)
  spans.sort((a, b) => a.x0 - b.x0 || a.x1 - b.x1)

  const agencyDueX =
    origin === null
      ? C
      : agencyReached !== null
        ? xOf(agencyReached)
        : agencyStatus === 'running' || agencyStatus === 'paused'
          ? todayX + (C - agencyUsed)
          : null
  const approvalDueX = submittedOn === null ? null : xOf(submittedOn) + P
  const limitX = origin === null ? L : totalReached !== null ? xOf(totalReached) : endX + (L - totalUsed)
  const agencyOverdueFromX = agencyUsed > C && agencyReached !== null ? xOf(agencyReached) : null
  const pendingPauseX = pending !== null ? xOf(pending.date) : null
  const extensionMarks = extensions.map((e) => ({ date: e.date, days: e.days, x: xOf(e.date) }))
  const lastSpanEnd = spans.reduce((m, s) => Math.max(m, s.x1), 0)
  const extent = Math.max(1, limitX, endX, lastSpanEnd, agencyDueX ?? 0, approvalDueX ?? 0)

  return {
    today,
    limits: { ...limits },
    committedDays: committed,
    extensionDays,
    agencyBudget: C,
    extensions,
    phase,
    startedOn,
    deliveredOn,
    submittedOn,
    decidedOn,
    agency: segment(agencyUsed, C, agencyDue, agencyStatus),
    approval: segment(approvalUsed, P, approvalDue, approvalStatus),
    total: segment(totalUsed, L, totalDue, totalStatus),
    pauses: pauseList,
    pendingPauseRequest: pending,
    revisionRounds,
    overdueDays,
    timeline: {
      origin,
      todayX,
      endX,
      extent,
      spans,
      agencyDueX,
      approvalDueX,
      limitX,
      agencyOverdueFromX,
      pendingPauseX,
      extensions: extensionMarks,
    },
  }
}
