import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { numberParam } from '~/domain/transparency/api-params'
import { leafAt } from '~/domain/transparency/log.server'
import { apiHandle, immutableJson } from '~/utils/api.server'

/**
 * GET /api/v1/log/leaves/:leafIndex → `{leafIndex, leaf, leafHash}`: the leaf's text (the event's
 * public form; the leaf bytes are its UTF-8) and SHA-256(0x00 ‖ bytes) in hex. 404 beyond the log,
 * 422 (`field: "leafIndex"`) for an index that is not a whole number ≥ 0. A leaf never changes.
 */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) =>
  immutableJson(await leafAt(await getDb(), numberParam(params.leafIndex))),
)
