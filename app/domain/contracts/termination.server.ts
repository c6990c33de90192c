/**
 * Ending a contract (SPEC §4, issue 13 item 8), each a single call of `actOnContract` (one
 * transaction under the need's lock; the state machine decides, `applyNeedDecision` carries
 * it out — the refund and the pay become outbox rows, `contract.end` records how it ended, an
 * agency at fault gets its conduct event):
 * - by agreement: a party proposes (reason + split), the other agrees or declines; the proposer
 *   may withdraw its proposal (the same `decline_termination`);
 * - by ruling: the supervising regulator rules (reason, party at fault, split).
 *
 * A split that does not add up to what the platform holds now is refused at the refund field
 * with the held amount (in yuan), and nothing is written.
 */
import type { Db } from '#db/client.server'
import { RuleViolation } from '~/domain/errors'
import { fenToYuan } from '~/domain/needs/schemas'
import type { SessionUser } from '~/utils/auth.server'
import type { ContractAction } from '~/domain/needs/need-lifecycle'
import { actOnContractAndPay } from '~/domain/payments/deliver-after-commit.server'
import type { ContractActionInput } from './contract-actions.server'
import type { DeclineTerminationInput, ProposeTerminationInput, RuleTerminationInput } from './termination'

const RULING_INVALID = 'ownerSelection.refusals.rulingInvalid'

/** The state machine's `rulingInvalid` as the form shows it: at the refund field, with what is held. */
async function withSplitMessage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof RuleViolation && error.messageKey === RULING_INVALID) {
      const held = Number(error.params?.heldFen ?? 0)
      throw new RuleViolation('contractTermination.errors.splitMismatch', { held: fenToYuan(held) }, 'refundFen')
    }
    throw error
  }
}

function act(db: Db, user: SessionUser, contractId: string, action: ContractAction, input: ContractActionInput) {
  // An ending's Refund / Transfer go to Stripe right after the commit (the tick retries what cannot).
  return withSplitMessage(() => actOnContractAndPay(db, user, contractId, action, input))
}

/** A party proposes to end the contract by agreement. */
export function proposeTermination(db: Db, user: SessionUser, contractId: string, value: ProposeTerminationInput) {
  return act(db, user, contractId, 'propose_termination', {
    reason: value.reason,
    ruling: { partyAtFault: 'none', refundFen: value.refundFen, releaseFen: value.releaseFen },
  })
}

/** The other party declines the proposal, or the proposer withdraws it (reason optional). */
export function declineTermination(db: Db, user: SessionUser, contractId: string, value: DeclineTerminationInput) {
  return act(db, user, contractId, 'decline_termination', { reason: value.reason })
}

/** The other party agrees: the contract ends as proposed, nobody at fault. */
export function agreeTermination(db: Db, user: SessionUser, contractId: string) {
  return act(db, user, contractId, 'agree_termination', {})
}

/** The supervising regulator's ruling. */
export function ruleTermination(db: Db, user: SessionUser, contractId: string, value: RuleTerminationInput) {
  return act(db, user, contractId, 'terminate', {
    reason: value.reason,
    ruling: { partyAtFault: value.partyAtFault, refundFen: value.refundFen, releaseFen: value.releaseFen },
  })
}
