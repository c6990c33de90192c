import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { agencyCreditLedger } from '~/domain/credit/credit-views.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/agencies/:id/credit → the agency's public credit ledger: base, score, tier and every
 * event with its points, kind, source, reason and date (score = base + the sum of the points);
 * {"error":{"code":"not_found",…}} with 404 for anything not a once-approved agency.
 */
export const loader = apiHandle(async ({ params }: LoaderFunctionArgs) => {
  const ledger = await agencyCreditLedger(await getDb(), params.id ?? '')
  return ledger
})
