/**
 * The verifiable random draw (随机抽取), algorithm `im-draw-v1`. Specified byte for byte in
 * docs/draw.md; this module is the reference implementation.
 *
 *   at publish:  seed = 32 random bytes (secret), seedHash = SHA-256(seed) is published
 *   at the draw: M = canonical bytes of (need id, round, candidates sorted by credit code)
 *                D_0 = HMAC-SHA256(seed, M), D_k = HMAC-SHA256(seed, M || uint32be(k)) for k ≥ 1
 *                each D_k gives eight big-endian uint32 chunks; the first chunk below
 *                limit = floor(2^32 / n) * n wins: winnerIndex = chunk mod n
 *   afterwards:  the seed is revealed; anyone recomputes everything (verifyDraw)
 *
 * Isomorphic on purpose: it uses only `globalThis.crypto` (Web Crypto) and TextEncoder, so the
 * server and the browser verification on /draws/:needId run the very same code. No app imports,
 * no Node-only modules.
 */
import { bytesToHex, concat, subtle } from '~/domain/web-crypto'

/** Versioned algorithm name; it is also the first line of the signed message. */
export const DRAW_ALGORITHM = 'im-draw-v1' as const

/** Seed length in bytes. */
export const SEED_BYTES = 32

/** Chunks of 4 bytes in one SHA-256 digest. */
const CHUNKS_PER_BLOCK = 8

const TWO_POW_32 = 2 ** 32

/** Highest counter value for the extension blocks (uint32); unreachable in practice. */
const MAX_COUNTER = TWO_POW_32 - 1

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** 18 characters of the GB 32100-2015 alphabet (digits and upper-case letters without I O S V Z). */
const CREDIT_CODE_RE = /^[0-9A-HJ-NPQRTUWXY]{18}$/

const HEX_RE = /^(?:[0-9a-f]{2})*$/

/** Bytes accepted by Web Crypto (a Uint8Array backed by a plain ArrayBuffer). */
export type Bytes = Uint8Array<ArrayBuffer>

/** One eligible bid as it takes part in the draw. Both fields are public after the draw. */
export interface DrawCandidate {
  /**
   * The bidding agency's unified social credit code (统一社会信用代码), 18 upper-case characters.
   * The ONLY candidate field that enters the signed bytes and the canonical order: it exists
   * before the need is published and nobody can change it at draw time.
   */
  agencyCreditCode: string
  /**
   * The bid's id (lower-case UUID). A label linking the candidate to the published bid list;
   * it does not enter the bytes, because the platform mints it and could otherwise grind it.
   */
  bidId: string
}

/** What the draw needs. */
export interface DrawInput {
  /** The need's id, a lower-case UUID. */
  needId: string
  /** Selection round, 1 for the first draw, r + 1 for the redo after an upheld objection. */
  round: number
  /** The 32-byte secret seed generated at publish (raw bytes or 64 lower-case hex digits). */
  seed: Uint8Array | string
  /** The eligible bids, in any order. */
  candidates: readonly DrawCandidate[]
  /**
   * A redo of a random selection only (docs/draw.md §6): the previous round's candidates, other
   * than its winner, taken out since that round, each with its reason. Recorded in the transcript
   * as is; it does not enter the signed bytes.
   */
  excluded?: readonly DrawExclusion[]
}

/**
 * Why a previous round's candidate is not in a redo (docs/draw.md §6): its bid is no longer live
 * (`bidDisqualified`, `bidWithdrawn`), or its agency is no longer eligible (the eligibility
 * reasons of the marketplace: suspended, exited, qualification expired…).
 */
export const EXCLUSION_REASONS = [
  'bidDisqualified',
  'bidWithdrawn',
  'notActive',
  'suspended',
  'exited',
  'serviceTypeNotOffered',
  'qualificationMissing',
  'qualificationLevelTooLow',
  'qualificationExpired',
] as const

export type ExclusionReason = (typeof EXCLUSION_REASONS)[number]

/** A previous round's candidate left out of a redo, and why. */
export interface DrawExclusion extends DrawCandidate {
  reason: ExclusionReason
}

