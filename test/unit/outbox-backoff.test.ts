import { describe, expect, it } from 'vitest'
import { afterFailure, BASE_DELAY_MS, jitterFraction, MAX_ATTEMPTS, MAX_DELAY_MS, retryDelayMs } from '~/domain/outbox/backoff'

const ID = '3f2c9a64-1b7e-4c2d-9a55-0e8f6b1d2c3a'

describe('outbox backoff', () => {
  it('jitter is a fraction in [0, 1), the same for the same id, different across ids', () => {
    const f = jitterFraction(ID)
    expect(f).toBeGreaterThanOrEqual(0)
    expect(f).toBeLessThan(1)
    expect(jitterFraction(ID)).toBe(f)
    expect(jitterFraction('another-id')).not.toBe(f)
  })

  it('doubles from 30 s and stays within a quarter of jitter above the base', () => {
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const base = BASE_DELAY_MS * 2 ** (attempt - 1)
      const delay = retryDelayMs(attempt, ID)
      expect(delay).toBeGreaterThanOrEqual(base)
      expect(delay).toBeLessThanOrEqual(base * 1.25)
    }
    expect(retryDelayMs(1, ID)).toBe(BASE_DELAY_MS + Math.floor((BASE_DELAY_MS / 4) * jitterFraction(ID)))
  })

  it('is capped at one hour (plus jitter), even for absurd attempt numbers', () => {
    for (const attempt of [8, 20, 1000]) {
      const delay = retryDelayMs(attempt, ID)
      expect(delay).toBeGreaterThanOrEqual(MAX_DELAY_MS)
      expect(delay).toBeLessThanOrEqual(MAX_DELAY_MS * 1.25)
    }
  })

  it('a failure before the last attempt is retried at now + delay; the last one is failed', () => {
    const at = new Date('2030-03-01T02:00:00Z')
    expect(afterFailure(1, ID, at)).toEqual({ status: 'pending', nextAttemptAt: new Date(at.getTime() + retryDelayMs(1, ID)) })
    expect(afterFailure(MAX_ATTEMPTS - 1, ID, at).status).toBe('pending')
    expect(afterFailure(MAX_ATTEMPTS, ID, at)).toEqual({ status: 'failed' })
    expect(afterFailure(3, ID, at, 3)).toEqual({ status: 'failed' })
  })
})
