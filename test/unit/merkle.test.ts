/**
 * The transparency log's Merkle tree (app/domain/transparency/merkle.ts) and its verifiers
 * (verify.ts) against a naive reference written straight from RFC 9162 §2.1's recursive
 * definitions of MTH, PATH and PROOF; and the worked example of docs/transparency-log.md §5 and
 * docs/transparency-log-example.sh, parsed from the files so neither can drift from the code
 * (test/slow/transparency-log-example.test.ts runs the script).
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  appendLeaves,
  consistencyProofRanges,
  EMPTY_ROOT,
  frontier,
  inclusionPathRanges,
  leafHash,
  nodeHash,
  nodesNeeded,
  perfectSubtrees,
  rangeHash,
  rootOf,
  splitPoint,
  treeHeadMessage as serverTreeHeadMessage,
  type LeafRange,
  type NodeGetter,
  type NodeId,
  type StoredNode,
} from '~/domain/transparency/merkle'
import {
  EMPTY_ROOT_HEX,
  leafHashHex,
  treeHeadMessage,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHeadSignature,
} from '~/domain/transparency/verify'

// ---------------------------------------------------------------------------------------------
// The reference: RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1, recursion and all, over the entries' bytes.

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}

/** The largest power of two strictly less than n, by the definition (not splitPoint). */
function refK(n: number): number {
  let k = 1
  while (k < n) k *= 2
  return k / 2
}

/** Only to keep the file fast: the entries are distinct objects, so (first entry, length) names a list. */
const mthMemo = new WeakMap<Buffer, Map<number, Buffer>>()

function refMTH(D: Buffer[]): Buffer {
  const n = D.length
  if (n === 0) return sha256()
  const known = mthMemo.get(D[0])?.get(n)
  if (known) return known
  const k = refK(n)
  const mth =
    n === 1 ? sha256(Buffer.from([0x00]), D[0]) : sha256(Buffer.from([0x01]), refMTH(D.slice(0, k)), refMTH(D.slice(k)))
  if (!mthMemo.has(D[0])) mthMemo.set(D[0], new Map())
  mthMemo.get(D[0])?.set(n, mth)
  return mth
}

function refPATH(m: number, D: Buffer[]): Buffer[] {
  const n = D.length
  if (n === 1 && m === 0) return []
  const k = refK(n)
  if (m < k) return [...refPATH(m, D.slice(0, k)), refMTH(D.slice(k, n))]
  return [...refPATH(m - k, D.slice(k, n)), refMTH(D.slice(0, k))]
}

function refSUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  const n = D.length
  if (m === n) return b ? [] : [refMTH(D)]
  const k = refK(n)
  if (m <= k) return [...refSUBPROOF(m, D.slice(0, k), b), refMTH(D.slice(k, n))]
  return [...refSUBPROOF(m - k, D.slice(k, n), false), refMTH(D.slice(0, k))]
}

function refPROOF(m: number, D: Buffer[]): Buffer[] {
  return refSUBPROOF(m, D, true)
}

// ---------------------------------------------------------------------------------------------
// A store of perfect nodes, filled only through appendLeaves

const MAX = 64
/** Thousands of Web Crypto digests: a few seconds alone, more on a shared machine. */
const HEAVY = { timeout: 30_000 }
const entries = Array.from({ length: MAX }, (_, i) => Buffer.from(`entry ${i} ${'x'.repeat(i % 7)}`, 'utf8'))
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const key = (level: number, index: number) => `${level}:${index}`

class NodeStore {
  readonly nodes = new Map<string, Buffer>()
  size = 0

  /** Appends a batch; checks appendLeaves asks only for frontier nodes it has not just made. */
  append(batch: Buffer[]): StoredNode[] {
    const allowed = new Set(frontier(this.size).map((n) => key(n.level, n.index)))
    const created = appendLeaves(
      this.size,
      batch.map((d) => leafHash(d)),
      (level, index) => {
        if (!allowed.has(key(level, index)))
          throw new Error(`asked for ${key(level, index)}, not on the frontier of ${this.size}`)
        const h = this.nodes.get(key(level, index))
        if (!h) throw new Error(`no node ${key(level, index)}`)
        return h
      },
    )
    for (const n of created) {
      if (this.nodes.has(key(n.level, n.index))) throw new Error(`node ${key(n.level, n.index)} created twice`)
      this.nodes.set(key(n.level, n.index), n.hash)
    }
    this.size += batch.length
    return created
  }

