import { getDb } from '#db/client.server'
import { verifyAuditChain } from '~/utils/audit.server'

/** GET /api/v1/audit/verify — anyone can have the platform recompute the audit hash chain. */
export async function loader() {
  const verdict = await verifyAuditChain(await getDb())
  return Response.json(verdict, { status: verdict.ok ? 200 : 409, headers: { 'Cache-Control': 'no-store' } })
}
