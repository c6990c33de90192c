/**
 * The list of negative behaviours (issue 14 §2), admin-editable like the catalogue: every save is
 * one transaction with its audit event. A behaviour is never deleted (recorded violations refer
 * to it): the admin deactivates it, and regulators choose only among active ones. Editing the
 * points changes only violations recorded afterwards (each violation keeps the points it was
 * recorded with).
 */
import { and, asc, count, eq, ne } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { negativeBehaviours, recordedViolations } from '#db/schema'
import { isUuid } from '~/domain/agencies/directory.server'
import { Forbidden, NotFound, RuleViolation } from '~/domain/errors'
import { now } from '~/domain/now'
import { recordAudit } from '~/utils/audit.server'
import { actorOf, type SessionUser } from '~/utils/auth.server'
import type { BehaviourInput } from './action-schemas'

export type Behaviour = typeof negativeBehaviours.$inferSelect

/** Every behaviour (active first, then by code), with how many violations were recorded under it. */
export async function listBehaviours(db: Db) {
  const rows = await db
    .select({ behaviour: negativeBehaviours, used: count(recordedViolations.id) })
    .from(negativeBehaviours)
    .leftJoin(recordedViolations, eq(recordedViolations.behaviourId, negativeBehaviours.id))
    .groupBy(negativeBehaviours.id)
    .orderBy(asc(negativeBehaviours.code))
  return rows.map((r) => ({ ...r.behaviour, used: Number(r.used) }))
}

/** The behaviours a regulator may choose from. */
export function activeBehaviours(db: Db) {
  return db.select().from(negativeBehaviours).where(eq(negativeBehaviours.active, true)).orderBy(asc(negativeBehaviours.code))
}

export async function getBehaviour(db: Db, id: string): Promise<Behaviour> {
  if (!isUuid(id)) throw new NotFound()
  const [row] = await db.select().from(negativeBehaviours).where(eq(negativeBehaviours.id, id))
  if (!row) throw new NotFound()
  return row
}

/** Creates (no id) or updates a behaviour; only the admin. The code is unique. */
export async function saveBehaviour(db: Db, user: SessionUser, input: BehaviourInput, id?: string): Promise<Behaviour> {
  if (user.role !== 'admin') throw new Forbidden()
  return db.transaction(async (tx) => {
    const before = id ? await getBehaviour(tx, id) : null
    const [clash] = await tx
      .select({ id: negativeBehaviours.id })
      .from(negativeBehaviours)
      .where(id ? and(eq(negativeBehaviours.code, input.code), ne(negativeBehaviours.id, id)) : eq(negativeBehaviours.code, input.code))
    if (clash) throw new RuleViolation('validation.codeTaken', {}, 'code')
    const at = now()
    const [row] = id
      ? await tx
          .update(negativeBehaviours)
          .set({ ...input, updatedAt: at })
          .where(eq(negativeBehaviours.id, id))
          .returning()
      : await tx
          .insert(negativeBehaviours)
          .values({ ...input, createdAt: at, updatedAt: at })
          .returning()
    await recordAudit(tx, {
      actor: actorOf(user),
      action: id ? 'credit.behaviour.updated' : 'credit.behaviour.created',
      entityType: 'negative_behaviour',
      entityId: row.id,
      payload: {
        before: before && {
          code: before.code,
          nameZh: before.nameZh,
          nameEn: before.nameEn,
          points: before.points,
          proposesBlacklisting: before.proposesBlacklisting,
          active: before.active,
        },
        after: input,
      },
    })
    return row
  })
}
