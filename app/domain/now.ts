/**
 * The one source of "now". Every rule asks the clock instead of calling `new Date()`, so tests
 * (and the guarded test-only control, `app/utils/test-controls.server.ts`) can move time.
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

/**
 * Real time plus an offset that can be moved: time keeps flowing after a jump. Used by the guarded
 * test-only control (`ENABLE_TEST_CONTROLS`), never in production.
 */
export function offsetClock(offsetMs = 0): Clock & { set(at: Date | string): void; advance(ms: number): void; offset(): number } {
  let offset = offsetMs
  return {
    now: () => new Date(Date.now() + offset),
    set: (at) => {
      offset = new Date(at).getTime() - Date.now()
    },
    advance: (ms) => {
      offset += ms
    },
    offset: () => offset,
  }
}

let active: Clock = systemClock

export function now(): Date {
  return active.now()
}

/** The clock in use (to put it back after moving time for a while, as the demo seed does). */
export function activeClock(): Clock {
  return active
}

export function setClock(clock: Clock): void {
  active = clock
}

export function resetClock(): void {
  active = systemClock
}
