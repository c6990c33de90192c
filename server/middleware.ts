/**
 * Express middleware of the server entry: security headers on every answer, the origin check
 * before Remix runs, no-store on authenticated answers, and keep-alive sockets that survive an
 * answer given before the request body was read.
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express'
import helmet from 'helmet'
import {
  cacheControlFor,
  carriesSessionCookie,
  cspDirectives,
  firstListValue,
  originAllowed,
  PERMISSIONS_POLICY,
  refusalFormat,
  setsSessionCookie,
  wantsHsts,
} from './security'

/** Runs `change` just before the status line and headers go out, whoever sends them. */
export function beforeHeaders(res: Response, change: () => void): void {
  const writeHead = res.writeHead
  let done = false
  res.writeHead = function (this: Response, ...args: unknown[]) {
    if (!done) {
      done = true
      change()
    }
    return (writeHead as (...a: unknown[]) => Response).apply(this, args)
  } as Response['writeHead']
}

/** How long a request body may keep arriving, unread, after its answer went out (nginx's lingering_time). */
const LINGER_MS = 30_000

/**
 * When an answer goes out before its request body was read (a 413 for an oversized upload, a
 * refusal, a redirect to the login page), Remix's request stream has paused the socket, so the
 * rest of the body would block the next request on the keep-alive connection until the idle
 * timeout reset it. Once the answer is finished the unread rest is discarded, so the connection
 * stays usable; a body still arriving after LINGER_MS has its socket closed.
 */
export const drainUnreadBody: RequestHandler = (req, res, next) => {
  res.once('finish', () => {
    if (req.readableEnded) return
    req.removeAllListeners('data')
    req.resume()
    if (req.complete) return
    const socket = req.socket
    const timer = setTimeout(() => {
      if (!req.complete) socket.destroy()
    }, LINGER_MS)
    timer.unref()
    const stop = () => {
      clearTimeout(timer)
      req.off('end', stop)
      socket.off('close', stop)
    }
    req.once('end', stop)
    socket.once('close', stop)
  })
  next()
}

/** The per-request nonce, also handed to Remix as `cspNonce` in the load context. */
export function cspNonceOf(res: Response): string {
  return String(res.locals.cspNonce ?? '')
}

/**
 * Every answer's security headers: a CSP with this request's nonce, HSTS in production over
 * https, nosniff, frame denial, Referrer-Policy, Permissions-Policy, cross-origin isolation
 * headers (helmet's defaults).
 */
export function securityHeaders(env: { NODE_ENV: string; SESSION_COOKIE_SECURE?: string }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  }
  const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonceOf(res as Response)}'`
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(nonceSource) },
    strictTransportSecurity: wantsHsts(env) ? { maxAge: 60 * 60 * 24 * 365, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    // A public JSON API with Access-Control-Allow-Origin: * may be read by other sites' scripts.
    crossOriginResourcePolicy: { policy: 'same-site' },
  })
  const permissions: RequestHandler = (_req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
    next()
  }
  return [nonce, headers, permissions]
}

/** The host the request was addressed to: X-Forwarded-Host only when its sender is a trusted proxy. */
export function requestHost(req: Request): string | undefined {
  const trust = req.app.get('trust proxy fn') as ((address: string, hop: number) => boolean) | undefined
  const forwarded = firstListValue(req.headers['x-forwarded-host'])
  if (forwarded && trust?.(req.socket.remoteAddress ?? '', 0)) return forwarded
  return req.headers.host
}

/** A message of the app's dictionary in the requester's language (locale cookie, else Accept-Language). */
export type Translate = (req: Request, key: string) => Promise<{ locale: string; message: string }>

/**
 * Refuses a cross-site mutation before Remix runs: 403 with a translated message, JSON for
 * single-fetch, API and JSON requests, a small page otherwise. Nothing is read or written.
 */
export function refuseForeignOrigin(translate: Translate): RequestHandler {
  return (req, res, next) => {
    const allowed = originAllowed({
      method: req.method,
      origin: req.headers.origin,
      secFetchSite: firstListValue(req.headers['sec-fetch-site']),
      host: requestHost(req),
    })
    if (allowed) return next()
    translate(req, 'errors.crossOrigin')
      .then(({ locale, message }) => {
        res.status(403)
        res.setHeader('Cache-Control', 'no-store')
        res.setHeader('Vary', 'Origin, Accept, Accept-Language, Cookie')
        if (refusalFormat(req.path, req.headers.accept) === 'json') {
          res.json({ error: { code: 'cross_origin', message } })
        } else {
          res.type('html').send(
            `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>403</title></head>` +
              `<body><h1>403</h1><p>${escapeHtml(message)}</p></body></html>`,
          )
        }
      })
      .catch(next)
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * Just before the headers go out: `no-store` on authenticated answers (see cacheControlFor), and
 * a header Remix appended on top of the same value set here (X-Content-Type-Options from a route)
 * said once.
 */
export const authenticatedNoStore: RequestHandler = (req, res, next) => {
  const authenticatedRequest = carriesSessionCookie(req.headers.cookie)
  beforeHeaders(res, () => {
    const authenticated = authenticatedRequest || setsSessionCookie(res.getHeader('set-cookie'))
    const cacheControl = cacheControlFor(authenticated, res.getHeader('cache-control'))
    if (cacheControl) res.setHeader('Cache-Control', cacheControl)
    for (const name of res.getHeaderNames()) {
      const value = res.getHeader(name)
      if (name === 'set-cookie' || !Array.isArray(value)) continue
      const unique = [...new Set(value)]
      if (unique.length !== value.length) res.setHeader(name, unique.length === 1 ? unique[0] : unique)
    }
  })
  next()
}

/**
 * The last resort: a request Remix could not even be handed (a Host header that makes no URL) is
 * the client's fault, 400 with the translated message; anything else is logged and answered 500,
 * with the headers set so far.
 */
export function finalErrorHandler(translate: Translate): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error)
    const code = (error as { code?: unknown } | null)?.code
    const status = code === 'ERR_INVALID_URL' ? 400 : 500
    if (status === 500) console.error(error)
    translate(req, status === 400 ? 'errors.badRequest' : 'errors.unexpected')
      .catch(() => ({ message: status === 400 ? 'Bad Request' : 'Internal Server Error' }))
      .then(({ message }) => {
        res.status(status).type('text/plain').send(message)
      })
      .catch(next)
  }
}
