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
    request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || new URL(request.url).host
  let originHost: string | null = null
  try {
    originHost = new URL(origin).host
  } catch {
    originHost = null
  }
  if (originHost !== host) throw errorResponse(403, 'errors.crossOrigin')
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
