/**
 * Timed work, step 1 — close registration windows: `open` needs whose
 * `registrationDeadline(registrationClosesOn)` ≤ now() → `close_window` → `evaluating` (audit
 * `need.window_closed`; the bids unseal with the state, docs/sealed-bids.md).
 */
import { and, eq, lt } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { needs } from '#db/schema'
import { now } from '~/domain/now'
import type { CalendarDate } from '~/domain/dates'
import { systemActor } from '~/utils/audit.server'
import { liveBidderIds, lockNeed } from '../needs/need-access.server'
import { needFactsOf, systemNeedActor } from '../needs/need-decision'
import { applyNeedDecision } from '../needs/need-effects.server'
import { decideNeed } from '../needs/need-lifecycle'
import { registrationDeadline } from '../needs/publish-rules'

/** Open needs whose window is over: today (Shanghai) is after the closing date. */
export async function windowsToClose(db: Db, today: CalendarDate): Promise<string[]> {
  const rows = await db
    .select({ id: needs.id })
    .from(needs)
    .where(and(eq(needs.state, 'open'), lt(needs.registrationClosesOn, today)))
  return rows.map((r) => r.id)
}

export async function closeWindow(db: Db, needId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const need = await lockNeed(tx, needId)
    if (need.state !== 'open') return false
    if (registrationDeadline(need.registrationClosesOn).getTime() > now().getTime()) return false
    const facts = needFactsOf(systemNeedActor, need, await liveBidderIds(tx, need.id))
    const decision = decideNeed('close_window', facts)
    if (!decision.ok) return false
    await applyNeedDecision(tx, { need, facts, actor: systemActor, audit: { closesOn: need.registrationClosesOn } }, decision)
    return true
  })
}
