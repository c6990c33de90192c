/**
 * Login throttling: after MAX_FAILURES failed logins for one account from one address within
 * WINDOW_MINUTES (counting only failures after the last success), further tries are refused —
 * even with the right password — until the oldest counted failure leaves the window.
 */
export const LOGIN_THROTTLE = { maxFailures: 5, windowMinutes: 15 } as const

export interface LoginAttempt {
  at: Date
  succeeded: boolean
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAt: Date }

export function throttleDecision(
  attempts: readonly LoginAttempt[],
  now: Date,
  limits: { maxFailures: number; windowMinutes: number } = LOGIN_THROTTLE,
): ThrottleDecision {
  const windowMs = limits.windowMinutes * 60_000
  const windowStart = now.getTime() - windowMs
  const sorted = [...attempts].filter((a) => a.at.getTime() > windowStart).sort((a, b) => a.at.getTime() - b.at.getTime())
  let failures: Date[] = []
  for (const attempt of sorted) {
    if (attempt.succeeded) failures = []
    else failures.push(attempt.at)
  }
  if (failures.length < limits.maxFailures) return { allowed: true }
  // Allowed again once enough failures have aged out of the window.
  const unlocking = failures[failures.length - limits.maxFailures]
  return { allowed: false, retryAt: new Date(unlocking.getTime() + windowMs) }
}
