/**
 * Upload checks for certificate scans: the type is read from the file's first bytes (a PDF
 * renamed .png is still a PDF; an executable renamed .pdf is refused), never from its name or
 * the browser's claim. A PDF must also end like one (a `%%EOF` marker near its end), and the
 * file name must not carry control or text-direction characters (`invoice\u202Efdp.exe` shows as
 * `invoiceexe.pdf`).
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

export type UploadProblem = 'empty' | 'tooLarge' | 'type' | 'fileName' | 'pdfIncomplete'

/** The translated message of each refusal (shown at the file field). */
export const uploadProblemKeys: Record<UploadProblem, string> = {
  empty: 'agency.upload.empty',
  tooLarge: 'agency.upload.tooLarge',
  type: 'agency.upload.type',
  fileName: 'uploadChecks.fileName',
  pdfIncomplete: 'uploadChecks.pdfIncomplete',
}

/** Size and real type (from the first bytes). */
export function checkUpload(size: number, head: Uint8Array): { ok: true; mime: AcceptedMime } | { ok: false; problem: UploadProblem } {
  if (size === 0) return { ok: false, problem: 'empty' }
  if (size > registryConfig.maxUploadBytes) return { ok: false, problem: 'tooLarge' }
  const mime = sniffMime(head)
  return mime ? { ok: true, mime } : { ok: false, problem: 'type' }
}

/**
 * C0 and C1 control characters (tab, newline, NUL, DEL, …) and the bidirectional formatting
 * characters: LRE/RLE/PDF/LRO/RLO (U+202A–U+202E), the isolates LRI/RLI/FSI/PDI (U+2066–U+2069),
 * the marks LRM/RLM (U+200E/U+200F) and the Arabic letter mark ALM (U+061C).
 */
const UNSAFE_NAME_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/** Whether a file name is free of control and text-direction characters (which can disguise its extension). */
export function isSafeFileName(name: string): boolean {
  return !UNSAFE_NAME_CHARACTER.test(name)
}

/** How far from the end PDF readers look for the `%%EOF` marker. */
export const PDF_TRAILER_WINDOW = 1024

const EOF_MARKER = [0x25, 0x25, 0x45, 0x4f, 0x46] // %%EOF

/** Whether the last bytes of a file (at most PDF_TRAILER_WINDOW of them are looked at) hold `%%EOF`. */
export function hasPdfTrailer(tail: Uint8Array): boolean {
  const window = tail.subarray(Math.max(0, tail.length - PDF_TRAILER_WINDOW))
  for (let i = window.length - EOF_MARKER.length; i >= 0; i--) {
    if (EOF_MARKER.every((b, j) => window[i + j] === b)) return true
  }
  return false
}

export interface UploadFacts {
  name: string
  size: number
  /** The first bytes (16 are enough for the signatures). */
  head: Uint8Array
  /** The last bytes (PDF_TRAILER_WINDOW of them, or the whole file when smaller). */
  tail: Uint8Array
}

/** Every check of a certificate scan: size, name, real type, and a PDF that also ends like one. */
export function checkCertificate(upload: UploadFacts): { ok: true; mime: AcceptedMime } | { ok: false; problem: UploadProblem } {
  if (upload.size === 0 || upload.size > registryConfig.maxUploadBytes) return checkUpload(upload.size, upload.head)
  if (!isSafeFileName(upload.name)) return { ok: false, problem: 'fileName' }
  const check = checkUpload(upload.size, upload.head)
  if (check.ok && check.mime === 'application/pdf' && !hasPdfTrailer(upload.tail)) return { ok: false, problem: 'pdfIncomplete' }
  return check
}
