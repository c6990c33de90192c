import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { listNotices, parseNoticeFilters } from '~/domain/needs/notices.server'
import { apiHandle, validFilters } from '~/utils/api.server'

/**
 * GET /api/v1/needs?status=&serviceType=&page= → {"data":[…public fields…],"page","pageSize","total"}.
 * Published needs only (never drafts), newest first; no bid of any kind. 400 names a parameter it cannot use.
 */
export const loader = apiHandle(async ({ request }: LoaderFunctionArgs) => {
  const filters = validFilters(parseNoticeFilters(new URL(request.url).searchParams))
  const result = await listNotices(await getDb(), filters)
  return { data: result.notices, page: result.page, pageSize: result.pageSize, total: result.total }
})
