/**
 * The public form of an audit event: the leaf of the transparency log (docs/transparency-log.md
 * §2). What anyone may see of the event; every private field — anything sealed (a bid's need and
 * bidder), personal data (user ids, e-mails, names, free text a person wrote), internal references
 * (Stripe ids, idempotency keys) and whatever no public page shows — is replaced by a salted
 * SHA-256 commitment, so the log is public without leaking and the platform can still prove a
 * private value by revealing it with the salt.
 *
 * A leaf never changes once sequenced: a member listed public here is public for ever. So the
 * policies below show only what the public pages already show (results, draws, contract summary,
 * agency profiles, blacklist, catalogue, calendar), and commit the rest.
 */
import { createHash } from 'node:crypto'
import { canonicalJson, type AuditRow } from '~/domain/audit/chain'

/** An audit event as stored, with its private salt (32 lower-case hex digits). */
export interface PrivateEvent extends AuditRow {
  id: number
  salt: string
  legacyChainHash: string | null
}

export interface Commitment {
  sha256: string
}

export interface PublicForm {
  v: 1
  eventId: number
  occurredAt: string
  action: string
  entityType: string
  entityId: string | Commitment
  actor: { organisationId: string | null | Commitment; userId: null | Commitment }
  payload: unknown
  contentHash: string
  /** Present only for events from before the log (the old hash chain's `hash`). */
  legacyChainHash?: string
}

/**
 * How one action is published. `publicPayload`: the payload's top-level members shown as they are
 * (whole: list a member only if all of its value is public); every other member is committed.
 */
export interface AuditPolicy {
  publicPayload: readonly string[]
  /** The acting organisation is committed (a bidder, an objector, a complainant). */
  privateActorOrganisation?: true
  /** The entity id is committed (it is personal data: a user id). */
  privateEntityId?: true
}

const SALT = /^[0-9a-f]{32}$/

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

/** `{ sha256: hex(SHA-256(UTF-8(salt + "\n" + path + "\n" + canonicalJson(value)))) }` */
export function commitment(salt: string, path: string, value: unknown): Commitment {
  if (!SALT.test(salt)) throw new TypeError('salt: 32 lower-case hex digits')
  return { sha256: sha256Hex(`${salt}\n${path}\n${canonicalJson(value)}`) }
}

/** Binds the private row: hex SHA-256(UTF-8(salt + "\n" + canonicalJson(row))). */
export function contentHashOf(e: Omit<PrivateEvent, 'id' | 'legacyChainHash'>): string {
  if (!SALT.test(e.salt)) throw new TypeError('salt: 32 lower-case hex digits')
  const row = canonicalJson({
    occurredAt: e.occurredAt.toISOString(),
    actorUserId: e.actorUserId,
    actorOrganisationId: e.actorOrganisationId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    payload: e.payload,
  })
  return sha256Hex(`${e.salt}\n${row}`)
}

/** An action nobody gave a policy: every payload member committed, the organisation public. */
export const defaultPolicy: AuditPolicy = { publicPayload: [] }

