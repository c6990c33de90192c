import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkCertificate, hasPdfTrailer, isSafeFileName, PDF_TRAILER_WINDOW, uploadProblemKeys, type UploadFacts } from '~/domain/agencies/uploads'
import { en } from '~/i18n/en'
import { zhCN } from '~/i18n/zh-CN'

const text = (s: string) => new TextEncoder().encode(s)

/** The facts the server reads from a file: its name, size, first 16 and last PDF_TRAILER_WINDOW bytes. */
function facts(name: string, bytes: Uint8Array): UploadFacts {
  return { name, size: bytes.byteLength, head: bytes.slice(0, 16), tail: bytes.slice(Math.max(0, bytes.byteLength - PDF_TRAILER_WINDOW)) }
}

const PDF = text('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']
const CONTROL = ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f']

describe('file names', () => {
  it('refuses every bidi control and control character, anywhere in the name', () => {
    for (const c of [...BIDI, ...CONTROL]) {
      expect(isSafeFileName(`invoice${c}fdp.exe`), JSON.stringify(c)).toBe(false)
      expect(isSafeFileName(`${c}scan.pdf`), JSON.stringify(c)).toBe(false)
      expect(isSafeFileName(`scan.pdf${c}`), JSON.stringify(c)).toBe(false)
    }
  })

  it('accepts ordinary names in any script, with spaces, brackets and emoji', () => {
    for (const name of ['scan.pdf', '资质证书 (2024).pdf', 'قرار.pdf', 'Zertifikat – Müller.png', '证书👍.jpg', 'a\u200db.pdf']) {
      expect(isSafeFileName(name), name).toBe(true)
    }
  })

  it('property: a name is refused exactly when it holds a listed character', () => {
    const unsafe = fc.constantFrom(...BIDI, ...CONTROL)
    fc.assert(
      fc.property(fc.string(), unsafe, fc.string(), (before, bad, after) => !isSafeFileName(`${before}${bad}${after}`)),
    )
    const safeChar = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => ![...BIDI, ...CONTROL].some((c) => s.includes(c)))
    fc.assert(fc.property(safeChar, (name) => isSafeFileName(name)))
  })
})

describe('PDF trailer', () => {
  it('finds %%EOF within the last 1024 bytes, with or without trailing whitespace', () => {
    expect(hasPdfTrailer(text('%PDF-1.4\n%%EOF'))).toBe(true)
    expect(hasPdfTrailer(text('%PDF-1.4\n%%EOF\r\n'))).toBe(true)
    const padded = new Uint8Array(PDF_TRAILER_WINDOW)
    padded.set(text('%%EOF'), 0)
    expect(hasPdfTrailer(padded)).toBe(true)
  })

  it('does not look further back than 1024 bytes from the end', () => {
    const bytes = new Uint8Array(PDF_TRAILER_WINDOW + 1)
    bytes.set(text('%%EOF'), 0)
    expect(hasPdfTrailer(bytes)).toBe(false)
    expect(hasPdfTrailer(text('%PDF-1.7\n1 0 obj'))).toBe(false)
    expect(hasPdfTrailer(text('%%EO'))).toBe(false)
    expect(hasPdfTrailer(new Uint8Array())).toBe(false)
  })
})

describe('checkCertificate', () => {
  it('accepts a complete PDF and a PNG (images have no PDF trailer)', () => {
    expect(checkCertificate(facts('scan.pdf', PDF))).toEqual({ ok: true, mime: 'application/pdf' })
    expect(checkCertificate(facts('scan.png', PNG))).toEqual({ ok: true, mime: 'image/png' })
  })

  it('refuses a file that only starts like a PDF', () => {
    expect(checkCertificate(facts('scan.pdf', text('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n')))).toEqual({ ok: false, problem: 'pdfIncomplete' })
    const truncated = new Uint8Array(5000)
    truncated.set(PDF, 0) // the trailer is 5000 bytes from the end, far outside the window
    expect(checkCertificate(facts('scan.pdf', truncated))).toEqual({ ok: false, problem: 'pdfIncomplete' })
  })

  it('refuses a disguising name even when the content is fine', () => {
    expect(checkCertificate(facts('invoice\u202efdp.pdf', PDF))).toEqual({ ok: false, problem: 'fileName' })
    expect(checkCertificate(facts('scan\n.pdf', PNG))).toEqual({ ok: false, problem: 'fileName' })
  })

  it('keeps the size and type refusals', () => {
    expect(checkCertificate(facts('empty.pdf', new Uint8Array()))).toEqual({ ok: false, problem: 'empty' })
    expect(checkCertificate(facts('page.pdf', text('<html>%%EOF')))).toEqual({ ok: false, problem: 'type' })
    const big = { ...facts('big.pdf', PDF), size: 10 * 1024 * 1024 + 1 }
    expect(checkCertificate(big)).toEqual({ ok: false, problem: 'tooLarge' })
  })

  it('has a translated message for every refusal in both languages', () => {
    const lookup = (dict: object, key: string) => key.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], dict)
    for (const key of Object.values(uploadProblemKeys)) {
      expect(typeof lookup(zhCN, key), key).toBe('string')
      expect(typeof lookup(en, key), key).toBe('string')
    }
  })
})
