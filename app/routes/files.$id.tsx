import type { LoaderFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { fileForDownload } from '~/domain/agencies/registry.server'
import { NotFound } from '~/domain/errors'
import { requireUser } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { getT } from '~/utils/i18n.server'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** RFC 8187 value: percent-encode everything but attr-char (encodeURIComponent leaves ' ( ) * ! too). */
function encodeRfc8187(value: string) {
  return encodeURIComponent(value).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The old `filename=` for clients that ignore `filename*`: printable ASCII only, no quotes or backslashes. */
function asciiFallback(value: string) {
  const ascii = value
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_')
    .trim()
  return ascii || 'download'
}

async function notFound(request: Request) {
  const t = await getT(request)
  return new Response(t('errors.notFound'), {
    status: 404,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  })
}

/**
 * GET /files/:id — an uploaded certificate scan, for its owner agency and for regulators and
 * admin, or a report delivered on a contract, for the contract's parties, its supervising
 * regulator and admin (fileForDownload decides; anyone else gets the same 404 as for a missing file).
 * Always an attachment with the type sniffed at upload, never rendered by the browser as a page.
 */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request)
  const id = params.id ?? ''
  if (!UUID.test(id)) return notFound(request)
  // The one try kept here: this is a resource route (no page, no error boundary) whose every
  // refusal must be the same plain-text, nosniff, no-store 404 — a file someone may not see is
  // indistinguishable from a missing one — not the JSON body handle() gives a thrown NotFound.
  let file: Awaited<ReturnType<typeof fileForDownload>>
  try {
    file = await fileForDownload(await getDb(), user, id.toLowerCase())
  } catch (error) {
    if (error instanceof NotFound) return notFound(request)
    throw error
  }
  return new Response(new Uint8Array(file.bytes), {
    status: 200,
    headers: {
      'Content-Type': file.mimeType,
      'Content-Length': String(file.bytes.byteLength),
      'Content-Disposition': `attachment; filename="${asciiFallback(file.fileName)}"; filename*=UTF-8''${encodeRfc8187(file.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      // RFC 9530: the SHA-256 recorded at upload, so a client can check what it received.
      'Repr-Digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
    },
  })
})
