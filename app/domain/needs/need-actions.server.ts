/** The facts the state machine reads about a need for the signed-in user, for pages that show only allowed actions. */
import type { Db } from '#db/client.server'
import type { needs } from '#db/schema'
import type { SessionUser } from '~/utils/auth.server'
import { liveBidderIds, supervisedServiceTypeIds } from './need-access.server'
import { ownerNeedForms, type OwnerNeedForm } from './need-actions'
import { needFactsOf, type NeedFactsRow } from './need-decision'
import type { NeedFacts } from './need-lifecycle'

/** The facts about `need` for `user` today (Shanghai), with the agencies holding a live bid. */
export async function needFactsFor(db: Db, user: SessionUser, need: NeedFactsRow & Pick<typeof needs.$inferSelect, 'id'>): Promise<NeedFacts> {
  const actor = {
    role: user.role,
    organisationId: user.organisationId,
    supervisedServiceTypeIds: await supervisedServiceTypeIds(db, user),
  }
  return needFactsOf(actor, need, await liveBidderIds(db, need.id))
}

/** The forms the owner's need page shows (a new need when `need` is null). */
export async function ownerFormsFor(
  db: Db,
  user: SessionUser,
  need: (NeedFactsRow & Pick<typeof needs.$inferSelect, 'id'>) | null,
): Promise<OwnerNeedForm[]> {
  return ownerNeedForms(need ? await needFactsFor(db, user, need) : null)
}
