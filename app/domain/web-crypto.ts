/** Web Crypto helpers shared by the isomorphic verifiers (the draw, the transparency log): browser and Node ≥ 20 alike. */

/** `crypto.subtle`, or a clear error where Web Crypto is missing (an insecure context). */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle
  if (!s) throw new Error('Web Crypto (crypto.subtle) is not available; a secure context is required')
  return s
}

/** Lower-case hex of the bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

/** The bytes of every part, one after another. */
export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
