/**
 * Reading the certificate upload form (app/routes/agency+/application.tsx) against a size
 * budget, never buffered whole. Moved here from app/domain/agencies/agency-views.server.ts: it
 * reads a request, so no domain file imports Remix for it.
 */
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import type { CertificateUpload } from '~/domain/agencies/registry.server'
import { registryConfig } from '~/domain/config'
import { errorResponse } from '~/utils/handler.server'

/** Room for the multipart framing and the `intent` field around the largest accepted file. */
export const MAX_UPLOAD_BODY_BYTES = registryConfig.maxUploadBytes + 1024 * 1024
class BodyTooLarge extends Error {}

/**
 * Reads the certificate upload form: the `intent` field and the first part named `file`. A body
 * that declares more than MAX_UPLOAD_BODY_BYTES is refused before a byte of it is read, and the
 * parts are streamed against the same budget, so a body without (or with a false) Content-Length
 * cannot fill the memory either. The file's own size and type are judged by the domain
 * (`uploadCertificate`), which also answers an overflow (the only multipart form is the upload).
 */
export async function readUploadForm(request: Request): Promise<CertificateUpload> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > MAX_UPLOAD_BODY_BYTES) return overflow()
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
    const form = await unstable_parseMultipartFormData(request, handler)
    return { form, file: form.get('file'), overflow: false }
  } catch (error) {
    if (error instanceof BodyTooLarge) return overflow()
    throw errorResponse(400, 'errors.badRequest')
  }
}

/** A body over the budget: nothing of it is kept; the form is the upload form (the only multipart one). */
function overflow(): CertificateUpload {
  const form = new FormData()
  form.set('intent', 'upload')
  return { form, file: null, overflow: true }
}
