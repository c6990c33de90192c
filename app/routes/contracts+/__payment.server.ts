/**
 * The contract page's payment form: the owner pays the contract price into the platform-held
 * payment (代管资金). Whatever Stripe answered (paid, processing, declined with its code), the
 * owner lands on the contract page, which shows it; a refusal before any call (not signed by
 * both, already paid, a payment in flight, a malformed payment method) comes back on the form.
 */
import { payContract } from '~/domain/payments/pay.server'
import { PaySchema } from '~/domain/payments/payment-schemas'
import { contractIntentOf } from './__contract-intent.server'
import type { ContractIntentContext } from './__intents.server'

export function paymentIntents(ctx: ContractIntentContext) {
  const contractIntent = contractIntentOf(ctx)
  return {
    pay: contractIntent(PaySchema, payContract, 'contractPayment.submitted', { toastKind: 'info' }),
  }
}
