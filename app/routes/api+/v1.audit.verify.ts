import { getDb } from '#db/client.server'
import { verifyAuditChain } from '~/utils/audit.server'
import { API_HEADERS, apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/audit/verify — anyone can have the platform recompute the audit hash chain. A
 * broken chain is an answer, not an error: the verdict with 409.
 */
export const loader = apiHandle(async () => {
  const verdict = await verifyAuditChain(await getDb())
  return Response.json(verdict, { status: verdict.ok ? 200 : 409, headers: API_HEADERS })
})
