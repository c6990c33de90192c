import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { regionFields } from '~/domain/organisations/names'
import { parseDirectoryFilters, searchAgencies } from '~/domain/agencies/directory.server'
import { getT } from '~/utils/i18n.server'

const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }

/**
 * GET /api/v1/agencies?q=&serviceType=&qualification=&level=&region=&status=&sort=&page=
 * → {"data":[…public fields…],"page","pageSize","total"}; 400 names a parameter it cannot use.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { filters, invalid } = parseDirectoryFilters(new URL(request.url).searchParams)
  if (invalid.length) {
    const t = await getT(request)
    const parameter = invalid[0]
    return Response.json(
      { error: { code: 'invalid_parameter', parameter, message: t('directory.api.invalidParameter', { parameter }) } },
      { status: 400, headers },
    )
  }
  const result = await searchAgencies(await getDb(), filters)
  return Response.json(
    {
      data: result.agencies.map((a) => ({
        id: a.id,
        name: a.name,
        nameEn: a.nameEn,
        creditCode: a.creditCode,
        ...regionFields(a.region),
        status: a.status,
        contactPhone: a.contactPhone,
        serviceTypes: a.serviceTypes,
        qualifications: a.qualifications,
      })),
      page: result.page,
      pageSize: result.pageSize,
      total: result.total,
    },
    { headers },
  )
}
