import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { agencyProfile } from '~/domain/agencies/directory.server'
import { apiHandle } from '~/utils/api.server'

/** GET /api/v1/agencies/:id → the agency's public profile; {"error":{"code":"not_found",…}} with 404 otherwise. */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => agencyProfile(await getDb(), params.id ?? ''))
