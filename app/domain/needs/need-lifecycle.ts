/**
 * The life of a need (SPEC §4): the one place that decides which transition is allowed, by
 * whom, and with what side effects. Pure: the caller supplies the facts (the need, the actor,
 * today's Shanghai date, and what the action needs — the publish check, the selection result,
 * the contract, the ruling …); the decision names the next state and the side effects as data
 * (audit event, notifications, credit events, payment calls, bundled-clock event, follow-up
 * work). The database layer applies a decision in one transaction, guarded by the state it read
 * (`UPDATE … WHERE state = facts.need.state`) so a transition happens exactly once.
 *
 *   draft ─publish→ open ─close_window→ evaluating ─select→ publicity ─end_publicity→ awarded
 *   awarded ─sign_contract (each party)→ awarded ─pay→ awarded ─start_service→ in_service
 *   awarded ─lapse_contract→ terminated (not signed by both in time; the party at fault recorded)
 *   in_service ─pause→ paused ─resume→ in_service;  in_service|paused|delivered ─extend→ (same)
 *   in_service ─deliver→ delivered ─return_for_revision→ in_service
 *   delivered ─accept→ accepted ─submit_for_approval / record_approval_decision→ accepted ─close→ closed
 *   evaluating ─fail→ failed ─repost→ failed (+ a copy as draft) | ─switch_to_direct→ evaluating
 *   draft|open|evaluating ─cancel→ cancelled
 *   publicity ─file_objection / reject_objection→ publicity ─uphold_objection→ evaluating (winner excluded)
 *   awarded|in_service|paused|delivered ─terminate (ruling) | agree_termination→ terminated
 *   awarded|in_service|paused|delivered ─propose_termination / decline_termination→ (same)
 *   terminated ─repost→ terminated (+ a copy as draft)
 *
 * Who: `owner` = the owner organisation of this need; `winner` = the agency whose bid was
 * selected (in publicity) or awarded; `bidder` = another agency with a live bid on the need;
 * `regulator` = a regulator whose department supervises the need's service type; `system` =
 * timed work and payment reconciliation. Admins run the platform but decide nothing here.
 *
 * Order of checks: who (forbidden) → state (wrongState) → the action's facts and input, so an
 * outsider learns nothing about the need's state.
 *
 * Choices the SPEC leaves open, made here:
 * - `select` is the system's for random / lowest price / comprehensive (a draw decides between
 *   several candidates and must be named), the owner's for direct, with a written reason.
 * - A flagged lowest-price winner attaches a cost justification during publicity. If publicity
 *   ends without it, `end_publicity` does not award: the winner is excluded and the selection is
 *   redone (back to evaluating) — "no justification, no award", and the need never gets stuck.
 * - `terminate` is a regulator's ruling (the owner or agency asks through a complaint): reason,
 *   party at fault, and how the escrow splits (refund to the owner + release to the agency =
 *   what is held). From `awarded` it needs a signed contract or a lapsed signing deadline (the
 *   winner who never signs).
 * - The agency's pause request (`request_pause`) is an action too: it changes no state but is
 *   the clock's `pause_requested`; the owner's `pause` confirms it or records a pause itself.
 * - The contract (SPEC §4, §7): each party signs (`sign_contract`, the agency only with a payout
 *   account to be paid into); once both have, the owner pays (`pay`: a payment call the outbox
 *   delivers); the system starts the service (`start_service`) when Stripe's answer or a verified
 *   webhook says the price is held. A contract not signed by both by `dueOn` lapses
 *   (`lapse_contract`, the system's): the need ends `terminated` with the party at fault, and the
 *   owner may re-post it.
 * - Ending by agreement: one party proposes (reason + money split), the other agrees (→
 *   terminated, nobody at fault) or declines; a regulator's `terminate` ruling needs no proposal.
 * - The approval segment: after acceptance the owner records the submission to the approval
 *   department and its decision (dates may be earlier than today; the clock checks the order).
 * - "rated → closed" (`close`, the system's): the need closes once the approval decision is
 *   recorded AND the owner has rated the contract or the owner's rating window
 *   (ratings.ts `ownerRatingDueOn`) is over. Ratings are their own record beside the contract
 *   (app/domain/ratings): the department's rating, the agency's reply and hiding a text stay
 *   possible after `closed`. The timed work closes what may close; the owner's rating and the
 *   approval decision close the need at once when they complete the conditions.
 * - `repost` leaves the failed need as it is and asks for a copy as a new draft (once);
 *   `switch_to_direct` turns the failed need into a direct selection among its valid bids.
 */
import type { ClockEventType } from '~/domain/clock/bundled-clock'
import { marketplaceConfig, serviceConfig, type MarketplaceConfig, type SelectionMethod } from '~/domain/config'
import { isCalendarDate, type CalendarDate } from '~/domain/dates'
import type { PublishViolation } from './publish-rules'
import type { SelectionDecision } from '../selection/methods'

export const needStates = [
  'draft',
  'open',
  'evaluating',
  'publicity',
  'awarded',
  'in_service',
  'paused',
  'delivered',
  'accepted',
  'closed',
  'cancelled',
  'failed',
  'terminated',
] as const
export type NeedState = (typeof needStates)[number]

export const needActions = [
  'publish',
  'close_window',
  'select',
  'fail',
  'cancel',
  'file_objection',
  'uphold_objection',
  'reject_objection',
  'end_publicity',
  'start_service',
  'request_pause',
  'pause',
  'resume',
  'deliver',
  'return_for_revision',
  'accept',
  'close',
  'terminate',
  'repost',
  'switch_to_direct',
  'sign_contract',
  'lapse_contract',
  'pay',
  'extend',
  'submit_for_approval',
  'record_approval_decision',
  'propose_termination',
  'decline_termination',
  'agree_termination',
] as const
export type NeedAction = (typeof needActions)[number]

