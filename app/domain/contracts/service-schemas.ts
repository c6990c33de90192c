/**
 * The service phase's forms on the contract page (app/routes/contracts+/__service.server.ts):
 * one zod schema per form. What only the contract can tell — a day count beyond the allowed
 * extension, an approval date after today, the clock refusing an event — is the state machine's
 * and the clock's answer (422 at the field).
 */
import { z } from 'zod'
import { isCalendarDate } from '~/domain/dates'
import { optionalText, requiredText } from '~/domain/validation'

const REASON_MAX = 1000

const reason = () => requiredText(REASON_MAX)

const calendarDate = () =>
  z.string({ error: 'validation.required' }).trim().refine((v) => isCalendarDate(v), 'validation.date')

/** A whole number (its range is the state machine's rule: 1 … serviceConfig.maxExtensionWorkingDays). */
const wholeNumber = () =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z
      .number({ error: (issue) => (issue.input === undefined ? 'validation.required' : 'validation.integer') })
      .int('validation.integer'),
  )

/** request_pause, pause, return_for_revision: a required reason. */
export const ServiceReasonSchema = z.object({ reason: reason() })
export type ReasonInput = z.output<typeof ServiceReasonSchema>

/** resume: what the owner supplied (optional). */
export const ResumeSchema = z.object({ reason: optionalText(REASON_MAX) })
export type ResumeInput = z.output<typeof ResumeSchema>

/** extend: the working days added to C and why. */
export const ExtendSchema = z.object({ days: wholeNumber(), reason: reason() })
export type ExtendInput = z.output<typeof ExtendSchema>

/** deliver: the report is the multipart `file` part, judged by the domain (content, size, name). */
export const DeliverSchema = z.object({})

/** accept: nothing to type. */
export const AcceptSchema = z.object({})

/** submit_for_approval: the day the report went to the approval department. */
export const ApprovalSubmissionSchema = z.object({ date: calendarDate() })
export type ApprovalSubmissionInput = z.output<typeof ApprovalSubmissionSchema>

/** record_approval_decision: the decision's date, outcome and document number. */
export const ApprovalDecisionSchema = z.object({
  date: calendarDate(),
  outcome: z.enum(['approved', 'rejected'], { error: 'validation.choose' }),
  documentNo: requiredText(100, { singleLine: true }),
})
export type ApprovalDecisionInput = z.output<typeof ApprovalDecisionSchema>
