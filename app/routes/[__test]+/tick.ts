import { getDb } from '#db/client.server'
import { now } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import { errorResponse } from '~/utils/handler.server'
import { requireTestControls } from '~/utils/test-controls.server'

/** 404 like any unknown URL; the control only takes POST. */
export async function loader() {
  throw errorResponse(404, 'errors.notFound')
}

/** POST /__test/tick (ENABLE_TEST_CONTROLS only): runs the timed work once, answers its summary. */
export async function action() {
  requireTestControls()
  const summary = await tick(await getDb())
  return Response.json({ now: now().toISOString(), summary }, { headers: { 'Cache-Control': 'no-store' } })
}
