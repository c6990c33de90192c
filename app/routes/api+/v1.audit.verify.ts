import { getDb } from '#db/client.server'
import { logStatus } from '~/domain/transparency/log.server'
import { API_HEADERS, apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/audit/verify — once the platform recomputed its own hash chain here. The audit trail
 * is now a public transparency log that anyone verifies from signed heads and proofs
 * (docs/transparency-log.md); this URL answers with where they are, and recomputes nothing.
 */
export const loader = apiHandle(async () => {
  const status = await logStatus(await getDb())
  return Response.json(
    {
      replacedBy: {
        latestHead: '/api/v1/log/head',
        headAtSize: '/api/v1/log/heads/{treeSize}',
        leaves: '/api/v1/log/leaves?start={start}&end={end}',
        leaf: '/api/v1/log/leaves/{leafIndex}',
        inclusionProof: '/api/v1/log/proof/inclusion?leafIndex={i}&treeSize={n}',
        consistencyProof: '/api/v1/log/proof/consistency?first={m}&second={n}',
        publicKeys: '/api/v1/log/keys',
        browserCheck: '/transparency',
      },
      treeSize: status.treeSize,
      latestHead: status.head,
    },
    { headers: API_HEADERS },
  )
})
