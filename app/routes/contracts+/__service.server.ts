/**
 * The contract page's service forms (SPEC §6, §7): the agency's clock (pause requested by the
 * agency, confirmed or recorded by the owner, resumed; extensions of C), the report's delivery
 * (a multipart upload, read against its budget by the page's action), the owner's return or
 * acceptance, and the approval segment. Each runs one domain call (service.server.ts) that goes
 * through `actOnContract`.
 */
import {
  acceptReport,
  deliverReport,
  extendClock,
  pauseClock,
  recordApprovalDecision,
  requestPause,
  resumeClock,
  returnReport,
  submitForApproval,
} from '~/domain/contracts/service.server'
import {
  AcceptSchema,
  ApprovalDecisionSchema,
  ApprovalSubmissionSchema,
  DeliverSchema,
  ExtendSchema,
  ResumeSchema,
  ServiceReasonSchema,
} from '~/domain/contracts/service-schemas'
import { contractIntentOf } from './__contract-intent.server'
import type { ContractIntentContext } from './__intents.server'

/** The service intents' names (the forms' `intent` values). */
export const serviceIntentNames = [
  'requestPause',
  'pause',
  'resume',
  'extend',
  'deliver',
  'return',
  'accept',
  'submitApproval',
  'recordApprovalDecision',
] as const

export function serviceIntents(ctx: ContractIntentContext) {
  const contractIntent = contractIntentOf(ctx)
  return {
    requestPause: contractIntent(ServiceReasonSchema, requestPause, 'contractService.toast.pauseRequested'),
    pause: contractIntent(ServiceReasonSchema, pauseClock, 'contractService.toast.pauseStarted'),
    resume: contractIntent(ResumeSchema, resumeClock, 'contractService.toast.resumed'),
    extend: contractIntent(ExtendSchema, extendClock, 'contractService.toast.extended'),
    deliver: contractIntent(
      DeliverSchema,
      // The page's action read the multipart body (ctx.upload); a urlencoded post carries no file.
      (db, user, contractId, _value, form) =>
        deliverReport(db, user, contractId, ctx.upload ?? { file: form.get('file'), overflow: false }),
      'contractService.toast.reportDelivered',
    ),
    return: contractIntent(ServiceReasonSchema, returnReport, 'contractService.toast.reportReturned'),
    accept: contractIntent(AcceptSchema, acceptReport, 'contractService.toast.reportAccepted'),
    submitApproval: contractIntent(ApprovalSubmissionSchema, submitForApproval, 'contractService.toast.approvalSubmitted'),
    recordApprovalDecision: contractIntent(
      ApprovalDecisionSchema,
      recordApprovalDecision,
      'contractService.toast.approvalDecided',
    ),
  }
}
