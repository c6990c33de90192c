import { data, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from '@remix-run/node'
import { originAllowed } from '~/utils/origin'
import { DomainError } from '~/domain/errors'

export interface ErrorPayload {
  messageKey: string
  params: Record<string, string | number>
}

/** Thrown into the nearest error boundary with a translatable message. */
export function errorResponse(status: number, messageKey: string, params: Record<string, string | number> = {}) {
  return data<ErrorPayload>({ messageKey, params }, { status })
}

/**
 * Refuses cross-site mutations with the same rule the server entry applies before Remix runs
 * (`originAllowed`, app/utils/origin.ts): a second line for the Vite dev server and for route
 * modules called directly. The host is the one the server entry decided (X-Forwarded-Host only
 * from a trusted proxy); without a server entry, the Host header — never X-Forwarded-Host.
 */
export function assertSameOrigin(request: Request, context?: AppLoadContext | null): void {
  const allowed = originAllowed({
    method: request.method,
    origin: request.headers.get('origin') ?? undefined,
    secFetchSite: request.headers.get('sec-fetch-site') ?? undefined,
    host: context?.requestHost ?? request.headers.get('host') ?? new URL(request.url).host,
  })
  if (!allowed) throw errorResponse(403, 'errors.crossOrigin')
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
    assertSameOrigin(args.request, args.context)
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
