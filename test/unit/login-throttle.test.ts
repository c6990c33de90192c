import { describe, expect, it } from 'vitest'
import { throttleDecision } from '~/domain/accounts/login-throttle'

const t0 = Date.parse('2026-05-06T01:00:00Z')
const at = (minutes: number) => new Date(t0 + minutes * 60_000)
const fail = (m: number) => ({ at: at(m), succeeded: false })
const ok = (m: number) => ({ at: at(m), succeeded: true })

describe('throttleDecision', () => {
  it('allows up to four failures and refuses after the fifth', () => {
    expect(throttleDecision([fail(0), fail(1), fail(2), fail(3)], at(4))).toEqual({ allowed: true })
    const d = throttleDecision([fail(0), fail(1), fail(2), fail(3), fail(4)], at(5))
    expect(d).toEqual({ allowed: false, retryAt: at(15) })
  })

  it('forgets failures older than 15 minutes', () => {
    expect(throttleDecision([fail(0), fail(1), fail(2), fail(3), fail(4)], at(15))).toEqual({ allowed: true })
    expect(throttleDecision([fail(0), fail(1), fail(2), fail(3), fail(4)], at(14.99)).allowed).toBe(false)
  })

  it('a success resets the count', () => {
    expect(throttleDecision([fail(0), fail(1), fail(2), ok(3), fail(4), fail(5)], at(6))).toEqual({ allowed: true })
  })

  it('with more than five failures the lock lasts until enough have aged out', () => {
    const d = throttleDecision([fail(0), fail(1), fail(2), fail(3), fail(4), fail(10)], at(11))
    expect(d).toEqual({ allowed: false, retryAt: at(16) })
  })

  it('does not depend on the order the attempts are given in', () => {
    expect(throttleDecision([fail(4), fail(2), fail(0), fail(3), fail(1)], at(5)).allowed).toBe(false)
  })
})
