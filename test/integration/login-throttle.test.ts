/**
 * Login throttling through the login action, as the server entry calls it: the client address
 * comes from the load context (the socket, or the trusted proxy chain), never from a header. Before
 * the fix the action keyed on the first X-Forwarded-For value, which any client chooses.
 */
import { and, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { loginAttempts } from '#db/schema'
import { createAccount, TEST_PASSWORD } from '#db/seed/factories'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import * as loginRoute from '~/routes/_auth+/login'
import { callRoute, formRequest } from '#test/support/routes'

const ATTACKER = '203.0.113.66'
const HOME = '198.51.100.10'

let clock: ReturnType<typeof fixedClock>
beforeEach(() => {
  clock = fixedClock('2026-03-02T02:00:00Z')
  setClock(clock)
})
afterEach(() => resetClock())

/** One login post from `address` (the load context), with whatever headers the client sends. */
function login(email: string, password: string, address: string, headers: Record<string, string> = {}) {
  return callRoute(loginRoute.action, formRequest('/login', { email, password }, { headers }), {}, { clientAddress: address })
}

async function failuresFor(email: string) {
  const rows = await (await getDb()).select().from(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, false)))
  return rows.length
}

describe('login throttling keyed on the real client address', () => {
  it('60 guesses from one address with a rotating X-Forwarded-For are throttled after 5', async () => {
    const { user } = await createAccount(await getDb(), 'owner')
    const statuses: number[] = []
    for (let i = 0; i < 60; i++) {
      const r = await login(user.email, `guess-${i}`, ATTACKER, { 'X-Forwarded-For': `10.${i}.0.1`, 'X-Real-IP': `10.${i}.0.2` })
      statuses.push(r.status)
      if (r.status === 429) {
        expect(r.data.formError.messageKey).toBe('auth.throttled')
        expect(r.data.formError.params.minutes).toBeGreaterThan(0)
      }
      clock.advance(1000)
    }
    expect(statuses.slice(0, 5)).toEqual([422, 422, 422, 422, 422])
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true)
    expect(await failuresFor(user.email)).toBe(5)
  })

  it('a flood of bad posts for the victim, sent with the victim’s address in X-Forwarded-For, does not lock the victim out', async () => {
    const { user } = await createAccount(await getDb(), 'owner')
    // The attacker puts the victim's address first in the header; its real address is ATTACKER.
    for (let i = 0; i < 8; i++) {
      const r = await login(user.email, `guess-${i}`, ATTACKER, { 'X-Forwarded-For': `${HOME}, ${ATTACKER}` })
      expect(r.status).toBe(i < 5 ? 422 : 429)
      clock.advance(1000)
    }
    const victim = await login(user.email, TEST_PASSWORD, HOME, { 'X-Forwarded-For': HOME })
    expect(victim.status).toBe(302)
    expect(victim.headers.get('Set-Cookie')).toMatch(/__session=/)
  })

  it('the account-wide backoff slows a distributed attack, while the user’s known address still gets in', async () => {
    const db = await getDb()
    const { user } = await createAccount(db, 'owner')
    // The user has signed in from home before: that makes HOME a known address for the account.
    expect((await login(user.email, TEST_PASSWORD, HOME)).status).toBe(302)
    clock.advance(24 * 3600_000)

    const bot = (i: number) => `192.0.2.${i}`
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      statuses.push((await login(user.email, `guess-${i}`, bot(i), { 'X-Forwarded-For': bot(i) })).status)
      clock.advance(1000)
    }
    // Ten free failures, then every new address waits (1 minute after the 10th failure).
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(422))
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true)
    expect(await failuresFor(user.email)).toBe(10)

    // The wait doubles with each further failure.
    clock.advance(60_000)
    expect((await login(user.email, 'guess-a', bot(100))).status).toBe(422)
    const waiting = await login(user.email, 'guess-b', bot(101))
    expect(waiting.status).toBe(429)
    expect(waiting.data.formError.params.minutes).toBe(2)
    clock.advance(2 * 60_000)
    expect((await login(user.email, 'guess-c', bot(102))).status).toBe(422)
    expect((await login(user.email, 'guess-d', bot(103))).data.formError.params.minutes).toBe(4)

    // The real user at home is not held back by any of it.
    const home = await login(user.email, TEST_PASSWORD, HOME)
    expect(home.status).toBe(302)
    // Signing in does not reset the backoff for the attacker's addresses.
    const after = await login(user.email, 'guess-e', bot(104))
    expect(after.status).toBe(429)
    // A new address (say, the user's phone) waits like everyone else while the attack lasts.
    expect((await login(user.email, TEST_PASSWORD, '198.51.100.77')).status).toBe(429)
    expect(await failuresFor(user.email)).toBe(12)
  })

  it('one address spraying many accounts is throttled after 20 failures, whatever headers it sends; an account known there is not', async () => {
    const db = await getDb()
    const target = await createAccount(db, 'owner')
    const colleague = await createAccount(db, 'agency')
    // A colleague behind the same address signed in from it last week.
    expect((await login(colleague.user.email, TEST_PASSWORD, ATTACKER)).status).toBe(302)
    clock.advance(7 * 24 * 3600_000)

    for (let i = 0; i < 20; i++) {
      const r = await login(`sprayed-${i}@example.test`, 'Spring2026!', ATTACKER, { 'X-Forwarded-For': `10.0.${i}.1` })
      expect(r.status).toBe(422)
      clock.advance(1000)
    }
    // The 21st try is refused without checking the password, even for a real account with the right one.
    const blocked = await login(target.user.email, TEST_PASSWORD, ATTACKER, { 'X-Forwarded-For': '10.9.9.9' })
    expect(blocked.status).toBe(429)
    expect(blocked.data.formError.params.minutes).toBe(60)
    expect((await login('sprayed-99@example.test', 'Spring2026!', ATTACKER, { 'X-Forwarded-For': '10.9.9.8' })).status).toBe(429)
    // The same accounts from another address are unaffected, and the colleague still gets in here.
    expect((await login(target.user.email, TEST_PASSWORD, HOME)).status).toBe(302)
    expect((await login(colleague.user.email, TEST_PASSWORD, ATTACKER)).status).toBe(302)
    // After the hour the address may try again.
    clock.advance(60 * 60_000)
    expect((await login('sprayed-100@example.test', 'Spring2026!', ATTACKER)).status).toBe(422)
  })

  it('a burst of parallel guesses cannot slip past the limit while passwords are being checked', async () => {
    const { user } = await createAccount(await getDb(), 'owner')
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => login(user.email, `guess-${i}`, ATTACKER)))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 422)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    expect(await failuresFor(user.email)).toBe(5)
  })
})