export type ActorKind = 'owner' | 'winner' | 'bidder' | 'regulator' | 'system'

export interface Transition {
  readonly from: readonly NeedState[]
  /** Every state the action can lead to (end_publicity: awarded, or evaluating when the justification is missing). */
  readonly to: readonly NeedState[]
  /** select: the system, except for direct selection, where the owner picks. */
  readonly actors: readonly ActorKind[]
}

/** The states of a live contract: it may be ended (by ruling or agreement) from any of them. */
const contractStates: readonly NeedState[] = ['awarded', 'in_service', 'paused', 'delivered']

/** The transition table: for each action, where it may start, where it can lead, who may take it. */
export const needTransitions: Readonly<Record<NeedAction, Transition>> = {
  publish: { from: ['draft'], to: ['open'], actors: ['owner'] },
  close_window: { from: ['open'], to: ['evaluating'], actors: ['system'] },
  select: { from: ['evaluating'], to: ['publicity'], actors: ['system', 'owner'] },
  fail: { from: ['evaluating'], to: ['failed'], actors: ['system'] },
  cancel: { from: ['draft', 'open', 'evaluating'], to: ['cancelled'], actors: ['owner'] },
  file_objection: { from: ['publicity'], to: ['publicity'], actors: ['bidder'] },
  uphold_objection: { from: ['publicity'], to: ['evaluating'], actors: ['regulator'] },
  reject_objection: { from: ['publicity'], to: ['publicity'], actors: ['regulator'] },
  end_publicity: { from: ['publicity'], to: ['awarded', 'evaluating'], actors: ['system'] },
  start_service: { from: ['awarded'], to: ['in_service'], actors: ['system'] },
  request_pause: { from: ['in_service'], to: ['in_service'], actors: ['winner'] },
  pause: { from: ['in_service'], to: ['paused'], actors: ['owner'] },
  resume: { from: ['paused'], to: ['in_service'], actors: ['owner', 'winner'] },
  deliver: { from: ['in_service'], to: ['delivered'], actors: ['winner'] },
  return_for_revision: { from: ['delivered'], to: ['in_service'], actors: ['owner'] },
  accept: { from: ['delivered'], to: ['accepted'], actors: ['owner'] },
  close: { from: ['accepted'], to: ['closed'], actors: ['system'] },
  terminate: { from: contractStates, to: ['terminated'], actors: ['regulator'] },
  repost: { from: ['failed', 'terminated'], to: ['failed', 'terminated'], actors: ['owner'] },
  switch_to_direct: { from: ['failed'], to: ['evaluating'], actors: ['owner'] },
  sign_contract: { from: ['awarded'], to: ['awarded'], actors: ['owner', 'winner'] },
  lapse_contract: { from: ['awarded'], to: ['terminated'], actors: ['system'] },
  pay: { from: ['awarded'], to: ['awarded'], actors: ['owner'] },
  extend: { from: ['in_service', 'paused', 'delivered'], to: ['in_service', 'paused', 'delivered'], actors: ['owner'] },
  submit_for_approval: { from: ['accepted'], to: ['accepted'], actors: ['owner'] },
  record_approval_decision: { from: ['accepted'], to: ['accepted'], actors: ['owner'] },
  propose_termination: { from: contractStates, to: contractStates, actors: ['owner', 'winner'] },
  decline_termination: { from: contractStates, to: contractStates, actors: ['owner', 'winner'] },
  agree_termination: { from: contractStates, to: ['terminated'], actors: ['owner', 'winner'] },
}

/**
 * The actions a party or the regulator takes on a contract (the contract page's forms); the rest
 * of the need's actions come before the award, and the system's own (`start_service`,
 * `lapse_contract`, `close`) are no one's button.
 */
export const contractActions = [
  'sign_contract',
  'pay',
  'request_pause',
  'pause',
  'resume',
  'extend',
  'deliver',
  'return_for_revision',
  'accept',
  'submit_for_approval',
  'record_approval_decision',
  'propose_termination',
  'decline_termination',
  'agree_termination',
  'terminate',
] as const satisfies readonly NeedAction[]
export type ContractAction = (typeof contractActions)[number]

/** Every state × every action: the states the action can lead to from there, or null when it is not allowed there. */
export const needStateTable: Readonly<Record<NeedState, Readonly<Record<NeedAction, readonly NeedState[] | null>>>> =
  Object.fromEntries(
    needStates.map((state) => [
      state,
      Object.fromEntries(
        needActions.map((action) => [
          action,
          needTransitions[action].from.includes(state) ? needTransitions[action].to : null,
        ]),
      ),
    ]),
  ) as Record<NeedState, Record<NeedAction, readonly NeedState[] | null>>

/** The actions the table allows from a state (for buttons; `decideNeed` still has the last word). */
export function actionsFrom(state: NeedState): NeedAction[] {
  return needActions.filter((a) => needTransitions[a].from.includes(state))
}

/** States no action leaves. */
export const terminalNeedStates: readonly NeedState[] = needStates.filter((s) => actionsFrom(s).length === 0)

// ─── Facts ──────────────────────────────────────────────────────────────────────────────────

export interface NeedActor {
  role: 'owner' | 'agency' | 'regulator' | 'admin' | 'system'
  /** The actor's organisation (null for the system). */
  organisationId: string | null
  /** Regulators: the service types their department supervises. */
  supervisedServiceTypeIds: readonly string[]
}

