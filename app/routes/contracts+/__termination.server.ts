import type { ContractIntentContext } from './__intents.server'

/** The contract page's termination forms (filled in by the termination work of issue 13). */
export function terminationIntents(_ctx: ContractIntentContext) {
  return {}
}
