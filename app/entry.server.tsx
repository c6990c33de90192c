import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { createInstance } from 'i18next'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { closeDatabase, getDatabase, onDatabaseReady } from '#db/client.server'
import { prepareOnStart } from '#db/seed/on-start.server'
import { now } from '~/domain/now'
import { tick } from '~/domain/timed-work/tick.server'
import { startSequencerLoop } from '~/domain/transparency/sequencer.server'
import { i18nOptions } from '~/i18n/config'
import { getEnv } from '~/utils/env.server'
import { getLocale } from '~/utils/i18n.server'
import { SERVER_MANAGES_SHUTDOWN } from '~/utils/load-context'
import { NonceProvider } from '~/utils/nonce'

const ABORT_DELAY = 5_000

// Boot: validate the environment, then open, migrate and (when empty) seed the database.
getEnv()
onDatabaseReady(prepareOnStart)
const started = getDatabase()
started.catch((error) => {
  console.error('Database start-up failed:', error)
  process.exit(1)
})

/**
 * Resolves once the database is open, migrated and (when empty) seeded, the demo logins printed.
 * server/index.ts opens its port only then, so no request waits on the start-up.
 */
export function ready(): Promise<void> {
  return started.then(() => undefined)
}

/** The app's clock in ms (moved by the test controls): the built-in Stripe server signs its webhooks on it (server/index.ts). */
export const appNow = () => now().getTime()

// Timed work (closing windows, selections, publicity ends). It is idempotent and guarded by
// advisory locks, so every instance may run it; TICK_INTERVAL_SECONDS=0 turns it off.
const tickSeconds = getEnv().TICK_INTERVAL_SECONDS
let tickTimer: ReturnType<typeof setInterval> | undefined
if (tickSeconds > 0) {
  tickTimer = setInterval(() => {
    getDatabase()
      .then((database) => tick(database.db))
      .catch((error) => console.error('tick failed:', error))
  }, tickSeconds * 1000)
  tickTimer.unref()
}

// The transparency log's sequencer, on its own short loop so the log lags the writes by well under a
// second: every instance runs it, one leads at a time (app/domain/transparency/sequencer.server.ts).
const sequencer = startSequencerLoop(getEnv().LOG_SEQUENCE_INTERVAL_MS, async () => (await getDatabase()).db)

/** Stops the timed work and the sequencer, and closes the database; server/index.ts calls it once its port is closed. */
export async function shutdown(): Promise<void> {
  clearInterval(tickTimer)
  await sequencer.stop()
  await closeDatabase()
}

// Under another server (Vite's dev server, remix-serve) nobody else closes the database on a signal.
if (!(globalThis as Record<symbol, unknown>)[SERVER_MANAGES_SHUTDOWN]) {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown()
        .catch((error) => console.error('Closing the database failed:', error))
        .finally(() => process.exit(0))
    })
  }
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: AppLoadContext,
) {
  // The server entry's per-request nonce, also named in its Content-Security-Policy header.
  const nonce = loadContext?.cspNonce
  const instance = createInstance()
  const lng = await getLocale(request)
  await instance.use(initReactI18next).init({ ...i18nOptions, lng })
  const callbackName = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [callbackName]: () => {
          shellRendered = true
          const body = new PassThrough()
          const stream = createReadableStreamFromReadable(body)
          // Security headers (CSP, nosniff, frame denial, Referrer-Policy…) come from server/index.ts on every answer.
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // Expected refusals (403, 404, 422…) thrown as responses are answers, not failures.
  if (isRouteErrorResponse(error) && error.status < 500) return
  console.error(error)
}
