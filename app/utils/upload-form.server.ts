/**
 * Reading a multipart upload form against a size budget, never buffered whole: the certificate
 * upload (app/routes/agency+/application.tsx) and the contract report
 * (app/routes/contracts+/$id.tsx). Moved here from app/domain/agencies/agency-views.server.ts: it
 * reads a request, so no domain file imports Remix for it.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { registryConfig } from '~/domain/config'
import { errorResponse } from '~/utils/handler.server'

/** A multipart form as read: the form, its file part, and whether the body went over the budget. */
export interface MultipartUpload {
  form: FormData
  file: FormDataEntryValue | null
  /** The body was larger than any accepted file could make it, and was not read. */
  overflow: boolean
}

export interface UploadFormOptions {
  /** The largest file the form accepts; the body's budget adds room for the framing and the text fields. */
  maxFileBytes: number
  /** The intent an over-budget body is answered as (its form was not read, so its `intent` is unknown). */
  overflowIntent: string
  /** The text fields kept besides `intent` (each at most `maxTextChars` characters). */
  textFields?: readonly string[]
  maxTextChars?: number
}

/** Room for the multipart framing and the text fields around the largest accepted file. */
export const uploadBodyBudget = (maxFileBytes: number) => maxFileBytes + 1024 * 1024
/** The certificate form's budget (kept for its tests and callers). */
export const MAX_UPLOAD_BODY_BYTES = uploadBodyBudget(registryConfig.maxUploadBytes)
class BodyTooLarge extends Error {}

/**
 * Reads a multipart form: the `intent` field, the named text fields and the first part named
 * `file`. A body that declares more than the budget is refused before a byte of it is read, and
 * the parts are streamed against the same budget, so a body without (or with a false)
 * Content-Length cannot fill the memory either. The file's own size and type are judged by the
 * domain, which also answers an overflow (as the form `overflowIntent`).
 */
export async function readMultipartUpload(request: Request, options: UploadFormOptions): Promise<MultipartUpload> {
  const limit = uploadBodyBudget(options.maxFileBytes)
  const overflow = (): MultipartUpload => {
    const form = new FormData()
    form.set('intent', options.overflowIntent)
    return { form, file: null, overflow: true }
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) return overflow()
  const kept = new Set(['intent', ...(options.textFields ?? [])])
  const maxChars = options.maxTextChars ?? 40
  let budget = limit
  let fileTaken = false
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const isFile = name === 'file' && typeof filename === 'string' && !fileTaken
    const isText = kept.has(name) && filename === undefined
    const chunks: Uint8Array[] = []
    for await (const chunk of data) {
      budget -= chunk.byteLength
      if (budget < 0) throw new BodyTooLarge()
      if (isFile || isText) chunks.push(chunk)
    }
    if (isFile) {
      fileTaken = true
      return new File(chunks as BlobPart[], filename ?? '', { type: contentType })
    }
    if (isText) return new TextDecoder().decode(Buffer.concat(chunks)).slice(0, maxChars)
    return undefined
  }
  try {
    const form = await unstable_parseMultipartFormData(request, handler)
    return { form, file: form.get('file'), overflow: false }
  } catch (error) {
    if (error instanceof BodyTooLarge) return overflow()
    throw errorResponse(400, 'errors.badRequest')
  }
}

/** The certificate upload form (the `upload` intent, a scan up to registryConfig.maxUploadBytes). */
export function readUploadForm(request: Request): Promise<MultipartUpload> {
  return readMultipartUpload(request, { maxFileBytes: registryConfig.maxUploadBytes, overflowIntent: 'upload' })
}

/** Whether a request carries a multipart body (an upload form). */
export function isMultipart(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')
}
