/**
 * Calling Remix loaders and actions directly, as the server would: build a Request (with the
 * session cookie and a same-origin Origin header), run the function, and normalise whatever it
 * returned or threw (Response, single-fetch `data()`, redirect) into { status, data, headers }.
 */
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { createSession } from '~/domain/accounts/accounts.server'
import { serializeSessionId } from '~/utils/session.server'

export const ORIGIN = 'http://localhost:3000'

export async function sessionCookie(userId: string): Promise<string> {
  const session = await createSession(await getDb(), userId)
  const setCookie = await serializeSessionId(session.id)
  return setCookie.split(';')[0]
}

export interface RequestOptions {
  cookie?: string
  headers?: Record<string, string>
  params?: Record<string, string>
}

export function formRequest(path: string, fields: Record<string, string | string[]>, options: RequestOptions = {}) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
  return new Request(new URL(path, ORIGIN), {
    method: 'POST',
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: ORIGIN,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
  })
}

export function getRequest(path: string, options: RequestOptions = {}) {
  return new Request(new URL(path, ORIGIN), {
    headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
  })
}

export interface RouteResult<T = unknown> {
  status: number
  data: T
  headers: Headers
}

type RouteFn = (args: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown> | unknown

async function normalise(value: unknown): Promise<RouteResult<any>> {
  if (value instanceof Response) {
    const type = value.headers.get('Content-Type') ?? ''
    const data = type.includes('json') ? await value.json() : await value.text()
    return { status: value.status, data, headers: value.headers }
  }
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'DataWithResponseInit') {
    const { data, init } = value as { data: unknown; init?: ResponseInit | null }
    return { status: init?.status ?? 200, data, headers: new Headers(init?.headers) }
  }
  return { status: 200, data: value, headers: new Headers() }
}

/** `context` is what the server entry would pass, e.g. `{ clientAddress: '203.0.113.7' }` (see app/utils/load-context.ts). */
export async function callRoute<T = any>(
  fn: unknown,
  request: Request,
  params: Record<string, string> = {},
  context: AppLoadContext = {},
): Promise<RouteResult<T>> {
  try {
    return await normalise(await (fn as RouteFn)({ request, params, context } as never))
  } catch (thrown) {
    if (thrown instanceof Response || (thrown && typeof thrown === 'object' && 'type' in thrown)) return normalise(thrown)
    throw thrown
  }
}
