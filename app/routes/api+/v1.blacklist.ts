import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { publicBlacklist } from '~/domain/blacklist/blacklist.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/blacklist → {"data":[…]}: every blacklist entry (in force, expired, lifted,
 * appealed), newest first, with scope, dates, state, the lifting reason and the appeal's decision.
 */
export const loader = apiHandle(async (_: LoaderFunctionArgs) => ({ data: await publicBlacklist(await getDb()) }))
