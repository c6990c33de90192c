import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { agencyProfile } from '~/domain/agencies/directory.server'
import { NotFound } from '~/domain/errors'
import { regionFields } from '~/domain/organisations/names'

const headers = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' }

/** GET /api/v1/agencies/:id → the agency's public profile; {"error":{"code":"not_found"}} with 404 otherwise. */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    const profile = await agencyProfile(await getDb(), params.id ?? '')
    return Response.json({ ...profile, ...regionFields(profile.region) }, { headers })
  } catch (error) {
    if (error instanceof NotFound) return Response.json({ error: { code: 'not_found' } }, { status: 404, headers })
    throw error
  }
}
