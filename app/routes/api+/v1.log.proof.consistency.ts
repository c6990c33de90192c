import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { numberParam } from '~/domain/transparency/api-params'
import { consistencyProofFor } from '~/domain/transparency/log.server'
import { apiHandle, immutableJson } from '~/utils/api.server'

/**
 * GET /api/v1/log/proof/consistency?first=&second= → `{firstSize, secondSize, consistency}`
 * (RFC 9162 §2.1.4: hex hashes; empty when first = second or first = 0). 422 with `field` for a
 * size that is not a whole number, beyond the log, or first > second. Never changes.
 */
export const loader = apiHandle(async ({ request }: LoaderFunctionArgs) => {
  const query = new URL(request.url).searchParams
  return immutableJson(await consistencyProofFor(await getDb(), numberParam(query.get('first')), numberParam(query.get('second'))))
})
