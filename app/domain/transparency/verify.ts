/**
 * Checking the transparency log without trusting it (docs/transparency-log.md §3–6): inclusion
 * proofs (RFC 9162 §2.1.3.2), consistency proofs (RFC 9162 §2.1.4.2) and the Ed25519 signature
 * on a tree head. Isomorphic: Web Crypto only (`globalThis.crypto.subtle`), so the same code runs
 * in the browser and in Node ≥ 20; no `node:` imports, no Buffer.
 *
 * Every verifier answers false — never throws — for input that is malformed (bad hex, a hash that
 * is not 32 bytes, a size that is not a non-negative safe integer, bad base64…).
 */
import { bytesToHex, concat, subtle } from '~/domain/web-crypto'

export type Bytes = Uint8Array<ArrayBuffer>

const HASH_HEX_RE = /^[0-9a-f]{64}$/i
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** SHA-256 of no bytes: the root of the empty tree. */
export const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** The first line of every signed tree head message. */
export const TREE_HEAD_PREAMBLE = 'intermediary-marketplace transparency log v1'


// ---------------------------------------------------------------------------------------------
// Bytes, hex, base64

export { bytesToHex }

/** Bytes of a hex string (even length; either case). Throws on anything else. */
export function hexToBytes(hex: string): Bytes {
  if (!HEX_RE.test(hex)) throw new TypeError(`not hex of even length: '${hex.slice(0, 80)}'`)
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** True for the hex of a 32-byte hash (either case). */
export function isHashHex(value: unknown): value is string {
  return typeof value === 'string' && HASH_HEX_RE.test(value)
}

/** Bytes of standard (padded) base64. Throws on anything else. */
export function base64ToBytes(text: string): Bytes {
  if (!BASE64_RE.test(text)) throw new TypeError('not padded standard base64')
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}


function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

// ---------------------------------------------------------------------------------------------
// Hashing (RFC 9162 §2.1.1)

async function sha256(bytes: Uint8Array): Promise<Bytes> {
  return new Uint8Array(await subtle().digest('SHA-256', new Uint8Array(bytes)))
}

/** SHA-256(0x00 ‖ leaf bytes). */
export async function leafHashBytes(leafBytes: Uint8Array): Promise<Bytes> {
  return sha256(concat(Uint8Array.of(0x00), leafBytes))
}

/** SHA-256(0x00 ‖ leaf bytes), lower-case hex. */
export async function leafHashHex(leafBytes: Uint8Array): Promise<string> {
  return bytesToHex(await leafHashBytes(leafBytes))
}

/** SHA-256(0x01 ‖ left ‖ right). */
export async function nodeHashBytes(left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(concat(Uint8Array.of(0x01), left, right))
}

/** Parses a list of hash hexes; null if any is malformed. */
function parseHashes(values: unknown): Bytes[] | null {
  if (!Array.isArray(values)) return null
  const out: Bytes[] = []
  for (const v of values) {
    if (!isHashHex(v)) return null
    out.push(hexToBytes(v))
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Inclusion (RFC 9162 §2.1.3.2)

export interface InclusionCheck {
  /** The leaf's hash, hex: SHA-256(0x00 ‖ leaf bytes). */
  leafHash: string
  index: number
  treeSize: number
  /** The audit path, hex, bottom-up as the log returns it. */
  path: readonly string[]
  rootHash: string
}

/** RFC 9162 §2.1.3.2, step by step. */
export async function verifyInclusion(check: InclusionCheck): Promise<boolean> {
  const { leafHash, index, treeSize, path, rootHash } = check
  if (!isCount(index) || !isCount(treeSize) || !isHashHex(leafHash) || !isHashHex(rootHash)) return false
  const proof = parseHashes(path)
  if (!proof) return false
  // 1. leaf_index ≥ tree_size fails.
  if (index >= treeSize) return false
  // 2. fn = leaf_index, sn = tree_size − 1.
  let fn = index
  let sn = treeSize - 1
  // 3. r = hash.
  let r = hexToBytes(leafHash)
  // 4. For each p in the path:
  for (const p of proof) {
    // a. sn = 0 fails.
    if (sn === 0) return false
    // b. LSB(fn) set, or fn = sn: r = HASH(0x01 ‖ p ‖ r); if LSB(fn) was not set, shift fn and
    //    sn right until LSB(fn) is set or fn is 0. Otherwise r = HASH(0x01 ‖ r ‖ p).
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHashBytes(p, r)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      r = await nodeHashBytes(r, p)
    }
    // c. Shift fn and sn right once.
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  // 5. sn = 0 and r = root_hash.
  return sn === 0 && equalBytes(r, hexToBytes(rootHash))
}

// ---------------------------------------------------------------------------------------------
// Consistency (RFC 9162 §2.1.4.2)

export interface ConsistencyCheck {
  firstSize: number
  secondSize: number
  firstRoot: string
  secondRoot: string
  /** The consistency proof, hex, in the order the log returns it. */
  proof: readonly string[]
}

/**
 * RFC 9162 §2.1.4.2 for 0 < firstSize < secondSize. The cases the RFC's algorithm leaves out:
 * firstSize = secondSize holds when the proof is empty and the roots are equal; firstSize = 0
 * holds when the proof is empty and firstRoot is the empty tree's root (SHA-256 of no bytes);
 * firstSize > secondSize never holds.
 */
export async function verifyConsistency(check: ConsistencyCheck): Promise<boolean> {
  const { firstSize, secondSize, firstRoot, secondRoot } = check
  if (!isCount(firstSize) || !isCount(secondSize) || !isHashHex(firstRoot) || !isHashHex(secondRoot)) return false
  const path = parseHashes(check.proof)
  if (!path) return false
  const first = hexToBytes(firstRoot)
  const second = hexToBytes(secondRoot)
  if (firstSize > secondSize) return false
  if (firstSize === secondSize) return path.length === 0 && equalBytes(first, second)
  if (firstSize === 0) return path.length === 0 && equalBytes(first, hexToBytes(EMPTY_ROOT_HEX))
  // 1. An empty consistency_path fails.
  if (path.length === 0) return false
  // 2. If first is an exact power of 2, prepend first_hash to the path.
  if (isPowerOfTwo(firstSize)) path.unshift(first)
  // 3. fn = first − 1, sn = second − 1.
  let fn = firstSize - 1
  let sn = secondSize - 1
  // 4. If LSB(fn) is set, shift fn and sn right until LSB(fn) is not set.
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  // 5. fr = sr = the first value of the path.
  let fr = path[0]
  let sr = path[0]
  // 6. For each subsequent value c:
  for (const c of path.slice(1)) {
    // a. sn = 0 fails.
    if (sn === 0) return false
    // b. LSB(fn) set, or fn = sn: fr = HASH(0x01 ‖ c ‖ fr), sr = HASH(0x01 ‖ c ‖ sr); if LSB(fn)
    //    was not set, shift fn and sn right until LSB(fn) is set or fn is 0.
    //    Otherwise sr = HASH(0x01 ‖ sr ‖ c).
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHashBytes(c, fr)
      sr = await nodeHashBytes(c, sr)
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2)
        sn = Math.floor(sn / 2)
      }
    } else {
      sr = await nodeHashBytes(sr, c)
    }
    // c. Shift fn and sn right once.
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  // 7. fr = first_hash, sr = second_hash, and sn = 0.
  return sn === 0 && equalBytes(fr, first) && equalBytes(sr, second)
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false
  while (n % 2 === 0) n /= 2
  return n === 1
}

// ---------------------------------------------------------------------------------------------
// Signed tree heads

export interface TreeHead {
  treeSize: number
  /** Milliseconds since the Unix epoch, an integer. */
  timestamp: number
  /** The root hash, hex (written lower-case in the message). */
  rootHash: string
}

/**
 * The exact text the platform signs for a tree head, UTF-8 encoded:
 * "intermediary-marketplace transparency log v1\n<treeSize>\n<timestamp>\n<root hash hex>\n"
 * (decimal integers, lower-case hex). The server signs these bytes (merkle.ts re-exports this).
 * Throws for a malformed head.
 */
export function treeHeadMessage(treeSize: number, timestamp: number, rootHash: string): string {
  if (!isCount(treeSize)) throw new RangeError(`treeSize must be a non-negative safe integer, got ${treeSize}`)
  if (!isCount(timestamp)) throw new RangeError(`timestamp must be a non-negative safe integer, got ${timestamp}`)
  if (!isHashHex(rootHash)) throw new TypeError('rootHash must be the hex of 32 bytes')
  return `${TREE_HEAD_PREAMBLE}\n${treeSize}\n${timestamp}\n${rootHash.toLowerCase()}\n`
}

export interface SignedTreeHeadCheck extends TreeHead {
  /** The log's Ed25519 public key: 32 raw bytes, base64. */
  publicKey: string
  /** The Ed25519 signature over treeHeadMessage(head): 64 bytes, base64. */
  signature: string
}

/** Checks the Ed25519 signature on a tree head with Web Crypto. */
export async function verifyTreeHeadSignature(check: SignedTreeHeadCheck): Promise<boolean> {
  let message: Bytes
  let key: Bytes
  let signature: Bytes
  try {
    message = new TextEncoder().encode(treeHeadMessage(check.treeSize, check.timestamp, check.rootHash))
    key = base64ToBytes(check.publicKey)
    signature = base64ToBytes(check.signature)
  } catch {
    return false
  }
  if (key.length !== 32 || signature.length !== 64) return false
  let publicKey: CryptoKey
  try {
    publicKey = await subtle().importKey('raw', key, { name: 'Ed25519' }, false, ['verify'])
  } catch {
    // Not a valid point on the curve.
    return false
  }
  return subtle().verify({ name: 'Ed25519' }, publicKey, signature, message)
}
