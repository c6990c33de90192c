/**
 * The service phase of a contract (SPEC §6, §7): the agency's clock (pause requested, confirmed
 * or recorded, resumed; extensions of C), the report's delivery, the owner's acceptance or
 * return, the approval segment. Each is one call of `actOnContract` (the state machine decides,
 * `applyNeedDecision` carries it out: clock rows checked by the clock, deliveries, the transfer
 * on acceptance); the delivery also stores the report, in the same transaction.
 */
import { createHash } from 'node:crypto'
import type { Db } from '#db/client.server'
import { storedFiles } from '#db/schema'
import { PDF_TRAILER_WINDOW } from '~/domain/agencies/uploads'
import { RuleViolation } from '~/domain/errors'
import { now } from '~/domain/now'
import { decideNeed } from '~/domain/needs/need-lifecycle'
import { enforce } from '~/domain/needs/need-decision'
import type { SessionUser } from '~/utils/auth.server'
import { actOnContractAndPay } from '~/domain/payments/deliver-after-commit.server'
import { actOnContract, contractRefusal, loadContract } from './contract-actions.server'
import { checkReport, maxReportMb, reportProblemKeys, type ReportProblem } from './report-upload'
import type {
  ApprovalDecisionInput,
  ApprovalSubmissionInput,
  ExtendInput,
  ReasonInput,
  ResumeInput,
} from './service-schemas'

/** The agency asks the owner to stop its clock (it waits on the owner), with a reason. */
export const requestPause = (db: Db, user: SessionUser, contractId: string, input: ReasonInput) =>
  actOnContract(db, user, contractId, 'request_pause', { reason: input.reason })

/** The owner confirms the agency's pending request, or records a pause itself, with a reason. */
export const pauseClock = (db: Db, user: SessionUser, contractId: string, input: ReasonInput) =>
  actOnContract(db, user, contractId, 'pause', { reason: input.reason })

/** The clock runs again: the owner supplied what was missing (the agency may say so too). */
export const resumeClock = (db: Db, user: SessionUser, contractId: string, input: ResumeInput) =>
  actOnContract(db, user, contractId, 'resume', input.reason ? { reason: input.reason } : {})

/** The owner grants the agency more working days on C (logged with a reason). */
export const extendClock = (db: Db, user: SessionUser, contractId: string, input: ExtendInput) =>
  actOnContract(db, user, contractId, 'extend', { extension: { days: input.days }, reason: input.reason })

/** The owner returns the pending report with its (required) reasons: the agency's clock runs again. */
export const returnReport = (db: Db, user: SessionUser, contractId: string, input: ReasonInput) =>
  actOnContract(db, user, contractId, 'return_for_revision', { reason: input.reason })

/** The owner accepts the pending report: the agency segment stops for good, the transfer is queued. */
export const acceptReport = (db: Db, user: SessionUser, contractId: string) =>
  // The Transfer to the agency goes to Stripe right after the commit (the tick retries it if it cannot).
  actOnContractAndPay(db, user, contractId, 'accept')

/** The owner records the report's submission to the approval department (a date up to today). */
export const submitForApproval = (db: Db, user: SessionUser, contractId: string, input: ApprovalSubmissionInput) =>
  actOnContract(db, user, contractId, 'submit_for_approval', { approval: { date: input.date } })

/** The owner records the approval department's decision: date, outcome, document number. */
export const recordApprovalDecision = (db: Db, user: SessionUser, contractId: string, input: ApprovalDecisionInput) =>
  actOnContract(db, user, contractId, 'record_approval_decision', {
    approval: { date: input.date, outcome: input.outcome, documentNo: input.documentNo },
  })

/** A report upload as the route read it: its file part, and whether the body went over the budget. */
export interface ReportUpload {
  file: FormDataEntryValue | null
  /** The body was larger than any accepted report could make it, and was not read. */
  overflow: boolean
}

interface ReadReport {
  problem: ReportProblem | null
  file: File | null
}

async function readReport(upload: ReportUpload): Promise<ReadReport> {
  if (upload.overflow) return { problem: 'tooLarge', file: null }
  const file = upload.file
  if (!(file instanceof File)) return { problem: 'missing', file: null }
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer())
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - PDF_TRAILER_WINDOW)).arrayBuffer())
  return { problem: checkReport({ name: file.name, size: file.size, head, tail }), file }
}

const NO_REPORT_YET = { sha256: '0'.repeat(64), fileId: '00000000-0000-0000-0000-000000000000' }

/**
 * The agency delivers the report (the next version): in ONE transaction, under the need's lock,
 * who may deliver and when is asked first (an outsider 404, a party that may not deliver 403, a
 * contract not in service or paused 409), then the file is judged (422 at `file`: missing,
 * empty, over the limit, not a PDF by its content, an incomplete PDF, a disguising name), stored
 * for the agency with its SHA-256, and the delivery recorded through `actOnContract` — a refused
 * delivery leaves no stored file.
 */
export async function deliverReport(db: Db, user: SessionUser, contractId: string, upload: ReportUpload) {
  const report = await readReport(upload)
  return db.transaction(async (tx) => {
    const { facts, contract } = await loadContract(tx, user, contractId, true)
    enforce(decideNeed('deliver', { ...facts, report: NO_REPORT_YET }), contractRefusal)
    if (report.problem || !report.file)
      throw new RuleViolation(reportProblemKeys[report.problem ?? 'missing'], { max: maxReportMb }, 'file')
    const file = report.file
    const bytes = new Uint8Array(await file.arrayBuffer())
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const [stored] = await tx
      .insert(storedFiles)
      .values({
        organisationId: contract.agencyOrganisationId,
        fileName: file.name.slice(0, 200) || 'report.pdf',
        mimeType: 'application/pdf',
        size: file.size,
        sha256,
        bytes,
        uploadedBy: user.id,
        createdAt: now(),
      })
      .returning({ id: storedFiles.id })
    const result = await actOnContract(tx, user, contractId, 'deliver', { report: { sha256, fileId: stored.id } })
    return { ...result, fileId: stored.id, sha256 }
  })
}
