/**
 * The transparency log's browser check (/transparency, docs/transparency-log.md §7): everything a
 * visitor's browser verifies itself from public data, with Web Crypto only (verify.ts) — the
 * server gives data and proofs, never a verdict. Isomorphic: no `node:` import, no Buffer; the
 * HTTP GET is passed in, so the same code runs in the page and in the tests against the routes.
 *
 * 1. The latest head's Ed25519 signature with the published key of its `keyId`.
 * 2. A notice's events: for each leaf index the notice lists, the leaf's TEXT is fetched and its
 *    hash recomputed here from its UTF-8 bytes (the server's `leafHash` is never used), the leaf
 *    must say the action and entity the listing says, and its inclusion proof in the head's size
 *    must lead to the head's root. An event sequenced after the head was signed waits for the next.
 * 3. A head the visitor saved earlier (localStorage): the consistency proof between the two sizes
 *    must lead from the saved root to the latest one (or the roots must be equal at equal sizes).
 */
import { z } from 'zod'
import { leafHashHex, verifyConsistency, verifyInclusion, verifyTreeHeadSignature } from './verify'

/** GET a path of the public API: its status and parsed JSON body (null when not JSON). */
export type GetJson = (path: string) => Promise<{ status: number; body: unknown }>

const hash = z.string().regex(/^[0-9a-f]{64}$/i)
const count = z.number().int().nonnegative()

export const signedHeadSchema = z.object({
  treeSize: count,
  rootHash: hash,
  timestamp: count,
  signature: z.string().min(1),
  keyId: z.string().min(1),
})
export type SignedHead = z.infer<typeof signedHeadSchema>

const keysSchema = z.object({ keys: z.array(z.object({ keyId: z.string(), publicKey: z.string(), algorithm: z.string() })) })
export type PublicKeys = z.infer<typeof keysSchema>['keys']

const noticeLogSchema = z.object({
  needId: z.string(),
  events: z.array(z.object({ leafIndex: count, action: z.string(), entityType: z.string(), occurredAt: z.string() })),
})
export type NoticeEvent = z.infer<typeof noticeLogSchema>['events'][number]

const leafSchema = z.object({ leafIndex: count, leaf: z.string() })
const inclusionSchema = z.object({ leafIndex: count, treeSize: count, auditPath: z.array(z.string()) })
const consistencySchema = z.object({ firstSize: count, secondSize: count, consistency: z.array(z.string()) })
/** What the public form of an event says about itself (the fields the listing is checked against). */
const leafTextSchema = z.object({ action: z.string(), entityType: z.string(), entityId: z.unknown() })

/** Why a check did not pass; each has a text in `transparency.reasons`. */
export const failureReasons = [
  'unreadable',
  'network',
  'noHead',
  'unknownKey',
  'badSignature',
  'noticeNotFound',
  'leafMismatch',
  'notIncluded',
  'notConsistent',
  'savedHeadUnreadable',
] as const
export type FailureReason = (typeof failureReasons)[number]

export class CheckFailed extends Error {
  constructor(readonly reason: FailureReason) {
    super(reason)
    this.name = 'CheckFailed'
  }
}

/** GETs `path` and parses its body with `schema`; a 404 is `notFound`, anything else unexpected fails. */
async function getParsed<T>(get: GetJson, path: string, schema: z.ZodType<T>, notFound: FailureReason = 'unreadable'): Promise<T> {
  let answer: Awaited<ReturnType<GetJson>>
  try {
    answer = await get(path)
  } catch {
    throw new CheckFailed('network')
  }
  if (answer.status === 404) throw new CheckFailed(notFound)
  if (answer.status !== 200) throw new CheckFailed('unreadable')
  const parsed = schema.safeParse(answer.body)
  if (!parsed.success) throw new CheckFailed('unreadable')
  return parsed.data
}

export const fetchLatestHead = (get: GetJson) => getParsed(get, '/api/v1/log/head', signedHeadSchema, 'noHead')
export const fetchKeys = async (get: GetJson) => (await getParsed(get, '/api/v1/log/keys', keysSchema)).keys

export type Outcome = { ok: true } | { ok: false; reason: FailureReason }

/** 1. The head's signature, with the published Ed25519 key its keyId names. */
export async function checkHeadSignature(head: SignedHead, keys: PublicKeys): Promise<Outcome> {
  const key = keys.find((k) => k.keyId === head.keyId && k.algorithm === 'Ed25519')
  if (!key) return { ok: false, reason: 'unknownKey' }
  const ok = await verifyTreeHeadSignature({ ...head, publicKey: key.publicKey })
  return ok ? { ok: true } : { ok: false, reason: 'badSignature' }
}

export type EventOutcome = NoticeEvent & ({ status: 'included' } | { status: 'afterHead' } | { status: 'failed'; reason: FailureReason })

/** 2. One event of the notice: its leaf's text, hashed here, proven included in `head`. */
export async function checkEventIncluded(get: GetJson, needId: string, event: NoticeEvent, head: SignedHead): Promise<EventOutcome> {
  if (event.leafIndex >= head.treeSize) return { ...event, status: 'afterHead' }
  try {
    const leaf = await getParsed(get, `/api/v1/log/leaves/${event.leafIndex}`, leafSchema)
    const said = leafTextSchema.safeParse(safeJson(leaf.leaf))
    if (
      leaf.leafIndex !== event.leafIndex ||
      !said.success ||
      said.data.action !== event.action ||
      said.data.entityType !== event.entityType ||
      (event.entityType === 'need' && said.data.entityId !== needId)
    )
      return { ...event, status: 'failed', reason: 'leafMismatch' }
    const leafHash = await leafHashHex(new TextEncoder().encode(leaf.leaf))
    const proof = await getParsed(
      get,
      `/api/v1/log/proof/inclusion?leafIndex=${event.leafIndex}&treeSize=${head.treeSize}`,
      inclusionSchema,
    )
    const included =
      proof.leafIndex === event.leafIndex &&
      proof.treeSize === head.treeSize &&
      (await verifyInclusion({ leafHash, index: event.leafIndex, treeSize: head.treeSize, path: proof.auditPath, rootHash: head.rootHash }))
    return included ? { ...event, status: 'included' } : { ...event, status: 'failed', reason: 'notIncluded' }
  } catch (error) {
    if (error instanceof CheckFailed) return { ...event, status: 'failed', reason: error.reason }
    throw error
  }
}

