/**
 * Reading and moving a need row, shared by the need modules: the need by id (optionally locked
 * `FOR UPDATE`), the guarded state change, the agencies with a live bid, and the service types a
 * regulator supervises. Scoping a need to its caller stays with each module (who may see what
 * differs); these are the reads they all begin with.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs, serviceTypes } from '#db/schema'
import { now } from '~/domain/now'
import { Conflict, NotFound } from '~/domain/errors'
import type { SessionUser } from '~/utils/auth.server'

type Tx = Db
type NeedRow = typeof needs.$inferSelect

/** An id as the routes pass it; anything else is NotFound before the database is asked. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The need by id, locked `FOR UPDATE` when `lock`; NotFound when the id is malformed or unknown. */
export async function readNeed(tx: Tx, needId: string, { lock }: { lock: boolean }): Promise<NeedRow> {
  if (!UUID.test(needId)) throw new NotFound()
  const query = tx.select().from(needs).where(eq(needs.id, needId))
  const [need] = lock ? await query.for('update') : await query
  if (!need) throw new NotFound()
  return need
}

/** Moves the need from the state it was read in; zero rows means someone else moved it first. */
export async function moveNeed(tx: Tx, need: NeedRow, set: Partial<typeof needs.$inferInsert>) {
  const moved = await tx
    .update(needs)
    .set({ ...set, updatedAt: now() })
    .where(and(eq(needs.id, need.id), eq(needs.state, need.state)))
    .returning({ id: needs.id })
  if (moved.length !== 1) throw new Conflict('needs.errors.wrongState', { state: need.state })
}

/** The agencies with a live bid on the need. */
export async function liveBidderIds(tx: Tx, needId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: bids.agencyOrganisationId })
    .from(bids)
    .where(and(eq(bids.needId, needId), eq(bids.status, 'live')))
  return rows.map((r) => r.id)
}

/** The service types a regulator's department supervises; none for anyone else. */
export async function supervisedServiceTypeIds(tx: Tx, user: SessionUser): Promise<string[]> {
  if (user.role !== 'regulator' || !user.departmentId) return []
  const rows = await tx
    .select({ id: serviceTypes.id })
    .from(serviceTypes)
    .where(eq(serviceTypes.departmentId, user.departmentId))
  return rows.map((r) => r.id)
}
