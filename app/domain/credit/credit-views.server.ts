/**
 * The public credit reads (issue 14 §2): an agency's ledger with its stored score and tier, and
 * the scores of a page of agencies (the directory's badges). Scores are read from `agency_credit`
 * (maintained with each ledger row); an agency without a row has no event yet: the base and its tier.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  agencyCredit,
  contracts,
  creditEvents,
  negativeBehaviours,
  organisations,
  recordedViolations,
  repairApplications,
} from '#db/schema'
import { isUuid, publicStatuses } from '~/domain/agencies/directory.server'
import { NotFound } from '~/domain/errors'
import { contractNumber } from '~/domain/contracts/contracts.server'
import { creditBase, type CreditEventKind, type CreditSource } from './credit'
import { standingOf } from './standings.server'

export interface LedgerEvent {
  id: number
  kind: CreditEventKind
  source: CreditSource
  points: number
  reason: string | null
  onDate: string
  needId: string | null
  contract: { id: string; number: string } | null
  /** A recorded violation's behaviour (from the admin's list, as named now). */
  behaviour: { code: string; nameZh: string; nameEn: string } | null
  /** A repaired event: the repair event that compensated it. */
  repairedBy: { id: number; onDate: string } | null
  /** A repair event: the event it compensated. */
  repairs: { id: number; kind: CreditEventKind; onDate: string } | null
}

/** An agency's public ledger, oldest first; 404 for anything not a once-approved agency. */
export async function agencyCreditLedger(db: Db, agencyId: string) {
  if (!isUuid(agencyId)) throw new NotFound()
  const [org] = await db
    .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .where(
      and(
        eq(organisations.id, agencyId),
        eq(organisations.kind, 'agency'),
        inArray(organisations.status, [...publicStatuses]),
      ),
    )
  if (!org) throw new NotFound()
  const [[stored], rows] = await Promise.all([
    db.select().from(agencyCredit).where(eq(agencyCredit.agencyOrganisationId, agencyId)),
    db
      .select({
        id: creditEvents.id,
        kind: creditEvents.kind,
        source: creditEvents.source,
        points: creditEvents.points,
        reason: creditEvents.reason,
        onDate: creditEvents.onDate,
        needId: creditEvents.needId,
        contractId: creditEvents.contractId,
        contractCreatedAt: contracts.createdAt,
        factKey: creditEvents.factKey,
      })
      .from(creditEvents)
      .leftJoin(contracts, eq(contracts.id, creditEvents.contractId))
      .where(eq(creditEvents.agencyOrganisationId, agencyId))
      .orderBy(asc(creditEvents.onDate), asc(creditEvents.id)),
  ])
  const [violations, granted] = await Promise.all([
    db
      .select({
        id: recordedViolations.id,
        code: negativeBehaviours.code,
        nameZh: negativeBehaviours.nameZh,
        nameEn: negativeBehaviours.nameEn,
      })
      .from(recordedViolations)
      .innerJoin(negativeBehaviours, eq(negativeBehaviours.id, recordedViolations.behaviourId))
      .where(eq(recordedViolations.agencyOrganisationId, agencyId)),
    db
      .select({ id: repairApplications.id, creditEventId: repairApplications.creditEventId })
      .from(repairApplications)
      .where(and(eq(repairApplications.agencyOrganisationId, agencyId), eq(repairApplications.status, 'granted'))),
  ])
  // The fact keys name the records: `violation:<id>` and `repair:<application id>` (the ledger's writers).
  const behaviourOf = new Map(violations.map(({ id, ...b }) => [`violation:${id}`, b]))
  const byFactKey = new Map(rows.map((r) => [r.factKey, r]))
  const byId = new Map(rows.map((r) => [r.id, r]))
  const repairedBy = new Map<number, { id: number; onDate: string }>()
  const repairs = new Map<number, { id: number; kind: CreditEventKind; onDate: string }>()
  for (const application of granted) {
    const repair = byFactKey.get(`repair:${application.id}`)
    const original = byId.get(application.creditEventId)
    if (!repair || !original) continue
    repairedBy.set(original.id, { id: repair.id, onDate: repair.onDate })
    repairs.set(repair.id, { id: original.id, kind: original.kind, onDate: original.onDate })
  }
  const standing = standingOf(stored)
  const events: LedgerEvent[] = rows.map(({ contractId, contractCreatedAt, factKey, ...e }) => ({
    ...e,
    contract:
      contractId && contractCreatedAt
        ? { id: contractId, number: contractNumber(contractId, contractCreatedAt) }
        : null,
    behaviour: behaviourOf.get(factKey) ?? null,
    repairedBy: repairedBy.get(e.id) ?? null,
    repairs: repairs.get(e.id) ?? null,
  }))
  return { agency: org, base: creditBase, score: standing.score, tier: standing.tier, events }
}

export type AgencyCreditLedger = Awaited<ReturnType<typeof agencyCreditLedger>>
