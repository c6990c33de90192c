/**
 * What the contract page shows (owner, agency, supervising regulator): the contract with its
 * text and hash, the signatures, the money, the live bundled clock, every delivered version, the
 * Stripe objects asked for, and the actions the state machine offers the viewer now. Read-only.
 */
import { asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contractDeliveries, contractPayments, organisations, storedFiles, users } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import type { SessionUser } from '~/utils/auth.server'
import { usingBuiltInStripe } from '~/utils/stripe.server'
import { contractClock, notStartedClock } from './clock-events.server'
import { offeredContractActions, loadContract } from './contract-actions.server'
import { contractParts } from './contract-text'
import { contractNumber, heldNow } from './contracts.server'
import { contractRatings } from '~/domain/ratings/ratings.server'
import { ratingConfig } from '~/domain/config'
import { creditStandings } from '~/domain/credit/standings.server'

export async function contractPage(db: Db, user: SessionUser, contractId: string) {
  const { need, contract: c, facts, viewer, clockEvents: events } = await loadContract(db, user, contractId, false)
  const [owner] = await db.select().from(organisations).where(eq(organisations.id, c.ownerOrganisationId))
  const [agency] = await db.select().from(organisations).where(eq(organisations.id, c.agencyOrganisationId))
  const deliveries = await db
    .select({
      id: contractDeliveries.id,
      version: contractDeliveries.version,
      fileId: contractDeliveries.fileId,
      fileName: storedFiles.fileName,
      size: storedFiles.size,
      sha256: contractDeliveries.sha256,
      deliveredOn: contractDeliveries.deliveredOn,
      deliveredAt: contractDeliveries.deliveredAt,
      outcome: contractDeliveries.outcome,
      decisionReason: contractDeliveries.decisionReason,
      decidedAt: contractDeliveries.decidedAt,
    })
    .from(contractDeliveries)
    .innerJoin(storedFiles, eq(storedFiles.id, contractDeliveries.fileId))
    .where(eq(contractDeliveries.contractId, c.id))
    .orderBy(asc(contractDeliveries.version))
  const payments = await db
    .select({
      kind: contractPayments.kind,
      purpose: contractPayments.purpose,
      amountFen: contractPayments.amountFen,
      stripeId: contractPayments.stripeId,
      status: contractPayments.status,
      lastError: contractPayments.lastError,
      updatedAt: contractPayments.updatedAt,
    })
    .from(contractPayments)
    .where(eq(contractPayments.contractId, c.id))
    .orderBy(asc(contractPayments.createdAt))
  const text = contractParts(c.canonicalText)
  // Who signed for each party (the signing section shows name and time).
  const signerIds = [c.ownerSignedBy, c.agencySignedBy].filter((id): id is string => id !== null)
  const signers = signerIds.length
    ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, signerIds))
    : []
  const signerName = (id: string | null) => signers.find((s) => s.id === id)?.name ?? null
  const clock = await contractClock(db, c, events)
  return {
    viewer,
    contract: {
      id: c.id,
      number: contractNumber(c.id, c.createdAt),
      needId: need.id,
      needTitle: need.title,
      state: need.state,
      owner: { id: owner.id, name: owner.name, nameEn: owner.nameEn, creditCode: owner.creditCode },
      agency: {
        id: agency.id,
        name: agency.name,
        nameEn: agency.nameEn,
        creditCode: agency.creditCode,
        credit: (await creditStandings(db, [agency.id])).get(agency.id) ?? null,
      },
      priceFen: c.priceFen,
      committedDays: c.committedDays,
      serviceDays: c.serviceDays,
      statutoryDays: c.statutoryDays,
      processingDays: c.processingDays,
      templateVersion: c.templateVersion,
      textZh: text.zh,
      textEn: text.en,
      sha256: c.textSha256,
      signDueOn: c.signDueOn,
      ownerSignedAt: c.ownerSignedAt,
      agencySignedAt: c.agencySignedAt,
      ownerSignedByName: signerName(c.ownerSignedBy),
      agencySignedByName: signerName(c.agencySignedBy),
      collectStatus: c.collectStatus,
      lastPaymentError: c.lastPaymentError,
      heldFen: c.heldFen,
      releasedFen: c.releasedFen,
      refundedFen: c.refundedFen,
      heldNowFen: heldNow(c),
      startedOn: c.startedOn,
      acceptedAt: c.acceptedAt,
      approvalOutcome: c.approvalOutcome,
      approvalDocumentNo: c.approvalDocumentNo,
      terminationProposal: c.terminationProposal
        ? {
            by: c.terminationProposal.by,
            reason: c.terminationProposal.reason,
            refundFen: c.terminationProposal.refundFen,
            releaseFen: c.terminationProposal.releaseFen,
            at: c.terminationProposal.at,
          }
        : null,
      terminationKind: c.terminationKind,
      terminationReason: c.terminationReason,
      partyAtFault: c.partyAtFault,
      terminatedAt: c.terminatedAt,
    },
    /** The live bundled clock (null before the service started). */
    clock,
    /** Before the service started: the bar with the limits and nothing counted (drawn, not live). */
    notStartedClock: clock ? null : await notStartedClock(db, c),
    clockEvents: events,
    pauseRequested: facts.contract?.pauseRequested ?? false,
    /** The agency has a payout account (it may sign only then). */
    agencyPayoutReady: facts.contract?.agencyPayoutReady ?? false,
    deliveries,
    payments,
    /** The ratings (hidden text left out), what the viewer may rate, reply to or hide now. */
    ratings: await contractRatings(db, c, viewer),
    ownerRatingWorkingDays: ratingConfig.ownerRatingWorkingDays,
    /** What the viewer may do now, as the state machine allows it. */
    actions: offeredContractActions(facts),
    provisionalYears: (await getCalendar(db)).provisionalYears,
    /** The app pays through the built-in test server: the pay form offers its test cards. */
    stripeTestServer: usingBuiltInStripe(),
  }
}

export type ContractPageData = Awaited<ReturnType<typeof contractPage>>
