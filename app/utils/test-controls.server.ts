/**
 * The guarded test-only controls (SPEC §10): move the server's clock and run the timed work once.
 * Only when ENABLE_TEST_CONTROLS=true (validated in env.server.ts: refused with a non-local
 * database); otherwise the routes answer 404 exactly like an unknown URL.
 */
import { z } from 'zod'
import { now, offsetClock, setClock } from '~/domain/now'
import { getEnv } from '~/utils/env.server'
import { errorResponse } from '~/utils/handler.server'

const DAY_MS = 24 * 60 * 60 * 1000

export function testControlsEnabled(): boolean {
  return getEnv().ENABLE_TEST_CONTROLS === 'true'
}

/** Throws the same 404 as `app/routes/$.tsx` when the controls are off. */
export function requireTestControls(): void {
  if (!testControlsEnabled()) throw errorResponse(404, 'errors.notFound')
}

const ClockInput = z.union([
  z.object({ set: z.iso.datetime({ offset: true }) }).strict(),
  z.object({ advanceDays: z.coerce.number().int().min(-3650).max(3650) }).strict(),
])

export type ClockInput = z.infer<typeof ClockInput>

/** Reads `set=<ISO instant>` or `advanceDays=<n>` from JSON or a form; null when invalid. */
export async function readClockInput(request: Request): Promise<ClockInput | null> {
  let raw: unknown
  try {
    raw = (request.headers.get('content-type') ?? '').includes('application/json')
      ? await request.json()
      : Object.fromEntries(await request.formData())
  } catch {
    return null
  }
  const parsed = ClockInput.safeParse(raw)
  return parsed.success ? parsed.data : null
}

/** Moves the one clock (real time + offset, so time keeps flowing) and returns the new now. */
export function moveClock(input: ClockInput): Date {
  // Starts from the current now() (which may already be offset), so moves accumulate.
  const clock = offsetClock(now().getTime() - Date.now())
  if ('set' in input) clock.set(input.set)
  else clock.advance(input.advanceDays * DAY_MS)
  setClock(clock)
  return now()
}
