// PLACEHOLDER until the merkle branch merges (its version replaces this file whole).
import { createHash } from 'node:crypto'

export const leafHash = (bytes: Uint8Array): Buffer => createHash('sha256').update(Buffer.from([0])).update(bytes).digest()
export const nodeHash = (l: Buffer, r: Buffer): Buffer => createHash('sha256').update(Buffer.from([1])).update(l).update(r).digest()
export const EMPTY_ROOT = createHash('sha256').digest()

const largestPow2Below = (n: number) => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

export function perfectSubtrees(start: number, end: number): Array<{ level: number; index: number }> {
  const out: Array<{ level: number; index: number }> = []
  let a = start
  while (a < end) {
    let size = 1
    while (a % (size * 2) === 0 && a + size * 2 <= end) size *= 2
    const level = Math.log2(size)
    out.push({ level, index: a / size })
    a += size
  }
  return out
}

export function rangeHash(start: number, end: number, get: (level: number, index: number) => Buffer): Buffer {
  if (end <= start) return EMPTY_ROOT
  const parts = perfectSubtrees(start, end).map((p) => get(p.level, p.index))
  let acc = parts[parts.length - 1]
  for (let i = parts.length - 2; i >= 0; i -= 1) acc = nodeHash(parts[i], acc)
  return acc
}

export const rootOf = (size: number, get: (level: number, index: number) => Buffer) => rangeHash(0, size, get)
export const frontier = (size: number) => perfectSubtrees(0, size)

export function inclusionPathRanges(index: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  const rec = (m: number, a: number, n: number) => {
    if (n <= 1) return
    const k = largestPow2Below(n)
    if (m < k) {
      rec(m, a, k)
      out.push([a + k, a + n])
    } else {
      rec(m - k, a + k, n - k)
      out.push([a, a + k])
    }
  }
  rec(index, 0, size)
  return out
}

export function consistencyProofRanges(m: number, n: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  const sub = (mm: number, a: number, nn: number, b: boolean) => {
    if (mm === nn) {
      if (!b) out.push([a, a + nn])
      return
    }
    const k = largestPow2Below(nn)
    if (mm <= k) {
      sub(mm, a, k, b)
      out.push([a + k, a + nn])
    } else {
      sub(mm - k, a + k, nn - k, false)
      out.push([a, a + k])
    }
  }
  if (m > 0 && m < n) sub(m, 0, n, true)
  return out
}

export function nodesNeeded(ranges: Array<[number, number]>): Array<{ level: number; index: number }> {
  const seen = new Map<string, { level: number; index: number }>()
  for (const [a, b] of ranges) for (const p of perfectSubtrees(a, b)) seen.set(`${p.level}:${p.index}`, p)
  return [...seen.values()]
}

export function appendLeaves(
  size: number,
  newLeafHashes: Buffer[],
  get: (level: number, index: number) => Buffer,
): Array<{ level: number; index: number; hash: Buffer }> {
  const created: Array<{ level: number; index: number; hash: Buffer }> = []
  const fresh = new Map<string, Buffer>()
  const lookup = (level: number, index: number) => fresh.get(`${level}:${index}`) ?? get(level, index)
  let n = size
  for (const h of newLeafHashes) {
    let level = 0
    let index = n
    let hash = h
    created.push({ level, index, hash })
    fresh.set(`${level}:${index}`, hash)
    while (index % 2 === 1) {
      hash = nodeHash(lookup(level, index - 1), hash)
      level += 1
      index = (index - 1) / 2
      created.push({ level, index, hash })
      fresh.set(`${level}:${index}`, hash)
    }
    n += 1
  }
  return created
}

export function treeHeadMessage(treeSize: number, timestamp: number, rootHash: string): string {
  return `intermediary-marketplace transparency log v1\n${treeSize}\n${timestamp}\n${rootHash}\n`
}
