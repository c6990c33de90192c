import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { DomainError } from '~/domain/errors'

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
 * Refuses cross-site mutations: browsers send Origin on every POST, so an Origin whose host is
 * not ours (X-Forwarded-Host behind a proxy, else Host) is a forged request. This is the rule
 * Remix itself applies to document and data POSTs (it answers those with a 500 before any action
 * runs); here it also covers resource routes and answers 403. Clients that send no Origin (curl,
 * server-to-server) carry no victim's cookies and pass.
 */
export function assertSameOrigin(request: Request): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return
  const origin = request.headers.get('origin')
  if (!origin) {
    if (request.headers.get('sec-fetch-site') === 'cross-site') throw errorResponse(403, 'errors.crossOrigin')
    return
  }
  const host =
    request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() ||
    request.headers.get('host') ||
    new URL(request.url).host
  let originHost: string | null = null
  try {
    originHost = new URL(origin).host
  } catch {
    originHost = null
  }
  if (originHost !== host) throw errorResponse(403, 'errors.crossOrigin')
}

/**
 * The SQLSTATE of a database error that is the input's fault (class 22, data exception: a NUL
 * or an invalid byte in text, a value out of range, an unreadable uuid or date), looked for along
 * the `cause` chain (drizzle wraps the driver's error). Its transaction was rolled back.
 */
export function inputDataException(error: unknown): string | null {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return code
  }
  return null
}

/**
 * Wraps a loader or action: checks the origin of mutations and turns typed domain errors into
 * responses in one place, so routes never need their own try/catch for them. A database data
 * exception that slipped past the schemas (a bare z.string() letting a NUL through) is the
 * input's fault: 400 with a translated message, logged, never a 500.
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
      const code = inputDataException(error)
      if (code) {
        console.warn(
          `Refused input the database could not take (SQLSTATE ${code}):`,
          (error as Error).message?.slice(0, 200),
        )
        throw errorResponse(400, code === '22021' || code === '22P05' ? 'input.controlCharacters' : 'errors.badRequest')
      }
      throw error
    }
  }
}