  /** A getter for the tree of `size`: refuses nodes that reach past it, records what it served. */
  getter(size: number, served?: Set<string>): NodeGetter {
    return (level, index) => {
      if ((index + 1) * 2 ** level > size)
        throw new Error(`node ${key(level, index)} is not complete in a tree of ${size}`)
      const h = this.nodes.get(key(level, index))
      if (!h) throw new Error(`no node ${key(level, index)}`)
      served?.add(key(level, index))
      return h
    }
  }
}

function buildStore(batches: number[]): NodeStore {
  const store = new NodeStore()
  for (const b of batches) store.append(entries.slice(store.size, store.size + b))
  return store
}

const UNEVEN = [1, 2, 3, 1, 5, 7, 1, 11, 2, 13, 18] // sums to 64
const uneven = buildStore(UNEVEN)

function hashesOf(ranges: LeafRange[], get: NodeGetter): Buffer[] {
  return ranges.map(([s, e]) => rangeHash(s, e, get))
}

/** Sizes whose negative cases are tried: every small one, then both sides of powers of two and a spread. */
const SAMPLED_SIZES = [
  ...Array.from({ length: 10 }, (_, k) => k + 1),
  11,
  12,
  13,
  15,
  16,
  17,
  21,
  24,
  27,
  31,
  32,
  33,
  40,
  47,
  48,
  55,
  60,
  63,
  64,
]

function flipBit(h: string, bit: number): string {
  const b = Buffer.from(h, 'hex')
  b[Math.floor(bit / 8) % 32] ^= 1 << (bit % 8)
  return b.toString('hex')
}

// ---------------------------------------------------------------------------------------------

describe('hashing (RFC 9162 §2.1.1)', () => {
  it('EMPTY_ROOT is SHA-256 of no bytes', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(EMPTY_ROOT_HEX).toBe(EMPTY_ROOT.toString('hex'))
    expect(rootOf(0, () => Buffer.alloc(32)).equals(EMPTY_ROOT)).toBe(true)
  })

  it('prefixes leaves with 0x00 and nodes with 0x01', async () => {
    const d = Buffer.from('{"n":0}', 'utf8')
    expect(leafHash(d).equals(sha256(Buffer.from([0]), d))).toBe(true)
    expect(await leafHashHex(d)).toBe(leafHash(d).toString('hex'))
    const a = leafHash(Buffer.from('a'))
    const b = leafHash(Buffer.from('b'))
    expect(nodeHash(a, b).equals(sha256(Buffer.from([1]), a, b))).toBe(true)
    expect(nodeHash(a, b).equals(nodeHash(b, a))).toBe(false)
  })

  it('splits at the largest power of two below n', () => {
    expect([2, 3, 4, 5, 8, 9, 64, 65].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 8, 32, 64])
    for (let n = 2; n <= 1000; n++) expect(splitPoint(n)).toBe(refK(n))
    expect(splitPoint(2 ** 52 + 1)).toBe(2 ** 52)
    expect(() => splitPoint(1)).toThrow()
  })
})

