/**
 * The complaint state machine (issue 14 §5): every allowed and every refused transition, for each
 * actor and state, with the effects of the allowed ones; the deadlines on the working-day calendar.
 */
import { describe, expect, it } from 'vitest'
import { officialCalendar } from '~/domain/calendar/working-days'
import {
  complaintDeadlines,
  complaintStatuses,
  decideComplaint,
  isComplaintOverdue,
  nextDue,
  type ComplaintAction,
  type ComplaintActor,
  type ComplaintStatus,
} from '~/domain/complaints/complaint-rules'
import { complaintConfig } from '~/domain/config'
import { UpholdSchema, listingOf } from '~/domain/complaints/schemas'

const actions: Record<ComplaintAction['kind'], ComplaintAction> = {
  accept: { kind: 'accept' },
  reject_invalid: { kind: 'reject_invalid', reasons: '不属于受理范围，投诉事项无事实依据' },
  uphold: { kind: 'uphold', reasons: '经调查，投诉事项属实', blacklist: false },
  dismiss: { kind: 'dismiss', reasons: '经调查，投诉事项不成立' },
  withdraw: { kind: 'withdraw' },
}

/** THE table: for each (state, action) the next state, for the one actor allowed to take it; null = refused for everyone. */
const allowed: Record<ComplaintStatus, Partial<Record<ComplaintAction['kind'], [ComplaintActor, ComplaintStatus]>>> = {
  pending: {
    accept: ['regulator', 'accepted'],
    reject_invalid: ['regulator', 'invalid'],
    withdraw: ['complainant', 'withdrawn'],
  },
  accepted: {
    uphold: ['regulator', 'upheld'],
    dismiss: ['regulator', 'dismissed'],
    withdraw: ['complainant', 'withdrawn'],
  },
  invalid: {},
  upheld: {},
  dismissed: {},
  withdrawn: {},
}

const actors: readonly ComplaintActor[] = ['complainant', 'regulator', 'target']

describe('decideComplaint', () => {
  for (const status of complaintStatuses) {
    for (const [kind, action] of Object.entries(actions) as [ComplaintAction['kind'], ComplaintAction][]) {
      for (const actor of actors) {
        const expected = allowed[status][kind]
        const allows = expected !== undefined && expected[0] === actor
        it(`${status} —${kind}→ by ${actor}: ${allows ? expected![1] : 'refused'}`, () => {
          const decision = decideComplaint({ status, actor, hasTarget: true }, action)
          if (allows) expect(decision).toMatchObject({ ok: true, next: expected![1] })
          else expect(decision.ok).toBe(false)
        })
      }
    }
  }

  it('names each refusal', () => {
    const d = (status: ComplaintStatus, actor: ComplaintActor, action: ComplaintAction, hasTarget = true) =>
      decideComplaint({ status, actor, hasTarget }, action)
    expect(d('pending', 'target', actions.withdraw)).toEqual({ ok: false, refusal: 'notComplainant' })
    expect(d('pending', 'regulator', actions.withdraw)).toEqual({ ok: false, refusal: 'notComplainant' })
    expect(d('pending', 'complainant', actions.accept)).toEqual({ ok: false, refusal: 'notRegulator' })
    expect(d('accepted', 'target', actions.uphold)).toEqual({ ok: false, refusal: 'notRegulator' })
    expect(d('accepted', 'regulator', actions.accept)).toEqual({ ok: false, refusal: 'notPending' })
    expect(d('accepted', 'regulator', actions.reject_invalid)).toEqual({ ok: false, refusal: 'notPending' })
    expect(d('pending', 'regulator', actions.uphold)).toEqual({ ok: false, refusal: 'notAccepted' })
    expect(d('pending', 'regulator', actions.dismiss)).toEqual({ ok: false, refusal: 'notAccepted' })
    for (const status of ['invalid', 'upheld', 'dismissed', 'withdrawn'] as const) {
      expect(d(status, 'regulator', actions.accept)).toEqual({ ok: false, refusal: 'closed' })
      expect(d(status, 'complainant', actions.withdraw)).toEqual({ ok: false, refusal: 'closed' })
    }
    expect(d('pending', 'regulator', { kind: 'reject_invalid', reasons: '  ' })).toEqual({
      ok: false,
      refusal: 'reasonsRequired',
    })
    expect(d('accepted', 'regulator', { kind: 'dismiss', reasons: '' })).toEqual({
      ok: false,
      refusal: 'reasonsRequired',
    })
    expect(d('accepted', 'regulator', { kind: 'uphold', reasons: '', blacklist: false })).toEqual({
      ok: false,
      refusal: 'reasonsRequired',
    })
    expect(d('accepted', 'regulator', { kind: 'uphold', reasons: '属实', blacklist: true }, false)).toEqual({
      ok: false,
      refusal: 'noTargetToBlacklist',
    })
  })

  it('upholding a complaint about an agency costs it credit; with a blacklisting, lists it; both before the audit and the notices', () => {
    const plain = decideComplaint({ status: 'accepted', actor: 'regulator', hasTarget: true }, actions.uphold)
    expect(plain).toEqual({
      ok: true,
      next: 'upheld',
      effects: [
        { kind: 'credit' },
        { kind: 'audit', action: 'complaint.upheld' },
        { kind: 'notify', to: 'complainant', messageKey: 'complaints.notify.upheld' },
        { kind: 'notify', to: 'target', messageKey: 'complaints.notify.upheld' },
      ],
    })
    const listed = decideComplaint(
      { status: 'accepted', actor: 'regulator', hasTarget: true },
      { kind: 'uphold', reasons: '属实', blacklist: true },
    )
    expect(listed.ok && listed.effects.map((e) => e.kind)).toEqual(['credit', 'blacklist', 'audit', 'notify', 'notify'])
    // A complaint about a procedure with no agency named: no credit event, only the complainant told.
    const procedure = decideComplaint({ status: 'accepted', actor: 'regulator', hasTarget: false }, actions.uphold)
    expect(procedure.ok && procedure.effects).toEqual([
      { kind: 'audit', action: 'complaint.upheld' },
      { kind: 'notify', to: 'complainant', messageKey: 'complaints.notify.upheld' },
    ])
  })

  it('dismissing, rejecting as invalid and accepting tell the parties and never touch credit', () => {
    for (const [status, action] of [
      ['pending', actions.accept],
      ['pending', actions.reject_invalid],
      ['accepted', actions.dismiss],
    ] as const) {
      const decision = decideComplaint({ status, actor: 'regulator', hasTarget: true }, action)
      expect(decision.ok && decision.effects.some((e) => e.kind === 'credit' || e.kind === 'blacklist')).toBe(false)
      expect(
        decision.ok && decision.effects.filter((e) => e.kind === 'notify').map((e) => e.kind === 'notify' && e.to),
      ).toEqual(['complainant', 'target'])
    }
  })

  it('a withdrawal tells the regulators and the agency complained about', () => {
    const decision = decideComplaint({ status: 'accepted', actor: 'complainant', hasTarget: true }, actions.withdraw)
    expect(decision).toEqual({
      ok: true,
      next: 'withdrawn',
      effects: [
        { kind: 'audit', action: 'complaint.withdrawn' },
        { kind: 'notify', to: 'regulators', messageKey: 'complaints.notify.withdrawn' },
        { kind: 'notify', to: 'target', messageKey: 'complaints.notify.withdrawn' },
      ],
    })
  })
})

