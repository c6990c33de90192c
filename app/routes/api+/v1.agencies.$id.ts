import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { agencyProfile } from '~/domain/agencies/directory.server'
import { regionFields } from '~/domain/organisations/names'
import { apiHandle } from '~/utils/api.server'

/** GET /api/v1/agencies/:id → the agency's public profile; {"error":{"code":"not_found",…}} with 404 otherwise. */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => {
  const profile = await agencyProfile(await getDb(), params.id ?? '')
  return { ...profile, ...regionFields(profile.region) }
})
