/**
 * Every translation key the code builds at run time (`t(\`terms.needState.${s}\`)`), with the
 * values each `*` can take. test/unit/i18n.test.ts finds every template key in app/ and fails
 * when its pattern is not declared here, or when a key it can produce is missing in either
 * language. Take the values from the typed lists the code uses, so that a new state, method or
 * reason fails the test until it is translated; where only a union type exists, `every<T>()`
 * checks at compile time that the list names each member.
 *
 * Only the test imports this module.
 */
import { applicationKind, applicationStatus, exitCategory, exitType, registryEventKind } from '../../db/schema/agencies'
import { organisationKind, organisationStatus } from '../../db/schema/accounts'
import { calendarDayKind } from '../../db/schema/calendar'
import { creditEventKind, creditSource } from '../../db/schema/credit'
import { collectStatus, paymentKind } from '../../db/schema/contracts'
import { paymentErrorCodes, stripeStatuses, testCards } from '~/domain/payments/payment-schemas'
import { bidStatus, objectionStatus } from '../../db/schema/needs'
import { blacklistAppealStatus, blacklistStatus } from '../../db/schema/blacklist'
import type { EntryRefusal } from '~/domain/blacklist/blacklist-rules'
import { repairStatus } from '../../db/schema/credit-actions'
import type { RepairIneligibility, RepairRefusal } from '~/domain/credit/repair-rules'
import { complaintStatus, complaintSubject } from '../../db/schema/complaints'
import type { ComplaintRefusal } from '~/domain/complaints/complaint-rules'
import type { IneligibleReason, QualificationValidity } from '~/domain/agencies/eligibility'
import type { Decision as RegistryDecision } from '~/domain/agencies/registry-lifecycle'
import type { ReviewInput } from '~/domain/agencies/schemas'
import { listFields, scalarFields } from '~/domain/agencies/review-views.server'
import { contractDues } from '~/domain/contracts/contract-lists'
import {
  clockEventTypes,
  type ClockEventErrorCode,
  type ClockPhase,
  type Light,
  type SegmentStatus,
} from '~/domain/clock/bundled-clock'
import { contractVariables } from '~/domain/contracts/contract-text'
import { failureReasons } from '~/domain/transparency/browser-check'
import type { AgencyBidOutcome, AgencyDueItem } from '~/domain/needs/dashboards.server'
import { needStates, type NeedRefusal } from '~/domain/needs/need-lifecycle'
import { selectionMethods } from '~/domain/needs/schemas'
import type { CreditCodeProblem } from '~/domain/organisations/social-credit-code'
import type { InvalidReason, SelectionOutcome } from '~/domain/selection/methods'
import { configFields } from '~/domain/settings/marketplace-config'
import { roles } from '~/utils/permissions'
import { queueKinds } from '~/domain/workspace/queue'

/** The values of a union type, checked complete at compile time. */
function every<T extends string>() {
  return <const A extends readonly T[]>(...values: A & ([T] extends [A[number]] ? unknown : never)): readonly T[] =>
    values
}

type Values = readonly string[]
type RegistryNotify = NonNullable<Extract<RegistryDecision, { ok: true }>['notify']>

