import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { needLog } from '~/domain/transparency/need-log.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/needs/:id/log → `{needId, events:[{leafIndex, action, entityType, occurredAt}]}`:
 * the notice's sequenced events the public may know of, by leaf index (need-log.server.ts: the
 * need's own, its contract's, and its bids' only once the public sees the result). Drafts and
 * unknown ids → 404. Each leaf: /api/v1/log/leaves/{leafIndex}.
 */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => needLog(await getDb(), params.id ?? ''))
