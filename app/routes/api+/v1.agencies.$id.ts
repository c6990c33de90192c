import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { agencyProfile } from '~/domain/agencies/directory.server'
import { regionFields } from '~/domain/organisations/names'
import { agencyBlacklistHistory } from '~/domain/blacklist/blacklist.server'
import { agencyRatingsOf } from '~/domain/ratings/ratings.server'
import { upheldComplaintsOf } from '~/domain/complaints/complaints.server'
import { apiHandle } from '~/utils/api.server'

/** GET /api/v1/agencies/:id → the agency's public profile with its ratings, its blacklist history and its upheld complaints; {"error":{"code":"not_found",…}} with 404 otherwise. */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => {
  const db = await getDb()
  const profile = await agencyProfile(db, params.id ?? '')
  // Ratings: the summary and each rating with its contract's need; a hidden text is left out.
  // Blacklist: every entry (in force, expired, lifted, appealed) with scope, dates, reason and legal basis.
  // Complaints: the upheld ones only (date, subject, the decision's reasons), never who complained.
  const [ratings, blacklist, complaints] = await Promise.all([
    agencyRatingsOf(db, profile.id),
    agencyBlacklistHistory(db, profile.id),
    upheldComplaintsOf(db, profile.id),
  ])
  return { ...profile, ...regionFields(profile.region), ratings, blacklist, complaints }
})
