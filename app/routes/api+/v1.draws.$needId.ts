import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { publishedDraws } from '~/domain/selection/draws.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/draws/:needId → the latest drawn round:
 * {"algorithm","seedHash","seed","candidates":[…],"round","winnerIndex","winner"} plus
 * "publishedSeedHash" (from the notice), "rounds" (every drawn round) and "creditTiers" (the latest
 * round's candidates' credit tier by credit code: {tier, score, asOf: "close" | "current"}). See docs/draw.md.
 * No published draw → 404 `not_found`.
 */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => {
  const draws = await publishedDraws(await getDb(), params.needId ?? '')
  const latest = draws.rounds[draws.rounds.length - 1].transcript
  return {
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
    creditTiers: draws.rounds[draws.rounds.length - 1].credit,
  }
})
