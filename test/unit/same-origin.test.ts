import { describe, expect, it } from 'vitest'
import { assertSameOrigin } from '~/utils/handler.server'

const post = (headers: Record<string, string>) =>
  new Request('http://app.example/owner/needs/new', { method: 'POST', headers })

const status = (fn: () => void): number | 'allowed' => {
  try {
    fn()
    return 'allowed'
  } catch (error) {
    return (error as { init: { status: number } }).init.status
  }
}

describe('assertSameOrigin: the route-level origin check shares the server entry’s rule', () => {
  it('allows a same-origin form post and a client without Origin', () => {
    expect(status(() => assertSameOrigin(post({ host: 'app.example', origin: 'http://app.example' })))).toBe('allowed')
    expect(status(() => assertSameOrigin(post({ host: 'app.example' })))).toBe('allowed')
  })

  it('refuses a foreign, null or unreadable Origin with 403', () => {
    for (const origin of ['http://evil.example', 'null', 'not a url', 'ftp://app.example']) {
      expect(status(() => assertSameOrigin(post({ host: 'app.example', origin })))).toBe(403)
    }
    expect(status(() => assertSameOrigin(post({ host: 'app.example', 'sec-fetch-site': 'cross-site' })))).toBe(403)
  })

  it('does not trust X-Forwarded-Host by itself: a forged one cannot make a foreign Origin pass', () => {
    const forged = post({ host: 'app.example', origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' })
    expect(status(() => assertSameOrigin(forged))).toBe(403)
  })

  it('uses the host the server entry decided (a trusted proxy’s X-Forwarded-Host)', () => {
    const behindProxy = post({ host: '10.0.0.5:3000', origin: 'https://market.example', 'x-forwarded-host': 'market.example' })
    expect(status(() => assertSameOrigin(behindProxy, { requestHost: 'market.example' }))).toBe('allowed')
    expect(status(() => assertSameOrigin(behindProxy, { requestHost: '10.0.0.5:3000' }))).toBe(403)
  })

  it('never refuses a safe method', () => {
    const get = new Request('http://app.example/', { headers: { origin: 'http://evil.example' } })
    expect(status(() => assertSameOrigin(get))).toBe('allowed')
  })
})
