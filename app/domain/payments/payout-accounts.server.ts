/**
 * An agency's payout account (SPEC §7): the Stripe connected account the platform transfers its
 * pay into, opened from the agency workspace. Stripe is called OUTSIDE any transaction, with the
 * idempotency key `org:<id>:account` (two clicks, or a retry after a lost answer, get the same
 * account), then the account is stored with an audit event in one short transaction.
 *
 * The account is an Express account in the US: Stripe Connect cannot pay out to accounts in
 * mainland China (README "Payments"), so this is for Stripe's test mode and the built-in server.
 */
import { eq } from 'drizzle-orm'
import type Stripe from 'stripe'
import type { Db } from '#db/client.server'
import { payoutAccounts } from '#db/schema'
import { Forbidden } from '~/domain/errors'
import { now } from '~/domain/now'
import { actorOf, type SessionUser } from '~/utils/auth.server'
import { recordAudit } from '~/utils/audit.server'
import { stripeClient } from '~/utils/stripe.server'

export const PAYOUT_COUNTRY = 'US'
export const payoutAccountKey = (organisationId: string) => `org:${organisationId}:account`

function agencyOnly(user: SessionUser): string {
  if (user.role !== 'agency' || !user.organisationId) throw new Forbidden()
  return user.organisationId
}

export async function payoutAccountOf(db: Db, user: SessionUser) {
  const organisationId = agencyOnly(user)
  const [row] = await db.select().from(payoutAccounts).where(eq(payoutAccounts.organisationId, organisationId))
  return row ?? null
}

export async function openPayoutAccount(db: Db, user: SessionUser, stripe: Stripe = stripeClient()) {
  const organisationId = agencyOnly(user)
  const existing = await payoutAccountOf(db, user)
  if (existing) return { stripeAccountId: existing.stripeAccountId, opened: false }
  const account = await stripe.accounts.create(
    { type: 'express', country: PAYOUT_COUNTRY, metadata: { organisationId } },
    { idempotencyKey: payoutAccountKey(organisationId) },
  )
  return db.transaction(async (tx) => {
    const [stored] = await tx
      .insert(payoutAccounts)
      .values({ organisationId, stripeAccountId: account.id, createdAt: now(), createdBy: user.id })
      .onConflictDoNothing({ target: payoutAccounts.organisationId })
      .returning()
    if (!stored) return { stripeAccountId: account.id, opened: false }
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'payout.account_opened',
      entityType: 'organisation',
      entityId: organisationId,
      payload: { stripeAccountId: account.id, country: PAYOUT_COUNTRY },
    })
    return { stripeAccountId: account.id, opened: true }
  })
}
