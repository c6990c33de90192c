import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { listNotices, parseNoticeFilters } from '~/domain/needs/notices.server'
import { getT } from '~/utils/i18n.server'

const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }

/**
 * GET /api/v1/needs?status=&serviceType=&page= → {"data":[…public fields…],"page","pageSize","total"}.
 * Published needs only (never drafts), newest first; no bid of any kind. 400 names a parameter it cannot use.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { filters, invalid } = parseNoticeFilters(new URL(request.url).searchParams)
  if (invalid.length) {
    const t = await getT(request)
    const parameter = invalid[0]
    return Response.json(
      { error: { code: 'invalid_parameter', parameter, message: t('directory.api.invalidParameter', { parameter }) } },
      { status: 400, headers },
    )
  }
  const result = await listNotices(await getDb(), filters)
  return Response.json(
    { data: result.notices, page: result.page, pageSize: result.pageSize, total: result.total },
    { headers },
  )
}
