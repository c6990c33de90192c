/**
 * The transparency log's Merkle tree, as RFC 9162 §2.1 defines it (docs/transparency-log.md §3–4).
 *
 *   leaf hash  = SHA-256(0x00 ‖ leaf bytes)
 *   node hash  = SHA-256(0x01 ‖ left ‖ right)
 *   MTH({})    = SHA-256("")
 *   MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
 *
 * The server stores the hash of every **perfect subtree**: node (level, index) covers the leaves
 * [index·2^level, (index+1)·2^level); level 0 holds the leaf hashes. Every hash the RFC's
 * recursion asks for — a root, an inclusion path, a consistency proof — is the MTH of a range
 * [start, end) that splits into a few perfect subtrees, so the server works out which nodes it
 * needs (`nodesNeeded`), fetches them at once and folds them (`rangeHash`).
 *
 * Sizes and indices are plain numbers (safe integers); nothing here uses 32-bit bitwise operators.
 * Pure: no database.
 */
import { createHash } from 'node:crypto'

// The signed tree head's text lives with the verifiers (isomorphic); the server signs the same bytes.
export { treeHeadMessage } from './verify'

export interface NodeId {
  level: number
  index: number
}

export interface StoredNode extends NodeId {
  hash: Buffer
}

/** Looks up the stored hash of the perfect subtree (level, index). */
export type NodeGetter = (level: number, index: number) => Buffer

/** [start, end): the leaves start … end − 1. */
export type LeafRange = [start: number, end: number]

export const LEAF_PREFIX = 0x00
export const NODE_PREFIX = 0x01

/** SHA-256(0x00 ‖ leaf bytes). */
export function leafHash(leafBytes: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(LEAF_PREFIX)).update(leafBytes).digest()
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(NODE_PREFIX)).update(left).update(right).digest()
}

/** MTH of the empty list: SHA-256 of no bytes (e3b0c442…b855). */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest()

// ---------------------------------------------------------------------------------------------
// Arithmetic on sizes

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`)
}

/** The largest power of two strictly less than n (n ≥ 2): the RFC's split point k. */
export function splitPoint(n: number): number {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`the split point needs n ≥ 2, got ${n}`)
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** The smallest power of two ≥ n (1 for n ≤ 1). */
function ceilPowerOfTwo(n: number): number {
  let p = 1
  while (p < n) p *= 2
  return p
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && ceilPowerOfTwo(n) === n
}

function log2(powerOfTwo: number): number {
  let level = 0
  for (let p = 1; p < powerOfTwo; p *= 2) level++
  return level
}

/**
 * Throws unless [start, end) is a range the RFC's recursion can produce: a tree (or subtree)
 * range starts at a multiple of a power of two at least as long as the range.
 */
function checkRange(start: number, end: number): void {
  checkCount('start', start)
  checkCount('end', end)
  if (end < start) throw new RangeError(`the range [${start}, ${end}) runs backwards`)
  const span = ceilPowerOfTwo(end - start)
  if (start % span !== 0) {
    throw new RangeError(`[${start}, ${end}) is not a subtree range: ${start} is not a multiple of ${span}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Perfect subtrees and range hashes

/**
 * The perfect subtrees that make up [start, end), left to right, as the RFC's recursion splits
 * it: the largest power of two first, then the rest (for [0, n): one subtree per binary digit
 * of n, largest first). Throws for a range that is not a subtree range.
 */
export function perfectSubtrees(start: number, end: number): NodeId[] {
  checkRange(start, end)
  const out: NodeId[] = []
  let at = start
  while (at < end) {
    const left = end - at
    const size = isPowerOfTwo(left) ? left : splitPoint(left)
    out.push({ level: log2(size), index: at / size })
    at += size
  }
  return out
}

/** The perfect subtrees a tree of `size` leaves ends in: the nodes an append builds on. */
export function frontier(size: number): NodeId[] {
  return perfectSubtrees(0, size)
}

/** MTH(D[start:end]) from the stored perfect subtrees, folded right to left. */
export function rangeHash(start: number, end: number, get: NodeGetter): Buffer {
  const parts = perfectSubtrees(start, end)
  if (parts.length === 0) return Buffer.from(EMPTY_ROOT)
  let acc = get(parts[parts.length - 1].level, parts[parts.length - 1].index)
  for (let i = parts.length - 2; i >= 0; i--) acc = nodeHash(get(parts[i].level, parts[i].index), acc)
  return acc
}

