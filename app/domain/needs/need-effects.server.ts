/**
 * THE place a need decision is carried out (docs/decisions/007-need-decisions-applied-in-one-place.md).
 * `decideNeed` (need-lifecycle.ts) names the next state and the effects as data; every caller —
 * the owner's screens, the bidders' objections, the regulator's rulings, the timed work — locks
 * the need (`lockNeed`), reads the facts, asks `decideNeed`, and hands an allowed decision to
 * `applyNeedDecision`, which in the caller's transaction:
 *
 * 1. checks the credit effects (an exhaustive `switch`) before anything is written: each needs
 *    what it is recorded with (the upheld objection, the contract);
 * 2. plans every follow-up through one exhaustive `switch` (a follow-up kind nobody handles
 *    fails to compile): what it sets with the move, what it adds to the audit event, what it
 *    writes after the move;
 * 3. moves the need from the state the decision was taken in (`moveNeed`, guarded by state and
 *    round: a stale read changes nothing and is a 409);
 * 4. runs the follow-ups' writes (the contract's: signatures, deliveries, how it ended …), then
 *    appends the bundled-clock event (checked by the clock first), records the payment calls
 *    (outbox rows delivered after commit — Stripe is never called here) and the agency's conduct
 *    events the credit ledger consumes;
 * 5. resolves the recipients (`notifyNeed`, the one resolver) and sends the notifications;
 * 6. appends the decision's audit event (its payload + the caller's + the follow-ups').
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  agencyServiceTypes,
  bids,
  conductEvents,
  needs,
  objections,
  organisations,
  serviceTypes,
  users,
} from '#db/schema'
import { now } from '~/domain/now'
import { Conflict } from '~/domain/errors'
import { recordAudit, type Actor } from '~/utils/audit.server'
import { notifyMany } from '~/utils/notifications.server'
import { claimAward } from '../selection/award.server'
import { newCommitment } from '../selection/draw'
import { insertSelectionRound, type SelectionRoundRecord } from '../selection/selection-rounds.server'
import { moveNeed, type NeedPatch, type NeedRow } from './need-access.server'
import { appendClockEvent } from '../contracts/clock-events.server'
import {
  decideDelivery,
  draftContract,
  endContract,
  markStarted,
  recordApprovalDecision,
  recordDelivery,
  recordSignature,
  setTerminationProposal,
  type ContractRow,
} from '../contracts/contracts.server'
import { recordPaymentCall } from '../payments/payment-calls.server'
import { shanghaiDate } from '~/domain/dates'
import { recordConductCredit, recordObjectionCredit } from '../credit/ledger.server'
import type {
  CreditEffect,
  FollowUp,
  NeedDecision,
  NeedEffects,
  NeedFacts,
  NeedNotification,
  NeedState,
  Recipient,
} from './need-lifecycle'

type Tx = Db
type AuditExtra = Record<string, unknown>

export type AllowedNeedDecision = Extract<NeedDecision, { ok: true }>

export interface NeedDecisionContext {
  /** The need as read under `lockNeed`. */
  need: NeedRow
  /** The facts `decideNeed` was asked with: the move starts from `facts.need.state`; the recipients come from them. */
  facts: NeedFacts
  /** Who the audit event names (`systemActor` for the timed work). */
  actor: Actor
  /** Columns the caller sets with the move (publishedAt, cancelReason …). */
  set?: NeedPatch
  /** What the caller adds to the audit event (round, selectionRoundId …). */
  audit?: AuditExtra
  /** `winner.set`: the decided round that names the winner (its `chosenBidId` is the follow-up's bid). */
  selectionRound?: Omit<SelectionRoundRecord, 'chosenBidId'>
  /** The objection the notifications concern: a regulator's link leads to it. */
  objectionId?: string
  /** From the award on: the contract (as read under the need's lock) the decision concerns. */
  contract?: ContractRow
}

export interface AppliedNeedDecision {
  state: NeedState
  /** What the move set besides the state (the seed commitment's hash …). */
  set: NeedPatch
  /** `need.copyAsDraft`: the new draft's id. */
  draftId: string | null
  /** The idempotency keys of the outbox rows the decision wrote (delivered after the commit). */
  outboxKeys: string[]
}