/** The public record of one draw: what GET /api/v1/draws/:needId returns and the page shows. */
export interface DrawTranscript {
  algorithm: typeof DRAW_ALGORITHM
  needId: string
  round: number
  /** SHA-256 of the 32 raw seed bytes, lower-case hex; published with the notice. */
  seedHash: string
  /** The revealed seed, 64 lower-case hex digits. */
  seed: string
  /** The candidates in canonical order (credit code ascending). */
  candidates: DrawCandidate[]
  /** Index of the winner in `candidates`. */
  winnerIndex: number
  winner: DrawCandidate
  /**
   * Redo rounds of a random selection (§6): the previous round's candidates other than its
   * winner that are not candidates here, with the reason, in canonical order. Absent on round 1
   * and on tie-breaks.
   */
  excluded?: DrawExclusion[]
}

/** The part of a draw that is published before bids close. */
export interface DrawCommitment {
  algorithm: typeof DRAW_ALGORITHM
  /** Keep secret until the draw. */
  seed: string
  seedHash: string
}

/** Why a transcript does not verify. */
export type DrawFailure =
  | 'algorithm' // not im-draw-v1
  | 'malformed' // a field has the wrong shape (bad hex, bad uuid, duplicate or bad credit code, no candidates)
  | 'seed_hash' // SHA-256(seed) differs from seedHash, or seedHash differs from the published one
  | 'order' // candidates are not in canonical order
  | 'winner' // winnerIndex or winner differ from the recomputation
  | 'round_link' // a redo does not follow from the previous round (verifyRedo)

export type DrawVerdict = { ok: true } | { ok: false; reason: DrawFailure; detail: string }

/** Thrown for input that cannot be drawn from (programming or data error, not a user error). */
export class DrawInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DrawInputError'
  }
}


// ---------------------------------------------------------------------------------------------
// Bytes and hex

export { bytesToHex }

/** Bytes of a hex string (even length, lower-case only, so every value has one spelling). */
export function hexToBytes(hex: string): Bytes {
  if (!HEX_RE.test(hex)) throw new DrawInputError(`not lower-case hex of even length: '${hex.slice(0, 80)}'`)
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

/** Unsigned 32-bit big-endian encoding of a counter. */
export function uint32be(value: number): Bytes {
  if (!Number.isInteger(value) || value < 0 || value > MAX_COUNTER) {
    throw new DrawInputError(`not a uint32: ${value}`)
  }
  const out = new Uint8Array(4)
  new DataView(out.buffer).setUint32(0, value, false)
  return out
}


/** A copy of the seed as bytes; checks it is exactly 32 bytes. */
function seedBytes(seed: Uint8Array | string): Bytes {
  const bytes = typeof seed === 'string' ? hexToBytes(seed) : new Uint8Array(seed)
  if (bytes.length !== SEED_BYTES) throw new DrawInputError(`the seed must be ${SEED_BYTES} bytes, got ${bytes.length}`)
  return bytes
}

// ---------------------------------------------------------------------------------------------
// Seed and commitment

/** A fresh 32-byte secret seed from the platform's CSPRNG (crypto.getRandomValues). */
export function generateSeed(): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(SEED_BYTES))
}

/** SHA-256 of the 32 raw seed bytes (not of the hex text), lower-case hex. */
export async function seedHash(seed: Uint8Array | string): Promise<string> {
  return bytesToHex(new Uint8Array(await subtle().digest('SHA-256', seedBytes(seed))))
}

/** A new seed and its hash, to store (seed secret) and publish (hash) when a need is published. */
export async function newCommitment(): Promise<DrawCommitment> {
  const seed = generateSeed()
  return { algorithm: DRAW_ALGORITHM, seed: bytesToHex(seed), seedHash: await seedHash(seed) }
}

// ---------------------------------------------------------------------------------------------
// Canonical form

function checkNeedId(needId: string): void {
  if (!UUID_RE.test(needId)) throw new DrawInputError(`needId must be a lower-case UUID, got '${needId}'`)
}

function checkRound(round: number): void {
  if (!Number.isSafeInteger(round) || round < 1) throw new DrawInputError(`round must be an integer ≥ 1, got ${round}`)
}

function checkCandidates(candidates: readonly DrawCandidate[]): void {
  if (candidates.length === 0) throw new DrawInputError('a draw needs at least one candidate')
  if (candidates.length > MAX_COUNTER) throw new DrawInputError('too many candidates')
  const codes = new Set<string>()
  const bids = new Set<string>()
  for (const c of candidates) {
    if (!CREDIT_CODE_RE.test(c.agencyCreditCode)) {
      throw new DrawInputError(`not an 18-character upper-case credit code: '${c.agencyCreditCode}'`)
    }
    if (!UUID_RE.test(c.bidId)) throw new DrawInputError(`bidId must be a lower-case UUID, got '${c.bidId}'`)
    if (codes.has(c.agencyCreditCode)) throw new DrawInputError(`agency ${c.agencyCreditCode} appears twice`)
    if (bids.has(c.bidId)) throw new DrawInputError(`bid ${c.bidId} appears twice`)
    codes.add(c.agencyCreditCode)
    bids.add(c.bidId)
  }
}

