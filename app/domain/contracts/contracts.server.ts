/**
 * The contract of an awarded need, as the database holds it: drafting it on award, reading it
 * with the facts the state machine needs, and the writes the need's decisions ask for (each
 * called from need-effects.server.ts, the one place a need decision is carried out — never on its
 * own). The clock's events and the payment calls have their own modules (clock-events.server.ts,
 * ../payments/payment-calls.server.ts).
 */
import { and, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  approvalItems,
  bids,
  contractDeliveries,
  contracts,
  contractTemplates,
  organisations,
  payoutAccounts,
  projects,
  serviceTypes,
} from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import type { ClockEvent, ClockEventType } from '~/domain/clock/bundled-clock'
import { shanghaiDate } from '~/domain/dates'
import { Conflict, NotFound } from '~/domain/errors'
import { now } from '~/domain/now'
import { contractDue } from '~/domain/needs/publish-rules'
import type { NeedFacts } from '~/domain/needs/need-lifecycle'
import { UUID, type NeedRow } from '~/domain/needs/need-access.server'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { clockEventsOf } from './clock-events.server'
import {
  canonicalContractText,
  defaultContractTemplate,
  fenToYuanText,
  sha256Hex,
  type ContractTemplate,
} from './contract-text'

type Tx = Db
export type ContractRow = typeof contracts.$inferSelect

/** The template a service type's contracts are drafted from: its own, or the built-in default (version 0). */
export async function templateFor(tx: Tx, serviceTypeId: string): Promise<ContractTemplate & { version: number }> {
  const [row] = await tx.select().from(contractTemplates).where(eq(contractTemplates.serviceTypeId, serviceTypeId))
  return row
    ? { bodyZh: row.bodyZh, bodyEn: row.bodyEn, version: row.version }
    : { ...defaultContractTemplate, version: 0 }
}

/** A short public number for the contract: the year of the award and the first 8 hex digits of its id. */
export const contractNumber = (id: string, createdAt: Date) =>
  `HT-${shanghaiDate(createdAt).slice(0, 4)}-${id.slice(0, 8).toUpperCase()}`

/**
 * Drafts the contract of `need` (locked by the caller) at the winning bid: the text from the
 * service type's template, its hash, the limits the clock counts against, and the signing
 * deadline (`contractSigningWorkingDays` after today). Once per need (the need id is unique).
 */
