/**
 * The server entry's decisions, as pure functions of headers (server/middleware.ts applies them;
 * test/unit/server-security.test.ts checks them).
 */

/** The name of the signed session cookie (app/utils/session.server.ts). */
export const SESSION_COOKIE = '__session'

export { originAllowed, type OriginFacts } from '../app/utils/origin'

/** The first value of a comma list (a proxy chain's X-Forwarded-Host), trimmed. */
export function firstListValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value
  const first = text?.split(',')[0]?.trim()
  return first ? first : undefined
}

/** Whether a Cookie request header carries our session cookie. */
export function carriesSessionCookie(cookieHeader: string | undefined): boolean {
  if (!cookieHeader) return false
  return cookieHeader.split(';').some((pair) => pair.trim().startsWith(`${SESSION_COOKIE}=`))
}

/** Whether Set-Cookie response headers set (or clear) our session cookie. */
export function setsSessionCookie(setCookie: string | number | readonly string[] | undefined): boolean {
  if (setCookie === undefined || typeof setCookie === 'number') return false
  const values = typeof setCookie === 'string' ? [setCookie] : setCookie
  return values.some((value) => value.trim().startsWith(`${SESSION_COOKIE}=`))
}

/**
 * The Cache-Control an answer gets: an authenticated one (the request carries our session cookie
 * or the answer sets/clears it) must never be stored by a browser or a shared cache, so it gets
 * `no-store` — unless what the route set already says no-store (the file downloads' `private,
 * no-store` stays as it is). Anonymous answers keep whatever the route set (`undefined`: no change).
 */
export function cacheControlFor(
  authenticated: boolean,
  current: string | number | readonly string[] | undefined,
): string | undefined {
  if (!authenticated) return undefined
  const text = current === undefined ? '' : Array.isArray(current) ? current.join(', ') : String(current)
  if (/(^|,)\s*no-store\s*(,|$)/i.test(text)) return undefined
  return 'no-store'
}

/** Features the app never uses, denied to it and to any frame (Permissions-Policy). */
export const DENIED_FEATURES = [
  'accelerometer',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
] as const

export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(', ')

/**
 * The Content-Security-Policy directives (helmet's form); `nonceSource` is the `'nonce-…'` token or
 * helmet's function that makes it per request. Scripts only from us or carrying this
 * request's nonce (Remix's inline hydration and streaming scripts get it); styles from our own
 * stylesheets, plus `style` attributes (React `style={…}` props in the clock timeline, the draw
 * pages…) through style-src-attr — never a `<style>` element or inline script.
 */
export function cspDirectives<Nonce = string>(nonceSource: Nonce): Record<string, (string | Nonce)[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", nonceSource],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'style-src-elem': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  }
}

/** HSTS only where it is meant: production served over https (SESSION_COOKIE_SECURE=false declares plain http). */
export function wantsHsts(env: { NODE_ENV: string; SESSION_COOKIE_SECURE?: string }): boolean {
  return env.NODE_ENV === 'production' && env.SESSION_COOKIE_SECURE !== 'false'
}

/** What a refusal is answered in: JSON for single-fetch (`.data`), API and JSON-preferring requests. */
export function refusalFormat(path: string, accept: string | undefined): 'json' | 'html' {
  if (path.endsWith('.data') || path.startsWith('/api/')) return 'json'
  const wants = (accept ?? '').toLowerCase()
  if (wants.includes('application/json') && !wants.includes('text/html')) return 'json'
  return 'html'
}
