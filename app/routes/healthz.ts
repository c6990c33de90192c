import { getDatabase, ping } from '#db/client.server'

/** Liveness and database check: {"status":"ok","database":"pglite"|"postgresql"}. */
export async function loader() {
  // Not about domain errors: any failure to reach the database (driver error, timeout) is the
  // answer itself — 503 for the load balancer, the detail only in the log.
  try {
    const database = await getDatabase()
    await ping(database.db)
    return Response.json({ status: 'ok', database: database.kind }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    console.error('healthz:', error)
    return Response.json({ status: 'error' }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