describe('perfect subtrees', () => {
  it('decompose [0, n) by the binary digits of n, largest first', () => {
    expect(perfectSubtrees(0, 0)).toEqual([])
    expect(perfectSubtrees(0, 1)).toEqual([{ level: 0, index: 0 }])
    expect(perfectSubtrees(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ])
    expect(perfectSubtrees(0, 64)).toEqual([{ level: 6, index: 0 }])
    expect(frontier(5)).toEqual([
      { level: 2, index: 0 },
      { level: 0, index: 4 },
    ])
    // Large sizes stay exact (no 32-bit arithmetic).
    expect(perfectSubtrees(0, 2 ** 40 + 3)).toEqual([
      { level: 40, index: 0 },
      { level: 1, index: 2 ** 39 },
      { level: 0, index: 2 ** 40 + 2 },
    ])
  })

  it('decompose any subtree range, and refuse ranges the recursion cannot produce', () => {
    expect(perfectSubtrees(8, 13)).toEqual([
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ])
    expect(perfectSubtrees(4, 8)).toEqual([{ level: 2, index: 1 }])
    expect(() => perfectSubtrees(4, 9)).toThrow() // 5 leaves need a start that is a multiple of 8
    expect(() => perfectSubtrees(3, 5)).toThrow()
    expect(() => perfectSubtrees(5, 4)).toThrow()
    expect(() => perfectSubtrees(-1, 4)).toThrow()
    expect(() => perfectSubtrees(0, 1.5)).toThrow()
  })

  it('cover the range exactly, each node aligned', () => {
    for (let level = 0; level <= 6; level++) {
      for (let start = 0; start < 128; start += 2 ** level) {
        for (let len = 0; len <= 2 ** level; len++) {
          let at = start
          for (const n of perfectSubtrees(start, start + len)) {
            expect(n.index * 2 ** n.level).toBe(at)
            at += 2 ** n.level
          }
          expect(at).toBe(start + len)
        }
      }
    }
  })
})

describe('appendLeaves', () => {
  for (const [name, batches] of [
    ['one at a time', Array.from({ length: MAX }, () => 1)],
    ['all at once', [MAX]],
    ['uneven batches', UNEVEN],
    ['other uneven batches', [3, 3, 3, 3, 1, 20, 31]],
  ] as const) {
    it(`stores exactly the perfect subtrees, with their MTH, ${name}`, () => {
      const store = new NodeStore()
      for (const b of batches) {
        const before = store.size
        const created = store.append(entries.slice(before, before + b))
        // Created: exactly the perfect nodes complete now and not before.
        const expected: string[] = []
        for (let level = 0; 2 ** level <= store.size; level++) {
          const span = 2 ** level
          for (let index = 0; (index + 1) * span <= store.size; index++) {
            if ((index + 1) * span > before) expected.push(key(level, index))
          }
        }
        expect(created.map((n) => key(n.level, n.index)).sort()).toEqual(expected.sort())
        for (const n of created) {
          const span = 2 ** n.level
          expect(hex(n.hash)).toBe(hex(refMTH(entries.slice(n.index * span, (n.index + 1) * span))))
        }
        expect(hex(rootOf(store.size, store.getter(store.size)))).toBe(hex(refMTH(entries.slice(0, store.size))))
      }
      expect(store.size).toBe(MAX)
    })
  }

  it('adds nothing for an empty batch and refuses a hash that is not 32 bytes', () => {
    expect(appendLeaves(5, [], () => Buffer.alloc(32))).toEqual([])
    expect(() => appendLeaves(0, [Buffer.alloc(31)], () => Buffer.alloc(32))).toThrow()
  })
})

