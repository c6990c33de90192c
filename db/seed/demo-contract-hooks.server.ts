/**
 * The demo contracts' hooks (db/seed/demo-contracts.ts) from the app's real code: the agency's
 * payout account (a connected account at Stripe), the owner's payment with a test card (the
 * state machine's `pay`, then the outbox row delivered at once, as the pay form does), the report
 * upload, and the outbox's due calls (the transfer on acceptance, the refund on termination).
 * Every Stripe call is made outside any transaction, as in the running app.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '../client.server'
import { contracts } from '../schema'
import type { DemoContractHooks } from './demo-contracts'
import { deliverReport } from '~/domain/contracts/service.server'
import { payContract } from '~/domain/payments/pay.server'
import { openPayoutAccount } from '~/domain/payments/payout-accounts.server'
import { deliverOutbox } from '~/domain/timed-work/deliver-outbox.server'
import { PaymentsNotConfigured, stripeClient } from '~/utils/stripe.server'

/** Whether payments can be made (a Stripe key, or the built-in server's); false → the demo seeds only what needs no payment. */
export function paymentsConfigured(): boolean {
  try {
    stripeClient()
    return true
  } catch (error) {
    if (error instanceof PaymentsNotConfigured) return false
    throw error
  }
}

export const demoContractHooks: DemoContractHooks = {
  async openPayoutAccount(db, agency) {
    await openPayoutAccount(db, agency)
  },
  async pay(db, owner, contractId, paymentMethod) {
    const { delivered } = await payContract(db, owner, contractId, { paymentMethod })
    await expectHeld(db, contractId, delivered)
  },
  async deliver(db, agency, contractId, file) {
    const report = new File([new Uint8Array(file.bytes)], file.name, { type: 'application/pdf' })
    await deliverReport(db, agency, contractId, { file: report, overflow: false })
  },
  async deliverOutbox(db) {
    const done = await deliverOutbox(db)
    if (done.retrying + done.failed > 0)
      throw new Error(`demo contracts: ${done.retrying + done.failed} payment call(s) were not delivered`)
  },
}

/** The payment must be held now (the seed goes on to the service as if it were). */
async function expectHeld(db: Db, contractId: string, delivered: string | null) {
  const [row] = await db
    .select({ status: contracts.collectStatus, heldFen: contracts.heldFen })
    .from(contracts)
    .where(eq(contracts.id, contractId))
  if (row?.status !== 'paid' || row.heldFen <= 0)
    throw new Error(`demo contracts: the payment of ${contractId} is ${row?.status ?? 'missing'} (delivery: ${delivered ?? 'not due'})`)
}
