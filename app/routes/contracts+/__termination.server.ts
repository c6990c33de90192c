import {
  agreeTermination,
  declineTermination,
  proposeTermination,
  ruleTermination,
} from '~/domain/contracts/termination.server'
import {
  AgreeTerminationSchema,
  DeclineTerminationSchema,
  ProposeTerminationSchema,
  RuleTerminationSchema,
} from '~/domain/contracts/termination'
import { contractIntentOf } from './__contract-intent.server'
import type { ContractIntentContext } from './__intents.server'

/**
 * The contract page's termination forms: a party proposes an ending by agreement, the other
 * agrees or declines (the proposer may withdraw: the same decline), the supervising regulator
 * rules. Each calls one function of app/domain/contracts/termination.server.ts.
 */
export function terminationIntents(ctx: ContractIntentContext) {
  const contractIntent = contractIntentOf(ctx)
  return {
    terminationPropose: contractIntent(ProposeTerminationSchema, proposeTermination, 'contractTermination.toast.proposed'),
    terminationDecline: contractIntent(DeclineTerminationSchema, declineTermination, 'contractTermination.toast.declined'),
    terminationAgree: contractIntent(AgreeTerminationSchema, agreeTermination, 'contractTermination.toast.agreed'),
    terminationRule: contractIntent(RuleTerminationSchema, ruleTermination, 'contractTermination.toast.ruled'),
  }
}
