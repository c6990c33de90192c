import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { numberParam } from '~/domain/transparency/api-params'
import { leavesIn, MAX_LEAF_RANGE } from '~/domain/transparency/log.server'
import { apiHandle, immutableJson } from '~/utils/api.server'

/**
 * GET /api/v1/log/leaves?start=&end= → `{leaves:[{leafIndex, leaf, leafHash}, …]}` for the
 * indexes start ≤ i < end that the log holds, at most MAX_LEAF_RANGE (1000) from start. 422 with
 * `field` for a start that is not a whole number ≥ 0 or an end not above start. A full answer
 * never changes (cached for good); one cut short by the log's end is not cached.
 */
export const loader = apiHandle(async ({ request }: LoaderFunctionArgs) => {
  const query = new URL(request.url).searchParams
  const start = numberParam(query.get('start'))
  const end = numberParam(query.get('end'))
  const leaves = await leavesIn(await getDb(), start, end)
  const complete = leaves.length === Math.min(end, start + MAX_LEAF_RANGE) - start
  return complete ? immutableJson({ leaves }) : { leaves }
})