describe('rootOf', () => {
  it('equals the reference MTH for every size 0–64', () => {
    for (let n = 0; n <= MAX; n++) expect(hex(rootOf(n, uneven.getter(n)))).toBe(hex(refMTH(entries.slice(0, n))))
  })
})

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it('for every size 1–64 and every leaf: the ranges hash to the reference PATH, and verify', HEAVY, async () => {
    for (let n = 1; n <= MAX; n++) {
      const D = entries.slice(0, n)
      const root = hex(refMTH(D))
      const checks: Array<Promise<boolean>> = []
      for (let i = 0; i < n; i++) {
        const ranges = inclusionPathRanges(i, n)
        const served = new Set<string>()
        const path = hashesOf(ranges, uneven.getter(n, served))
        expect(path.map(hex), `PATH(${i}, D[${n}])`).toEqual(refPATH(i, D).map(hex))
        // One fetch of nodesNeeded serves everything the path needs.
        const needed = nodesNeeded(ranges).map((x) => key(x.level, x.index))
        expect(new Set(needed).size).toBe(needed.length)
        expect([...served].sort()).toEqual([...needed].sort())
        checks.push(
          verifyInclusion({
            leafHash: hex(leafHash(D[i])),
            index: i,
            treeSize: n,
            path: path.map(hex),
            rootHash: root,
          }),
        )
      }
      expect(await Promise.all(checks), `verify every leaf in ${n}`).toEqual(Array.from({ length: n }, () => true))
    }
  })

  it('refuses a flipped bit, a wrong leaf, index, size or root, and a short or long path', HEAVY, async () => {
    const roots = Array.from({ length: MAX + 1 }, (_, n) => hex(refMTH(entries.slice(0, n))))
    let rejected = 0
    for (const n of SAMPLED_SIZES) {
      const indices = n <= 10 ? Array.from({ length: n }, (_, i) => i) : [0, 1, n >> 1, n - 2, n - 1, Math.floor(n / 3)]
      for (const i of indices) {
        const path = refPATH(i, entries.slice(0, n)).map(hex)
        const good = { leafHash: hex(leafHash(entries[i])), index: i, treeSize: n, path, rootHash: roots[n] }
        const bad: Array<Parameters<typeof verifyInclusion>[0]> = []
        path.forEach((p, j) => {
          bad.push({ ...good, path: path.map((q, k) => (k === j ? flipBit(p, (37 * n + 11 * i + j) % 256) : q)) })
        })
        bad.push({ ...good, leafHash: flipBit(good.leafHash, 3) })
        bad.push({ ...good, leafHash: hex(leafHash(entries[(i + 1) % MAX])) })
        bad.push({ ...good, rootHash: flipBit(roots[n], 200) })
        for (const j of [i - 1, i + 1, n, n + 1]) if (j >= 0 && j !== i) bad.push({ ...good, index: j })
        // Another size, with that tree's true root: the proof is for the tree of n only.
        for (const m of [n - 1, n + 1, 2 * n])
          if (m > i && m !== n && m <= MAX) bad.push({ ...good, treeSize: m, rootHash: roots[m] })
        bad.push({ ...good, treeSize: i })
        // Another size with this tree's root: whenever a path for that size has another length,
        // the steps alone must refuse (an accepted path's length is fixed by index and size).
        for (const m of [n + 1, n + 2, 2 * n, 4 * n + 3, n - 1, n - 2, (n >> 1) + 1, i + 1, i + 2]) {
          if (m > i && m !== n && inclusionPathRanges(i, m).length !== path.length) bad.push({ ...good, treeSize: m })
        }
        if (path.length > 0) bad.push({ ...good, path: path.slice(0, -1) }, { ...good, path: path.slice(1) })
        bad.push({ ...good, path: [...path, path[0] ?? roots[n]] })
        if (path.length > 1) bad.push({ ...good, path: [...path].reverse() })
        const verdicts = await Promise.all(bad.map((b) => verifyInclusion(b)))
        verdicts.forEach((v, k) => expect(v, JSON.stringify({ ...bad[k], path: bad[k].path.length })).toBe(false))
        rejected += verdicts.length
      }
    }
    expect(rejected).toBeGreaterThan(2000)
  })

  it('refuses malformed input instead of throwing', async () => {
    const good = {
      leafHash: hex(leafHash(entries[0])),
      index: 0,
      treeSize: 1,
      path: [] as string[],
      rootHash: hex(leafHash(entries[0])),
    }
    expect(await verifyInclusion(good)).toBe(true)
    for (const b of [
      { ...good, leafHash: 'zz' },
      { ...good, rootHash: good.rootHash.slice(2) },
      { ...good, index: -1 },
      { ...good, treeSize: 1.5 },
      { ...good, treeSize: 0 },
      { ...good, path: ['not hex'] },
    ]) {
      expect(await verifyInclusion(b)).toBe(false)
    }
    expect(() => inclusionPathRanges(3, 3)).toThrow()
    expect(() => inclusionPathRanges(-1, 3)).toThrow()
  })
})