/** How many of a notice's events are checked at once. */
const PARALLEL = 6

/** 2. Every listed event of the notice; throws CheckFailed('noticeNotFound') for an unknown or draft notice. */
export async function checkNotice(get: GetJson, needId: string, head: SignedHead): Promise<EventOutcome[]> {
  const log = await getParsed(get, `/api/v1/needs/${encodeURIComponent(needId)}/log`, noticeLogSchema, 'noticeNotFound')
  const out: EventOutcome[] = new Array(log.events.length)
  let next = 0
  const worker = async () => {
    while (next < log.events.length) {
      const i = next++
      out[i] = await checkEventIncluded(get, log.needId, log.events[i], head)
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, log.events.length) }, worker))
  return out
}

/** 3. The saved head and the latest one describe the same log, the later grown from the earlier. */
export async function checkConsistent(get: GetJson, saved: SignedHead, latest: SignedHead): Promise<Outcome> {
  const [first, second] = saved.treeSize <= latest.treeSize ? [saved, latest] : [latest, saved]
  let proof: string[] = []
  if (first.treeSize !== second.treeSize && first.treeSize > 0) {
    try {
      const answer = await getParsed(
        get,
        `/api/v1/log/proof/consistency?first=${first.treeSize}&second=${second.treeSize}`,
        consistencySchema,
      )
      if (answer.firstSize !== first.treeSize || answer.secondSize !== second.treeSize) return { ok: false, reason: 'notConsistent' }
      proof = answer.consistency
    } catch (error) {
      // The log refuses a size it never reached: the saved head cannot be one of its heads.
      if (error instanceof CheckFailed && error.reason === 'unreadable') return { ok: false, reason: 'notConsistent' }
      if (error instanceof CheckFailed) return { ok: false, reason: error.reason }
      throw error
    }
  }
  const ok = await verifyConsistency({
    firstSize: first.treeSize,
    secondSize: second.treeSize,
    firstRoot: first.rootHash,
    secondRoot: second.rootHash,
    proof,
  })
  return ok ? { ok: true } : { ok: false, reason: 'notConsistent' }
}

/** The head a visitor saved (localStorage text): null when none, 'unreadable' when it is not a head. */
export function parseSavedHead(text: string | null): SignedHead | null | 'unreadable' {
  if (text === null) return null
  const parsed = signedHeadSchema.safeParse(safeJson(text))
  return parsed.success ? parsed.data : 'unreadable'
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The localStorage key of the saved head. */
export const SAVED_HEAD_KEY = 'transparency-log.saved-head'

export interface CheckResults {
  signature: Outcome
  /** Null: no notice asked for. */
  notice: { found: true; events: EventOutcome[] } | { found: false } | null
  /** Null: no head saved. */
  saved: (Outcome & { head: SignedHead | null }) | null
}

export type Verdict = { kind: 'verified' } | { kind: 'inconsistent' } | { kind: 'failed'; reason: FailureReason }

/**
 * One verdict for the page: inconsistent when the saved head does not lead to the latest one;
 * failed (with the first reason) when the signature, the notice or one of its events fails;
 * verified otherwise.
 */
export function verdictOf(results: CheckResults): Verdict {
  if (results.saved && !results.saved.ok && results.saved.reason === 'notConsistent') return { kind: 'inconsistent' }
  if (!results.signature.ok) return { kind: 'failed', reason: results.signature.reason }
  if (results.notice && !results.notice.found) return { kind: 'failed', reason: 'noticeNotFound' }
  const failedEvent = results.notice?.found ? results.notice.events.find((e) => e.status === 'failed') : undefined
  if (failedEvent && failedEvent.status === 'failed') return { kind: 'failed', reason: failedEvent.reason }
  if (results.saved && !results.saved.ok) return { kind: 'failed', reason: results.saved.reason }
  return { kind: 'verified' }
}

/**
 * Runs every check against the latest head: its signature, the notice's events (when `needId`),
 * and the saved head (when `savedText` is not null).
 */
export async function runChecks(
  get: GetJson,
  input: { needId: string | null; savedText: string | null },
): Promise<{ head: SignedHead; results: CheckResults }> {
  const [head, keys] = await Promise.all([fetchLatestHead(get), fetchKeys(get)])
  const saved = parseSavedHead(input.savedText)
  const [signature, notice, consistency] = await Promise.all([
    checkHeadSignature(head, keys),
    input.needId === null
      ? Promise.resolve(null)
      : checkNotice(get, input.needId, head).then(
          (events) => ({ found: true as const, events }),
          (error: unknown) => {
            if (error instanceof CheckFailed && error.reason === 'noticeNotFound') return { found: false as const }
            throw error
          },
        ),
    saved === null
      ? Promise.resolve(null)
      : saved === 'unreadable'
        ? Promise.resolve({ ok: false as const, reason: 'savedHeadUnreadable' as const, head: null })
        : checkConsistent(get, saved, head).then((outcome) => ({ ...outcome, head: saved })),
  ])
  return { head, results: { signature, notice, saved: consistency } }
}
