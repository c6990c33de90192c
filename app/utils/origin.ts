/**
 * The one same-origin rule, shared by the server entry (server/middleware.ts, before Remix runs)
 * and `handle()` (app/utils/handler.server.ts, a second line for the Vite dev server and for
 * route modules called directly).
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

export interface OriginFacts {
  method: string
  /** The Origin header, if any. */
  origin: string | undefined
  /** The Sec-Fetch-Site header, if any. */
  secFetchSite: string | undefined
  /** The host the request was addressed to: X-Forwarded-Host only from a trusted proxy, else Host. */
  host: string | undefined
}

/**
 * Whether a request may reach the app: a mutation (any method but GET/HEAD/OPTIONS/TRACE) whose
 * Origin is another host, `null` (sandboxed frames, some cross-site redirects) or unreadable is
 * refused, and so is one without Origin that the browser marks `Sec-Fetch-Site: cross-site`.
 * Clients that send neither (curl, server-to-server webhooks) carry no victim's cookies and pass.
 */
export function originAllowed({ method, origin, secFetchSite, host }: OriginFacts): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (origin === undefined || origin === '') return secFetchSite?.trim().toLowerCase() !== 'cross-site'
  if (!host) return false
  let from: URL
  try {
    from = new URL(origin)
  } catch {
    return false // "null" and anything else that is not an origin
  }
  if (from.protocol !== 'http:' && from.protocol !== 'https:') return false
  let to: URL
  try {
    // Read the host in the origin's scheme, so "example.com:443" equals "https://example.com".
    to = new URL(`${from.protocol}//${host.trim()}`)
  } catch {
    return false
  }
  return from.host === to.host && to.pathname === '/' && !to.username && !to.password
}

