/**
 * Timed work on needs (SPEC §4–5), run by the system actor: one file per step, run in order by
 * `tick`. Idempotent and safe to run from many instances at once.
 *
 * - Each step lists its candidate need ids, then handles each need in its own transaction (one
 *   bad need never blocks the others — its error is logged and the need skipped, retried by the
 *   next tick). The transaction takes the need's lock (`lockNeed`), re-checks what the listing
 *   saw, reads the facts under the lock, asks `decideNeed` (the state machine) and hands an
 *   allowed decision to `applyNeedDecision` (need-effects.server.ts) — the move, the follow-ups,
 *   the notifications and the audit event, in that transaction.
 * - close-window.server.ts: `open` → `evaluating` once the registration window is over.
 * - select.server.ts: automatic selection (random, lowest price, comprehensive) of `evaluating`
 *   needs, the redo of round r + 1 included (redo-round.server.ts, docs/draw.md §6).
 * - end-publicity.server.ts: `publicity` → `awarded` (exactly once), or the winner without its
 *   cost justification is disqualified and round r + 1 starts.
 * - lapse-contracts.server.ts: `awarded` → `terminated` for a contract not signed by both by its
 *   signing deadline (the party at fault recorded).
 * - close-needs.server.ts: `accepted` → `closed` once the approval decision is recorded and the
 *   owner has rated or its rating window is over (the owner's rating and the decision close at once
 *   themselves; this step closes the needs the owner never rated).
 * - overdue-days.server.ts: one `overdue_day` conduct event per working day an agency is past C
 *   (idempotent), for every contract in service. Not counted in `TickSummary`.
 * - app/domain/credit/ledger.server.ts `carryToLedger`: the conduct events and the objections upheld
 *   at the winner's fault not yet in the credit ledger (idempotent; also the catch-up for rows
 *   written before the ledger existed). Not counted.
 * - acceptance-reminders.server.ts: a delivery the owner leaves unanswered too long — reminders
 *   to the owner (at most one a working day), then the supervising regulators (once). Not counted.
 * - blacklist expiry (app/domain/blacklist/blacklist.server.ts `expireDueEntries`): entries in
 *   force past their last day become `expired`, each exactly once (a conditional update). Not counted.
 * - deliver-outbox.server.ts: the outbox's due calls to the outside world, each outside any
 *   transaction (docs/decisions/009-outbox.md). Not counted in `TickSummary` (it answers for needs);
 *   a failure of the step is logged and retried by the next tick.
 * - app/domain/transparency/sequencer.server.ts `runSequencer`: last, the audit events written so far
 *   become leaves of the transparency log and a tree head is signed. Not counted.
 */
import type { Db } from '#db/client.server'
import { now } from '~/domain/now'
import type { MarketplaceConfig } from '~/domain/config'
import { shanghaiDate } from '~/domain/dates'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { expireDueEntries } from '~/domain/blacklist/blacklist.server'
import { sendAcceptanceReminders } from './acceptance-reminders.server'
import { closeNeed, contractsToClose } from './close-needs.server'
import { closeWindow, windowsToClose } from './close-window.server'
import { deliverOutbox } from './deliver-outbox.server'
import { endPublicity, publicitiesEnded } from './end-publicity.server'
import { contractsToLapse, lapseContract } from './lapse-contracts.server'
import { recordAllOverdueDays } from './overdue-days.server'
import { carryToLedger } from '~/domain/credit/ledger.server'
import { needsToSelect, selectNeed } from './select.server'
import { runSequencer } from '~/domain/transparency/sequencer.server'

export interface TickSummary {
  closed: number
  selected: number
  failed: number
  awarded: number
  /** Contracts that lapsed unsigned. */
  lapsed: number
  /** Accepted needs closed (approval decided, owner rated or its window over). */
  needsClosed: number
}

/** Runs all timed work once; returns what THIS call did. Without `config`: the admin's current one. */
export async function tick(db: Db, given?: MarketplaceConfig): Promise<TickSummary> {
  const config = given ?? (await getMarketplaceConfig(db))
  const summary: TickSummary = { closed: 0, selected: 0, failed: 0, awarded: 0, lapsed: 0, needsClosed: 0 }
  const today = shanghaiDate(now())

  for (const id of await windowsToClose(db, today)) {
    if (await guarded(id, 'close', () => closeWindow(db, id))) summary.closed += 1
  }
  for (const id of await needsToSelect(db)) {
    const outcome = await guarded(id, 'select', () => selectNeed(db, id, config))
    if (outcome === 'selected') summary.selected += 1
    if (outcome === 'failed') summary.failed += 1
  }
  for (const id of await publicitiesEnded(db, today)) {
    if (await guarded(id, 'award', () => endPublicity(db, id))) summary.awarded += 1
  }
  for (const id of await contractsToLapse(db, today)) {
    if (await guarded(id, 'lapse', () => lapseContract(db, id))) summary.lapsed += 1
  }
  for (const id of await contractsToClose(db, today)) {
    if (await guarded(id, 'close need', () => closeNeed(db, id))) summary.needsClosed += 1
  }
  // Each step on its own: one that fails is logged and retried by the next tick, the rest still run.
  for (const [step, work] of [
    ['overdue days', () => recordAllOverdueDays(db)],
    ['credit ledger', () => carryToLedger(db)],
    ['acceptance reminders', () => sendAcceptanceReminders(db, today)],
    ['blacklist expiry', () => expireDueEntries(db, today)],
  ] as const) {
    try {
      await work()
    } catch (error) {
      console.error(`tick: ${step} failed`, error)
    }
  }
  try {
    await deliverOutbox(db)
  } catch (error) {
    console.error('tick: outbox delivery failed', error)
  }
  // Last: the events this tick wrote become leaves of the transparency log, and a head is signed
  // (the server also runs the sequencer on its own short loop; instances take turns).
  try {
    await runSequencer(db)
  } catch (error) {
    console.error('tick: transparency log sequencing failed', error)
  }
  return summary
}

/** One need's work; an error is logged and the need skipped (retried by the next tick). */
async function guarded<T>(needId: string, step: string, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work()
  } catch (error) {
    console.error(`tick: ${step} failed for need ${needId}`, error)
    return null
  }
}