const ineligibleReasons = every<IneligibleReason>()(
  'notActive',
  'suspended',
  'exited',
  'blacklisted',
  'serviceTypeNotOffered',
  'qualificationMissing',
  'qualificationLevelTooLow',
  'qualificationExpired',
)
const invalidReasons = every<InvalidReason>()('quoteAboveCeiling', 'daysAboveLimit', 'excluded', 'aboveDirectThreshold')
const validities = every<QualificationValidity>()('valid', 'expiring', 'expired')
const needRefusals = every<NeedRefusal>()(
  'forbidden',
  'wrongState',
  'factsMissing',
  'reasonRequired',
  'publishRules',
  'windowOpen',
  'selectionMismatch',
  'tooFewValidBids',
  'enoughValidBids',
  'notACandidate',
  'drawRequired',
  'publicityOver',
  'publicityRunning',
  'alreadyObjected',
  'noPendingObjection',
  'objectionPending',
  'contractNotSigned',
  'escrowNotPaid',
  'contractPending',
  'reportMissing',
  'approvalNotDecided',
  'ratingOpen',
  'rulingInvalid',
  'alreadyReposted',
  'directNotAllowed',
  'noValidBid',
  'signingOver',
  'alreadySigned',
  'payoutAccountMissing',
  'signingRunning',
  'alreadyPaid',
  'paymentProcessing',
  'paymentMethodMissing',
  'extensionInvalid',
  'dateInvalid',
  'approvalAlreadySubmitted',
  'approvalNotSubmitted',
  'approvalAlreadyDecided',
  'documentNoRequired',
  'outcomeRequired',
  'proposalPending',
  'noProposal',
  'ownProposal',
  'proposalStale',
)
/** Why a winner lost its selection (bids.status_reason; anything else reads as 'other'). */
const disqualifiedReasons = ['objectionUpheld', 'justificationMissing', 'other']
/** The segments and legend of the clock timeline (app/components/clock-timeline.tsx). */
const clockSegments = ['agency', 'approval', 'total']
const clockLegend = ['agency', 'approval', 'paused', 'owner', 'overdue', 'overLimit', 'extension']

/**
 * Pattern (`*` for each `${…}`) → its values: one list, or one list per `*`. 'auditActions' and
 * 'auditEntities' stand for every audit action (`action: '…'`) and entity (`entityType: '…'`) the
 * code records: the admin overview names them.
 */