export async function draftContract(tx: Tx, need: NeedRow, bidId: string, priceFen: number): Promise<ContractRow> {
  const [bid] = await tx
    .select({ agencyId: bids.agencyOrganisationId, committedDays: bids.committedDays })
    .from(bids)
    .where(and(eq(bids.id, bidId), eq(bids.needId, need.id)))
  if (!bid) throw new NotFound()
  const [owner] = await tx.select().from(organisations).where(eq(organisations.id, need.ownerOrganisationId))
  const [agency] = await tx.select().from(organisations).where(eq(organisations.id, bid.agencyId))
  const [project] = await tx.select().from(projects).where(eq(projects.id, need.projectId))
  const [serviceType] = await tx.select().from(serviceTypes).where(eq(serviceTypes.id, need.serviceTypeId))
  const [item] = await tx.select().from(approvalItems).where(eq(approvalItems.id, need.approvalItemId))
  const [config, calendar] = await Promise.all([getMarketplaceConfig(tx), getCalendar(tx)])
  const at = now()
  const signDueOn = contractDue(shanghaiDate(at), config, calendar)
  const id = crypto.randomUUID()
  const template = await templateFor(tx, need.serviceTypeId)
  const canonicalText = canonicalContractText(template, {
    contractNo: contractNumber(id, at),
    ownerName: owner.name,
    ownerCreditCode: owner.creditCode,
    agencyName: agency.name,
    agencyCreditCode: agency.creditCode,
    projectName: project.name,
    projectCode: project.projectCode,
    needTitle: need.title,
    serviceType: `${serviceType.nameZh} / ${serviceType.nameEn}`,
    scope: need.scope,
    priceYuan: fenToYuanText(priceFen),
    priceFen: String(priceFen),
    committedDays: String(bid.committedDays),
    serviceDays: String(need.serviceDays),
    approvalItem: `${item.nameZh} / ${item.nameEn}`,
    statutoryDays: String(item.statutoryDays),
    processingDays: String(item.committedDays),
    signDueOn,
  })
  const [row] = await tx
    .insert(contracts)
    .values({
      id,
      needId: need.id,
      bidId,
      ownerOrganisationId: need.ownerOrganisationId,
      agencyOrganisationId: bid.agencyId,
      priceFen,
      committedDays: bid.committedDays,
      serviceDays: need.serviceDays,
      statutoryDays: item.statutoryDays,
      processingDays: item.committedDays,
      templateVersion: template.version,
      canonicalText,
      textSha256: sha256Hex(canonicalText),
      signDueOn,
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing({ target: contracts.needId })
    .returning()
  if (!row) throw new Conflict('needs.errors.wrongState', { state: 'awarded' })
  return row
}

/** The contract of a need, or null (before the award). */
export async function contractOfNeed(tx: Tx, needId: string): Promise<ContractRow | null> {
  const [row] = await tx.select().from(contracts).where(eq(contracts.needId, needId))
  return row ?? null
}

/** The contract by id; NotFound when the id is malformed (need-access's `UUID`) or unknown. */
export async function readContract(tx: Tx, contractId: string): Promise<ContractRow> {
  if (!UUID.test(contractId)) throw new NotFound()
  const [row] = await tx.select().from(contracts).where(eq(contracts.id, contractId))
  if (!row) throw new NotFound()
  return row
}

/** What the platform holds for the contract now (paid in, not yet paid out or refunded). */
export const heldNow = (c: Pick<ContractRow, 'heldFen' | 'releasedFen' | 'refundedFen'>) =>
  c.heldFen - c.releasedFen - c.refundedFen

/** What the state machine reads of a contract besides its row; read once per action or page (`readContractRecords`). */
export interface ContractRecords {
  /** The agency has a payout account (it may sign only then). */
  agencyPayoutReady: boolean
  /** The clock's events in the clock's order (date, then as recorded), as `clockEventsOf` reads them. */
  clockEvents: ClockEvent[]
}

/** The agency's payout account and the clock's events: the two reads behind `contractFacts`. */
export async function readContractRecords(tx: Tx, c: ContractRow): Promise<ContractRecords> {
  const [payout] = await tx
    .select({ id: payoutAccounts.stripeAccountId })
    .from(payoutAccounts)
    .where(eq(payoutAccounts.organisationId, c.agencyOrganisationId))
  return { agencyPayoutReady: Boolean(payout), clockEvents: await clockEventsOf(tx, c.id) }
}

const pauseEventTypes: readonly ClockEventType[] = ['pause_requested', 'pause_confirmed', 'pause_recorded', 'resumed', 'delivered']

/** The contract as the state machine reads it (`NeedFacts['contract']`), from its row and records. */
export function contractFacts(c: ContractRow, records: ContractRecords): NonNullable<NeedFacts['contract']> {
  const events = records.clockEvents
  // A request is pending when the last pause-related event is a request. These events are all
  // dated the day they are recorded, so the clock's order is the order they were recorded in.
  const pauseEvents = events.filter((e) => pauseEventTypes.includes(e.type))
  const proposal = c.terminationProposal
  return {
    signed: c.ownerSignedAt !== null && c.agencySignedAt !== null,
    ownerSigned: c.ownerSignedAt !== null,
    agencySigned: c.agencySignedAt !== null,
    agencyPayoutReady: records.agencyPayoutReady,
    dueOn: c.signDueOn,
    priceFen: c.priceFen,
    escrowHeldFen: heldNow(c),
    collectStatus: c.collectStatus,
    pauseRequested: pauseEvents.at(-1)?.type === 'pause_requested',
    terminationProposal: proposal
      ? {
          by: proposal.by === 'owner' ? 'owner' : 'winner',
          refundFen: proposal.refundFen,
          releaseFen: proposal.releaseFen,
        }
      : null,
    approvalSubmitted: events.some((e) => e.type === 'approval_submitted'),
    approvalDecided: events.some((e) => e.type === 'approval_decided'),
  }
}

/** The latest delivery of a contract (or null). */
export async function latestDelivery(tx: Tx, contractId: string) {
  const [row] = await tx
    .select()
    .from(contractDeliveries)
    .where(eq(contractDeliveries.contractId, contractId))
    .orderBy(desc(contractDeliveries.version))
    .limit(1)
  return row ?? null
}

// ── Writes the need's decisions ask for (need-effects.server.ts only) ─────────

export async function recordSignature(tx: Tx, c: ContractRow, party: 'owner' | 'agency', userId: string | null) {
  const at = now()
  const set =
    party === 'owner'
      ? { ownerSignedAt: at, ownerSignedBy: userId, updatedAt: at }
      : { agencySignedAt: at, agencySignedBy: userId, updatedAt: at }
  const signedColumn = party === 'owner' ? contracts.ownerSignedAt : contracts.agencySignedAt
  const done = await tx
    .update(contracts)
    .set(set)
    .where(and(eq(contracts.id, c.id), isNull(signedColumn)))
    .returning({ id: contracts.id })
  if (done.length !== 1) throw new Conflict('ownerSelection.refusals.alreadySigned', {})
  return { sha256: c.textSha256, signedAt: at.toISOString() }
}

export async function markStarted(tx: Tx, c: ContractRow) {
  await tx
    .update(contracts)
    .set({ startedOn: shanghaiDate(now()), updatedAt: now() })
    .where(eq(contracts.id, c.id))
}

export async function recordDelivery(
  tx: Tx,
  c: ContractRow,
  input: { sha256: string; fileId: string; userId: string | null },
) {
  const previous = await latestDelivery(tx, c.id)
  const at = now()
  const [row] = await tx
    .insert(contractDeliveries)
    .values({
      contractId: c.id,
      version: (previous?.version ?? 0) + 1,
      fileId: input.fileId,
      sha256: input.sha256,
      deliveredOn: shanghaiDate(at),
      deliveredAt: at,
      deliveredBy: input.userId,
    })
    .returning({ id: contractDeliveries.id, version: contractDeliveries.version })
  return { deliveryId: row.id, version: row.version }
}

export async function decideDelivery(
  tx: Tx,
  c: ContractRow,
  input: { outcome: 'returned' | 'accepted'; reason: string | null; userId: string | null },
) {
  const pending = await latestDelivery(tx, c.id)
  if (!pending || pending.outcome !== 'pending') throw new Conflict('needs.errors.wrongState', { state: 'delivered' })
  const at = now()
  await tx
    .update(contractDeliveries)
    .set({ outcome: input.outcome, decisionReason: input.reason, decidedAt: at, decidedBy: input.userId })
    .where(eq(contractDeliveries.id, pending.id))
  if (input.outcome === 'accepted')
    await tx.update(contracts).set({ acceptedAt: at, updatedAt: at }).where(eq(contracts.id, c.id))
  return { deliveryVersion: pending.version }
}

export async function recordApprovalDecision(
  tx: Tx,
  c: ContractRow,
  input: { outcome: 'approved' | 'rejected'; documentNo: string },
) {
  await tx
    .update(contracts)
    .set({ approvalOutcome: input.outcome, approvalDocumentNo: input.documentNo, updatedAt: now() })
    .where(eq(contracts.id, c.id))
}

export async function setTerminationProposal(tx: Tx, c: ContractRow, proposal: ContractRow['terminationProposal']) {
  await tx.update(contracts).set({ terminationProposal: proposal, updatedAt: now() }).where(eq(contracts.id, c.id))
}

export async function endContract(
  tx: Tx,
  c: ContractRow,
  input: {
    kind: 'lapsed' | 'agreement' | 'ruling'
    partyAtFault: 'owner' | 'agency' | 'both' | 'none'
    reason: string | null
  },
) {
  const at = now()
  await tx
    .update(contracts)
    .set({
      terminationKind: input.kind,
      partyAtFault: input.partyAtFault,
      terminationReason: input.reason,
      terminatedAt: at,
      terminationProposal: null,
      updatedAt: at,
    })
    .where(eq(contracts.id, c.id))
}
