/** The owner's pay form (SPEC §7). Messages are i18n keys. */
import { z } from 'zod'
import { plainText } from '~/domain/validation'

/** The Stripe test cards the built-in test server knows (test/support/stripe-server.ts). */
export const testCards = ['pm_card_visa', 'pm_card_chargeDeclined'] as const
export type TestCard = (typeof testCards)[number]

/** A Stripe PaymentMethod id (`pm_…`): a test card, or one made by Stripe's own form. */
export const PAYMENT_METHOD = /^pm_[A-Za-z0-9_]{1,200}$/

export const PaySchema = z.object({
  paymentMethod: plainText({ singleLine: true })
    .trim()
    .min(1, 'validation.required')
    .regex(PAYMENT_METHOD, 'contractPayment.errors.paymentMethod'),
})
export type PayInput = z.infer<typeof PaySchema>

/** The Stripe error codes the contract page explains in words; any other gets the generic message. */
export const paymentErrorCodes = ['card_declined', 'insufficient_funds', 'expired_card', 'payment_intent_canceled', 'generic'] as const
export type PaymentErrorCode = (typeof paymentErrorCodes)[number]

export const shownPaymentError = (code: string | null): PaymentErrorCode =>
  (paymentErrorCodes as readonly string[]).includes(code ?? '') ? (code as PaymentErrorCode) : 'generic'

/** Stripe's statuses of the objects the page lists (PaymentIntent, Transfer, Refund) and ours before an answer. */
export const stripeStatuses = [
  'requested',
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'succeeded',
  'canceled',
  'pending',
  'failed',
  'reversed',
  'partially_reversed',
] as const

export const shownStripeStatus = (status: string) =>
  (stripeStatuses as readonly string[]).includes(status) ? status : null