/** MTH(D[0:size]); EMPTY_ROOT for size 0. */
export function rootOf(size: number, get: NodeGetter): Buffer {
  return rangeHash(0, size, get)
}

// ---------------------------------------------------------------------------------------------
// Proofs as ranges

/**
 * The ranges whose MTHs are PATH(index, D[0:size]) (RFC 9162 §2.1.3.1), bottom-up as the RFC
 * orders them. Throws unless 0 ≤ index < size.
 */
export function inclusionPathRanges(index: number, size: number): LeafRange[] {
  checkCount('index', index)
  checkCount('size', size)
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`)
  const out: LeafRange[] = []
  // PATH(m, D[start:end]); the siblings found going down are pushed in reverse at the end.
  let start = 0
  let end = size
  let m = index
  while (end - start > 1) {
    const k = splitPoint(end - start)
    if (m < k) {
      out.push([start + k, end])
      end = start + k
    } else {
      out.push([start, start + k])
      start += k
      m -= k
    }
  }
  return out.reverse()
}

/**
 * The ranges whose MTHs are PROOF(m, D[0:n]) (RFC 9162 §2.1.4.1), in the RFC's order.
 * Empty for m = n and for m = 0 (the empty tree is a prefix of every tree; there is nothing to
 * prove). Throws unless 0 ≤ m ≤ n.
 */
export function consistencyProofRanges(m: number, n: number): LeafRange[] {
  checkCount('m', m)
  checkCount('n', n)
  if (m > n) throw new RangeError(`a tree of ${m} cannot be a prefix of a tree of ${n}`)
  if (m === 0 || m === n) return []
  // SUBPROOF(m, D[start:end], b), unrolled; the right-hand MTHs found going down are collected
  // and reversed, since the RFC appends each after the recursive part.
  const tail: LeafRange[] = []
  let start = 0
  let end = n
  let sub = m
  let b = true
  for (;;) {
    const size = end - start
    if (sub === size) {
      if (!b) tail.push([start, end])
      break
    }
    const k = splitPoint(size)
    if (sub <= k) {
      tail.push([start + k, end])
      end = start + k
    } else {
      tail.push([start, start + k])
      start += k
      sub -= k
      b = false
    }
  }
  return tail.reverse()
}

/** Every stored node the ranges' MTHs need, each once (first-seen order), for a single fetch. */
export function nodesNeeded(ranges: readonly LeafRange[]): NodeId[] {
  const seen = new Set<string>()
  const out: NodeId[] = []
  for (const [start, end] of ranges) {
    for (const node of perfectSubtrees(start, end)) {
      const key = `${node.level}:${node.index}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(node)
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Appending

/**
 * The perfect nodes created by appending `newLeafHashes` to a tree of `size` leaves: each new
 * leaf (level 0) and every node above it that becomes complete, in creation order. `get` is
 * asked only for existing nodes on the frontier (`frontier(size)`), so they can be prefetched.
 */
export function appendLeaves(size: number, newLeafHashes: readonly Buffer[], get: NodeGetter): StoredNode[] {
  checkCount('size', size)
  if (!Number.isSafeInteger(size + newLeafHashes.length)) throw new RangeError('the tree would grow too large')
  const created = new Map<string, Buffer>()
  const out: StoredNode[] = []
  const lookup = (level: number, index: number): Buffer => {
    const mine = created.get(`${level}:${index}`)
    if (mine) return mine
    // Only a complete left sibling can be asked for; one not created here was complete before
    // the append and is a maximal perfect subtree of the old tree, i.e. on its frontier.
    return get(level, index)
  }
  newLeafHashes.forEach((hash, j) => {
    if (hash.length !== 32) throw new RangeError(`leaf hash ${j} is ${hash.length} bytes, not 32`)
    let level = 0
    let index = size + j
    let current = hash
    for (;;) {
      created.set(`${level}:${index}`, current)
      out.push({ level, index, hash: current })
      if (index % 2 === 0) break
      current = nodeHash(lookup(level, index - 1), current)
      level += 1
      index = (index - 1) / 2
    }
  })
  return out
}
