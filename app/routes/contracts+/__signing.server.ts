import type { ContractIntentContext } from './__intents.server'

/** The contract page's signing forms (filled in by the signing work of issue 13). */
export function signingIntents(_ctx: ContractIntentContext) {
  return {}
}