export interface NeedFacts {
  actor: NeedActor
  today: CalendarDate
  need: {
    state: NeedState
    ownerOrganisationId: string
    serviceTypeId: string
    method: SelectionMethod
    /** The registration window's last day. */
    registrationClosesOn: CalendarDate
    /** Agencies with a live bid on the need. */
    bidderAgencyIds: readonly string[]
  }
  /** The written reason the action requires (cancel, direct pick, objections and rulings, pause, return, terminate). */
  reason?: string
  /** publish: the result of `checkPublish` on the need as it stands. */
  publishCheck?: { ok: boolean; violations: readonly PublishViolation[] }
  /** select / fail: the result of `runSelection`, and the pick (the draw's winner, the owner's choice, or the sole winner). */
  selection?: {
    result: Pick<
      SelectionDecision,
      'method' | 'outcome' | 'candidateBidIds' | 'validBidCount' | 'minValidBids' | 'requiresJustification'
    >
    chosenBidId: string | null
    /** The verifiable draw that picked `chosenBidId` among several candidates. */
    drawId: string | null
  }
  /** From publicity on: the selected bid. */
  winner?: {
    bidId: string
    agencyId: string
    quoteFen: number
    /** Lowest price with an abnormally low winning quote. */
    requiresJustification: boolean
    justificationAttached: boolean
  } | null
  /** In publicity. */
  publicity?: {
    /** The last day of publicity (`publicityEnds`). */
    endsOn: CalendarDate
    pendingObjections: number
    /** Agencies that have filed an objection in this publicity round. */
    objectedAgencyIds: readonly string[]
  }
  /** uphold / reject: the objection ruled on. */
  objection?: { objectorAgencyId: string; winnerAtFault: boolean }
  /** From award on: the contract. */
  contract?: {
    /** Both parties have signed. */
    signed: boolean
    ownerSigned: boolean
    agencySigned: boolean
    /** The agency has a payout account (it signs only with one: that is where its pay goes). */
    agencyPayoutReady: boolean
    /** The last day to sign (`contractDue`). */
    dueOn: CalendarDate
    priceFen: number
    /** What the platform holds for this contract now (integer fen; paid in, not yet paid out or refunded). */
    escrowHeldFen: number
    /** Collecting the price: only Stripe's answer or a verified webhook moves it. */
    collectStatus: 'unpaid' | 'processing' | 'failed' | 'paid'
    /** The agency has asked for a pause that the owner has not yet answered. */
    pauseRequested: boolean
    /** An open proposal to end the contract by agreement. */
    terminationProposal: { by: 'owner' | 'winner'; refundFen: number; releaseFen: number } | null
    approvalSubmitted: boolean
    approvalDecided: boolean
  }
  /** pay: the payment method the owner pays with (a Stripe PaymentMethod id). */
  payment?: { paymentMethod: string }
  /** extend: the working days added to C. */
  extension?: { days: number }
  /** submit_for_approval / record_approval_decision: what the owner records. */
  approval?: { date: CalendarDate; outcome?: 'approved' | 'rejected'; documentNo?: string }
  /** deliver: the uploaded report. */
  report?: { sha256: string; fileId: string }
  /** close: the owner's rating of the contract (app/domain/ratings): given, or the last day to give it. */
  ownerRating?: { rated: boolean; dueOn: CalendarDate }
  /** terminate / propose_termination: the ruling or the proposal (the money split of what is held). */
  ruling?: { partyAtFault: 'owner' | 'agency' | 'both' | 'none'; refundFen: number; releaseFen: number }
  /** repost of a terminated need: the draft it was already re-posted as. */
  ended?: { repostedAs: string | null }
  /** failed: what the failed round left. */
  failedRound?: { validBidCount: number; repostedAs: string | null }
}

// ─── Decision ───────────────────────────────────────────────────────────────────────────────

export type NeedAuditEvent =
  | 'need.published'
  | 'need.window_closed'
  | 'need.selected'
  | 'need.failed'
  | 'need.cancelled'
  | 'need.objection_filed'
  | 'need.objection_upheld'
  | 'need.objection_rejected'
  | 'need.awarded'
  | 'need.winner_disqualified'
  | 'need.service_started'
  | 'need.pause_requested'
  | 'need.paused'
  | 'need.resumed'
  | 'need.delivered'
  | 'need.returned_for_revision'
  | 'need.accepted'
  | 'need.closed'
  | 'need.terminated'
  | 'need.reposted'
  | 'need.switched_to_direct'
  | 'need.contract_signed'
  | 'need.contract_lapsed'
  | 'need.payment_started'
  | 'need.extended'
  | 'need.approval_submitted'
  | 'need.approval_decided'
  | 'need.termination_proposed'
  | 'need.termination_declined'

/** Groups the caller resolves to people: `regulators` = of the department supervising the service type. */
export type Recipient =
  'owner' | 'winner' | 'bidders' | 'losingBidders' | 'objector' | 'regulators' | 'eligibleAgencies'

export interface NeedNotification {
  to: Recipient
  /** i18n message key. */
  key: string
}

export interface CreditEffect {
  agencyId: string
  event: 'objection_upheld' | 'terminated_at_fault' | 'contract_lapsed'
}

/**
 * A call to Stripe, made after commit through the outbox (never inside the transaction):
 * payment.collect: the owner pays the price to the platform (PaymentIntent); escrow.release:
 * Transfer to the agency's connected account; escrow.refund: Refund to the owner.
 */
export type PaymentCall =
  | { call: 'payment.collect'; amountFen: number; paymentMethod: string }
  | { call: 'escrow.release'; amountFen: number; purpose: 'acceptance' | 'termination' }
  | { call: 'escrow.refund'; amountFen: number }

