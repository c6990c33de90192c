/**
 * Sends a decision's notifications (need-lifecycle `effects.notify`) for the groups that the
 * timed work and the owner's selection resolve from the bids: owner, bidders, winner, losing
 * bidders. One notification per user of each organisation, linked to the need's page for its role.
 */
import { inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { needs, users } from '#db/schema'
import { notifyMany } from '~/utils/notifications.server'
import type { NeedEffects, Recipient } from './need-lifecycle'

async function orgUsers(tx: Db, organisationIds: readonly string[]): Promise<string[]> {
  if (organisationIds.length === 0) return []
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.organisationId, [...organisationIds]))
  return rows.map((r) => r.id)
}

export async function sendNeedNotifications(
  tx: Db,
  need: typeof needs.$inferSelect,
  effects: Pick<NeedEffects, 'notify'>,
  bidderAgencyIds: readonly string[],
  winnerAgencyId: string | null,
) {
  const groups: Partial<Record<Recipient, readonly string[]>> = {
    owner: [need.ownerOrganisationId],
    bidders: bidderAgencyIds,
    winner: winnerAgencyId ? [winnerAgencyId] : [],
    losingBidders: bidderAgencyIds.filter((id) => id !== winnerAgencyId),
  }
  for (const n of effects.notify) {
    await notifyMany(tx, await orgUsers(tx, groups[n.to] ?? []), n.key, { title: need.title }, { kind: 'need', needId: need.id })
  }
}
