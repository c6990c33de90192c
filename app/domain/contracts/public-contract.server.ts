/**
 * The public summary of a need's contract (issue 13 §7), on the need's public page: the
 * parties with their credit codes, the price, the signing deadline and dates, whether both have
 * signed, the SHA-256 of the canonical text (docs/contracts.md says how to check it), the start
 * of the service, the bundled clock, and for each delivered report only its version, date and
 * SHA-256 — never the report, its file or its name, never the contract text, never a pause's
 * reason (those are the parties' and the regulator's, on the contract page). Read-only; no
 * permission: everything here is public once the contract exists (after the award).
 */
import { creditStandings } from '~/domain/credit/standings.server'
import { asc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contractDeliveries, organisations } from '#db/schema'
import { contractClock, clockEventsOf } from './clock-events.server'
import { contractNumber, contractOfNeed } from './contracts.server'

export async function publicContract(db: Db, needId: string) {
  const c = await contractOfNeed(db, needId)
  if (!c) return null
  const party = async (id: string) => {
    const [o] = await db
      .select({ name: organisations.name, nameEn: organisations.nameEn, creditCode: organisations.creditCode })
      .from(organisations)
      .where(eq(organisations.id, id))
    return o
  }
  // The timeline's shape is public; why someone paused is not.
  const events = (await clockEventsOf(db, c.id)).map(({ reason: _reason, ...e }) => e)
  const deliveries = await db
    .select({
      version: contractDeliveries.version,
      deliveredOn: contractDeliveries.deliveredOn,
      sha256: contractDeliveries.sha256,
    })
    .from(contractDeliveries)
    .where(eq(contractDeliveries.contractId, c.id))
    .orderBy(asc(contractDeliveries.version))
  return {
    number: contractNumber(c.id, c.createdAt),
    owner: await party(c.ownerOrganisationId),
    agency: await party(c.agencyOrganisationId),
    /** The agency's current credit standing (tier badge). */
    agencyCredit: (await creditStandings(db, [c.agencyOrganisationId])).get(c.agencyOrganisationId) ?? null,
    priceFen: c.priceFen,
    committedDays: c.committedDays,
    signDueOn: c.signDueOn,
    ownerSignedAt: c.ownerSignedAt,
    agencySignedAt: c.agencySignedAt,
    signedByBoth: c.ownerSignedAt !== null && c.agencySignedAt !== null,
    sha256: c.textSha256,
    startedOn: c.startedOn,
    terminationKind: c.terminationKind,
    clock: await contractClock(db, c, events),
    deliveries,
  }
}

export type PublicContract = NonNullable<Awaited<ReturnType<typeof publicContract>>>
