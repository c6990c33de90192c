/**
 * Published draws: the transcript of every selection round a draw decided, with the seed
 * revealed, for the public verification page and API. Nothing here is secret any more: a
 * transcript only exists after the draw, when the seed is public by design — but it names the
 * candidate bids, so it is shown only while the public may see the need's result
 * (`bidVisibility`): a cancelled need's draws are withdrawn with its result. Each candidate's
 * credit tier is the one stored with the round (at the window's close), or its current one for a
 * round stored before that, labelled as current.
 */
import { and, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { needs, organisations, selectionRounds } from '#db/schema'
import { creditStandings } from '~/domain/credit/standings.server'
import { NotFound } from '~/domain/errors'
import { parseStoredResult, type PublicCredit } from '../publicity/results.server'
import { allows } from '../bidding/bid-visibility'
import { bidVisibilityOf } from '../bidding/bid-visibility.server'
import type { DrawTranscript } from './draw'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export interface PublishedDraw {
  needId: string
  title: string
  /** The hash published with the notice, before any bid: the transcript must match it. */
  publishedSeedHash: string | null
  rounds: {
    round: number
    createdAt: Date
    transcript: DrawTranscript
    /** Each candidate's credit tier by credit code (at the close when stored with the round). */
    credit: Record<string, PublicCredit>
  }[]
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
    .select({
      round: selectionRounds.round,
      createdAt: selectionRounds.createdAt,
      transcript: selectionRounds.drawTranscript,
      result: selectionRounds.result,
    })
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, needId), isNotNull(selectionRounds.drawTranscript)))
    .orderBy(desc(selectionRounds.round))
  if (rows.length === 0) throw new NotFound()
  const transcripts = rows.map((r) => r.transcript as unknown as DrawTranscript)
  const codes = [...new Set(transcripts.flatMap((t) => (Array.isArray(t?.candidates) ? t.candidates.map((c) => c.agencyCreditCode) : [])))]
  const named = codes.length
    ? await db
        .select({ id: organisations.id, creditCode: organisations.creditCode, name: organisations.name, nameEn: organisations.nameEn })
        .from(organisations)
        .where(inArray(organisations.creditCode, codes))
    : []
  const stored = new Map(rows.map((r) => [r.round, parseStoredResult(r.result).creditAtClose]))
  const missing = named.filter((o) => rows.some((r) => !stored.get(r.round)?.[o.id])).map((o) => o.id)
  const current = await creditStandings(db, missing)
  const creditOf = (round: number): Record<string, PublicCredit> => {
    const atClose = stored.get(round) ?? {}
    const out: Record<string, PublicCredit> = {}
    for (const o of named) {
      const s = atClose[o.id]
      const c = current.get(o.id)
      if (s) out[o.creditCode] = { tier: s.tier as PublicCredit['tier'], score: s.score, asOf: 'close' }
      else if (c) out[o.creditCode] = { tier: c.tier, score: c.score, asOf: 'current' }
    }
    return out
  }
  return {
    needId: need.id,
    title: need.title,
    publishedSeedHash: need.seedHash,
    rounds: rows.reverse().map((r) => ({
      round: r.round,
      createdAt: r.createdAt,
      transcript: r.transcript as unknown as DrawTranscript,
      credit: creditOf(r.round),
    })),
    agencies: Object.fromEntries(named.map((o) => [o.creditCode, { name: o.name, nameEn: o.nameEn }])),
  }
}