describe('what the proofs do not bind (docs/transparency-log.md §4.1)', () => {
  // The steps alone accept a proof with another size when both trees have the same shape on the
  // way up; only the signed (size, root) pair of a tree head tells them apart.
  it('the path of leaf 0 in the tree of 3, with the root of 3, passes with size 4', async () => {
    const D = entries.slice(0, 3)
    const check = { leafHash: hex(leafHash(D[0])), index: 0, path: refPATH(0, D).map(hex), rootHash: hex(refMTH(D)) }
    expect(await verifyInclusion({ ...check, treeSize: 3 })).toBe(true)
    expect(await verifyInclusion({ ...check, treeSize: 4 })).toBe(true)
    expect(await verifyInclusion({ ...check, treeSize: 4, rootHash: hex(refMTH(entries.slice(0, 4))) })).toBe(false)
  })

  it('the proof from 1 to 3, with the roots of 1 and 3, passes with sizes 1 and 4', async () => {
    const check = {
      firstSize: 1,
      firstRoot: hex(refMTH(entries.slice(0, 1))),
      secondRoot: hex(refMTH(entries.slice(0, 3))),
    }
    const proof = refPROOF(1, entries.slice(0, 3)).map(hex)
    expect(await verifyConsistency({ ...check, secondSize: 3, proof })).toBe(true)
    expect(await verifyConsistency({ ...check, secondSize: 4, proof })).toBe(true)
    expect(
      await verifyConsistency({ ...check, secondSize: 4, secondRoot: hex(refMTH(entries.slice(0, 4))), proof }),
    ).toBe(false)
  })
})

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  const roots = Array.from({ length: MAX + 1 }, (_, n) => hex(refMTH(entries.slice(0, n))))

  it('for every 1 ≤ m ≤ n ≤ 64: the ranges hash to the reference PROOF, and verify', HEAVY, async () => {
    for (let n = 1; n <= MAX; n++) {
      const D = entries.slice(0, n)
      const checks: Array<Promise<boolean>> = []
      for (let m = 1; m <= n; m++) {
        const ranges = consistencyProofRanges(m, n)
        const served = new Set<string>()
        const proof = hashesOf(ranges, uneven.getter(n, served))
        expect(proof.map(hex), `PROOF(${m}, D[${n}])`).toEqual(refPROOF(m, D).map(hex))
        expect([...served].sort()).toEqual(
          nodesNeeded(ranges)
            .map((x: NodeId) => key(x.level, x.index))
            .sort(),
        )
        checks.push(
          verifyConsistency({
            firstSize: m,
            secondSize: n,
            firstRoot: roots[m],
            secondRoot: roots[n],
            proof: proof.map(hex),
          }),
        )
      }
      expect(await Promise.all(checks), `verify every m → ${n}`).toEqual(Array.from({ length: n }, () => true))
    }
  })

  it('has nothing to prove from the empty tree, or between equal sizes', async () => {
    for (const n of [0, 1, 5, 64]) {
      expect(consistencyProofRanges(0, n)).toEqual([])
      expect(consistencyProofRanges(n, n)).toEqual([])
      expect(
        await verifyConsistency({
          firstSize: 0,
          secondSize: n,
          firstRoot: EMPTY_ROOT_HEX,
          secondRoot: roots[n],
          proof: [],
        }),
      ).toBe(true)
      expect(
        await verifyConsistency({ firstSize: n, secondSize: n, firstRoot: roots[n], secondRoot: roots[n], proof: [] }),
      ).toBe(true)
      expect(
        await verifyConsistency({
          firstSize: n,
          secondSize: n,
          firstRoot: roots[n],
          secondRoot: roots[n],
          proof: [roots[n]],
        }),
      ).toBe(false)
      expect(
        await verifyConsistency({
          firstSize: 0,
          secondSize: n,
          firstRoot: EMPTY_ROOT_HEX,
          secondRoot: roots[n],
          proof: [roots[n]],
        }),
      ).toBe(false)
    }
    expect(
      await verifyConsistency({ firstSize: 5, secondSize: 5, firstRoot: roots[5], secondRoot: roots[4], proof: [] }),
    ).toBe(false)
    expect(
      await verifyConsistency({ firstSize: 0, secondSize: 5, firstRoot: roots[1], secondRoot: roots[5], proof: [] }),
    ).toBe(false)
    expect(
      await verifyConsistency({ firstSize: 6, secondSize: 5, firstRoot: roots[6], secondRoot: roots[5], proof: [] }),
    ).toBe(false)
    expect(() => consistencyProofRanges(6, 5)).toThrow()
  })

  it('refuses a flipped bit, wrong roots, wrong sizes, and a short, long or reordered proof', HEAVY, async () => {
    let rejected = 0
    for (const n of SAMPLED_SIZES.filter((x) => x >= 2)) {
      const ms =
        n <= 10 ? Array.from({ length: n - 1 }, (_, k) => k + 1) : [1, 2, n >> 1, Math.floor(n / 3), n - 2, n - 1]
      for (const m of ms) {
        const proof = refPROOF(m, entries.slice(0, n)).map(hex)
        const good = { firstSize: m, secondSize: n, firstRoot: roots[m], secondRoot: roots[n], proof }
        const bad: Array<Parameters<typeof verifyConsistency>[0]> = []
        proof.forEach((p, j) => {
          bad.push({ ...good, proof: proof.map((q, k) => (k === j ? flipBit(p, (41 * n + 13 * m + j) % 256) : q)) })
        })
        bad.push({ ...good, firstRoot: flipBit(roots[m], 1) }, { ...good, secondRoot: flipBit(roots[n], 254) })
        bad.push({ ...good, firstRoot: roots[n], secondRoot: roots[m] })
        if (m > 1) bad.push({ ...good, firstRoot: roots[m - 1] })
        if (n < MAX) bad.push({ ...good, secondRoot: roots[n + 1] })
        // Other sizes with those trees' true roots: the proof is for (m, n) only.
        for (const [a, b] of [
          [m - 1, n],
          [m + 1, n],
          [m, n - 1],
          [m, n + 1],
          [m + 1, n + 1],
        ]) {
          if (a >= 1 && a < b && b <= MAX)
            bad.push({ ...good, firstSize: a, secondSize: b, firstRoot: roots[a], secondRoot: roots[b] })
        }
        bad.push({ ...good, firstSize: n, secondSize: m, firstRoot: roots[n], secondRoot: roots[m] })
        // Other sizes with these roots: whenever a proof for those sizes has another length, the
        // steps alone must refuse (an accepted proof's length is fixed by the two sizes).
        for (const [a, b] of [
          [m, n + 1],
          [m, 2 * n],
          [m, 4 * n + 1],
          [m - 1, n],
          [m + 1, n],
          [m, n - 1],
        ]) {
          if (a >= 1 && a < b && (a !== m || b !== n) && consistencyProofRanges(a, b).length !== proof.length) {
            bad.push({ ...good, firstSize: a, secondSize: b })
          }
        }
        bad.push({ ...good, proof: [] }, { ...good, proof: proof.slice(0, -1) }, { ...good, proof: proof.slice(1) })
        bad.push({ ...good, proof: [...proof, proof[0]] }, { ...good, proof: [roots[m], ...proof] })
        if (proof.length > 1) bad.push({ ...good, proof: [...proof].reverse() })
        const verdicts = await Promise.all(bad.map((b) => verifyConsistency(b)))
        verdicts.forEach((v, k) => expect(v, JSON.stringify({ ...bad[k], proof: bad[k].proof.length })).toBe(false))
        rejected += verdicts.length
      }
    }
    expect(rejected).toBeGreaterThan(2000)
  })

  it('refuses malformed input instead of throwing', async () => {
    const good = {
      firstSize: 3,
      secondSize: 5,
      firstRoot: roots[3],
      secondRoot: roots[5],
      proof: refPROOF(3, entries.slice(0, 5)).map(hex),
    }
    expect(await verifyConsistency(good)).toBe(true)
    for (const b of [
      { ...good, firstRoot: 'xyz' },
      { ...good, secondRoot: '' },
      { ...good, firstSize: -3 },
      { ...good, secondSize: Number.NaN },
      { ...good, proof: [...good.proof.slice(1), 'beef'] },
    ]) {
      expect(await verifyConsistency(b)).toBe(false)
    }
  })
})

