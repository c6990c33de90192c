/**
 * The guarded test-only controls: off (the default) → POST /__test/clock and /__test/tick answer
 * 404 like an unknown URL and the clock does not move; on → the clock moves (real time + offset)
 * and the tick runs; bad input → 400 and the clock stays; on with a remote DATABASE_URL → refused
 * at boot.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { now, resetClock } from '~/domain/now'
import { getEnv, resetEnvCache } from '~/utils/env.server'
import { callRoute, formRequest, ORIGIN } from '../support/routes'
import * as clockRoute from '~/routes/[__test]+/clock'
import * as tickRoute from '~/routes/[__test]+/tick'
import * as unknownRoute from '~/routes/$'

const saved = { flag: process.env.ENABLE_TEST_CONTROLS, url: process.env.DATABASE_URL }

function setFlag(value: string | undefined) {
  if (value === undefined) delete process.env.ENABLE_TEST_CONTROLS
  else process.env.ENABLE_TEST_CONTROLS = value
  resetEnvCache()
}

function jsonRequest(path: string, body: unknown) {
  return new Request(new URL(path, ORIGIN), {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
  })
}

afterEach(() => {
  setFlag(saved.flag)
  if (saved.url === undefined) delete process.env.DATABASE_URL
  else process.env.DATABASE_URL = saved.url
  resetEnvCache()
  resetClock()
})

describe('test controls off (default)', () => {
  it('answers 404 like an unknown URL and leaves the clock alone', async () => {
    setFlag(undefined)
    expect(getEnv().ENABLE_TEST_CONTROLS).toBe('false')
    const unknown = await callRoute(unknownRoute.action, formRequest('/no-such-page', {}))
    const before = now().getTime()
    const clock = await callRoute(clockRoute.action, formRequest('/__test/clock', { set: '2030-01-01T00:00:00Z' }))
    const tick = await callRoute(tickRoute.action, formRequest('/__test/tick', {}))
    expect(unknown.status).toBe(404)
    expect(clock.status).toBe(404)
    expect(clock.data).toEqual(unknown.data)
    expect(tick.status).toBe(404)
    expect(tick.data).toEqual(unknown.data)
    expect(Math.abs(now().getTime() - before)).toBeLessThan(60_000)
    expect(now().getUTCFullYear()).not.toBe(2030)
  })

  it('"false" is off too', async () => {
    setFlag('false')
    const clock = await callRoute(clockRoute.action, jsonRequest('/__test/clock', { advanceDays: 10 }))
    expect(clock.status).toBe(404)
  })
})

describe('test controls on', () => {
  it('sets the clock to an instant and time keeps flowing from there', async () => {
    setFlag('true')
    const res = await callRoute(clockRoute.action, formRequest('/__test/clock', { set: '2026-06-15T10:00:00+08:00' }))
    expect(res.status).toBe(200)
    const target = new Date('2026-06-15T02:00:00Z').getTime()
    expect(Math.abs(new Date(res.data.now).getTime() - target)).toBeLessThan(5_000)
    const first = now().getTime()
    expect(Math.abs(first - target)).toBeLessThan(5_000)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(now().getTime()).toBeGreaterThan(first)
  })

  it('advances by whole days (JSON) from the moved clock', async () => {
    setFlag('true')
    await callRoute(clockRoute.action, jsonRequest('/__test/clock', { set: '2026-06-15T02:00:00Z' }))
    const res = await callRoute(clockRoute.action, jsonRequest('/__test/clock', { advanceDays: 3 }))
    expect(res.status).toBe(200)
    const target = new Date('2026-06-18T02:00:00Z').getTime()
    expect(Math.abs(new Date(res.data.now).getTime() - target)).toBeLessThan(5_000)
    expect(Math.abs(now().getTime() - target)).toBeLessThan(5_000)
  })

  it('refuses bad input with 400 and leaves the clock alone', async () => {
    setFlag('true')
    await callRoute(clockRoute.action, jsonRequest('/__test/clock', { set: '2026-06-15T02:00:00Z' }))
    const target = new Date('2026-06-15T02:00:00Z').getTime()
    for (const body of [
      { set: 'next tuesday' },
      { set: '2026-06-15' },
      { advanceDays: 'many' },
      { advanceDays: 1.5 },
      { set: '2026-06-15T02:00:00Z', advanceDays: 1 },
      {},
    ]) {
      const res = await callRoute(clockRoute.action, jsonRequest('/__test/clock', body))
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.data.error).toMatch(/set=|advanceDays/)
    }
    const broken = new Request(new URL('/__test/clock', ORIGIN), {
      method: 'POST',
      body: '{not json',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN },
    })
    expect((await callRoute(clockRoute.action, broken)).status).toBe(400)
    expect(Math.abs(now().getTime() - target)).toBeLessThan(5_000)
  })

  it('runs the timed work once and answers its summary', async () => {
    setFlag('true')
    const res = await callRoute(tickRoute.action, formRequest('/__test/tick', {}))
    expect(res.status).toBe(200)
    expect(res.data.summary).toEqual({
      closed: expect.any(Number),
      selected: expect.any(Number),
      failed: expect.any(Number),
      awarded: expect.any(Number),
      lapsed: expect.any(Number),
      needsClosed: expect.any(Number),
    })
  })

  it('is refused at boot together with a database that is not local', () => {
    process.env.DATABASE_URL = 'postgresql://app:secret@db.example.com:5432/app'
    setFlag('true')
    expect(() => getEnv()).toThrow(/ENABLE_TEST_CONTROLS: .*never run in production.*db\.example\.com/)
    process.env.DATABASE_URL = 'postgresql://app:secret@127.0.0.1:5432/app'
    resetEnvCache()
    expect(getEnv().ENABLE_TEST_CONTROLS).toBe('true')
    process.env.DATABASE_URL = 'postgresql://app:secret@db.example.com:5432/app'
    setFlag('false')
    expect(getEnv().ENABLE_TEST_CONTROLS).toBe('false')
  })
})
