/**
 * What the server entry (server/index.ts) hands every loader and action as `context`.
 * Loaders and actions called without it (integration tests calling route modules directly, the
 * Vite dev server) get the defaults below.
 */
import type { AppLoadContext } from '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /**
     * The client's address: the socket's remote address, or — only when TRUST_PROXY is set — the
     * address the trusted proxy chain reports (Express `req.ip`). Never read from a header here.
     */
    clientAddress?: string
    /** The per-request Content-Security-Policy nonce for inline scripts. */
    cspNonce?: string
    /**
     * The host the request was addressed to, as the server entry decided it: X-Forwarded-Host
     * only from a trusted proxy (TRUST_PROXY), else Host.
     */
    requestHost?: string
  }
}

/** The address login throttling keys on; `unknown` when no server entry supplied one. */
export function clientAddressOf(context: AppLoadContext | undefined | null): string {
  const address = context?.clientAddress?.trim()
  return address ? address : 'unknown'
}

/**
 * Set on globalThis by the server entry before it loads the build: it then closes the database
 * itself on SIGTERM/SIGINT (after its port), through the entry module's `shutdown`.
 */
export const SERVER_MANAGES_SHUTDOWN = Symbol.for('marketplace.server-manages-shutdown')