describe('signed tree heads', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const jwk = publicKey.export({ format: 'jwk' })
  const publicKeyB64 = Buffer.from(jwk.x ?? '', 'base64url').toString('base64')
  const head = {
    treeSize: 5,
    timestamp: 1_796_000_000_123,
    rootHash: '87d50c5ea4b4e9c66a6350dc9cf80c85641a6dc2d4e86fbeeedca752fa4cdb4c',
  }
  const signature = sign(
    null,
    Buffer.from(treeHeadMessage(head.treeSize, head.timestamp, head.rootHash), 'utf8'),
    privateKey,
  ).toString('base64')

  it('signs exactly the documented text', () => {
    expect(treeHeadMessage(head.treeSize, head.timestamp, head.rootHash)).toBe(
      'intermediary-marketplace transparency log v1\n5\n1796000000123\n87d50c5ea4b4e9c66a6350dc9cf80c85641a6dc2d4e86fbeeedca752fa4cdb4c\n',
    )
    expect(treeHeadMessage(5, head.timestamp, head.rootHash.toUpperCase())).toBe(
      treeHeadMessage(5, head.timestamp, head.rootHash),
    )
    expect(serverTreeHeadMessage).toBe(treeHeadMessage)
    expect(() => treeHeadMessage(-1, head.timestamp, head.rootHash)).toThrow()
    expect(() => treeHeadMessage(5, 1.5, head.rootHash)).toThrow()
    expect(() => treeHeadMessage(5, head.timestamp, 'abc')).toThrow()
  })

  it('accepts the head the key signed', async () => {
    expect(Buffer.from(publicKeyB64, 'base64')).toHaveLength(32)
    expect(await verifyTreeHeadSignature({ ...head, publicKey: publicKeyB64, signature })).toBe(true)
  })

  it('refuses any change to the size, the time, the root, the signature or the key', async () => {
    const good = { ...head, publicKey: publicKeyB64, signature }
    const sig = Buffer.from(signature, 'base64')
    const flipped = (i: number) => {
      const s = Buffer.from(sig)
      s[i] ^= 0x01
      return s.toString('base64')
    }
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
    const bad = [
      { ...good, treeSize: 4 },
      { ...good, treeSize: 6 },
      { ...good, timestamp: head.timestamp + 1 },
      { ...good, timestamp: head.timestamp - 1 },
      { ...good, rootHash: flipBit(head.rootHash, 0) },
      { ...good, rootHash: flipBit(head.rootHash, 255) },
      ...[0, 1, 31, 32, 63].map((i) => ({ ...good, signature: flipped(i) })),
      { ...good, signature: sig.subarray(0, 63).toString('base64') },
      { ...good, signature: 'not base64!' },
      { ...good, publicKey: Buffer.from(other.x ?? '', 'base64url').toString('base64') },
      { ...good, publicKey: Buffer.alloc(31).toString('base64') },
      { ...good, treeSize: Number.NaN },
    ]
    for (const b of bad) expect(await verifyTreeHeadSignature(b)).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------
// docs/transparency-log.md §5 and docs/transparency-log-example.sh

describe('the worked example (docs/transparency-log.md §5)', () => {
  const doc = readFileSync(new URL('../../docs/transparency-log.md', import.meta.url), 'utf8')
  const section = doc.slice(doc.indexOf('\n## 5. '), doc.indexOf('\n## 6. '))
  const scriptPath = new URL('../../docs/transparency-log-example.sh', import.meta.url)
  const script = readFileSync(scriptPath, 'utf8')

  // The example, computed by the code: five leaves appended to an empty tree.
  const texts = [0, 1, 2, 3, 4].map((n) => `{"n":${n}}`)
  const store = new Map<string, Buffer>()
  for (const n of appendLeaves(
    0,
    texts.map((t) => leafHash(Buffer.from(t, 'utf8'))),
    () => {
      throw new Error('an empty tree has no frontier')
    },
  )) {
    store.set(key(n.level, n.index), n.hash)
  }
  const get: NodeGetter = (level, index) => {
    const h = store.get(key(level, index))
    if (!h) throw new Error(`no node ${key(level, index)}`)
    return h
  }
  const node = (level: number, index: number) => hex(get(level, index))
  const root = (size: number) => hex(rootOf(size, get))
  const inclusion = (i: number) => ({
    leafIndex: i,
    treeSize: 5,
    leafHash: node(0, i),
    auditPath: hashesOf(inclusionPathRanges(i, 5), get).map(hex),
  })
  const consistency = { firstSize: 3, secondSize: 5, consistency: hashesOf(consistencyProofRanges(3, 5), get).map(hex) }

  it('is section 5 of the document', () => {
    expect(section).toContain('## 5. Worked example: a tree of 5 leaves')
    expect(section.length).toBeGreaterThan(1000)
  })

  it('lists every leaf with its bytes and hash as the code computes them', () => {
    const rows = [...section.matchAll(/^\| \(0,(\d+)\) \| `([^`]+)` \| `([0-9a-f]{64})` \|$/gm)]
    expect(rows.map((r) => [Number(r[1]), r[2], r[3]])).toEqual(texts.map((t, i) => [i, t, node(0, i)]))
  })

  it('lists exactly the perfect nodes above the leaves, with the code’s hashes', () => {
    const rows = [...section.matchAll(/^\| \((\d+),(\d+)\) \| [^|`]+ \| [^|`]+ \| `([0-9a-f]{64})` \|$/gm)]
    const above = [...store.entries()].filter(([k]) => !k.startsWith('0:'))
    expect(rows.map((r) => [key(Number(r[1]), Number(r[2])), r[3]]).sort()).toEqual(
      above.map(([k, h]) => [k, hex(h)]).sort(),
    )
    expect(rows).toHaveLength(3)
  })

  it('gives the roots of the trees of sizes 1 to 5', () => {
    const rows = [...section.matchAll(/^\| (\d+) \| `([0-9a-f]{64})` \|/gm)]
    expect(rows.map((r) => [Number(r[1]), r[2]])).toEqual([1, 2, 3, 4, 5].map((s) => [s, root(s)]))
  })

  it('shows the proofs the code produces, and they verify', async () => {
    const blocks = [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((b) => JSON.parse(b[1]) as unknown)
    expect(blocks).toEqual([inclusion(2), inclusion(4), consistency])
    for (const i of [2, 4]) {
      const p = inclusion(i)
      expect(
        await verifyInclusion({ leafHash: p.leafHash, index: i, treeSize: 5, path: p.auditPath, rootHash: root(5) }),
      ).toBe(true)
    }
    expect(
      await verifyConsistency({
        firstSize: 3,
        secondSize: 5,
        firstRoot: root(3),
        secondRoot: root(5),
        proof: consistency.consistency,
      }),
    ).toBe(true)
  })

  it('the script carries the same numbers', () => {
    const constants = Object.fromEntries(
      [...script.matchAll(/^([A-Z][A-Z0-9_]*)='?([0-9a-f]{64}(?: [0-9a-f]{64})*)'?$/gm)].map((m) => [m[1], m[2]]),
    )
    expect(constants).toEqual({
      H0_0: node(0, 0),
      H0_1: node(0, 1),
      H0_2: node(0, 2),
      H0_3: node(0, 3),
      H0_4: node(0, 4),
      H1_0: node(1, 0),
      H1_1: node(1, 1),
      H2_0: node(2, 0),
      ROOT1: root(1),
      ROOT2: root(2),
      ROOT3: root(3),
      ROOT4: root(4),
      ROOT5: root(5),
      PATH_2_IN_5: inclusion(2).auditPath.join(' '),
      PATH_4_IN_5: inclusion(4).auditPath.join(' '),
      CONSISTENCY_3_TO_5: consistency.consistency.join(' '),
      EMPTY_ROOT: EMPTY_ROOT.toString('hex'),
    })
  })
})
