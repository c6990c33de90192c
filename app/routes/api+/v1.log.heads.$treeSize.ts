import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { numberParam } from '~/domain/transparency/api-params'
import { headAt } from '~/domain/transparency/log.server'
import { apiHandle, immutableJson } from '~/utils/api.server'

/**
 * GET /api/v1/log/heads/:treeSize → the head signed at exactly that size (every signed head is
 * kept); 404 if none was, 422 (`field: "treeSize"`) for a size that is not a whole number ≥ 0.
 * A signed head never changes: cached for good.
 */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) =>
  immutableJson(await headAt(await getDb(), numberParam(params.treeSize))),
)
