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
