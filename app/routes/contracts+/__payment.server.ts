import type { ContractIntentContext } from './__intents.server'

/** The contract page's payment forms (filled in by the payment work of issue 13). */
export function paymentIntents(_ctx: ContractIntentContext) {
  return {}
}
