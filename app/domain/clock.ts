/**
 * The one source of "now". Every rule asks the clock instead of calling `new Date()`, so tests
 * (and, later, a guarded test-only control) can move time.
 */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(at)
  return {
    now: () => new Date(current),
    set: (next) => {
      current = new Date(next)
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms)
    },
  }
}

let active: Clock = systemClock

export function now(): Date {
  return active.now()
}

export function setClock(clock: Clock): void {
  active = clock
}

export function resetClock(): void {
  active = systemClock
}
