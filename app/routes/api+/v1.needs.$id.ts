import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { NotFound } from '~/domain/errors'
import { publicNotice } from '~/domain/needs/notices.server'

const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }

/**
 * GET /api/v1/needs/:id → the public notice of a published need: public fields, the seed's
 * SHA-256 (never the seed), and `drawUrl` when a draw decided it. No bid, not even their number.
 * Drafts and unknown ids → 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    return Response.json({ data: await publicNotice(await getDb(), params.id ?? '') }, { headers })
  } catch (error) {
    if (error instanceof NotFound) return Response.json({ error: { code: 'not_found' } }, { status: 404, headers })
    throw error
  }
}
