import { describe, expect, it } from 'vitest'
import { LOGIN_THROTTLE, throttleDecision, UNKNOWN_ADDRESS, type LoginAttempt } from '~/domain/accounts/login-throttle'
import { clientAddressOf } from '~/utils/load-context'

const t0 = Date.parse('2026-05-06T01:00:00Z')
const at = (minutes: number) => new Date(t0 + minutes * 60_000)
const DAY = 24 * 60

const VICTIM = 'victim@example.test'
const HOME = '198.51.100.10'
const ATTACKER = '203.0.113.66'

/** A recorded attempt; defaults: the victim's account, from the attacker's address, failed. */
const a = (minute: number, over: Partial<Omit<LoginAttempt, 'at'>> = {}): LoginAttempt => ({
  email: VICTIM,
  address: ATTACKER,
  succeeded: false,
  ...over,
  at: at(minute),
})
const fail = (m: number, over: Partial<Omit<LoginAttempt, 'at' | 'succeeded'>> = {}) => a(m, over)
const ok = (m: number, over: Partial<Omit<LoginAttempt, 'at' | 'succeeded'>> = {}) => a(m, { ...over, succeeded: true })
const range = (n: number, f: (i: number) => LoginAttempt) => Array.from({ length: n }, (_, i) => f(i))

interface Case {
  name: string
  /** Who tries; defaults to the victim's account from the attacker's address. */
  try?: { email?: string; address?: string }
  history: LoginAttempt[]
  now: number
  expected: { allowed: true; knownAddress?: boolean } | { allowed: false; retryAt: number; rules: string[]; knownAddress?: boolean }
}

const cases: Case[] = [
  // Rule 2: one account from one address (unchanged from before).
  { name: 'four failures for the pair are allowed a fifth try', history: range(4, (i) => fail(i)), now: 4, expected: { allowed: true } },
  {
    name: 'five failures for the pair lock it for 15 minutes from the first',
    history: range(5, (i) => fail(i)),
    now: 5,
    expected: { allowed: false, retryAt: 15, rules: ['accountAddress'] },
  },
  { name: 'pair failures older than 15 minutes are forgotten', history: range(5, (i) => fail(i)), now: 15, expected: { allowed: true } },
  { name: 'just inside the window still locked', history: range(5, (i) => fail(i)), now: 14.99, expected: { allowed: false, retryAt: 15, rules: ['accountAddress'] } },
  {
    name: 'a success from the pair resets its count',
    history: [fail(0), fail(1), fail(2), ok(3), fail(4), fail(5)],
    now: 6,
    expected: { allowed: true, knownAddress: true },
  },
  {
    name: 'with more than five failures the pair lock lasts until enough have aged out',
    history: [fail(0), fail(1), fail(2), fail(3), fail(4), fail(10)],
    now: 11,
    expected: { allowed: false, retryAt: 16, rules: ['accountAddress'] },
  },
  {
    name: 'the order of the history does not matter',
    history: [fail(4), fail(2), fail(0), fail(3), fail(1)],
    now: 5,
    expected: { allowed: false, retryAt: 15, rules: ['accountAddress'] },
  },
  {
    name: 'another address is not locked by the pair rule',
    try: { address: HOME },
    history: range(5, (i) => fail(i)),
    now: 5,
    expected: { allowed: true },
  },
  {
    name: 'the pair rule also binds a known address (the user typing wrong five times)',
    try: { address: HOME },
    history: [ok(-60, { address: HOME }), ...range(5, (i) => fail(i, { address: HOME }))],
    now: 5,
    expected: { allowed: false, retryAt: 15, rules: ['accountAddress'], knownAddress: true },
  },
  {
    name: 'attempts in the future of now are ignored',
    history: range(5, (i) => fail(10 + i)),
    now: 5,
    expected: { allowed: true },
  },

  // Rule 1: one address across all accounts.
  {
    name: 'spraying 19 accounts from one address is allowed a 20th',
    try: { email: 'next@example.test' },
    history: range(19, (i) => fail(i, { email: `user${i}@example.test` })),
    now: 20,
    expected: { allowed: true },
  },
  {
    name: 'spraying 20 accounts from one address throttles the address for any other account',
    try: { email: 'next@example.test' },
    history: range(20, (i) => fail(i, { email: `user${i}@example.test` })),
    now: 20,
    expected: { allowed: false, retryAt: 60, rules: ['address'] },
  },
  {
    name: 'address failures older than the hour are forgotten',
    try: { email: 'next@example.test' },
    history: range(20, (i) => fail(i, { email: `user${i}@example.test` })),
    now: 60,
    expected: { allowed: true },
  },
  {
    name: 'successes from the address do not reset the address count',
    try: { email: 'next@example.test' },
    history: [...range(20, (i) => fail(i, { email: `user${i}@example.test` })), ok(20, { email: 'mine@example.test' })],
    now: 21,
    expected: { allowed: false, retryAt: 60, rules: ['address'] },
  },
  {
    name: 'an account known at a sprayed address is exempt from the address rule',
    try: { email: 'colleague@example.test' },
    history: [ok(-DAY, { email: 'colleague@example.test' }), ...range(20, (i) => fail(i, { email: `user${i}@example.test` }))],
    now: 20,
    expected: { allowed: true, knownAddress: true },
  },
  {
    name: 'another address is not throttled by the sprayer',
    try: { email: 'next@example.test', address: HOME },
    history: range(20, (i) => fail(i, { email: `user${i}@example.test` })),
    now: 20,
    expected: { allowed: true },
  },

  // Rule 3: one account across all addresses.
  {
    name: 'nine failures from nine addresses leave the account free',
    try: { address: '192.0.2.200' },
    history: range(9, (i) => fail(i, { address: `192.0.2.${i}` })),
    now: 9,
    expected: { allowed: true },
  },
  {
    name: 'after ten failures from ten addresses a new address waits 1 minute after the latest',
    try: { address: '192.0.2.200' },
    history: range(10, (i) => fail(i, { address: `192.0.2.${i}` })),
    now: 9.5,
    expected: { allowed: false, retryAt: 10, rules: ['account'] },
  },
  {
    name: 'the delay has passed',
    try: { address: '192.0.2.200' },
    history: range(10, (i) => fail(i, { address: `192.0.2.${i}` })),
    now: 10,
    expected: { allowed: true },
  },
  {
    name: 'the eleventh failure doubles the delay to 2 minutes',
    try: { address: '192.0.2.200' },
    history: range(11, (i) => fail(i, { address: `192.0.2.${i}` })),
    now: 11,
    expected: { allowed: false, retryAt: 12, rules: ['account'] },
  },
  {
    name: 'the delay doubles up to the 60-minute cap',
    try: { address: '192.0.2.200' },
    history: range(20, (i) => fail(i, { address: `192.0.2.${i}` })),
    now: 20,
    expected: { allowed: false, retryAt: 19 + 60, rules: ['account'] },
  },
  {
    name: 'the known address is exempt from the account backoff',
    try: { address: HOME },
    history: [ok(-30 * DAY, { address: HOME }), ...range(20, (i) => fail(i, { address: `192.0.2.${i}` }))],
    now: 20,
    expected: { allowed: true, knownAddress: true },
  },
  {
    name: 'a success from that address more than 90 days ago does not make it known',
    try: { address: HOME },
    history: [ok(-91 * DAY, { address: HOME }), ...range(20, (i) => fail(i, { address: `192.0.2.${i}` }))],
    now: 20,
    expected: { allowed: false, retryAt: 79, rules: ['account'] },
  },
  {
    name: 'a success from another account at that address does not make it known for this one',
    try: { address: HOME },
    history: [ok(-DAY, { address: HOME, email: 'other@example.test' }), ...range(10, (i) => fail(i, { address: `192.0.2.${i}` }))],
    now: 9.5,
    expected: { allowed: false, retryAt: 10, rules: ['account'] },
  },
  {
    name: 'the address "unknown" is never a known address',
    try: { address: UNKNOWN_ADDRESS },
    history: [ok(-DAY, { address: UNKNOWN_ADDRESS }), ...range(10, (i) => fail(i, { address: `192.0.2.${i}` }))],
    now: 9.5,
    expected: { allowed: false, retryAt: 10, rules: ['account'] },
  },
  {
    name: 'account failures older than a day are forgotten',
    try: { address: '192.0.2.200' },
    history: range(20, (i) => fail(i, { address: `192.0.2.${i}` })),
    now: 1 + DAY + 10,
    expected: { allowed: true },
  },
  {
    name: 'the real user signing in does not reset the account backoff for other addresses',
    try: { address: '192.0.2.200' },
    history: [...range(10, (i) => fail(i, { address: `192.0.2.${i}` })), ok(9.2, { address: HOME })],
    now: 9.5,
    expected: { allowed: false, retryAt: 10, rules: ['account'] },
  },

  // Several rules at once: the try waits for the last of them.
  {
    name: 'pair and account rules together: retry when both let go',
    history: [...range(10, (i) => fail(i, { address: `192.0.2.${i}` })), ...range(5, (i) => fail(10 + i))],
    now: 14.5,
    expected: { allowed: false, retryAt: 14 + 32, rules: ['accountAddress', 'account'] },
  },
]

