import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { NotFound } from '~/domain/errors'
import { publishedDraws } from '~/domain/selection/draws.server'

/**
 * GET /api/v1/draws/:needId → the latest drawn round:
 * {"algorithm","seedHash","seed","candidates":[…],"round","winnerIndex","winner"} plus
 * "publishedSeedHash" (from the notice) and "rounds" (every drawn round). See docs/draw.md.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }
  try {
    const draws = await publishedDraws(await getDb(), params.needId ?? '')
    const latest = draws.rounds[draws.rounds.length - 1].transcript
    return Response.json(
      {
        algorithm: latest.algorithm,
        needId: draws.needId,
        seedHash: latest.seedHash,
        seed: latest.seed,
        candidates: latest.candidates,
        round: latest.round,
        winnerIndex: latest.winnerIndex,
        winner: latest.winner,
        publishedSeedHash: draws.publishedSeedHash,
        rounds: draws.rounds.map((r) => r.transcript),
      },
      { headers },
    )
  } catch (error) {
    if (error instanceof NotFound) return Response.json({ error: { code: 'not_found' } }, { status: 404, headers })
    throw error
  }
}
