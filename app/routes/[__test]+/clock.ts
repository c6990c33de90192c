import type { ActionFunctionArgs } from '@remix-run/node'
import { errorResponse } from '~/utils/handler.server'
import { moveClock, readClockInput, requireTestControls } from '~/utils/test-controls.server'

/** 404 like any unknown URL; the control only takes POST. */
export async function loader() {
  throw errorResponse(404, 'errors.notFound')
}

/**
 * POST /__test/clock (ENABLE_TEST_CONTROLS only): `set=<ISO instant>` or `advanceDays=<n>`,
 * JSON or form; answers {"now": "<ISO>"}.
 */
export async function action({ request }: ActionFunctionArgs) {
  requireTestControls()
  const input = await readClockInput(request)
  if (!input) {
    return Response.json(
      { error: 'Send set=<ISO instant with offset, e.g. 2026-06-15T10:00:00+08:00> or advanceDays=<integer>, not both.' },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    )
  }
  return Response.json({ now: moveClock(input).toISOString() }, { headers: { 'Cache-Control': 'no-store' } })
}