/** A bundled-clock event to append (SPEC §6), dated; `extended` carries the days added to C. */
export type ClockEffect =
  | { type: Exclude<ClockEventType, 'extended'>; date: CalendarDate; reason?: string }
  | { type: 'extended'; date: CalendarDate; days: number; reason: string }

export type FollowUp =
  /** Generate the draw seed and publish SHA-256(seed) with the notice (every method a draw may decide). */
  | { type: 'draw.commitSeed' }
  /** Window closed: the sealed bids become visible to the owner. */
  | { type: 'bids.unseal' }
  /** The need is cancelled: live bids end, bidders are told. */
  | { type: 'bids.void' }
  /** Keep the winner (and its justification duty) on the need for publicity. */
  | { type: 'winner.set'; bidId: string; requiresJustification: boolean }
  /** Take a bid out of the next selection round. */
  | { type: 'selection.exclude'; bidId: string; agencyId: string }
  /** Other pending objections of the round end without a ruling (the selection is redone). */
  | { type: 'objections.closeAsMoot' }
  /** Create the contract at the winning quote, due for signature by `contractDue`. */
  | { type: 'contract.prepare'; bidId: string; priceFen: number }
  | { type: 'need.copyAsDraft' }
  | { type: 'need.setMethod'; method: 'direct'; afterFailedRound: true }
  /** A party's signature on the contract (signer, time and the text's hash). */
  | { type: 'contract.sign'; party: 'owner' | 'agency' }
  /** The agency segment starts (D0 = today). */
  | { type: 'contract.start' }
  /** Keep the delivered report as the next version. */
  | { type: 'delivery.record'; sha256: string; fileId: string }
  /** The owner's answer to the pending delivery. */
  | { type: 'delivery.decide'; outcome: 'returned' | 'accepted' }
  | { type: 'approval.record'; outcome: 'approved' | 'rejected'; documentNo: string }
  | { type: 'termination.propose'; by: 'owner' | 'agency'; refundFen: number; releaseFen: number }
  | { type: 'termination.decline' }
  /** How the contract ended, and who was at fault. */
  | {
      type: 'contract.end'
      kind: 'lapsed' | 'agreement' | 'ruling'
      partyAtFault: 'owner' | 'agency' | 'both' | 'none'
    }

export interface NeedEffects {
  audit: { event: NeedAuditEvent; payload: Record<string, string | number | boolean | null> }
  notify: NeedNotification[]
  credit: CreditEffect[]
  payments: PaymentCall[]
  /** The bundled-clock event to append (SPEC §6), if any. */
  clock: ClockEffect | null
  followUps: FollowUp[]
}

export type NeedRefusal =
  | 'forbidden'
  | 'wrongState'
  | 'factsMissing'
  | 'reasonRequired'
  | 'publishRules'
  | 'windowOpen'
  | 'selectionMismatch'
  | 'tooFewValidBids'
  | 'enoughValidBids'
  | 'notACandidate'
  | 'drawRequired'
  | 'publicityOver'
  | 'publicityRunning'
  | 'alreadyObjected'
  | 'noPendingObjection'
  | 'objectionPending'
  | 'contractNotSigned'
  | 'escrowNotPaid'
  | 'contractPending'
  | 'reportMissing'
  | 'approvalNotDecided'
  | 'ratingOpen'
  | 'rulingInvalid'
  | 'alreadyReposted'
  | 'directNotAllowed'
  | 'noValidBid'
  | 'signingOver'
  | 'alreadySigned'
  | 'payoutAccountMissing'
  | 'signingRunning'
  | 'alreadyPaid'
  | 'paymentProcessing'
  | 'paymentMethodMissing'
  | 'extensionInvalid'
  | 'dateInvalid'
  | 'approvalAlreadySubmitted'
  | 'approvalNotSubmitted'
  | 'approvalAlreadyDecided'
  | 'documentNoRequired'
  | 'outcomeRequired'
  | 'proposalPending'
  | 'noProposal'
  | 'ownProposal'
  | 'proposalStale'

export type NeedDecision =
  | { ok: true; next: NeedState; effects: NeedEffects }
  | { ok: false; reason: NeedRefusal; params?: Record<string, string | number> }

const refuse = (reason: NeedRefusal, params?: Record<string, string | number>): NeedDecision =>
  params ? { ok: false, reason, params } : { ok: false, reason }
const missing = (fact: string) => refuse('factsMissing', { fact })
const n = (key: string) => `needs.notify.${key}`

function allow(
  next: NeedState,
  event: NeedAuditEvent,
  parts: Partial<Omit<NeedEffects, 'audit'>> & { payload?: NeedEffects['audit']['payload'] } = {},
): NeedDecision {
  return {
    ok: true,
    next,
    effects: {
      audit: { event, payload: parts.payload ?? {} },
      notify: parts.notify ?? [],
      credit: parts.credit ?? [],
      payments: parts.payments ?? [],
      clock: parts.clock ?? null,
      followUps: parts.followUps ?? [],
    },
  }
}

/** What the actor is with respect to this need (possibly nothing). */
export function actorKinds(facts: Pick<NeedFacts, 'actor' | 'need' | 'winner'>): ActorKind[] {
  const { actor, need, winner } = facts
  const kinds: ActorKind[] = []
  if (actor.role === 'system') kinds.push('system')
  if (actor.role === 'owner' && actor.organisationId !== null && actor.organisationId === need.ownerOrganisationId)
    kinds.push('owner')
  if (actor.role === 'agency' && actor.organisationId !== null) {
    if (winner && actor.organisationId === winner.agencyId) kinds.push('winner')
    else if (need.bidderAgencyIds.includes(actor.organisationId)) kinds.push('bidder')
  }
  if (actor.role === 'regulator' && actor.supervisedServiceTypeIds.includes(need.serviceTypeId)) kinds.push('regulator')
  return kinds
}

