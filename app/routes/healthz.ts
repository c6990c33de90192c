import { getDatabase, ping } from '#db/client.server'
import { sequencerLag } from '~/domain/transparency/sequencer.server'

/**
 * Liveness and database check: {"status":"ok","database":"pglite"|"postgresql","log":{lagMs,pending}}
 * — `log.lagMs` is the age of the oldest audit event the transparency log's sequencer has not yet
 * given a leaf (0 when none waits), `pending` how many wait.
 */
export async function loader() {
  // Not about domain errors: any failure to reach the database (driver error, timeout) is the
  // answer itself — 503 for the load balancer, the detail only in the log.
  try {
    const database = await getDatabase()
    await ping(database.db)
    const log = await sequencerLag(database.db)
    return Response.json({ status: 'ok', database: database.kind, log }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    console.error('healthz:', error)
    return Response.json({ status: 'error' }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
