/**
 * Every action on a contract — signing, paying, the clock's pauses and extensions, delivery and
 * acceptance, the approval segment, ending it — goes through `actOnContract`: one transaction
 * that locks the need (`lockNeed`, THE lock of everything hanging on a need), re-reads the
 * contract under it, checks who the caller is to this contract, reads the facts, asks
 * `decideNeed` (the only place that decides) and hands an allowed decision to
 * `applyNeedDecision` (the only place that carries it out). The system's actions (the service
 * start when the payment is held, the lapse of an unsigned contract) take the same path with the
 * system actor (`actOnContractAsSystem`), inside the caller's transaction.
 *
 * Who may even see a contract: its owner organisation, its agency, a regulator whose department
 * supervises the need's service type. Anyone else gets a 404 (nothing about the contract leaks),
 * and a party taking an action that is not theirs gets the state machine's 403.
 */
import type { Db } from '#db/client.server'
import type { ClockEvent } from '~/domain/clock/bundled-clock'
import { Conflict, NotFound, RuleViolation, type DomainError, type MessageParams } from '~/domain/errors'
import {
  contractActions,
  decideNeed,
  type ContractAction,
  type NeedActor,
  type NeedFacts,
  type NeedRefusal,
} from '~/domain/needs/need-lifecycle'
import { enforce, needFactsOf, systemNeedActor } from '~/domain/needs/need-decision'
import { applyNeedDecision, type AppliedNeedDecision } from '~/domain/needs/need-effects.server'
import { lockNeed, readNeed, supervisedServiceTypeIds, type NeedRow } from '~/domain/needs/need-access.server'
import { actorOf, type SessionUser } from '~/utils/auth.server'
import { systemActor, type Actor } from '~/utils/audit.server'
import { ownerRatingFacts } from '~/domain/ratings/owner-rating-window.server'
import { contractFacts, readContract, readContractRecords, type ContractRow } from './contracts.server'

type Tx = Db

/** What an action takes from the form (each action reads its own part; the state machine checks it). */
export type ContractActionInput = Pick<NeedFacts, 'reason' | 'payment' | 'extension' | 'approval' | 'report' | 'ruling'>

/** Who the caller is to the contract: a party, the supervising regulator, or nobody (404). */
export type ContractViewer = 'owner' | 'agency' | 'regulator'

export interface ContractContext {
  need: NeedRow
  contract: ContractRow
  facts: NeedFacts
  /** The clock's events the facts were read from (the contract page draws them; no second read). */
  clockEvents: ClockEvent[]
}

/** Refusals that belong to one field of the form; the others are about the contract as it stands (409). */
const refusalFields: Partial<Record<NeedRefusal, string>> = {
  paymentMethodMissing: 'paymentMethod',
  extensionInvalid: 'days',
  dateInvalid: 'date',
  documentNoRequired: 'documentNo',
  outcomeRequired: 'outcome',
  rulingInvalid: 'refundFen',
  reportMissing: 'report',
}

export function contractRefusal(reason: NeedRefusal, params: MessageParams): DomainError {
  const field = refusalFields[reason]
  const key = `ownerSelection.refusals.${reason}`
  return field ? new RuleViolation(key, params, field) : new Conflict(key, params)
}

/** The caller's relation to the contract; NotFound for anyone who may not see it. */
export async function viewerOf(
  tx: Tx,
  user: SessionUser,
  contract: ContractRow,
  need: NeedRow,
): Promise<ContractViewer> {
  if (user.role === 'owner' && contract.ownerOrganisationId === user.organisationId) return 'owner'
  if (user.role === 'agency' && contract.agencyOrganisationId === user.organisationId) return 'agency'
  if (user.role === 'regulator' && (await supervisedServiceTypeIds(tx, user)).includes(need.serviceTypeId))
    return 'regulator'
  throw new NotFound()
}

/** The facts of a contract for `actor`, as `decideNeed` reads them. */
async function contextOf(tx: Tx, need: NeedRow, contract: ContractRow, actor: NeedActor): Promise<ContractContext> {
  const records = await readContractRecords(tx, contract)
  const facts = needFactsOf(actor, need, [contract.agencyOrganisationId], {
    winner: {
      bidId: contract.bidId,
      agencyId: contract.agencyOrganisationId,
      quoteFen: contract.priceFen,
      requiresJustification: false,
      justificationAttached: true,
    },
    contract: contractFacts(contract, records),
  })
  return { need, contract, facts, clockEvents: records.clockEvents }
}

/**
 * The contract and its need, and who `user` is to it: under the need's lock for an action
 * (`lock`), a plain read for a screen. NotFound for anyone who may not see it. Reads no facts.
 */
