/**
 * Login throttling (SPEC §10): keyed on the real client address, so it can be neither bypassed by
 * sending other headers nor used to lock a user out. Three rules, after OWASP's authentication and
 * credential-stuffing guidance; a try is refused when any rule that applies to it refuses it:
 *
 * 1. **Per address** — too many failures from one address, whatever accounts they were for, throttle
 *    that address: stops guessing one account with rotating headers and spraying one password over
 *    many accounts.
 * 2. **Per account and address** — 5 failures for one account from one address within 15 minutes
 *    (counting only failures after the last success there) lock that pair, even with the right
 *    password, until the oldest counted failure leaves the window.
 * 3. **Per account** — once an account has collected `freeFailures` failures from anywhere within
 *    the window, each further try waits a doubling delay after the account's latest failure, capped:
 *    a distributed attack from many addresses is slowed to a trickle.
 *
 * An address from which the account has logged in successfully within `knownAddressDays` is
 * exempt from rules 1 and 3 for that account (rule 2 still applies): an attacker elsewhere — or a
 * colleague behind the same office NAT — cannot lock the user out from the user's own address.
 * The address `unknown` (no server entry told us the address) is never known.
 *
 * Refused tries are not recorded, so hammering a throttled account or address does not extend its
 * lock. The decision is a pure function of the recorded attempts; accounts.server reads them.
 */
export const LOGIN_THROTTLE = {
  /** Rule 1: failures from one address across all accounts. */
  perAddress: { maxFailures: 20, windowMinutes: 60 },
  /** Rule 2: failures for one account from one address, reset by a success there. */
  perAccountAddress: { maxFailures: 5, windowMinutes: 15 },
  /** Rule 3: failures for one account from all addresses, then 1, 2, 4 … up to 60 minutes between tries. */
  perAccount: { freeFailures: 10, windowMinutes: 24 * 60, firstDelayMinutes: 1, maxDelayMinutes: 60 },
  /** A success from an address this recently makes it a known address for the account. */
  knownAddressDays: 90,
} as const

export type LoginThrottlePolicy = typeof LOGIN_THROTTLE

/** What `clientAddressOf` answers when the server entry supplied no address. */
export const UNKNOWN_ADDRESS = 'unknown'

export interface LoginAttempt {
  email: string
  address: string
  at: Date
  succeeded: boolean
}

export type ThrottleRule = 'address' | 'accountAddress' | 'account'

export type ThrottleDecision =
  | { allowed: true; knownAddress: boolean }
  | { allowed: false; knownAddress: boolean; retryAt: Date; rules: ThrottleRule[] }

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** How far back `throttleDecision` looks, per kind of history; the database read uses these. */
export function historyStarts(now: Date, policy: LoginThrottlePolicy = LOGIN_THROTTLE) {
  const t = now.getTime()
  return {
    address: new Date(t - policy.perAddress.windowMinutes * MINUTE),
    account: new Date(t - Math.max(policy.perAccount.windowMinutes, policy.perAccountAddress.windowMinutes) * MINUTE),
    knownAddress: new Date(t - policy.knownAddressDays * DAY),
  }
}

const byTime = (a: LoginAttempt, b: LoginAttempt) => a.at.getTime() - b.at.getTime()

/**
 * Whether a login try for `email` from `address` may go ahead now, given the recorded attempts
 * (any superset of: this address's attempts in the per-address window, this account's attempts in
 * the per-account window, and this account's latest success from this address). When refused,
 * `retryAt` is when every refusing rule will have let go, if nothing else happens meanwhile.
 */
export function throttleDecision(
  attempt: { email: string; address: string },
  history: readonly LoginAttempt[],
  now: Date,
  policy: LoginThrottlePolicy = LOGIN_THROTTLE,
): ThrottleDecision {
  const t = now.getTime()
  const past = history.filter((a) => a.at.getTime() <= t).sort(byTime)
  const knownSince = t - policy.knownAddressDays * DAY
  const knownAddress =
    attempt.address !== UNKNOWN_ADDRESS &&
    past.some((a) => a.succeeded && a.email === attempt.email && a.address === attempt.address && a.at.getTime() > knownSince)

  const refusals: Array<{ rule: ThrottleRule; retryAt: number }> = []

  // Rule 1: failures from this address, any account, within the window.
  if (!knownAddress) {
    const windowMs = policy.perAddress.windowMinutes * MINUTE
    const failures = past.filter((a) => !a.succeeded && a.address === attempt.address && a.at.getTime() > t - windowMs)
    const max = policy.perAddress.maxFailures
    if (failures.length >= max) refusals.push({ rule: 'address', retryAt: failures[failures.length - max].at.getTime() + windowMs })
  }

  // Rule 2: this account from this address, failures since the last success there, within the window.
  {
    const windowMs = policy.perAccountAddress.windowMinutes * MINUTE
    let failures: LoginAttempt[] = []
    for (const a of past) {
      if (a.email !== attempt.email || a.address !== attempt.address || a.at.getTime() <= t - windowMs) continue
      failures = a.succeeded ? [] : [...failures, a]
    }
    const max = policy.perAccountAddress.maxFailures
    if (failures.length >= max) refusals.push({ rule: 'accountAddress', retryAt: failures[failures.length - max].at.getTime() + windowMs })
  }

  // Rule 3: this account from anywhere; past the free failures, a doubling delay after the latest one.
  if (!knownAddress) {
    const { freeFailures, windowMinutes, firstDelayMinutes, maxDelayMinutes } = policy.perAccount
    const failures = past.filter((a) => !a.succeeded && a.email === attempt.email && a.at.getTime() > t - windowMinutes * MINUTE)
    if (failures.length >= freeFailures) {
      const doublings = Math.min(failures.length - freeFailures, 30)
      const delayMs = Math.min(firstDelayMinutes * 2 ** doublings, maxDelayMinutes) * MINUTE
      const retryAt = failures[failures.length - 1].at.getTime() + delayMs
      if (t < retryAt) refusals.push({ rule: 'account', retryAt })
    }
  }

  if (refusals.length === 0) return { allowed: true, knownAddress }
  return {
    allowed: false,
    knownAddress,
    retryAt: new Date(Math.max(...refusals.map((r) => r.retryAt))),
    rules: refusals.map((r) => r.rule),
  }
}
