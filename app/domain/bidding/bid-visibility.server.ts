/**
 * The facts `bidVisibility` needs, read from the database: the need's state and, for a cancelled
 * need, the state it was cancelled from — recorded as `from` in its `need.cancelled` audit event
 * (need-lifecycle `cancel`, written in the cancel's own transaction). No event, or one that
 * cannot be read, leaves `cancelledFrom` null: sealed.
 */
import { and, desc, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.server'
import { auditEvents } from '#db/schema'
import { bidVisibility, type BidViewer, type BidVisibility, type BidVisibilityFacts } from './bid-visibility'
import { needStates, type NeedState } from '../needs/need-lifecycle'

const cancelPayload = z.object({ from: z.enum(needStates) })

export async function bidVisibilityFacts(db: Db, need: { id: string; state: NeedState }): Promise<BidVisibilityFacts> {
  if (need.state !== 'cancelled') return { state: need.state }
  const [event] = await db
    .select({ payload: auditEvents.payload })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, 'need'), eq(auditEvents.entityId, need.id), eq(auditEvents.action, 'need.cancelled')))
    .orderBy(desc(auditEvents.id))
    .limit(1)
  const parsed = cancelPayload.safeParse(event?.payload)
  return { state: need.state, cancelledFrom: parsed.success ? parsed.data.from : null }
}

/** What `viewer` may see of this need's bids (see bid-visibility.ts). */
export async function bidVisibilityOf(
  db: Db,
  need: { id: string; state: NeedState },
  viewer: BidViewer,
): Promise<BidVisibility> {
  return bidVisibility(await bidVisibilityFacts(db, need), viewer)
}
