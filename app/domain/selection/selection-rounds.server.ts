/**
 * The selection_rounds rows: one per need and round (unique), written when a round is decided —
 * by the timed work (a draw, the lowest price, the best score, or a failed round) or by the
 * owner's direct pick — and read by everyone who needs the current round.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { needs, selectionRounds } from '#db/schema'

type Tx = Db
type NeedRow = typeof needs.$inferSelect
export type RoundRow = typeof selectionRounds.$inferSelect

/** What a decided round records; `chosenBidId` null for a failed round. */
export interface SelectionRoundRecord {
  id: string
  outcome: string
  chosenBidId: string | null
  /** The stored selection result (JSON). */
  result: Record<string, unknown>
  drawTranscript?: Record<string, unknown> | null
  publicityEndsOn?: string | null
  /** The owner's written reason (direct pick). */
  reason?: string | null
  createdAt: Date
}

/** The round the need is in now (its `round`), or null when it has not been decided yet. */
export async function currentRound(tx: Tx, need: Pick<NeedRow, 'id' | 'round'>): Promise<RoundRow | null> {
  const [row] = await tx
    .select()
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, need.round)))
  return row ?? null
}

/** Records the decided round for the need's current round and method. */
export async function insertSelectionRound(
  tx: Tx,
  need: Pick<NeedRow, 'id' | 'round' | 'method'>,
  record: SelectionRoundRecord,
): Promise<void> {
  await tx.insert(selectionRounds).values({
    id: record.id,
    needId: need.id,
    round: need.round,
    method: need.method,
    outcome: record.outcome,
    chosenBidId: record.chosenBidId,
    result: record.result,
    drawTranscript: record.drawTranscript ?? null,
    publicityEndsOn: record.publicityEndsOn ?? null,
    reason: record.reason ?? null,
    createdAt: record.createdAt,
  })
}