/** ASCII byte order (the codes are ASCII, so this equals UTF-16 code unit order). */
const byCode = (a: DrawCandidate, b: DrawCandidate): number =>
  a.agencyCreditCode < b.agencyCreditCode ? -1 : a.agencyCreditCode > b.agencyCreditCode ? 1 : 0

/**
 * The candidates in canonical order: credit code ascending by ASCII byte value. Validates them
 * (shape, no duplicate agency or bid) and returns fresh objects with exactly the two fields.
 */
export function canonicalCandidates(candidates: readonly DrawCandidate[]): DrawCandidate[] {
  checkCandidates(candidates)
  return candidates.map((c) => ({ agencyCreditCode: c.agencyCreditCode, bidId: c.bidId })).sort(byCode)
}

/**
 * The message M that is signed (docs/draw.md §3): ASCII text, every line ending in LF (0x0A):
 *
 *   im-draw-v1
 *   need:<needId>
 *   round:<round in decimal, no leading zeros>
 *   candidates:<n in decimal>
 *   <credit code of candidate 0>
 *   …
 *   <credit code of candidate n-1>
 *
 * Candidates are put in canonical order first, whatever order they come in.
 */
export function drawMessage(input: { needId: string; round: number; candidates: readonly DrawCandidate[] }): Bytes {
  checkNeedId(input.needId)
  checkRound(input.round)
  const ordered = canonicalCandidates(input.candidates)
  const lines = [
    DRAW_ALGORITHM,
    `need:${input.needId}`,
    `round:${input.round}`,
    `candidates:${ordered.length}`,
    ...ordered.map((c) => c.agencyCreditCode),
  ]
  return new TextEncoder().encode(lines.map((l) => `${l}\n`).join('')) as Bytes
}

// ---------------------------------------------------------------------------------------------
// Uniform index without modulo bias

/** One 4-byte chunk of a digest and what the sampler did with it. */
export interface ChunkStep {
  /** Position 0-7 in its digest. */
  position: number
  /** The chunk read as an unsigned 32-bit big-endian integer. */
  value: number
  status: 'rejected' | 'accepted' | 'unused'
}

/** One HMAC block: counter 0 is HMAC(seed, M), counter k ≥ 1 is HMAC(seed, M || uint32be(k)). */
export interface BlockTrace {
  counter: number
  digest: string
  chunks: ChunkStep[]
}

/** Every intermediate value of the sampler, for the docs and the transcript page. */
export interface IndexTrace {
  n: number
  /** floor(2^32 / n) * n; chunks ≥ limit are rejected. */
  limit: number
  index: number
  blocks: BlockTrace[]
}

/** The first value of a chunk that is rejected for n candidates: floor(2^32 / n) * n. */
export function rejectionLimit(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNTER)
    throw new DrawInputError(`n must be an integer in [1, 2^32 - 1], got ${n}`)
  return Math.floor(TWO_POW_32 / n) * n
}

/**
 * Pure sampler over a block source: reads each block as eight big-endian uint32 chunks, rejects
 * chunks ≥ floor(2^32 / n) * n and returns the first accepted chunk mod n. `block(k)` must
 * return the 32-byte block for counter k = 0, 1, 2, … Exposed so tests can feed it blocks
 * that exercise rejection and the counter extension.
 */
export async function sampleIndex(n: number, block: (counter: number) => Promise<Uint8Array>): Promise<IndexTrace> {
  const limit = rejectionLimit(n)
  const blocks: BlockTrace[] = []
  for (let counter = 0; counter <= MAX_COUNTER; counter++) {
    const digest = await block(counter)
    if (digest.length !== CHUNKS_PER_BLOCK * 4)
      throw new Error(`block ${counter} is ${digest.length} bytes, expected 32`)
    const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength)
    const chunks: ChunkStep[] = []
    let index = -1
    for (let position = 0; position < CHUNKS_PER_BLOCK; position++) {
      const value = view.getUint32(position * 4, false)
      if (index >= 0) chunks.push({ position, value, status: 'unused' })
      else if (value >= limit) chunks.push({ position, value, status: 'rejected' })
      else {
        chunks.push({ position, value, status: 'accepted' })
        index = value % n
      }
    }
    blocks.push({ counter, digest: bytesToHex(digest), chunks })
    if (index >= 0) return { n, limit, index, blocks }
  }
  throw new Error('counter exhausted') // probability < 2^-(8 * 2^32): unreachable
}

