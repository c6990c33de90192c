import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable, type EntryContext } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { createInstance } from 'i18next'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { closeDatabase, getDatabase, onDatabaseReady } from '#db/client.server'
import { prepareOnStart } from '#db/seed/on-start.server'
import { tick } from '~/domain/needs/tick.server'
import { i18nOptions } from '~/i18n/config'
import { getEnv } from '~/utils/env.server'
import { getLocale } from '~/utils/i18n.server'

const ABORT_DELAY = 5_000

// Boot: validate the environment, then open, migrate and (when empty) seed the database.
getEnv()
onDatabaseReady(prepareOnStart)
getDatabase().catch((error) => {
  console.error('Database start-up failed:', error)
  process.exit(1)
})

// Timed work (closing windows, selections, publicity ends). It is idempotent and guarded by
// advisory locks, so every instance may run it; TICK_INTERVAL_SECONDS=0 turns it off.
const tickSeconds = getEnv().TICK_INTERVAL_SECONDS
if (tickSeconds > 0) {
  const timer = setInterval(() => {
    getDatabase()
      .then((database) => tick(database.db))
      .catch((error) => console.error('tick failed:', error))
  }, tickSeconds * 1000)
  timer.unref()
}

// remix-serve closes its port on SIGTERM/SIGINT; close the database too so the process ends.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    closeDatabase()
      .catch((error) => console.error('Closing the database failed:', error))
      .finally(() => process.exit(0))
  })
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const instance = createInstance()
  const lng = await getLocale(request)
  await instance.use(initReactI18next).init({ ...i18nOptions, lng })
  const callbackName = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </I18nextProvider>,
      {
        [callbackName]: () => {
          shellRendered = true
          const body = new PassThrough()
          const stream = createReadableStreamFromReadable(body)
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          responseHeaders.set('X-Content-Type-Options', 'nosniff')
          responseHeaders.set('Referrer-Policy', 'same-origin')
          responseHeaders.set('X-Frame-Options', 'DENY')
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
