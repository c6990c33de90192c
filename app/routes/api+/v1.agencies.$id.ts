import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { agencyProfile } from '~/domain/agencies/directory.server'
import { regionFields } from '~/domain/organisations/names'
import { agencyRatingsOf } from '~/domain/ratings/ratings.server'
import { upheldComplaintsOf } from '~/domain/complaints/complaints.server'
import { apiHandle } from '~/utils/api.server'

/** GET /api/v1/agencies/:id → the agency's public profile with its ratings and upheld complaints; {"error":{"code":"not_found",…}} with 404 otherwise. */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => {
  const db = await getDb()
  const profile = await agencyProfile(db, params.id ?? '')
  // Ratings: the summary and each rating with its contract's need; a hidden text is left out.
  // Complaints: the upheld ones only (date, subject, the decision's reasons), never who complained.
  return {
    ...profile,
    ...regionFields(profile.region),
    ratings: await agencyRatingsOf(db, profile.id),
    complaints: await upheldComplaintsOf(db, profile.id),
  }
})
