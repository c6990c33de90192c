/**
 * The contract page's signing form (issue 13 §1): the signer re-enters its password; the
 * password never comes back in an answer (`hideFields`); its tries are throttled like logins,
 * keyed on the real client address.
 */
import { SignContractSchema } from '~/domain/contracts/signing-schemas'
import { signContract } from '~/domain/contracts/signing.server'
import { intent } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { ContractIntentContext } from './__intents.server'

export function signingIntents(ctx: ContractIntentContext) {
  return {
    sign: intent({
      schema: SignContractSchema,
      run: (value) => signContract(ctx.db, ctx.user, ctx.contractId, value, ctx.clientAddress),
      done: () => redirectWithToast(ctx.back, { kind: 'success', messageKey: 'contractSigning.signed' }),
      hideFields: ['password'],
    }),
  }
}
