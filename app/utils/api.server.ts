/**
 * The one way a JSON API route answers (`/api/v1/*`): the route returns its body (or a Response
 * when it needs its own headers), and every typed domain error becomes the same JSON error shape
 * with its status — `{"error":{"code","message",…params}}` (plus `field` when a RuleViolation
 * names the parameter it refused), the message in the request's language. Public and read-only:
 * `Cache-Control: no-store` (IMMUTABLE_API_HEADERS for answers that never change) and
 * `Access-Control-Allow-Origin: *`.
 */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { DomainError, InvalidParameter, RuleViolation } from '~/domain/errors'
import { inputDataException } from '~/utils/handler.server'
import { getT } from '~/utils/i18n.server'

export const API_HEADERS = { 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' } as const

/**
 * For an answer that can never change (a signed head of a given size, a sequenced leaf, a proof
 * between fixed sizes): any cache may keep it for a year.
 */
export const IMMUTABLE_API_HEADERS = { ...API_HEADERS, 'Cache-Control': 'public, max-age=31536000, immutable' } as const

/** A JSON answer that never changes (IMMUTABLE_API_HEADERS). */
export const immutableJson = (body: unknown) => Response.json(body, { headers: IMMUTABLE_API_HEADERS })

const CODES: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'unprocessable',
  429: 'too_many_requests',
}

/**
 * The machine-readable code of a domain error (`invalid_parameter` names the parameter); a
 * DomainError subclass may name its own (`apiCode`, e.g. the calendar's `unknown_year`).
 */
export function apiErrorCode(error: DomainError): string {
  if (error instanceof InvalidParameter) return 'invalid_parameter'
  return (error as DomainError & { apiCode?: string }).apiCode ?? CODES[error.status] ?? 'error'
}

/**
 * Structured fields a DomainError subclass adds to its JSON error beside its message parameters
 * (`apiDetails`, e.g. the calendar's `knownRange: {firstYear, lastYear}`).
 */
export function apiErrorDetails(error: DomainError): Record<string, unknown> {
  const details = (error as DomainError & { apiDetails?: unknown }).apiDetails
  return details && typeof details === 'object' ? (details as Record<string, unknown>) : {}
}

/**
 * The filters a list API parsed, or `InvalidParameter` naming the first parameter it could not
 * use (400 `invalid_parameter`).
 */
export function validFilters<Filters>(parsed: { filters: Filters; invalid: readonly string[] }): Filters {
  const [parameter] = parsed.invalid
  if (parameter !== undefined) throw new InvalidParameter(parameter, 'directory.api.invalidParameter')
  return parsed.filters
}

export function apiHandle<Args extends LoaderFunctionArgs>(
  fn: (args: Args) => Promise<unknown>,
): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      const body = await fn(args)
      return body instanceof Response ? body : Response.json(body, { headers: API_HEADERS })
    } catch (error) {
      if (error instanceof Response) throw error
      const domain =
        error instanceof DomainError
          ? error
          : inputDataException(error)
            ? new DomainError(400, 'errors.badRequest')
            : null
      if (!domain) throw error
      const t = await getT(args.request)
      return Response.json(
        {
          error: {
            code: apiErrorCode(domain),
            message: t(domain.messageKey, domain.params),
            ...domain.params,
            // A rule that names the parameter it refused (e.g. the log's `treeSize`).
            ...(domain instanceof RuleViolation && domain.field ? { field: domain.field } : {}),
            ...apiErrorDetails(domain),
          },
        },
        { status: domain.status, headers: API_HEADERS },
      )
    }
  }
}