async function readForViewer(tx: Tx, user: SessionUser, contractId: string, lock: boolean) {
  const first = await readContract(tx, contractId)
  const need = lock ? await lockNeed(tx, first.needId) : await readNeed(tx, first.needId)
  // Re-read under the lock: what the action decides on is what the last change left.
  const contract = lock ? await readContract(tx, contractId) : first
  const viewer = await viewerOf(tx, user, contract, need)
  return { need, contract, viewer }
}

/** Who `user` is to the contract (a route's check before it reads a form); NotFound for anyone who may not see it. */
export async function contractViewer(tx: Tx, user: SessionUser, contractId: string): Promise<ContractViewer> {
  return (await readForViewer(tx, user, contractId, false)).viewer
}

/**
 * The contract with its need and facts for `user`: under the need's lock for an action
 * (`lock`), a plain read for a screen. NotFound for anyone who may not see it.
 */
export async function loadContract(
  tx: Tx,
  user: SessionUser,
  contractId: string,
  lock: boolean,
): Promise<ContractContext & { viewer: ContractViewer }> {
  const { need, contract, viewer } = await readForViewer(tx, user, contractId, lock)
  const actor: NeedActor = {
    role: user.role,
    organisationId: user.organisationId,
    supervisedServiceTypeIds: viewer === 'regulator' ? [need.serviceTypeId] : [],
  }
  return { ...(await contextOf(tx, need, contract, actor)), viewer }
}

/** A refusal the form can fix: the missing reason, or one that belongs to a field of the form. */
export function isFieldRefusal(reason: NeedRefusal): boolean {
  return reason === 'reasonRequired' || refusalFields[reason] !== undefined
}

/**
 * The actions the state machine would let `facts.actor` take now (for the page's buttons), asked
 * with the page's facts and no input: allowed, or refused only for what the form's input supplies
 * (a field error). An action refused for the contract as it stands (pay before both signed,
 * agreeing with no proposal, an own proposal …) is not offered: its button could only fail (409).
 * `decideNeed` checks who, then the state, then the contract's facts, then the input, so a field
 * refusal means every check before the input has passed.
 */
export function offeredContractActions(facts: NeedFacts): ContractAction[] {
  return contractActions.filter((action) => {
    const decision = decideNeed(action, facts)
    return decision.ok || isFieldRefusal(decision.reason)
  })
}

export interface ContractActionResult {
  applied: AppliedNeedDecision
  contractId: string
  needId: string
  /** What the audit event recorded of the decision (payment attempt, outbox key …). */
  action: ContractAction
}

async function decideAndApply(
  tx: Tx,
  ctx: ContractContext,
  actor: Actor,
  action: ContractAction | 'start_service' | 'lapse_contract',
  input: ContractActionInput,
): Promise<AppliedNeedDecision> {
  const facts: NeedFacts = { ...ctx.facts, ...input }
  const decision = decideNeed(action, facts)
  enforce(decision, contractRefusal)
  return applyNeedDecision(tx, { need: ctx.need, facts, actor, contract: ctx.contract }, decision)
}

/** A user's action on a contract, in its own transaction. */
export async function actOnContract(
  db: Db,
  user: SessionUser,
  contractId: string,
  action: ContractAction,
  input: ContractActionInput = {},
): Promise<ContractActionResult> {
  return db.transaction(async (tx) => {
    const ctx = await loadContract(tx, user, contractId, true)
    const applied = await decideAndApply(tx, ctx, actorOf(user), action, input)
    // "rated → closed": the decision recorded after the owner's rating closes the need now (the
    // system's `close`, refused — nothing written — while the owner's window is open and unrated).
    if (action === 'record_approval_decision') await actOnContractAsSystem(tx, ctx.contract.id, 'close')
    return { applied, contractId: ctx.contract.id, needId: ctx.need.id, action }
  })
}

/**
 * The system's action on a contract, in the caller's transaction: `start_service` once the
 * payment is held, `lapse_contract` once the signing deadline passed, `close` once the approval
 * decision is recorded and the owner has rated or its rating window is over (the timed work, and
 * at once after the owner's rating or the approval decision). Returns null (and writes nothing)
 * when the state machine refuses — the caller's trigger came too early or twice.
 */
export async function actOnContractAsSystem(
  tx: Tx,
  contractId: string,
  action: 'start_service' | 'lapse_contract' | 'close',
): Promise<AppliedNeedDecision | null> {
  const first = await readContract(tx, contractId)
  const need = await lockNeed(tx, first.needId)
  const contract = await readContract(tx, contractId)
  const ctx = await contextOf(tx, need, contract, systemNeedActor)
  const facts: NeedFacts =
    action === 'close' ? { ...ctx.facts, ownerRating: await ownerRatingFacts(tx, contract) } : ctx.facts
  const decision = decideNeed(action, facts)
  if (!decision.ok) return null
  return applyNeedDecision(tx, { need, facts, actor: systemActor, contract }, decision)
}
