/**
 * The contract page's signing form (issue 13 §1): the signer re-enters its password; the
 * password never comes back in an answer (`hideFields`); its tries are throttled like logins,
 * keyed on the real client address.
 */
import { SignContractSchema } from '~/domain/contracts/signing-schemas'
import { signContract } from '~/domain/contracts/signing.server'
import { contractIntentOf } from './__contract-intent.server'
import type { ContractIntentContext } from './__intents.server'

export function signingIntents(ctx: ContractIntentContext) {
  const contractIntent = contractIntentOf(ctx)
  return {
    sign: contractIntent(
      SignContractSchema,
      (db, user, contractId, value) => signContract(db, user, contractId, value, ctx.clientAddress),
      'contractSigning.signed',
      { hideFields: ['password'] },
    ),
  }
}
