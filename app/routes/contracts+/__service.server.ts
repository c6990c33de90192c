import type { ContractIntentContext } from './__intents.server'

/** The contract page's service forms (filled in by the service work of issue 13). */
export function serviceIntents(_ctx: ContractIntentContext) {
  return {}
}
