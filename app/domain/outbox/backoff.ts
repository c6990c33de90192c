/**
 * When an outbox delivery that failed is tried again (docs/decisions/009-outbox.md). Pure.
 * Exponential: 30 s, 1 min, 2 min … capped at 1 h, plus a jitter of up to a quarter of the delay
 * drawn deterministically from the row id (rows that failed together spread out, and a test
 * knows the exact time). After `MAX_ATTEMPTS` failed attempts the row is `failed` for good.
 */
export const BASE_DELAY_MS = 30_000
export const MAX_DELAY_MS = 60 * 60_000
export const MAX_ATTEMPTS = 8

/** A number in [0, 1) from the id (FNV-1a), the same for the same id every time. */
export function jitterFraction(id: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash / 0x1_0000_0000
}

/** The wait after failed attempt number `attempt` (1 = the first failure), jitter included. */
export function retryDelayMs(attempt: number, id: string): number {
  const exponent = Math.max(0, attempt - 1)
  const base = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(exponent, 30))
  return base + Math.floor((base / 4) * jitterFraction(id))
}

export type AfterFailure = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' }

/** What a failure of attempt number `attempt` (counting this one) leads to. */
export function afterFailure(attempt: number, id: string, at: Date, maxAttempts = MAX_ATTEMPTS): AfterFailure {
  if (attempt >= maxAttempts) return { status: 'failed' }
  return { status: 'pending', nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempt, id)) }
}
