/**
 * Published draws: the transcript of every selection round a draw decided, with the seed
 * revealed, for the public verification page and API. Nothing here is secret any more: a
 * transcript only exists after the draw, when the seed is public by design — but it names the
 * candidate bids, so it is shown only while the public may see the need's result
 * (`bidVisibility`): a cancelled need's draws are withdrawn with its result.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { needs, organisations, selectionRounds } from '#db/schema'
import { NotFound } from '~/domain/errors'
import { allows } from '../bidding/bid-visibility'
import { bidVisibilityOf } from '../bidding/bid-visibility.server'
import type { DrawTranscript } from './draw'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export interface PublishedDraw {
  needId: string
  title: string
  /** The hash published with the notice, before any bid: the transcript must match it. */
  publishedSeedHash: string | null
  rounds: { round: number; createdAt: Date; transcript: DrawTranscript }[]
  /** The candidates' names by credit code, both languages (screens pick with `organisationName`; the transcript itself names none). */
  agencies: Record<string, { name: string; nameEn: string }>
}

/** Every drawn round of a need, oldest first; 404 when the need has no draw yet or its bids are not public (docs/sealed-bids.md). */
export async function publishedDraws(db: Db, needId: string): Promise<PublishedDraw> {
  if (!UUID.test(needId)) throw new NotFound()
  const [need] = await db
    .select({ id: needs.id, title: needs.title, seedHash: needs.seedHash, state: needs.state })
    .from(needs)
    .where(eq(needs.id, needId))
  if (!need) throw new NotFound()
  // A transcript names the candidate bids: public only with the result (never for a cancelled need).
  if (!allows(await bidVisibilityOf(db, need, 'public'), 'result')) throw new NotFound()
  const rows = await db
    .select({ round: selectionRounds.round, createdAt: selectionRounds.createdAt, transcript: selectionRounds.drawTranscript })
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, needId), isNotNull(selectionRounds.drawTranscript)))
    .orderBy(desc(selectionRounds.round))
  if (rows.length === 0) throw new NotFound()
  const transcripts = rows.map((r) => r.transcript as unknown as DrawTranscript)
  const codes = [...new Set(transcripts.flatMap((t) => (Array.isArray(t?.candidates) ? t.candidates.map((c) => c.agencyCreditCode) : [])))]
  const named = codes.length
    ? await db
        .select({ creditCode: organisations.creditCode, name: organisations.name, nameEn: organisations.nameEn })
        .from(organisations)
        .where(inArray(organisations.creditCode, codes))
    : []
  return {
    needId: need.id,
    title: need.title,
    publishedSeedHash: need.seedHash,
    rounds: rows.reverse().map((r) => ({ round: r.round, createdAt: r.createdAt, transcript: r.transcript as unknown as DrawTranscript })),
    agencies: Object.fromEntries(named.map((o) => [o.creditCode, { name: o.name, nameEn: o.nameEn }])),
  }
}
