import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { numberParam } from '~/domain/transparency/api-params'
import { inclusionProofFor } from '~/domain/transparency/log.server'
import { apiHandle, immutableJson } from '~/utils/api.server'

/**
 * GET /api/v1/log/proof/inclusion?leafIndex=&treeSize= → `{leafIndex, treeSize, leafHash,
 * auditPath}` (RFC 9162 §2.1.3: the audit path bottom-up, hex). 422 with `field` for a size that
 * is not a whole number, beyond the log (`beyondLog`), or an index not below the size. A proof
 * between fixed sizes never changes.
 */
export const loader = apiHandle(async ({ request }: LoaderFunctionArgs) => {
  const query = new URL(request.url).searchParams
  return immutableJson(await inclusionProofFor(await getDb(), numberParam(query.get('leafIndex')), numberParam(query.get('treeSize'))))
})
