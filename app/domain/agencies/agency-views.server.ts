/**
 * Server glue shared by the agency workspace routes: the organisation's own record and latest
 * exit (what the registry domain does not export), the certificate upload reader, and display
 * formatting done on the server so server and browser render the same text.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { desc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyExits, organisations } from '#db/schema'
import { regionValue } from '~/domain/organisations/region.server'
import { registryConfig } from '~/domain/config'
import { Conflict, NotFound, RuleViolation } from '~/domain/errors'
import { errorResponse } from '~/utils/handler.server'

/** The caller's organisation (name, region, status) and its latest exit record, if any. */
export async function agencyOrganisation(db: Db, organisationId: string) {
  const [org] = await db
    .select({
      name: organisations.name,
      nameEn: organisations.nameEn,
      region: regionValue(),
      status: organisations.status,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  if (!org) throw new NotFound()
  const [lastExit] = await db
    .select({ type: agencyExits.type, exitedOn: agencyExits.exitedOn, reentryFrom: agencyExits.reentryFrom })
    .from(agencyExits)
    .where(eq(agencyExits.organisationId, organisationId))
    .orderBy(desc(agencyExits.createdAt))
    .limit(1)
  return { ...org, lastExit: lastExit ?? null }
}

/** An instant as "YYYY-MM-DD HH:mm" in Asia/Shanghai (fixed UTC+8, no daylight saving). */
export function shanghaiMinute(instant: Date | null | undefined): string | null {
  if (!instant) return null
  return new Date(instant.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ')
}

/** Room for the multipart framing and the `intent` field around the largest accepted file. */
export const MAX_UPLOAD_BODY_BYTES = registryConfig.maxUploadBytes + 1024 * 1024
export const MAX_UPLOAD_MB = registryConfig.maxUploadBytes / 1024 / 1024

class BodyTooLarge extends Error {}

/**
 * Reads the certificate upload form: the `intent` field and the first part named `file`. A body
 * that declares more than MAX_UPLOAD_BODY_BYTES is refused before a byte of it is read, and the
 * parts are streamed against the same budget, so a body without (or with a false) Content-Length
 * cannot fill the memory either. The file's own size and type are judged by the domain.
 */
export async function readUploadForm(request: Request): Promise<FormData | 'tooLarge'> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > MAX_UPLOAD_BODY_BYTES) return 'tooLarge'
  let budget = MAX_UPLOAD_BODY_BYTES
  let fileTaken = false
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const isFile = name === 'file' && typeof filename === 'string' && !fileTaken
    const isIntent = name === 'intent' && filename === undefined
    const chunks: Uint8Array[] = []
    for await (const chunk of data) {
      budget -= chunk.byteLength
      if (budget < 0) throw new BodyTooLarge()
      if (isFile || isIntent) chunks.push(chunk)
    }
    if (isFile) {
      fileTaken = true
      return new File(chunks as BlobPart[], filename ?? '', { type: contentType })
    }
    if (isIntent) return new TextDecoder().decode(Buffer.concat(chunks)).slice(0, 40)
    return undefined
  }
  try {
    return await unstable_parseMultipartFormData(request, handler)
  } catch (error) {
    if (error instanceof BodyTooLarge) return 'tooLarge'
    throw errorResponse(400, 'errors.badRequest')
  }
}

export interface FormError {
  messageKey: string
  params: Record<string, string | number>
}

/**
 * A refusal the user can act on, shown as a form-level message: a state conflict (409) or a
 * broken business rule (400). Anything else (403, 404, bugs) is not caught here.
 */
export function refusalOf(error: unknown): (FormError & { status: 400 | 409 }) | null {
  if (error instanceof Conflict) return { messageKey: error.messageKey, params: error.params, status: 409 }
  if (error instanceof RuleViolation) return { messageKey: error.messageKey, params: error.params, status: 400 }
  return null
}