/** One follow-up, planned: set with the move, added to the audit event, written after the move. */
interface Step {
  set?: NeedPatch
  audit?: AuditExtra
  /** An agency whose bid the follow-up takes out: no longer among the bidders told. */
  leaves?: string
  /** The winner the follow-up keeps on the need (for the `winner` recipients). */
  winnerAgencyId?: string
  run?: () => Promise<AuditExtra | void>
}

const assertNever = (value: never, what: string): never => {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`)
}

export async function applyNeedDecision(
  tx: Tx,
  ctx: NeedDecisionContext,
  decision: AllowedNeedDecision,
): Promise<AppliedNeedDecision> {
  const { need } = ctx
  const { effects } = decision
  // A credit effect without what it is recorded with refuses before anything is written.
  for (const credit of effects.credit) checkCredit(ctx, effects, credit)
  // A clock event and a payment call belong to a contract: without it, refuse before anything is written too.
  if (effects.clock !== null) contractOf(ctx, 'clock')
  if (effects.payments.length > 0) contractOf(ctx, 'payments')
  const steps: Step[] = []
  for (const followUp of effects.followUps) steps.push(await planFollowUp(tx, ctx, effects, followUp))
  const set: NeedPatch = Object.assign({}, ctx.set, ...steps.map((s) => s.set ?? {}))
  await moveNeed(tx, need, ctx.facts.need.state, decision.next, set)
  const audit: AuditExtra = {}
  let draftId: string | null = null
  for (const step of steps) {
    Object.assign(audit, step.audit)
    const added = await step.run?.()
    if (added) Object.assign(audit, added)
    if (added && typeof added.draftId === 'string') draftId = added.draftId
  }
  if (effects.clock !== null) {
    await appendClockEvent(tx, contractOf(ctx, 'clock'), effects.clock, ctx.actor.userId)
    audit.clockEvent = effects.clock.type
    audit.clockDate = effects.clock.date
  }
  const outboxKeys: string[] = []
  for (const payment of effects.payments) {
    const recorded = await recordPaymentCall(tx, contractOf(ctx, 'payments'), payment)
    Object.assign(audit, recorded.audit)
    outboxKeys.push(recorded.outboxKey)
  }
  for (const credit of effects.credit) await applyCredit(tx, ctx, credit)
  if (ctx.contract) audit.contractId = ctx.contract.id
  const leaving = new Set(steps.flatMap((s) => (s.leaves ? [s.leaves] : [])))
  const bidders = ctx.facts.need.bidderAgencyIds.filter((id) => !leaving.has(id))
  const winner = ctx.facts.winner?.agencyId ?? steps.find((s) => s.winnerAgencyId)?.winnerAgencyId ?? null
  await notifyNeed(
    tx,
    need,
    effects.notify,
    { bidders, winner, objector: ctx.facts.objection?.objectorAgencyId ?? null },
    ctx.objectionId,
  )

  await recordAudit(tx, {
    actor: ctx.actor,
    action: effects.audit.event,
    entityType: 'need',
    entityId: need.id,
    payload: { ...effects.audit.payload, ...ctx.audit, ...audit },
  })
  return { state: decision.next, set, draftId, outboxKeys }
}

// ── Follow-ups ───────────────────────────────────────────────────────────────

async function planFollowUp(tx: Tx, ctx: NeedDecisionContext, effects: NeedEffects, f: FollowUp): Promise<Step> {
  const { need } = ctx
  switch (f.type) {
    case 'draw.commitSeed': {
      // SHA-256(seed) is public from now on; the seed stays secret until the draw (never in the audit event).
      const commit = await newCommitment()
      return {
        set: { seedHash: commit.seedHash, seedSecret: commit.seed },
        audit: { seedHash: commit.seedHash, drawAlgorithm: commit.algorithm },
      }
    }
    case 'bids.unseal':
      // Nothing to write: who sees the bids follows from the state (bid-visibility.ts, docs/sealed-bids.md).
      return {}
    case 'bids.void':
      return {
        run: async () => {
          await tx
            .update(bids)
            .set({ status: 'withdrawn', statusReason: 'need_cancelled', updatedAt: now() })
            .where(and(eq(bids.needId, need.id), eq(bids.status, 'live')))
        },
      }
    case 'winner.set': {
      const round = ctx.selectionRound
      if (!round) throw new Error('winner.set needs the decided selection round')
      const [bid] = await tx
        .select({ agencyId: bids.agencyOrganisationId })
        .from(bids)
        .where(and(eq(bids.id, f.bidId), eq(bids.needId, need.id)))
      if (!bid) throw new Error('winner.set names a bid of another need')
      // The justification duty travels in the stored result (`requiresJustification`).
      if ((round.result.requiresJustification === true) !== f.requiresJustification)
        throw new Error('winner.set: the stored result disagrees on the justification duty')
      return {
        winnerAgencyId: bid.agencyId,
        run: () => insertSelectionRound(tx, need, { ...round, chosenBidId: f.bidId }),
      }
    }
    case 'selection.exclude':
      return disqualifyWinnerAndRedo(tx, need, f, exclusionCause(effects))
    case 'objections.closeAsMoot':
      return {
        run: async () => {
          await tx
            .update(objections)
            .set({ status: 'moot', ruledAt: now() })
            .where(
              and(eq(objections.needId, need.id), eq(objections.round, need.round), eq(objections.status, 'pending')),
            )
        },
      }
    case 'contract.prepare':
      // The award row (exactly once) and the contract drafted at the winning quote, due for signature.
      return {
        audit: { needId: need.id, agencyOrganisationId: ctx.facts.winner?.agencyId ?? null, round: need.round },
        run: async () => {
          const claimed = await claimAward(tx, need, {
            bidId: f.bidId,
            round: need.round,
            actorUserId: ctx.actor.userId,
          })
          if (!claimed.awarded) throw new Conflict('needs.errors.wrongState', { state: 'awarded' })
          const contract = await draftContract(tx, need, f.bidId, f.priceFen)
          return { contractId: contract.id, contractSha256: contract.textSha256, signDueOn: contract.signDueOn }
        },
      }
    case 'contract.sign': {
      const contract = contractOf(ctx, f.type)
      return {
        run: async () => ({ party: f.party, ...(await recordSignature(tx, contract, f.party, ctx.actor.userId)) }),
      }
    }
    case 'contract.start': {
      const contract = contractOf(ctx, f.type)
      return { run: () => markStarted(tx, contract) }
    }
    case 'delivery.record': {
      const contract = contractOf(ctx, f.type)
      return {
        run: () => recordDelivery(tx, contract, { sha256: f.sha256, fileId: f.fileId, userId: ctx.actor.userId }),
      }
    }
    case 'delivery.decide': {
      const contract = contractOf(ctx, f.type)
      const reason = ctx.facts.reason?.trim() || null
      return { run: () => decideDelivery(tx, contract, { outcome: f.outcome, reason, userId: ctx.actor.userId }) }
    }
    case 'approval.record': {
      const contract = contractOf(ctx, f.type)
      return { run: () => recordApprovalDecision(tx, contract, { outcome: f.outcome, documentNo: f.documentNo }) }
    }
    case 'termination.propose': {
      const contract = contractOf(ctx, f.type)
      const proposal = {
        by: f.by,
        userId: ctx.actor.userId ?? '',
        reason: ctx.facts.reason?.trim() ?? '',
        refundFen: f.refundFen,
        releaseFen: f.releaseFen,
        at: now().toISOString(),
      }
      return { run: () => setTerminationProposal(tx, contract, proposal) }
    }
    case 'termination.decline': {
      const contract = contractOf(ctx, f.type)
      return { run: () => setTerminationProposal(tx, contract, null) }
    }
    case 'contract.end': {
      const contract = contractOf(ctx, f.type)
      const reason = ctx.facts.reason?.trim() || contract.terminationProposal?.reason || null
      return { run: () => endContract(tx, contract, { kind: f.kind, partyAtFault: f.partyAtFault, reason }) }
    }
    case 'need.copyAsDraft':
      return { run: () => copyAsDraft(tx, ctx) }
    case 'need.setMethod':
      // A new round under the new method; the failed round's row stays.
      return {
        set: { method: f.method, afterFailedRound: f.afterFailedRound, round: need.round + 1 },
        audit: { fromMethod: need.method, round: need.round + 1 },
      }
    default:
      return assertNever(f, 'follow-up')
  }
}

type Exclusion = Extract<FollowUp, { type: 'selection.exclude' }>
export type ExclusionCause = 'objectionUpheld' | 'justificationMissing'

/** Why the winner is taken out, from the decision that takes it out. */
function exclusionCause(effects: NeedEffects): ExclusionCause {
  if (effects.audit.event === 'need.objection_upheld') return 'objectionUpheld'
  if (effects.audit.event === 'need.winner_disqualified' && effects.audit.payload.cause === 'justificationMissing')
    return 'justificationMissing'
  throw new Error(`selection.exclude from ${effects.audit.event}`)
}

/**
 * "Disqualify the winner and start round r + 1" — the one way, for an upheld objection and for a
 * missing cost justification alike: the winner's bid becomes `disqualified` (with the cause), the
 * need moves on to round r + 1 with the move (guarded by round r), and the redo runs among round
 * r's bids minus this one (timed-work/select.server.ts).
 */
function disqualifyWinnerAndRedo(tx: Tx, need: NeedRow, f: Exclusion, cause: ExclusionCause): Step {
  return {
    set: { round: need.round + 1 },
    audit: { round: need.round, nextRound: need.round + 1, agencyId: f.agencyId },
    leaves: f.agencyId,
    run: async () => {
      const done = await tx
        .update(bids)
        .set({ status: 'disqualified', statusReason: cause, updatedAt: now() })
        .where(and(eq(bids.id, f.bidId), eq(bids.needId, need.id), eq(bids.agencyOrganisationId, f.agencyId)))
        .returning({ id: bids.id })
      if (done.length !== 1) throw new Error('selection.exclude: the bid is not the winner’s')
    },
  }
}

/** repost: a copy of the failed need as a new draft (its own audit event); the failed need stays. */
async function copyAsDraft(tx: Tx, ctx: NeedDecisionContext): Promise<AuditExtra> {
  const { need } = ctx
  const at = now()
  const fields = {
    projectId: need.projectId,
    serviceTypeId: need.serviceTypeId,
    approvalItemId: need.approvalItemId,
    title: need.title,
    scope: need.scope,
    priceCeilingFen: need.priceCeilingFen,
    qualificationTypeId: need.qualificationTypeId,
    minLevelId: need.minLevelId,
    serviceDays: need.serviceDays,
    method: need.method,
    weights: need.weights,
    registrationClosesOn: need.registrationClosesOn,
  }
  const [draft] = await tx
    .insert(needs)
    .values({
      ...fields,
      ownerOrganisationId: need.ownerOrganisationId,
      state: 'draft',
      repostedFromId: need.id,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: needs.id })
  await recordAudit(tx, {
    actor: ctx.actor,
    action: 'need.draft_created',
    entityType: 'need',
    entityId: draft.id,
    payload: { ...fields, repostedFromId: need.id },
  })
  return { draftId: draft.id }
}

// ── Credit, payments, clock ──────────────────────────────────────────────────

/** The contract an effect concerns; a decision about a contract taken without it is a programming error. */
function contractOf(ctx: NeedDecisionContext, effect: string): ContractRow {
  if (!ctx.contract) throw new Error(`need effect ${effect} without the contract`)
  return ctx.contract
}

function checkCredit(ctx: NeedDecisionContext, effects: NeedEffects, credit: CreditEffect): void {
  switch (credit.event) {
    case 'objection_upheld':
      // Recorded today by the ruling itself (`objections.winner_at_fault`, with the upheld
      // objection); the credit ledger (issue 14) turns it into a credit event.
      if (effects.audit.event !== 'need.objection_upheld' || ctx.facts.objection?.winnerAtFault !== true || !ctx.objectionId)
        throw new Error('credit objection_upheld without an upheld objection at the winner’s fault')
      return
    case 'contract_lapsed':
    case 'terminated_at_fault':
      contractOf(ctx, 'credit.' + credit.event)
      return
    default:
      return assertNever(credit.event, 'credit event')
  }
}

/**
 * The credit ledger's events of a decision (app/domain/credit/ledger.server.ts): an objection
 * upheld at the winner's fault, and the agency's conduct on a contract (kept once per contract,
 * kind and day, then carried into the ledger with the decision's reason).
 */
async function applyCredit(tx: Tx, ctx: NeedDecisionContext, credit: CreditEffect): Promise<void> {
  switch (credit.event) {
    case 'objection_upheld':
      if (!ctx.objectionId) throw new Error('credit objection_upheld without the objection')
      await recordObjectionCredit(tx, {
        objectionId: ctx.objectionId,
        agencyId: credit.agencyId,
        needId: ctx.need.id,
        reason: ctx.facts.reason ?? null,
        actorUserId: ctx.actor.userId,
        at: now(),
      })
      return
    case 'contract_lapsed':
    case 'terminated_at_fault': {
      const contract = contractOf(ctx, 'credit.' + credit.event)
      const reason = ctx.facts.reason?.trim() || null
      const [conduct] = await tx
        .insert(conductEvents)
        .values({
          agencyOrganisationId: credit.agencyId,
          contractId: contract.id,
          kind: credit.event,
          onDate: shanghaiDate(now()),
          details: { reason, partyAtFault: ctx.facts.ruling?.partyAtFault ?? null },
          createdAt: now(),
        })
        .onConflictDoNothing()
        .returning()
      if (conduct) await recordConductCredit(tx, conduct, { reason, actorUserId: ctx.actor.userId })
      return
    }
    default:
      return assertNever(credit.event, 'credit event')
  }
}

// ── Recipients (the one resolver) ────────────────────────────────────────────

/** The organisations behind the groups that depend on the decision. */
export interface RecipientGroups {
  /** Agencies with a live bid (after the decision's exclusions). */
  bidders: readonly string[]
  winner: string | null
  objector: string | null
}

async function usersOf(tx: Tx, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return []
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.organisationId, [...organisationIds]))
  return rows.map((r) => r.id)
}

/** The users a recipient group names for this need. */
export async function recipientUserIds(
  tx: Tx,
  need: NeedRow,
  to: Recipient,
  groups: RecipientGroups,
): Promise<string[]> {
  switch (to) {
    case 'owner':
      return usersOf(tx, [need.ownerOrganisationId])
    case 'bidders':
      return usersOf(tx, groups.bidders)
    case 'winner':
      return usersOf(tx, groups.winner ? [groups.winner] : [])
    case 'losingBidders':
      return usersOf(
        tx,
        groups.bidders.filter((id) => id !== groups.winner),
      )
    case 'objector':
      return usersOf(tx, groups.objector ? [groups.objector] : [])
    case 'regulators': {
      const rows = await tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .innerJoin(serviceTypes, eq(serviceTypes.departmentId, organisations.departmentId))
        .where(and(eq(users.role, 'regulator'), eq(serviceTypes.id, need.serviceTypeId)))
      return rows.map((r) => r.id)
    }
    case 'eligibleAgencies': {
      const rows = await tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .innerJoin(agencyServiceTypes, eq(agencyServiceTypes.organisationId, organisations.id))
        .where(
          and(
            eq(organisations.kind, 'agency'),
            eq(organisations.status, 'active'),
            eq(agencyServiceTypes.serviceTypeId, need.serviceTypeId),
          ),
        )
      return rows.map((r) => r.id)
    }
    default:
      return assertNever(to, 'recipient')
  }
}

/** Sends need notifications: one per user of each group, linked to the need (and the objection) for the reader's role. */
export async function notifyNeed(
  tx: Tx,
  need: NeedRow,
  list: readonly NeedNotification[],
  groups: RecipientGroups,
  objectionId?: string,
): Promise<void> {
  for (const n of list) {
    const userIds = await recipientUserIds(tx, need, n.to, groups)
    await notifyMany(tx, userIds, n.key, { title: need.title }, { kind: 'need', needId: need.id, objectionId })
  }
}
