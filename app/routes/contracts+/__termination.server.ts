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
import { intent } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { ContractIntentContext } from './__intents.server'

/**
 * The contract page's termination forms: a party proposes an ending by agreement, the other
 * agrees or declines (the proposer may withdraw: the same decline), the supervising regulator
 * rules. Each calls one function of app/domain/contracts/termination.server.ts.
 */
export function terminationIntents({ db, user, contractId, back }: ContractIntentContext) {
  const done = (messageKey: string) => () => redirectWithToast(back, { kind: 'success', messageKey })
  return {
    terminationPropose: intent({
      schema: ProposeTerminationSchema,
      run: (value) => proposeTermination(db, user, contractId, value),
      done: done('contractTermination.toast.proposed'),
    }),
    terminationDecline: intent({
      schema: DeclineTerminationSchema,
      run: (value) => declineTermination(db, user, contractId, value.reason),
      done: done('contractTermination.toast.declined'),
    }),
    terminationAgree: intent({
      schema: AgreeTerminationSchema,
      run: () => agreeTermination(db, user, contractId),
      done: done('contractTermination.toast.agreed'),
    }),
    terminationRule: intent({
      schema: RuleTerminationSchema,
      run: (value) => ruleTermination(db, user, contractId, value),
      done: done('contractTermination.toast.ruled'),
    }),
  }
}