async function hmacKey(seed: Bytes): Promise<CryptoKey> {
  return subtle().importKey('raw', seed, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

/**
 * A uniform index in [0, n) from HMAC-SHA256 keyed with the seed over `message`, with the counter
 * extension: block 0 = HMAC(seed, message), block k ≥ 1 = HMAC(seed, message || uint32be(k)).
 */
export async function traceIndex(seed: Uint8Array | string, message: Uint8Array, n: number): Promise<IndexTrace> {
  const key = await hmacKey(seedBytes(seed))
  const msg = new Uint8Array(message)
  return sampleIndex(n, async (counter) => {
    const data = counter === 0 ? msg : concat(msg, uint32be(counter))
    return new Uint8Array(await subtle().sign('HMAC', key, data))
  })
}

// ---------------------------------------------------------------------------------------------
// The draw

/** Runs a draw and returns its public transcript (including the revealed seed). */
export async function runDraw(input: DrawInput): Promise<DrawTranscript> {
  const seed = seedBytes(input.seed)
  const candidates = canonicalCandidates(input.candidates)
  const message = drawMessage({ needId: input.needId, round: input.round, candidates })
  const [hash, trace] = await Promise.all([seedHash(seed), traceIndex(seed, message, candidates.length)])
  return {
    algorithm: DRAW_ALGORITHM,
    needId: input.needId,
    round: input.round,
    seedHash: hash,
    seed: bytesToHex(seed),
    candidates,
    winnerIndex: trace.index,
    winner: { ...candidates[trace.index] },
    ...(input.excluded
      ? {
          excluded: input.excluded
            .map((e) => ({ agencyCreditCode: e.agencyCreditCode, bidId: e.bidId, reason: e.reason }))
            .sort(byCode),
        }
      : {}),
  }
}

/** Every intermediate value of a transcript's draw (message bytes, digests, chunks), for display. */
export async function explainDraw(
  t: Pick<DrawTranscript, 'needId' | 'round' | 'seed' | 'candidates'>,
): Promise<IndexTrace & { message: string; messageHex: string }> {
  const message = drawMessage(t)
  const trace = await traceIndex(t.seed, message, t.candidates.length)
  return { ...trace, message: new TextDecoder().decode(message), messageHex: bytesToHex(message) }
}

const fail = (reason: DrawFailure, detail: string): DrawVerdict => ({ ok: false, reason, detail })

/**
 * Recomputes a transcript: algorithm name, shapes, SHA-256(seed) = seedHash (and = the hash
 * published with the notice, when given), canonical order, and the winner index and winner.
 * Never throws on bad data; it says what is wrong.
 */
export async function verifyDraw(t: DrawTranscript, publishedSeedHash?: string): Promise<DrawVerdict> {
  try {
    if (t.algorithm !== DRAW_ALGORITHM) return fail('algorithm', `unknown algorithm '${String(t.algorithm)}'`)
    if (typeof t.seed !== 'string' || !/^[0-9a-f]{64}$/.test(t.seed))
      return fail('malformed', 'seed is not 64 lower-case hex digits')
    if (typeof t.seedHash !== 'string' || !/^[0-9a-f]{64}$/.test(t.seedHash))
      return fail('malformed', 'seedHash is not 64 lower-case hex digits')
    if (typeof t.needId !== 'string' || !UUID_RE.test(t.needId))
      return fail('malformed', 'needId is not a lower-case UUID')
    if (!Number.isSafeInteger(t.round) || t.round < 1) return fail('malformed', 'round is not an integer ≥ 1')
    if (!Array.isArray(t.candidates)) return fail('malformed', 'candidates is not a list')
    try {
      checkCandidates(t.candidates)
    } catch (e) {
      return fail('malformed', (e as Error).message)
    }
    if ((await seedHash(t.seed)) !== t.seedHash) return fail('seed_hash', 'SHA-256(seed) differs from seedHash')
    if (publishedSeedHash !== undefined && publishedSeedHash !== t.seedHash) {
      return fail('seed_hash', 'seedHash differs from the hash published with the notice')
    }
    for (let i = 1; i < t.candidates.length; i++) {
      if (byCode(t.candidates[i - 1], t.candidates[i]) >= 0)
        return fail('order', `candidates ${i - 1} and ${i} are out of canonical order`)
    }
    const trace = await traceIndex(t.seed, drawMessage(t), t.candidates.length)
    if (t.winnerIndex !== trace.index)
      return fail('winner', `winnerIndex is ${String(t.winnerIndex)}, recomputed ${trace.index}`)
    const expected = t.candidates[trace.index]
    if (!t.winner || t.winner.agencyCreditCode !== expected.agencyCreditCode || t.winner.bidId !== expected.bidId) {
      return fail('winner', 'winner is not candidates[winnerIndex]')
    }
    return { ok: true }
  } catch (e) {
    return fail('malformed', (e as Error).message)
  }
}

// ---------------------------------------------------------------------------------------------
// Rounds

const sameCandidate = (a: DrawCandidate, b: DrawCandidate) =>
  a.agencyCreditCode === b.agencyCreditCode && a.bidId === b.bidId

/**
 * The candidates of round r + 1 after an upheld objection: round r's candidates minus its winner,
 * minus the ones `excluded` since (matched by credit code and bid id).
 */
export function remainingCandidates(previous: DrawTranscript, excluded: readonly DrawCandidate[] = []): DrawCandidate[] {
  return previous.candidates.filter(
    (c) => c.agencyCreditCode !== previous.winner.agencyCreditCode && !excluded.some((e) => sameCandidate(e, c)),
  )
}

/**
 * The redo after an upheld objection against `previous.winner`: round + 1, same need, same seed,
 * the remaining candidates, and the exclusions recorded in the transcript. Throws DrawInputError
 * when nobody remains (the round failed).
 */
export function redoDraw(previous: DrawTranscript, excluded: readonly DrawExclusion[] = []): Promise<DrawTranscript> {
  return runDraw({
    needId: previous.needId,
    round: previous.round + 1,
    seed: previous.seed,
    candidates: remainingCandidates(previous, excluded),
    excluded,
  })
}

/** Why `next.excluded` cannot stand (§6), or null when every entry is one of previous's other candidates with a known reason. */
function exclusionProblem(previous: DrawTranscript, excluded: unknown): string | null {
  if (excluded === undefined) return null
  if (!Array.isArray(excluded)) return 'excluded is not a list'
  const seen = new Set<string>()
  for (const e of excluded as DrawExclusion[]) {
    if (!e || typeof e !== 'object') return 'an exclusion is not an object'
    if (!(EXCLUSION_REASONS as readonly string[]).includes(e.reason)) return `unknown exclusion reason '${String(e.reason)}'`
    if (seen.has(e.agencyCreditCode)) return `agency ${e.agencyCreditCode} is excluded twice`
    seen.add(e.agencyCreditCode)
    if (e.agencyCreditCode === previous.winner.agencyCreditCode) return 'the previous winner is listed as excluded'
    if (!previous.candidates.some((c) => sameCandidate(c, e)))
      return `excluded ${e.agencyCreditCode} was not a candidate of the previous round`
  }
  return null
}

/**
 * Verifies a redo: both transcripts verify and `next` is exactly redoDraw(previous, next.excluded)
 * — every exclusion one of previous's candidates (not its winner) with a known reason.
 */
export async function verifyRedo(
  previous: DrawTranscript,
  next: DrawTranscript,
  publishedSeedHash?: string,
): Promise<DrawVerdict> {
  for (const t of [previous, next]) {
    const verdict = await verifyDraw(t, publishedSeedHash)
    if (!verdict.ok) return verdict
  }
  if (next.needId !== previous.needId) return fail('round_link', 'the rounds belong to different needs')
  if (next.seedHash !== previous.seedHash) return fail('round_link', 'the rounds use different seeds')
  if (next.round !== previous.round + 1)
    return fail('round_link', `round ${next.round} does not follow round ${previous.round}`)
  const problem = exclusionProblem(previous, next.excluded)
  if (problem) return fail('round_link', problem)
  const expected = remainingCandidates(previous, next.excluded ?? [])
  const same =
    expected.length === next.candidates.length && expected.every((c, i) => sameCandidate(c, next.candidates[i]))
  if (!same) return fail('round_link', 'the candidates are not the previous round’s minus its winner and the excluded')
  return { ok: true }
}
