import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '~/domain/errors'
import { getEnv } from './env.server'

export interface ErrorPayload {
  messageKey: string
  params: Record<string, string | number>
}

/** Thrown into the nearest error boundary with a translatable message. */
export function errorResponse(status: number, messageKey: string, params: Record<string, string | number> = {}) {
  return data<ErrorPayload>({ messageKey, params }, { status })
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses cross-site mutations: browsers send Origin on every POST, so a mismatch with our
 * own origin (or one of APP_ORIGINS) is a forged request. Clients that send no Origin (curl,
 * server-to-server) carry no victim's cookies and pass.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return
  const origin = request.headers.get('origin')
  if (!origin) {
    if (request.headers.get('sec-fetch-site') === 'cross-site') throw errorResponse(403, 'errors.crossOrigin')
    return
  }
  const url = new URL(request.url)
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host
  const allowed = new Set([url.origin, `${url.protocol}//${host}`, `https://${host}`, `http://${host}`])
  for (const extra of getEnv().APP_ORIGINS?.split(',') ?? []) if (extra.trim()) allowed.add(extra.trim())
  if (!allowed.has(origin)) throw errorResponse(403, 'errors.crossOrigin')
}

/**
 * Wraps a loader or action: checks the origin of mutations and turns typed domain errors into
 * responses in one place, so routes never need their own try/catch for them.
 */
export function handle<Args extends LoaderFunctionArgs | ActionFunctionArgs, Result>(
  fn: (args: Args) => Promise<Result>,
): (args: Args) => Promise<Result> {
  return async (args) => {
    assertSameOrigin(args.request)
    try {
      return await fn(args)
    } catch (error) {
      if (error instanceof DomainError) throw errorResponse(error.status, error.messageKey, error.params)
      throw error
    }
  }
}