export const keyFamilies: Record<string, Values | readonly Values[] | 'auditActions' | 'auditEntities'> = {
  // Things named on several screens: the terms area
  'terms.needState.*': needStates,
  'terms.method.*': selectionMethods,
  'terms.bidStatus.*': bidStatus.enumValues,
  'terms.objectionStatus.*': objectionStatus.enumValues,
  'terms.blacklistStatus.*': blacklistStatus.enumValues,
  'workspace.queue.kind.*': queueKinds,
  'terms.blacklistAppealStatus.*': blacklistAppealStatus.enumValues,
  'terms.complaintStatus.*': complaintStatus.enumValues,
  'terms.repairStatus.*': repairStatus.enumValues,
  'complaints.subject.*': complaintSubject.enumValues,
  'complaints.refusals.*': every<ComplaintRefusal>()(
    'notRegulator',
    'notComplainant',
    'notPending',
    'notAccepted',
    'closed',
    'reasonsRequired',
    'noTargetToBlacklist',
  ),
  'complaints.notify.*': ['accepted', 'rejectedInvalid', 'upheld', 'dismissed', 'withdrawn'],
  'complaints.due.*': ['accept', 'answer'],
  'blacklist.refusals.*': every<EntryRefusal>()(
    'notInForce',
    'notDue',
    'permanent',
    'alreadyAppealed',
    'noPendingAppeal',
  ),
  'terms.role.*': roles,
  'terms.orgKind.*': organisationKind.enumValues,
  'terms.orgStatus.*': organisationStatus.enumValues,
  'terms.applicationKind.*': applicationKind.enumValues,
  'terms.applicationStatus.*': applicationStatus.enumValues,
  'terms.registryEvent.*': registryEventKind.enumValues,
  'terms.exitType.*': exitType.enumValues,
  'terms.exitCategory.*': exitCategory.enumValues,
  'terms.ineligible.*': ineligibleReasons,
  'terms.invalidReason.*': invalidReasons,
  'terms.validity.*': validities,
  'terms.dayKind.*': [...calendarDayKind.enumValues, 'weekend'],
  'nav.workspace.*': roles,
  // Refusals and errors
  'ownerSelection.refusals.*': needRefusals,
  'contractSigning.templates.variable.*': contractVariables,
  'objections.errors.*': ['publicityOver', 'alreadyObjected', 'noPendingObjection', 'objectionPending'],
  'clock.errors.*': every<ClockEventErrorCode>()(
    'out_of_order',
    'not_started',
    'already_started',
    'resume_without_pause',
    'pause_while_paused',
    'confirm_without_request',
    'deliver_while_paused',
    'delivered_twice',
    'return_without_delivery',
    'approval_before_delivery',
    'decided_without_submission',
    'event_after_decision',
    'event_in_future',
    'invalid_extension',
    'extension_after_submission',
  ),
  'validation.creditCode.*': every<CreditCodeProblem>()('length', 'charset', 'region', 'check'),
  'errors.title.*': ['forbidden', 'notFound', 'tooMany', 'server', 'request'],
  'notifications.*': every<RegistryNotify>()(
    'applicationApproved',
    'applicationRejected',
    'suspended',
    'reinstated',
    'exited',
    'applicationSubmitted',
  ),
  // Results and the agency's home
  'results.outcome.*': every<SelectionOutcome>()('failed', 'winner', 'draw', 'owner_pick'),
  'results.*.*': [['disqualified', 'disqualifiedOnly'], disqualifiedReasons],
  'results.disqualified.*': disqualifiedReasons,
  'results.disqualifiedOnly.*': disqualifiedReasons,
  'results.agencyHome.outcomes.*': every<AgencyBidOutcome>()(
    'withdrawn',
    'bidding',
    'evaluating',
    'selected',
    'awarded',
    'notSelected',
    'disqualified',
    'failed',
    'cancelled',
  ),
  'results.agencyHome.due.*': every<AgencyDueItem['kind']>()('justification', 'objectionWindow'),
  // The bundled clock
  'contractPayment.collect.*': collectStatus.enumValues,
  'contractPayment.errors.*': paymentErrorCodes,
  'contractPayment.kind.*': paymentKind.enumValues,
  'contractPayment.purpose.*': ['collect', 'acceptance', 'termination', 'late_payment'],
  'contractPayment.stripeStatus.*': stripeStatuses,
  'contractPayment.testCard.*': testCards,
  'clock.light.*': every<Light>()('green', 'yellow', 'red'),
  'contractLists.due.*': contractDues,
  'clock.phase.*': every<ClockPhase | 'paused'>()(
    'not_started',
    'agency',
    'paused',
    'owner_review',
    'approval',
    'decided',
  ),
  'clock.status.*': every<SegmentStatus>()('not_started', 'running', 'paused', 'stopped'),
  'clock.segment.*': clockSegments,
  'clock.legend.*': clockLegend,
  'clock.event.*': clockEventTypes,
  'clock.demo.example.*.title': ['running', 'nationalDay', 'revision', 'approvalOver', 'ownerPause'],
  'clock.demo.example.*.caption': ['running', 'nationalDay', 'revision', 'approvalOver', 'ownerPause'],
  // Administration and review
  'settings.groups.*': ['deadlines', 'bids', 'direct', 'pricing'],
  'settings.fields.*': configFields,
  'review.application.field.*': [...scalarFields, ...listFields],
  'review.decision.*': every<ReviewInput['decision']>()('approve', 'reject'),
  'auditEvents.entity.*': 'auditEntities',
  'auditEvents.action.*': 'auditActions',
  'auditEvents.action.agency.*': ['suspend', 'reinstate', 'exitVoluntary', 'forceExit'],
  'auditEvents.action.agency.application.*': ['approved', 'rejected'],
  // Credit ledger
  'credit.kind.*': creditEventKind.enumValues,
  'credit.source.*': creditSource.enumValues,
  // Credit actions: repair
  'creditActions.ineligible.*': every<RepairIneligibility>()(
    'notNegative',
    'notRepairable',
    'alreadyRepaired',
    'pending',
    'tooEarly',
    'blacklisted',
  ),
  // 'forbidden' is answered 403 (never shown as a message).
  'creditActions.refusals.*': every<Exclude<RepairRefusal, 'forbidden'>>()('notPending'),
  // Transparency log: why the browser check did not pass
  'transparency.reasons.*': failureReasons,
}