describe('throttleDecision', () => {
  it.each(cases)('$name', ({ try: who, history, now, expected }) => {
    const decision = throttleDecision({ email: VICTIM, address: ATTACKER, ...who }, history, at(now))
    if (expected.allowed) {
      expect(decision).toEqual({ allowed: true, knownAddress: expected.knownAddress ?? false })
    } else {
      expect(decision).toEqual({
        allowed: false,
        knownAddress: expected.knownAddress ?? false,
        retryAt: at(expected.retryAt),
        rules: expected.rules,
      })
    }
  })

  it('a refused try is allowed at its retryAt when nothing else happens', () => {
    for (const c of cases.filter((x) => !x.expected.allowed)) {
      const who = { email: VICTIM, address: ATTACKER, ...c.try }
      const refused = throttleDecision(who, c.history, at(c.now))
      if (refused.allowed) throw new Error(c.name)
      expect(throttleDecision(who, c.history, refused.retryAt).allowed, c.name).toBe(true)
    }
  })

  it('the numbers are the documented policy', () => {
    expect(LOGIN_THROTTLE).toEqual({
      perAddress: { maxFailures: 20, windowMinutes: 60 },
      perAccountAddress: { maxFailures: 5, windowMinutes: 15 },
      perAccount: { freeFailures: 10, windowMinutes: 1440, firstDelayMinutes: 1, maxDelayMinutes: 60 },
      knownAddressDays: 90,
    })
  })

  it('"unknown" is what the load context gives when no server entry supplied an address', () => {
    expect(clientAddressOf({})).toBe(UNKNOWN_ADDRESS)
    expect(clientAddressOf(undefined)).toBe(UNKNOWN_ADDRESS)
  })
})
