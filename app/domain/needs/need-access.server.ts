/**
 * Reading, locking and moving a need row — the one way every need module does each: the need by
 * id (`readNeed`, a plain read for the screens), the need locked for a change (`lockNeed`, the
 * row lock every change takes first), the guarded state change (`moveNeed`), the agencies with a
 * live bid, and the service types a regulator supervises. Scoping a need to its caller stays with
 * each module (who may see what differs); these are the reads they all begin with.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs, serviceTypes } from '#db/schema'
import { now } from '~/domain/now'
import { Conflict, NotFound } from '~/domain/errors'
import type { SessionUser } from '~/utils/auth.server'
import type { NeedState } from './need-lifecycle'

type Tx = Db
export type NeedRow = typeof needs.$inferSelect
/** Columns a move may set besides the state (never the id, the owner or the state itself). */
export type NeedPatch = Omit<Partial<typeof needs.$inferInsert>, 'id' | 'ownerOrganisationId' | 'state'>

/** An id as the routes pass it; anything else is NotFound before the database is asked. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The need by id, unlocked (for reads); NotFound when the id is malformed or unknown. */
export async function readNeed(tx: Tx, needId: string): Promise<NeedRow> {
  if (!UUID.test(needId)) throw new NotFound()
  const [need] = await tx.select().from(needs).where(eq(needs.id, needId))
  if (!need) throw new NotFound()
  return need
}

/**
 * THE lock of a need: its row `FOR UPDATE`, taken first by every change to the need or to what
 * hangs on it (bids, selection, objections, award, timed work), so two changes of one need —
 * from any connection of any instance — run one after the other and the second reads what the
 * first wrote. NotFound when the id is malformed or unknown.
 */
export async function lockNeed(tx: Tx, needId: string): Promise<NeedRow> {
  if (!UUID.test(needId)) throw new NotFound()
  const [need] = await tx.select().from(needs).where(eq(needs.id, needId)).for('update')
  if (!need) throw new NotFound()
  return need
}

/**
 * THE guarded move: `need` (as read under `lockNeed`) from `from` to `to`, with `set`. The
 * update is guarded by the state and the round it was read in, so a stale read (or someone who
 * moved it first) changes nothing and is a 409 `wrongState`.
 */
export async function moveNeed(
  tx: Tx,
  need: NeedRow,
  from: NeedState,
  to: NeedState,
  set: NeedPatch = {},
): Promise<void> {
  if (need.state !== from) throw new Conflict('needs.errors.wrongState', { state: need.state })
  const moved = await tx
    .update(needs)
    .set({ ...set, state: to, updatedAt: now() })
    .where(and(eq(needs.id, need.id), eq(needs.state, from), eq(needs.round, need.round)))
    .returning({ id: needs.id })
  if (moved.length !== 1) throw new Conflict('needs.errors.wrongState', { state: from })
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