export function policyOf(action: string): AuditPolicy {
  return Object.prototype.hasOwnProperty.call(auditPolicies, action) ? auditPolicies[action] : defaultPolicy
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

function publicPayload(salt: string, payload: unknown, policy: AuditPolicy): unknown {
  // A payload that is not an object (no current writer makes one) is committed whole.
  if (!isPlainObject(payload)) return commitment(salt, 'payload', payload)
  const shown = new Set(policy.publicPayload)
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined) continue
    // defineProperty: a member named `__proto__` stays a member.
    Object.defineProperty(out, name, {
      value: shown.has(name) ? value : commitment(salt, `payload.${name}`, value),
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}

export function publicFormOf(e: PrivateEvent): PublicForm {
  const policy = policyOf(e.action)
  const form: PublicForm = {
    v: 1,
    eventId: e.id,
    occurredAt: e.occurredAt.toISOString(),
    action: e.action,
    entityType: e.entityType,
    entityId: policy.privateEntityId ? commitment(e.salt, 'entityId', e.entityId) : e.entityId,
    actor: {
      organisationId:
        e.actorOrganisationId !== null && policy.privateActorOrganisation
          ? commitment(e.salt, 'actor.organisationId', e.actorOrganisationId)
          : e.actorOrganisationId,
      userId: e.actorUserId === null ? null : commitment(e.salt, 'actor.userId', e.actorUserId),
    },
    payload: publicPayload(e.salt, e.payload, policy),
    contentHash: contentHashOf(e),
  }
  if (e.legacyChainHash !== null) form.legacyChainHash = e.legacyChainHash
  return form
}

/** The leaf's text; the leaf bytes are its UTF-8. */
export function leafTextOf(e: PrivateEvent): string {
  return canonicalJson(publicFormOf(e))
}

// ── The policies: one per action the code writes (test/unit/public-form.test.ts finds them all) ──

const p = (publicPayload: readonly string[], extra: Omit<AuditPolicy, 'publicPayload'> = {}): AuditPolicy => ({
  publicPayload,
  ...extra,
})
/** A bid: sealed for ever (leaves never change), so neither the bidder nor the need it bids on shows. */
const sealed = (publicPayload: readonly string[]) => p(publicPayload, { privateActorOrganisation: true })
/** The clock members the decision adds (the public contract summary shows the timeline's shape). */
const CLOCK = ['clockEvent', 'clockDate', 'contractId'] as const
const COMPLAINT_STEP = ['from', 'to', 'creditPoints', 'blacklistEntryId'] as const
/** The catalogue-like data every public page shows (admin-edited reference data). */
const BEFORE_AFTER = ['before', 'after'] as const

export const auditPolicies: Record<string, AuditPolicy> = {
  // ── Bids (docs/bid-commitments.md): the commitment hides the quote, the bid id is random; the
  // need it bids on and who bid are committed (public level "none" while open, and for ever if
  // the need is cancelled before the close).
  'bid.submitted': sealed(['bidId', 'revision', 'quoteCommitment']),
  'bid.revised': sealed(['bidId', 'revision', 'quoteCommitment']),
  'bid.withdrawn': sealed(['bidId', 'revision']),

  // ── A need's notice, selection and result (the public notice, /needs/:id result, /draws/:needId).
  // Drafts are not public.
  'need.draft_created': p([]),
  'need.draft_updated': p([]),
  'need.published': p(['method', 'closesOn', 'seedHash', 'drawAlgorithm']),
  // How many bids came is not on any public page (and is sealed for a need cancelled later).
  'need.window_closed': p(['closesOn']),
  // The owner's written reason is free text: committed.
  'need.selected': p([
    'bidId',
    'method',
    'outcome',
    'drawId',
    'requiresJustification',
    'round',
    'selectionRoundId',
    'agencyId',
    'afterFailedRound',
    'publicityEndsOn',
    'seed',
    'seedHash',
    'drawWinner',
    'drawWinnerIndex',
  ]),
  'need.failed': p(['validBids', 'minValidBids', 'round', 'selectionRoundId']),
  'need.cancelled': p(['from']),
  'need.reposted': p([]),
  'need.switched_to_direct': p(['validBids', 'fromMethod', 'round']),
  'need.winner_disqualified': p(['bidId', 'cause', 'round', 'nextRound', 'agencyId']),
  'need.justification_attached': p(['round', 'selectionRoundId', 'bidId']),
  // Objections: the objector (a bidder) is not public; the ruling's outcome on the winner is.
  'need.objection_filed': p(['round', 'objectionId'], { privateActorOrganisation: true }),
  'need.objection_upheld': p(['excludedBidId', 'winnerAtFault', 'round', 'objectionId', 'nextRound', 'agencyId']),
  'need.objection_rejected': p(['round', 'objectionId']),
  'need.awarded': p([
    'bidId',
    'agencyId',
    'priceFen',
    'needId',
    'agencyOrganisationId',
    'round',
    'contractId',
    'contractSha256',
    'signDueOn',
  ]),

  // ── The contract (its public summary: parties, price, signing dates, text SHA-256, start, the
  // clock's shape without reasons, each report's version/date/SHA-256, how it ended).
  'need.contract_signed': p(['party', 'bothSigned', 'sha256', 'signedAt', 'contractId']),
  'need.contract_lapsed': p(['dueOn', 'ownerSigned', 'agencySigned', ...CLOCK]),
  'need.payment_started': p(['amountFen', 'paymentAttempt', 'contractId']),
  'need.service_started': p(['priceFen', 'startedOn', ...CLOCK]),
  'need.pause_requested': p([...CLOCK]),
  'need.paused': p(['source', ...CLOCK]),
  'need.resumed': p(['by', ...CLOCK]),
  'need.extended': p(['days', ...CLOCK]),
  'need.delivered': p(['sha256', 'deliveryId', 'version', ...CLOCK]),
  'need.returned_for_revision': p(['deliveryVersion', ...CLOCK]),
  'need.accepted': p(['deliveryVersion', ...CLOCK]),
  'need.acceptance_escalated': p(['contractId', 'deliveryId', 'version', 'waitedWorkingDays']),
  'need.overdue_days_recorded': p([
    'contractId',
    'agencyOrganisationId',
    'days',
    'committedDays',
    'agencyBudget',
    'agencyUsed',
  ]),
  'need.approval_submitted': p(['date', ...CLOCK]),
  'need.approval_decided': p(['date', ...CLOCK]),
  'need.closed': p(['ownerRated', 'ratingDueOn', 'contractId']),
  // How it ended is public (agreement / ruling); why, who was at fault and the money split are not shown.
  'need.terminated': p(['from', 'by', ...CLOCK]),
  'need.termination_proposed': p(['by', 'contractId']),
  'need.termination_declined': p(['by', 'contractId']),

  // ── Payments (Stripe's answers). That they happened is public; only the contract price is shown
  // as an amount (need.payment_started); Stripe ids, decline codes and keys are committed.
  'payment.held': p(['needId', 'attempt']),
  'payment.failed': p(['needId', 'attempt']),
  'payment.released': p(['needId', 'purpose', 'status']),
  'payment.refunded': p(['needId']),
  'payment.late_refund_requested': p(['needId', 'terminationKind']),
  'payout.account_opened': p(['country']),

  // ── Ratings (scores public on the agency profile; text and reasons are not in the log).
  'rating.owner_rated': p(['ratingId', 'quality', 'timeliness', 'attitude', 'fee']),
  'rating.department_rated': p(['ratingId', 'reportQuality', 'reportTimeliness']),
  'rating.replied': p(['ratingId']),
  'rating.text_hidden': p(['ratingId']),

  // ── Credit (the public ledger).
  'credit.behaviour.created': p(BEFORE_AFTER),
  'credit.behaviour.updated': p(BEFORE_AFTER),
  'credit.violation_recorded': p(['agencyId', 'behaviourCode', 'points', 'onDate', 'needId', 'contractId']),
  'credit.commendation_recorded': p(['agencyId', 'points']),
  // A repair application is the agency's and the regulator's; a granted one adds a public ledger event.
  'credit.repair_applied': p(['kind', 'points'], { privateActorOrganisation: true }),
  'credit.repair_evidence_added': p([], { privateActorOrganisation: true }),
  'credit.repair_granted': p(['creditEventId']),
  'credit.repair_refused': p([]),
  'credit.repair_withdrawn': p([], { privateActorOrganisation: true }),

  // ── Complaints: not public; the complainant is an owner or an agency, its target unproven.
  'complaint.filed': p(['subject', 'acceptDueOn', 'answerDueOn'], { privateActorOrganisation: true }),
  // A decision's outcome: the credit points it cost and the blacklist entry it made (both public
  // on the ledger and the blacklist; null unless upheld); the reasons are free text.
  'complaint.accepted': p(COMPLAINT_STEP),
  'complaint.rejected_invalid': p(COMPLAINT_STEP),
  'complaint.upheld': p(COMPLAINT_STEP),
  'complaint.dismissed': p(COMPLAINT_STEP),
  'complaint.withdrawn': p(COMPLAINT_STEP, { privateActorOrganisation: true }),

  // ── Blacklist (the public blacklist page); the bids it disqualified stay sealed.
  'blacklist.entry_listed': p(['agencyId', 'scope', 'serviceTypeIds', 'startsOn', 'endsOn']),
  'blacklist.entry_lifted': p([]),
  'blacklist.entry_expired': p(['endsOn']),
  'blacklist.appealed': p([]),
  'blacklist.appeal_decided': p(['decision', 'lifted']),

  // ── The agency registry (directory, profile, exits page); applications are not public.
  'agency.application.saved': p(['kind']),
  'agency.application.submitted': p(['kind', 'revision']),
  'agency.application.withdrawn': p([]),
  'agency.application.approved': p(['organisationId', 'kind', 'revision', 'agencyStatus']),
  // A refusal names no agency publicly (an approval makes it active: public).
  'agency.application.rejected': p(['kind', 'revision', 'agencyStatus']),
  'agency.certificate.uploaded': p(['mimeType', 'size']),
  'agency.suspend': p(['from', 'to']),
  'agency.reinstate': p(['from', 'to']),
  'agency.exitVoluntary': p(['from', 'to', 'exit']),
  'agency.forceExit': p(['from', 'to', 'exit']),

  // ── Accounts: organisations are public (directory, contract parties); people are not.
  'organisation.registered': p(['kind', 'name', 'creditCode', 'status']),
  'user.created': p(['role', 'organisationId'], { privateEntityId: true }),
  'regulator.created': p(['name', 'departmentId']),
  // A project is public with its first published notice, not before.
  'project.created': p([]),

  // ── Reference data every public page shows.
  'calendar.override.created': p(BEFORE_AFTER),
  'calendar.override.updated': p(BEFORE_AFTER),
  'calendar.override.deleted': p(['before']),
  'calendar.year.imported': p(['source', 'days', 'replaced', 'extendsRange']),
  'catalogue.department.created': p(BEFORE_AFTER),
  'catalogue.department.updated': p(BEFORE_AFTER),
  'catalogue.qualificationType.created': p(BEFORE_AFTER),
  'catalogue.qualificationType.updated': p(BEFORE_AFTER),
  'catalogue.serviceType.created': p(BEFORE_AFTER),
  'catalogue.serviceType.updated': p(BEFORE_AFTER),
  'catalogue.approvalItem.created': p(BEFORE_AFTER),
  'catalogue.approvalItem.updated': p(BEFORE_AFTER),
  'catalogue.contractTemplate.saved': p(['version', 'bodyZhSha256', 'bodyEnSha256']),
  'catalogue.contractTemplate.reset': p(['previousVersion']),
  // Named in the admin overview's dictionary; no code writes it today (an older database may hold it).
  'settings.changed': p([]),
  'settings.marketplace.updated': p(['before', 'after', 'overrides', 'retiered', 'beforeWasUnreadable']),
  'settings.marketplace.reset': p(['before', 'after', 'overrides', 'retiered', 'beforeWasUnreadable']),
}