const isFen = (v: number) => Number.isSafeInteger(v) && v >= 0

/** A money split of what the platform holds: refund to the owner + release to the agency = held. Null when it adds up. */
function checkSplit(r: NeedFacts['ruling'], heldFen: number): NeedDecision | null {
  if (!r || !isFen(r.refundFen) || !isFen(r.releaseFen) || r.refundFen + r.releaseFen !== heldFen)
    return refuse('rulingInvalid', { heldFen })
  return null
}

function splitPayments(r: NonNullable<NeedFacts['ruling']>): PaymentCall[] {
  const payments: PaymentCall[] = []
  if (r.refundFen > 0) payments.push({ call: 'escrow.refund', amountFen: r.refundFen })
  if (r.releaseFen > 0) payments.push({ call: 'escrow.release', amountFen: r.releaseFen, purpose: 'termination' })
  return payments
}
const SHA256 = /^[0-9a-f]{64}$/

export function decideNeed(
  action: NeedAction,
  facts: NeedFacts,
  config: MarketplaceConfig = marketplaceConfig,
): NeedDecision {
  const { need, today, winner } = facts
  const kinds = actorKinds(facts)
  const transition = needTransitions[action]
  // select: the system decides unless the owner picks directly.
  const actors: readonly ActorKind[] =
    action === 'select' ? [need.method === 'direct' ? 'owner' : 'system'] : transition.actors
  if (!actors.some((k) => kinds.includes(k))) return refuse('forbidden')
  if (!transition.from.includes(need.state)) return refuse('wrongState', { state: need.state })
  const reason = facts.reason?.trim() ?? ''

  switch (action) {
    case 'publish': {
      if (!facts.publishCheck) return missing('publishCheck')
      if (!facts.publishCheck.ok || facts.publishCheck.violations.length > 0)
        return refuse('publishRules', { count: facts.publishCheck.violations.length })
      return allow('open', 'need.published', {
        payload: { method: need.method, closesOn: need.registrationClosesOn },
        notify: [{ to: 'eligibleAgencies', key: n('needPublished') }],
        followUps: need.method === 'direct' ? [] : [{ type: 'draw.commitSeed' }],
      })
    }

    case 'close_window': {
      if (today <= need.registrationClosesOn) return refuse('windowOpen', { closesOn: need.registrationClosesOn })
      return allow('evaluating', 'need.window_closed', {
        payload: { bids: need.bidderAgencyIds.length },
        notify: [
          { to: 'owner', key: n('windowClosed') },
          { to: 'bidders', key: n('windowClosed') },
        ],
        followUps: [{ type: 'bids.unseal' }],
      })
    }

    case 'select': {
      const s = facts.selection
      if (!s) return missing('selection')
      if (s.result.method !== need.method) return refuse('selectionMismatch', { method: need.method })
      if (s.result.outcome === 'failed')
        return refuse('tooFewValidBids', { valid: s.result.validBidCount, min: s.result.minValidBids })
      if (!s.chosenBidId || !s.result.candidateBidIds.includes(s.chosenBidId)) return refuse('notACandidate')
      if (s.result.outcome === 'draw' && !s.drawId) return refuse('drawRequired')
      if (s.result.outcome === 'owner_pick' && !reason) return refuse('reasonRequired')
      const notify: NeedNotification[] = [
        { to: 'owner', key: n('resultPublished') },
        { to: 'winner', key: n('selected') },
        { to: 'losingBidders', key: n('notSelected') },
      ]
      if (s.result.requiresJustification)
        notify.push({ to: 'winner', key: n('justificationRequired') }, { to: 'owner', key: n('abnormallyLowWinner') })
      return allow('publicity', 'need.selected', {
        payload: {
          bidId: s.chosenBidId,
          method: need.method,
          outcome: s.result.outcome,
          drawId: s.drawId,
          requiresJustification: s.result.requiresJustification,
          reason: reason || null,
        },
        notify,
        followUps: [
          { type: 'winner.set', bidId: s.chosenBidId, requiresJustification: s.result.requiresJustification },
        ],
      })
    }

    case 'fail': {
      const s = facts.selection
      if (!s) return missing('selection')
      if (s.result.method !== need.method) return refuse('selectionMismatch', { method: need.method })
      if (s.result.outcome !== 'failed')
        return refuse('enoughValidBids', { valid: s.result.validBidCount, min: s.result.minValidBids })
      return allow('failed', 'need.failed', {
        payload: { validBids: s.result.validBidCount, minValidBids: s.result.minValidBids },
        notify: [
          { to: 'owner', key: n('needFailed') },
          { to: 'bidders', key: n('needFailed') },
        ],
      })
    }

    case 'cancel': {
      if (!reason) return refuse('reasonRequired')
      const hadBids = need.state !== 'draft' && need.bidderAgencyIds.length > 0
      const notify: NeedNotification[] = hadBids
        ? [
            { to: 'bidders', key: n('needCancelled') },
            // An owner cancelling once bids are in is worth a regulator's look.
            { to: 'regulators', key: n('needCancelledWithBids') },
          ]
        : []
      return allow('cancelled', 'need.cancelled', {
        payload: { reason, from: need.state, bids: need.state === 'draft' ? 0 : need.bidderAgencyIds.length },
        notify,
        followUps: need.state === 'draft' ? [] : [{ type: 'bids.void' }],
      })
    }

    case 'file_objection': {
      const p = facts.publicity
      if (!p) return missing('publicity')
      if (!winner) return missing('winner')
      if (today > p.endsOn) return refuse('publicityOver', { endsOn: p.endsOn })
      if (facts.actor.organisationId && p.objectedAgencyIds.includes(facts.actor.organisationId))
        return refuse('alreadyObjected')
      if (!reason) return refuse('reasonRequired')
      return allow('publicity', 'need.objection_filed', {
        payload: { agencyId: facts.actor.organisationId, reason },
        notify: [
          { to: 'regulators', key: n('objectionFiled') },
          { to: 'owner', key: n('objectionFiled') },
          { to: 'winner', key: n('objectionFiled') },
        ],
      })
    }

    case 'uphold_objection':
    case 'reject_objection': {
      const p = facts.publicity
      if (!p) return missing('publicity')
      if (!facts.objection) return missing('objection')
      if (!winner) return missing('winner')
      if (p.pendingObjections < 1) return refuse('noPendingObjection')
      if (!reason) return refuse('reasonRequired')
      if (action === 'reject_objection') {
        return allow('publicity', 'need.objection_rejected', {
          payload: { objectorAgencyId: facts.objection.objectorAgencyId, reason },
          notify: [
            { to: 'objector', key: n('objectionRejected') },
            { to: 'owner', key: n('objectionRejected') },
            { to: 'winner', key: n('objectionRejected') },
          ],
        })
      }
      return allow('evaluating', 'need.objection_upheld', {
        payload: {
          objectorAgencyId: facts.objection.objectorAgencyId,
          excludedBidId: winner.bidId,
          winnerAtFault: facts.objection.winnerAtFault,
          reason,
        },
        notify: [
          { to: 'objector', key: n('objectionUpheld') },
          { to: 'owner', key: n('objectionUpheld') },
          { to: 'winner', key: n('selectionOverturned') },
          { to: 'bidders', key: n('selectionRedone') },
        ],
        credit: facts.objection.winnerAtFault ? [{ agencyId: winner.agencyId, event: 'objection_upheld' }] : [],
        followUps: [
          { type: 'selection.exclude', bidId: winner.bidId, agencyId: winner.agencyId },
          { type: 'objections.closeAsMoot' },
        ],
      })
    }

    case 'end_publicity': {
      const p = facts.publicity
      if (!p) return missing('publicity')
      if (!winner) return missing('winner')
      if (today <= p.endsOn) return refuse('publicityRunning', { endsOn: p.endsOn })
      if (p.pendingObjections > 0) return refuse('objectionPending', { count: p.pendingObjections })
      if (winner.requiresJustification && !winner.justificationAttached) {
        return allow('evaluating', 'need.winner_disqualified', {
          payload: { bidId: winner.bidId, cause: 'justificationMissing' },
          notify: [
            { to: 'winner', key: n('disqualifiedNoJustification') },
            { to: 'owner', key: n('selectionRedone') },
            { to: 'bidders', key: n('selectionRedone') },
          ],
          followUps: [{ type: 'selection.exclude', bidId: winner.bidId, agencyId: winner.agencyId }],
        })
      }
      return allow('awarded', 'need.awarded', {
        payload: { bidId: winner.bidId, agencyId: winner.agencyId, priceFen: winner.quoteFen },
        notify: [
          { to: 'winner', key: n('awarded') },
          { to: 'owner', key: n('awarded') },
          { to: 'losingBidders', key: n('notAwarded') },
        ],
        followUps: [{ type: 'contract.prepare', bidId: winner.bidId, priceFen: winner.quoteFen }],
      })
    }

    case 'sign_contract': {
      const c = facts.contract
      if (!c) return missing('contract')
      if (today > c.dueOn) return refuse('signingOver', { dueOn: c.dueOn })
      const party = kinds.includes('owner') ? 'owner' : 'agency'
      if (party === 'owner' ? c.ownerSigned : c.agencySigned) return refuse('alreadySigned')
      if (party === 'agency' && !c.agencyPayoutReady) return refuse('payoutAccountMissing')
      const completes = party === 'owner' ? c.agencySigned : c.ownerSigned
      const notify: NeedNotification[] = [{ to: party === 'owner' ? 'winner' : 'owner', key: n('contractSigned') }]
      if (completes)
        notify.push({ to: 'owner', key: n('paymentDue') }, { to: 'winner', key: n('contractSignedByBoth') })
      return allow('awarded', 'need.contract_signed', {
        payload: { party, bothSigned: completes },
        notify,
        followUps: [{ type: 'contract.sign', party }],
      })
    }

    case 'lapse_contract': {
      const c = facts.contract
      if (!c) return missing('contract')
      if (!winner) return missing('winner')
      if (c.signed) return refuse('alreadySigned')
      if (today <= c.dueOn) return refuse('signingRunning', { dueOn: c.dueOn })
      const partyAtFault = !c.ownerSigned && !c.agencySigned ? 'both' : c.ownerSigned ? 'agency' : 'owner'
      return allow('terminated', 'need.contract_lapsed', {
        payload: { dueOn: c.dueOn, partyAtFault, ownerSigned: c.ownerSigned, agencySigned: c.agencySigned },
        notify: [
          { to: 'owner', key: n('contractLapsed') },
          { to: 'winner', key: n('contractLapsed') },
          { to: 'regulators', key: n('contractLapsed') },
        ],
        credit: partyAtFault === 'owner' ? [] : [{ agencyId: winner.agencyId, event: 'contract_lapsed' }],
        followUps: [{ type: 'contract.end', kind: 'lapsed', partyAtFault }],
      })
    }

    case 'pay': {
      const c = facts.contract
      if (!c) return missing('contract')
      if (!c.signed) return refuse('contractNotSigned')
      if (c.collectStatus === 'paid') return refuse('alreadyPaid')
      if (c.collectStatus === 'processing') return refuse('paymentProcessing')
      const paymentMethod = facts.payment?.paymentMethod.trim() ?? ''
      if (!paymentMethod) return refuse('paymentMethodMissing')
      return allow('awarded', 'need.payment_started', {
        payload: { amountFen: c.priceFen },
        payments: [{ call: 'payment.collect', amountFen: c.priceFen, paymentMethod }],
      })
    }

    case 'start_service': {
      const c = facts.contract
      if (!c) return missing('contract')
      if (!c.signed) return refuse('contractNotSigned')
      if (!(c.priceFen > 0 && c.escrowHeldFen >= c.priceFen))
        return refuse('escrowNotPaid', { priceFen: c.priceFen, heldFen: c.escrowHeldFen })
      return allow('in_service', 'need.service_started', {
        payload: { priceFen: c.priceFen, startedOn: today },
        notify: [
          { to: 'owner', key: n('serviceStarted') },
          { to: 'winner', key: n('serviceStarted') },
        ],
        clock: { type: 'started', date: today },
        followUps: [{ type: 'contract.start' }],
      })
    }

    case 'request_pause': {
      if (!reason) return refuse('reasonRequired')
      return allow('in_service', 'need.pause_requested', {
        payload: { reason },
        notify: [{ to: 'owner', key: n('pauseRequested') }],
        clock: { type: 'pause_requested', date: today, reason },
      })
    }

    case 'pause': {
      const c = facts.contract
      if (!c) return missing('contract')
      if (!reason) return refuse('reasonRequired')
      const type = c.pauseRequested ? 'pause_confirmed' : 'pause_recorded'
      return allow('paused', 'need.paused', {
        payload: { reason, source: c.pauseRequested ? 'confirmed' : 'recorded' },
        notify: [{ to: 'winner', key: n('paused') }],
        clock: { type, date: today, reason },
      })
    }

    case 'resume': {
      const byOwner = kinds.includes('owner')
      return allow('in_service', 'need.resumed', {
        payload: { by: byOwner ? 'owner' : 'agency', reason: reason || null },
        notify: [{ to: byOwner ? 'winner' : 'owner', key: n('resumed') }],
        clock: reason ? { type: 'resumed', date: today, reason } : { type: 'resumed', date: today },
      })
    }

    case 'extend': {
      const days = facts.extension?.days ?? 0
      if (!(Number.isInteger(days) && days >= 1 && days <= serviceConfig.maxExtensionWorkingDays))
        return refuse('extensionInvalid', { max: serviceConfig.maxExtensionWorkingDays })
      if (!reason) return refuse('reasonRequired')
      return allow(need.state, 'need.extended', {
        payload: { days, reason },
        notify: [{ to: 'winner', key: n('extended') }],
        clock: { type: 'extended', date: today, days, reason },
      })
    }

    case 'deliver': {
      const sha256 = facts.report?.sha256.toLowerCase() ?? ''
      // The report is a stored file: without one there is nothing to keep as the next version.
      const fileId = facts.report?.fileId.trim() ?? ''
      if (!SHA256.test(sha256) || !fileId) return refuse('reportMissing')
      return allow('delivered', 'need.delivered', {
        payload: { sha256 },
        notify: [{ to: 'owner', key: n('delivered') }],
        clock: { type: 'delivered', date: today },
        followUps: [{ type: 'delivery.record', sha256, fileId }],
      })
    }

    case 'return_for_revision': {
      if (!reason) return refuse('reasonRequired')
      return allow('in_service', 'need.returned_for_revision', {
        payload: { reason },
        notify: [{ to: 'winner', key: n('returnedForRevision') }],
        clock: { type: 'returned_for_revision', date: today, reason },
        followUps: [{ type: 'delivery.decide', outcome: 'returned' }],
      })
    }

    case 'accept': {
      const c = facts.contract
      if (!c) return missing('contract')
      return allow('accepted', 'need.accepted', {
        payload: { releasedFen: c.escrowHeldFen },
        notify: [{ to: 'winner', key: n('accepted') }],
        payments:
          c.escrowHeldFen > 0 ? [{ call: 'escrow.release', amountFen: c.escrowHeldFen, purpose: 'acceptance' }] : [],
        followUps: [{ type: 'delivery.decide', outcome: 'accepted' }],
      })
    }

    case 'submit_for_approval':
    case 'record_approval_decision': {
      const c = facts.contract
      if (!c) return missing('contract')
      // The contract's facts before the form's input (the page offers only what input can fix).
      if (action === 'submit_for_approval' && c.approvalSubmitted) return refuse('approvalAlreadySubmitted')
      if (action === 'record_approval_decision') {
        if (!c.approvalSubmitted) return refuse('approvalNotSubmitted')
        if (c.approvalDecided) return refuse('approvalAlreadyDecided')
      }
      const a = facts.approval
      if (!a || !isCalendarDate(a.date) || a.date > today) return refuse('dateInvalid', { today })
      if (action === 'submit_for_approval') {
        return allow('accepted', 'need.approval_submitted', {
          payload: { date: a.date },
          notify: [{ to: 'winner', key: n('approvalSubmitted') }],
          clock: { type: 'approval_submitted', date: a.date },
        })
      }
      if (a.outcome !== 'approved' && a.outcome !== 'rejected') return refuse('outcomeRequired')
      const documentNo = a.documentNo?.trim() ?? ''
      if (!documentNo) return refuse('documentNoRequired')
      return allow('accepted', 'need.approval_decided', {
        payload: { date: a.date, outcome: a.outcome, documentNo },
        notify: [
          { to: 'winner', key: n('approvalDecided') },
          { to: 'regulators', key: n('approvalDecided') },
        ],
        clock: { type: 'approval_decided', date: a.date },
        followUps: [{ type: 'approval.record', outcome: a.outcome, documentNo }],
      })
    }

    case 'close': {
      const c = facts.contract
      if (!c) return missing('contract')
      const r = facts.ownerRating
      if (!r) return missing('ownerRating')
      if (!c.approvalDecided) return refuse('approvalNotDecided')
      if (!r.rated && today <= r.dueOn) return refuse('ratingOpen', { dueOn: r.dueOn })
      return allow('closed', 'need.closed', {
        payload: { ownerRated: r.rated, ratingDueOn: r.dueOn },
        notify: [
          { to: 'owner', key: n('closed') },
          { to: 'winner', key: n('closed') },
        ],
      })
    }

    case 'terminate': {
      const c = facts.contract
      if (!c) return missing('contract')
      if (!winner) return missing('winner')
      if (need.state === 'awarded' && !c.signed && today <= c.dueOn)
        return refuse('contractPending', { dueOn: c.dueOn })
      if (!reason) return refuse('reasonRequired')
      const r = facts.ruling
      const split = checkSplit(r, c.escrowHeldFen)
      if (!r || split) return split ?? refuse('rulingInvalid', { heldFen: c.escrowHeldFen })
      return allow('terminated', 'need.terminated', {
        payload: {
          reason,
          from: need.state,
          by: 'ruling',
          partyAtFault: r.partyAtFault,
          refundFen: r.refundFen,
          releaseFen: r.releaseFen,
        },
        notify: [
          { to: 'owner', key: n('terminated') },
          { to: 'winner', key: n('terminated') },
        ],
        credit:
          r.partyAtFault === 'agency' || r.partyAtFault === 'both'
            ? [{ agencyId: winner.agencyId, event: 'terminated_at_fault' }]
            : [],
        payments: splitPayments(r),
        followUps: [{ type: 'contract.end', kind: 'ruling', partyAtFault: r.partyAtFault }],
      })
    }

    case 'propose_termination': {
      const c = facts.contract
      if (!c) return missing('contract')
      if (c.terminationProposal) return refuse('proposalPending')
      if (!reason) return refuse('reasonRequired')
      const r = facts.ruling
      const split = checkSplit(r, c.escrowHeldFen)
      if (!r || split) return split ?? refuse('rulingInvalid', { heldFen: c.escrowHeldFen })
      const by = kinds.includes('owner') ? 'owner' : 'agency'
      return allow(need.state, 'need.termination_proposed', {
        payload: { by, reason, refundFen: r.refundFen, releaseFen: r.releaseFen },
        notify: [{ to: by === 'owner' ? 'winner' : 'owner', key: n('terminationProposed') }],
        followUps: [{ type: 'termination.propose', by, refundFen: r.refundFen, releaseFen: r.releaseFen }],
      })
    }

    case 'decline_termination':
    case 'agree_termination': {
      const c = facts.contract
      if (!c) return missing('contract')
      const p = c.terminationProposal
      if (!p) return refuse('noProposal')
      const side = kinds.includes('owner') ? 'owner' : 'winner'
      if (action === 'decline_termination') {
        return allow(need.state, 'need.termination_declined', {
          payload: { by: side === 'owner' ? 'owner' : 'agency', reason: reason || null },
          notify: [{ to: side === 'owner' ? 'winner' : 'owner', key: n('terminationDeclined') }],
          followUps: [{ type: 'termination.decline' }],
        })
      }
      if (p.by === side) return refuse('ownProposal')
      // What is held may have changed since the proposal (a payment landed): the split must still add up.
      const ruling = { partyAtFault: 'none' as const, refundFen: p.refundFen, releaseFen: p.releaseFen }
      // Not the agreeing party's input: the proposal itself is out of date (409, not a field).
      if (checkSplit(ruling, c.escrowHeldFen)) return refuse('proposalStale', { heldFen: c.escrowHeldFen })
      return allow('terminated', 'need.terminated', {
        payload: {
          reason: reason || null,
          from: need.state,
          by: 'agreement',
          partyAtFault: 'none',
          refundFen: p.refundFen,
          releaseFen: p.releaseFen,
        },
        notify: [
          { to: 'owner', key: n('terminated') },
          { to: 'winner', key: n('terminated') },
          { to: 'regulators', key: n('terminatedByAgreement') },
        ],
        payments: splitPayments(ruling),
        followUps: [{ type: 'contract.end', kind: 'agreement', partyAtFault: 'none' }],
      })
    }

    case 'repost': {
      const repostedAs = need.state === 'failed' ? facts.failedRound?.repostedAs : facts.ended?.repostedAs
      if (repostedAs === undefined) return missing(need.state === 'failed' ? 'failedRound' : 'ended')
      if (repostedAs) return refuse('alreadyReposted', { needId: repostedAs })
      return allow(need.state, 'need.reposted', { followUps: [{ type: 'need.copyAsDraft' }] })
    }

    case 'switch_to_direct': {
      const f = facts.failedRound
      if (!f) return missing('failedRound')
      if (f.repostedAs) return refuse('alreadyReposted', { needId: f.repostedAs })
      if (!config.allowDirectAfterFailedRound) return refuse('directNotAllowed')
      if (f.validBidCount < config.minValidBids.direct)
        return refuse('noValidBid', { valid: f.validBidCount, min: config.minValidBids.direct })
      return allow('evaluating', 'need.switched_to_direct', {
        payload: { validBids: f.validBidCount },
        notify: [{ to: 'bidders', key: n('switchedToDirect') }],
        followUps: [{ type: 'need.setMethod', method: 'direct', afterFailedRound: true }],
      })
    }
  }
}
