/**
 * Timed work — lapse unsigned contracts (issue 13 §1): `awarded` needs whose contract is not
 * signed by both parties and whose signing deadline (`signDueOn`, Asia/Shanghai) is before today
 * → `lapse_contract` → `terminated`, with the party at fault recorded on the contract and, when
 * the agency is at fault, a `contract_lapsed` conduct event for the credit ledger (issue 14).
 *
 * Each contract in its own transaction through `actOnContractAsSystem` (the need's lock, the
 * state machine re-decides under it): a second tick, or a signature that landed between the
 * listing and the lock, finds nothing to do and writes nothing.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contracts, needs } from '#db/schema'
import type { CalendarDate } from '~/domain/dates'
import { actOnContractAsSystem } from '../contracts/contract-actions.server'

/** Contracts of awarded needs not signed by both whose signing deadline is before `today`. */
export async function contractsToLapse(db: Db, today: CalendarDate): Promise<string[]> {
  const rows = await db
    .select({ id: contracts.id })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .where(
      and(
        eq(needs.state, 'awarded'),
        lt(contracts.signDueOn, today),
        or(isNull(contracts.ownerSignedAt), isNull(contracts.agencySignedAt)),
      ),
    )
  return rows.map((r) => r.id)
}

/** True when THIS call lapsed the contract. */
export async function lapseContract(db: Db, contractId: string): Promise<boolean> {
  return db.transaction(async (tx) => (await actOnContractAsSystem(tx, contractId, 'lapse_contract')) !== null)
}
