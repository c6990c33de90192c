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
import { intent } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
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
  const { db, user, contractId } = ctx
  const done = (messageKey: string) => () => redirectWithToast(ctx.back, { kind: 'success', messageKey })
  return {
    requestPause: intent({
      schema: ServiceReasonSchema,
      run: (value) => requestPause(db, user, contractId, value),
      done: done('contractService.toast.pauseRequested'),
    }),
    pause: intent({
      schema: ServiceReasonSchema,
      run: (value) => pauseClock(db, user, contractId, value),
      done: done('contractService.toast.pauseStarted'),
    }),
    resume: intent({
      schema: ResumeSchema,
      run: (value) => resumeClock(db, user, contractId, value),
      done: done('contractService.toast.resumed'),
    }),
    extend: intent({
      schema: ExtendSchema,
      run: (value) => extendClock(db, user, contractId, value),
      done: done('contractService.toast.extended'),
    }),
    deliver: intent({
      schema: DeliverSchema,
      // The page's action read the multipart body (ctx.upload); a urlencoded post carries no file.
      run: (_value, form) =>
        deliverReport(db, user, contractId, ctx.upload ?? { file: form.get('file'), overflow: false }),
      done: done('contractService.toast.reportDelivered'),
    }),
    return: intent({
      schema: ServiceReasonSchema,
      run: (value) => returnReport(db, user, contractId, value),
      done: done('contractService.toast.reportReturned'),
    }),
    accept: intent({
      schema: AcceptSchema,
      run: () => acceptReport(db, user, contractId),
      done: done('contractService.toast.reportAccepted'),
    }),
    submitApproval: intent({
      schema: ApprovalSubmissionSchema,
      run: (value) => submitForApproval(db, user, contractId, value),
      done: done('contractService.toast.approvalSubmitted'),
    }),
    recordApprovalDecision: intent({
      schema: ApprovalDecisionSchema,
      run: (value) => recordApprovalDecision(db, user, contractId, value),
      done: done('contractService.toast.approvalDecided'),
    }),
  }
}
