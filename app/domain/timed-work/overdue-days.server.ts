/**
 * Timed work — overdue days (SPEC §6): each working day the agency is past its budget C (+ the
 * owner's extensions) is one `conduct_events` row of kind `overdue_day` (the credit ledger of the
 * next issue turns them into points). For every contract in service — the need in_service,
 * paused, delivered or accepted, the agency segment started — the clock is computed from its
 * events and one row is inserted per date of `clock.overdueDays` (ON CONFLICT DO NOTHING on
 * contract + kind + day: idempotent under repeated and concurrent ticks). A row is never
 * deleted, also when a later extension means the clock no longer lists the day. An audit event
 * is written only when this call added rows.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { conductEvents, contracts, needs } from '#db/schema'
import { contractClock } from '~/domain/contracts/clock-events.server'
import { now } from '~/domain/now'
import type { NeedState } from '~/domain/needs/need-lifecycle'
import { lockNeed } from '~/domain/needs/need-access.server'
import { recordAudit, systemActor } from '~/utils/audit.server'

/** The needs' states in which the agency's clock exists (running, paused or stopped). */
export const serviceStates: readonly NeedState[] = ['in_service', 'paused', 'delivered', 'accepted']

/** Contracts whose agency segment has started and whose need is in service. */
export async function contractsInService(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: contracts.id })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .where(and(inArray(needs.state, [...serviceStates]), isNotNull(contracts.startedOn)))
  return rows.map((r) => r.id)
}

/** Records the contract's overdue days up to today; returns how many rows THIS call added. */
export async function recordOverdueDays(db: Db, contractId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const [first] = await tx.select({ needId: contracts.needId }).from(contracts).where(eq(contracts.id, contractId))
    if (!first) return 0
    // Under the need's lock: the events read are the ones the last action left.
    const need = await lockNeed(tx, first.needId)
    if (!serviceStates.includes(need.state)) return 0
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, contractId))
    const clock = await contractClock(tx, contract)
    if (!clock || clock.overdueDays.length === 0) return 0
    const createdAt = now()
    const details = { committedDays: clock.committedDays, agencyBudget: clock.agencyBudget }
    const added = await tx
      .insert(conductEvents)
      .values(
        clock.overdueDays.map((onDate) => ({
          agencyOrganisationId: contract.agencyOrganisationId,
          contractId: contract.id,
          kind: 'overdue_day' as const,
          onDate,
          details,
          createdAt,
        })),
      )
      .onConflictDoNothing({ target: [conductEvents.contractId, conductEvents.kind, conductEvents.onDate] })
      .returning({ onDate: conductEvents.onDate })
    if (added.length > 0)
      await recordAudit(tx, {
        actor: systemActor,
        action: 'need.overdue_days_recorded',
        entityType: 'need',
        entityId: need.id,
        payload: {
          contractId: contract.id,
          agencyOrganisationId: contract.agencyOrganisationId,
          days: added.map((r) => r.onDate).sort(),
          ...details,
          agencyUsed: clock.agency.used,
        },
      })
    return added.length
  })
}

/** The step: every contract in service, each in its own transaction (an error is logged, the contract retried next tick). */
export async function recordAllOverdueDays(db: Db): Promise<number> {
  let added = 0
  for (const id of await contractsInService(db)) {
    try {
      added += await recordOverdueDays(db, id)
    } catch (error) {
      console.error(`tick: overdue days failed for contract ${id}`, error)
    }
  }
  return added
}
