import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { regionFields } from '~/domain/organisations/names'
import { parseDirectoryFilters, searchAgencies } from '~/domain/agencies/directory.server'
import { apiHandle, validFilters } from '~/utils/api.server'

/**
 * GET /api/v1/agencies?q=&serviceType=&qualification=&level=&region=&status=&sort=&page=
 * → {"data":[…public fields…],"page","pageSize","total"}; 400 names a parameter it cannot use.
 */
export const loader = apiHandle(async ({ request }: LoaderFunctionArgs) => {
  const filters = validFilters(parseDirectoryFilters(new URL(request.url).searchParams))
  const result = await searchAgencies(await getDb(), filters)
  return {
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
  }
})
