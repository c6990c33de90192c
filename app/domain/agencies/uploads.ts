/**
 * Upload checks for certificate scans: the type is read from the file's first bytes (a PDF
 * renamed .png is still a PDF; an executable renamed .pdf is refused), never from its name or
 * the browser's claim.
 */
import { registryConfig } from '~/domain/config'

export type AcceptedMime = 'application/pdf' | 'image/jpeg' | 'image/png'

const signatures: { mime: AcceptedMime; bytes: number[] }[] = [
  { mime: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
]

export function sniffMime(head: Uint8Array): AcceptedMime | null {
  for (const s of signatures) {
    if (head.length >= s.bytes.length && s.bytes.every((b, i) => head[i] === b)) return s.mime
  }
  return null
}

export type UploadProblem = 'empty' | 'tooLarge' | 'type'

export function checkUpload(size: number, head: Uint8Array): { ok: true; mime: AcceptedMime } | { ok: false; problem: UploadProblem } {
  if (size === 0) return { ok: false, problem: 'empty' }
  if (size > registryConfig.maxUploadBytes) return { ok: false, problem: 'tooLarge' }
  const mime = sniffMime(head)
  return mime ? { ok: true, mime } : { ok: false, problem: 'type' }
}
