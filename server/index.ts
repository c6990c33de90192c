/**
 * The production server (`npm start`): Express in front of the Remix build, so every answer gets
 * the security headers, cross-site mutations are refused before Remix runs, and loaders see the
 * client's address (modelled on the Epic Stack's Remix v2 server/index.ts). `npm run dev` keeps
 * Vite's own server.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import morgan from 'morgan'
import { SERVER_MANAGES_SHUTDOWN } from '../app/utils/load-context'
import { getEnv, resetEnvCache } from '../app/utils/env.server'
import { getLocale, getT } from '../app/utils/i18n.server'
import {
  authenticatedNoStore,
  cspNonceOf,
  drainUnreadBody,
  finalErrorHandler,
  refuseForeignOrigin,
  requestHost,
  securityHeaders,
  type Translate,
} from './middleware'
import { startBuiltInStripe } from './stripe-builtin'

process.env.NODE_ENV ??= 'production'
// app/entry.server.tsx closes the database on a signal itself unless a server entry does it.
;(globalThis as Record<symbol, unknown>)[SERVER_MANAGES_SHUTDOWN] = true

let env = getEnv()
/** The app's clock, once the build is loaded (the built-in Stripe server signs webhooks on it). */
const appClock: { now?: () => number } = {}
// No Stripe key: payments run against the built-in test server (set up before the build reads the environment).
const builtInStripe = env.STRIPE_SECRET_KEY ? null : await startBuiltInStripe(env.PORT, () => appClock.now?.() ?? Date.now())
if (builtInStripe) {
  resetEnvCache()
  env = getEnv()
}
const root = path.resolve(import.meta.dirname, '..')
const clientDir = path.join(root, 'build', 'client')
const build = (await import(pathToFileURL(path.join(root, 'build', 'server', 'index.js')).href)) as ServerBuild
/** One line per request, except under CI and tests (the e2e server's output is not read). */
const quiet = Boolean(process.env.CI) || env.NODE_ENV === 'test'

const translate: Translate = async (req, key) => {
  let locale: Awaited<ReturnType<typeof getLocale>> = 'zh-CN'
  try {
    const headers = new Headers()
    if (req.headers.cookie) headers.set('cookie', req.headers.cookie)
    if (req.headers['accept-language']) headers.set('accept-language', req.headers['accept-language'])
    locale = await getLocale(new Request('http://localhost/', { headers }))
  } catch {
    // An unreadable cookie or language header: the default language.
  }
  const t = await getT(locale)
  return { locale, message: t(key) }
}

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', env.TRUST_PROXY)

app.use(drainUnreadBody)
app.use(securityHeaders(env))
app.use(compression())
if (!quiet) app.use(morgan('tiny'))
app.use(refuseForeignOrigin(translate))

// Vite fingerprints everything under /assets, so it may be cached for good; the rest (favicons) for an hour.
app.use('/assets', express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '1y', index: false }))
app.use(express.static(clientDir, { maxAge: '1h', index: false }))

app.use(authenticatedNoStore)
app.all(
  '*',
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => ({
      clientAddress: req.ip ?? req.socket.remoteAddress,
      cspNonce: cspNonceOf(res),
      requestHost: requestHost(req),
    }),
  }),
)
app.use(finalErrorHandler(translate))

const entry = build.entry.module as { ready?: () => Promise<void>; shutdown?: () => Promise<void>; appNow?: () => number }
appClock.now = entry.appNow
let server: ReturnType<typeof app.listen> | undefined

/** Stop taking connections, let the requests in flight finish (10 s at most), then close the database. */
let stopping = false
function stop(signal: NodeJS.Signals) {
  if (stopping) return
  stopping = true
  console.log(`${signal}: closing the server`)
  const closeDatabase = () =>
    Promise.resolve(builtInStripe?.close())
      .catch(() => undefined)
      .then(() => entry.shutdown?.())
      .catch((error: unknown) => console.error('Closing the database failed:', error))
      .finally(() => process.exit(0))
  if (!server) {
    // Stopped during the start-up: no port to close yet.
    void closeDatabase()
    return
  }
  const listening = server
  const force = setTimeout(() => listening.closeAllConnections(), 10_000)
  force.unref()
  listening.close(() => void closeDatabase())
  listening.closeIdleConnections()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)

// Open the port only once the database is migrated and seeded (the demo logins are printed first).
await entry.ready?.()
if (!stopping) {
  server = app.listen(env.PORT, () => {
    console.log(`✅ app ready: http://localhost:${env.PORT}`)
  })
}