describe('deadlines', () => {
  const calendar = officialCalendar()
  const add = (d: string, n: number) => calendar.addWorkingDays(d, n)

  it('count working days after the filing day on the calendar (weekends and holidays skipped)', () => {
    // Monday 2026-03-02: 3 working days → Thursday 03-05; 10 → Monday 03-16.
    expect(complaintDeadlines('2026-03-02', add, complaintConfig)).toEqual({
      acceptDueOn: '2026-03-05',
      answerDueOn: '2026-03-16',
    })
    // Filed on a Saturday: the count starts with Monday.
    expect(complaintDeadlines('2026-03-07', add, { acceptWorkingDays: 1, answerWorkingDays: 10 })).toEqual({
      acceptDueOn: '2026-03-09',
      answerDueOn: '2026-03-20',
    })
    // Across the 2026 National Day holiday (Oct 1–7 off; Sep 28 … make-up days per the official arrangement).
    const national = complaintDeadlines('2026-09-30', add, complaintConfig)
    expect(national.acceptDueOn > '2026-10-07').toBe(true)
    expect(calendar.workingDaysBetween('2026-09-30', national.answerDueOn)).toBe(10)
  })

  it('the default answer time is 10 working days', () => {
    expect(complaintConfig.answerWorkingDays).toBe(10)
  })

  it('what is due next, and when it is overdue', () => {
    const due = { acceptDueOn: '2026-03-05', answerDueOn: '2026-03-16' }
    expect(nextDue({ status: 'pending', ...due })).toEqual({ step: 'accept', dueOn: '2026-03-05' })
    expect(nextDue({ status: 'accepted', ...due })).toEqual({ step: 'answer', dueOn: '2026-03-16' })
    for (const status of ['invalid', 'upheld', 'dismissed', 'withdrawn'] as const) {
      expect(nextDue({ status, ...due })).toBeNull()
      expect(isComplaintOverdue({ status, ...due }, '2027-01-01')).toBe(false)
    }
    expect(isComplaintOverdue({ status: 'pending', ...due }, '2026-03-05')).toBe(false)
    expect(isComplaintOverdue({ status: 'pending', ...due }, '2026-03-06')).toBe(true)
    expect(isComplaintOverdue({ status: 'accepted', ...due }, '2026-03-16')).toBe(false)
    expect(isComplaintOverdue({ status: 'accepted', ...due }, '2026-03-17')).toBe(true)
  })
})

describe('the upholding form', () => {
  const base = { reasons: '经调查，投诉事项属实，予以支持', confirm: 'yes' }
  it('asks nothing of the blacklist unless the box is ticked', () => {
    const parsed = UpholdSchema.parse(base)
    expect(parsed.blacklist).toBe(false)
    expect(listingOf(parsed, '4a3c8a0e-2a41-4c36-9a6f-2f9c3b1d7e10')).toBeNull()
  })
  it('checks the listing with the blacklist’s own rules, at the upholding form’s fields', () => {
    const parsed = UpholdSchema.safeParse({
      ...base,
      blacklist: 'on',
      listReason: '短',
      legalBasis: '',
      scope: 'service_types',
    })
    expect(parsed.success).toBe(false)
    expect(Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]))).toEqual({
      listReason: 'confirm.reasonTooShort',
      legalBasis: 'blacklist.validation.legalBasisRequired',
      serviceTypeIds: 'blacklist.validation.serviceTypesRequired',
    })
    const ok = UpholdSchema.parse({
      ...base,
      blacklist: 'on',
      listReason: '多次提供虚假材料，情节严重',
      legalBasis: '《中介服务管理办法》第二十条',
      scope: 'all',
      permanent: 'on',
    })
    expect(listingOf(ok, '4a3c8a0e-2a41-4c36-9a6f-2f9c3b1d7e10')).toMatchObject({
      agencyId: '4a3c8a0e-2a41-4c36-9a6f-2f9c3b1d7e10',
      reason: '多次提供虚假材料，情节严重',
      scope: 'all',
      permanent: true,
      endsOn: undefined,
    })
  })
})
