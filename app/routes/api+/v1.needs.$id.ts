import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { publicNotice } from '~/domain/needs/notices.server'
import { publicResult } from '~/domain/publicity/results.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/needs/:id → the public notice of a published need: public fields, the seed's
 * SHA-256 (never the seed), and `drawUrl` when a draw decided it; plus `result` — null while the
 * window is open (no bid, not even their number), afterwards the selection rounds as the public
 * result shows them (`publicResult`: winner, quotes for price methods, score breakdowns,
 * abnormally-low flags and threshold, excluded bids, objections, justification; amounts in
 * integer fen). Drafts and unknown ids → 404.
 */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => {
  const db = await getDb()
  const id = params.id ?? ''
  const notice = await publicNotice(db, id)
  return { data: { ...notice, result: await publicResult(db, id) } }
})
