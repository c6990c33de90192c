/**
 * The credit ledger's writes (issue 14 §2). `recordCreditEvent` is the one way a row is added:
 * under the agency's `agency_credit` row lock it skips a fact already recorded (`fact_key`),
 * computes the points to apply (caps, from app/domain/credit/credit.ts), inserts the row and
 * moves the score, tier and count in the same transaction — so the stored score is always the
 * base plus the sum of the ledger, and concurrent writers (two ticks, a tick and a ruling) add a
 * fact once and never overrun a cap.
 *
 * The timed-work step `carryToLedger` turns what the service phase and the rulings recorded into
 * ledger rows: every `conduct_events` row not yet carried (the overdue days, with the contract's
 * violation once it reaches 10 days past C; lapses and terminations the decision has not
 * carried), and every objection upheld with the winner at fault not yet carried.
 *
 * Incremental: "carried" is the source row's `credited_at`, set by `recordConductCredit` /
 * `recordObjectionCredit` in the transaction that writes the credit event (whichever path writes
 * it: the tick, or the decision that recorded the fact). The carry lists only the rows where it is
 * null, through partial indexes on exactly those rows (`conduct_events_uncredited`,
 * `objections_uncredited`), so a tick's cost follows the new facts, not the history. (A watermark
 * "highest conduct id carried" was the alternative; it is not safe: ids are taken at insert but
 * rows commit out of order, so a lower id can appear after a higher one was carried.)
 * Idempotent and safe under concurrent ticks: each row is re-read under its row lock with
 * `credited_at is null` (a second tick waits, re-checks and skips), and the ledger's `fact_key`
 * still refuses a second event. The migration marked the rows already in the ledger; the first
 * tick after it carries the rest.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyCredit, bids, conductEvents, contracts, creditEvents, objections, selectionRounds } from '#db/schema'
import { shanghaiDate } from '~/domain/dates'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { now } from '~/domain/now'
import {
  creditBase,
  creditPoints,
  pointsFor,
  sourceOf,
  tierOf,
  type CreditEventKind,
  type GivenPoints,
  type GivenPointsKind,
  type RatingCreditKind,
} from './credit'

type Tx = Db

/**
 * A rating's event carries the points its scores map to (`ratingCreditPoints`); a recorded
 * violation, a commendation and a repair carry theirs (`GivenPoints`); every other kind's points
 * are the ledger's to compute.
 */
export type NewCreditEvent = NewCreditEventFields &
  (
    | { kind: Exclude<CreditEventKind, RatingCreditKind | GivenPointsKind> }
    | { kind: RatingCreditKind; ratingPoints: number }
    | GivenPoints
  )

interface NewCreditEventFields {
  agencyId: string
  /** Names the source fact: a second write of the same fact adds nothing. */
  factKey: string
  onDate: string
  reason?: string | null
  actorUserId?: string | null
  contractId?: string | null
  needId?: string | null
  objectionId?: string | null
  conductEventId?: number | null
}

/** Creates the agency's score row at the base if missing, then locks it for this transaction. */
async function lockAgencyCredit(tx: Tx, agencyId: string) {
  await tx
    .insert(agencyCredit)
    .values({
      agencyOrganisationId: agencyId,
      score: creditBase,
      tier: tierOf(creditBase),
      eventCount: 0,
      updatedAt: now(),
    })
    .onConflictDoNothing()
  const [row] = await tx
    .select()
    .from(agencyCredit)
    .where(eq(agencyCredit.agencyOrganisationId, agencyId))
    .for('update')
  return row
}

/** Adds the event once (by `factKey`) and moves the agency's score; returns the points applied, or null if already recorded. */
export async function recordCreditEvent(tx: Tx, event: NewCreditEvent): Promise<number | null> {
  const credit = await lockAgencyCredit(tx, event.agencyId)
  const [seen] = await tx
    .select({ id: creditEvents.id })
    .from(creditEvents)
    .where(eq(creditEvents.factKey, event.factKey))
  if (seen) return null
  let points: number
  if (event.kind === 'overdue_day') {
    if (!event.contractId) throw new Error('credit overdue_day without its contract')
    const [prior] = await tx
      .select({ sum: sql<string | null>`sum(${creditEvents.points})` })
      .from(creditEvents)
      .where(and(eq(creditEvents.contractId, event.contractId), eq(creditEvents.kind, 'overdue_day')))
    points = pointsFor({ kind: 'overdue_day', overduePointsSoFar: Number(prior?.sum ?? 0) })
  } else if (event.kind === 'owner_rating' || event.kind === 'department_rating') {
    points = pointsFor({ kind: event.kind, ratingPoints: event.ratingPoints })
  } else if (event.kind === 'violation_recorded') {
    points = pointsFor({ kind: event.kind, behaviourPoints: event.behaviourPoints })
  } else if (event.kind === 'commendation') {
    points = pointsFor({ kind: event.kind, commendationPoints: event.commendationPoints })
  } else if (event.kind === 'repair') {
    points = pointsFor({ kind: event.kind, repairedPoints: event.repairedPoints })
  } else {
    points = pointsFor({ kind: event.kind })
  }
  const at = now()
  await tx.insert(creditEvents).values({
    agencyOrganisationId: event.agencyId,
    kind: event.kind,
    source: sourceOf[event.kind],
    points,
    reason: event.reason?.trim() || null,
    actorUserId: event.actorUserId ?? null,
    contractId: event.contractId ?? null,
    needId: event.needId ?? null,
    objectionId: event.objectionId ?? null,
    conductEventId: event.conductEventId ?? null,
    factKey: event.factKey,
    onDate: event.onDate,
    createdAt: at,
  })
  const score = credit.score + points
  // The thresholds in force, read after the row lock: a concurrent save of new ones has either
  // committed (read here) or waits for this commit and re-tiers this row (retierAgencies).
  const { creditTiers } = await getMarketplaceConfig(tx)
  await tx
    .update(agencyCredit)
    .set({ score, tier: tierOf(score, creditTiers), eventCount: credit.eventCount + 1, updatedAt: at })
    .where(eq(agencyCredit.agencyOrganisationId, event.agencyId))
  return points
}

type ConductRow = typeof conductEvents.$inferSelect

/** The ledger row of one conduct event, and for an overdue day the contract's violation once it is 10 working days past C. */
export async function recordConductCredit(
  tx: Tx,
  conduct: ConductRow,
  by: { reason?: string | null; actorUserId?: string | null } = {},
): Promise<void> {
  const [contract] = await tx
    .select({ needId: contracts.needId })
    .from(contracts)
    .where(eq(contracts.id, conduct.contractId))
  await recordCreditEvent(tx, {
    agencyId: conduct.agencyOrganisationId,
    kind: conduct.kind,
    factKey: `conduct:${conduct.id}`,
    onDate: conduct.onDate,
    reason: by.reason ?? null,
    actorUserId: by.actorUserId ?? null,
    contractId: conduct.contractId,
    needId: contract?.needId ?? null,
    conductEventId: conduct.id,
  })
  await tx
    .update(conductEvents)
    .set({ creditedAt: now() })
    .where(and(eq(conductEvents.id, conduct.id), isNull(conductEvents.creditedAt)))
  if (conduct.kind !== 'overdue_day') return
  const days = await tx
    .select({ onDate: conductEvents.onDate })
    .from(conductEvents)
    .where(and(eq(conductEvents.contractId, conduct.contractId), eq(conductEvents.kind, 'overdue_day')))
    .orderBy(asc(conductEvents.onDate))
  const tenth = days[creditPoints.overdueViolationAfterDays - 1]
  if (!tenth) return
  await recordCreditEvent(tx, {
    agencyId: conduct.agencyOrganisationId,
    kind: 'overdue_violation',
    factKey: `overdue_violation:${conduct.contractId}`,
    onDate: tenth.onDate,
    contractId: conduct.contractId,
    needId: contract?.needId ?? null,
  })
}

/** An objection upheld with the winner at fault (the ruling's reason kept). */
export async function recordObjectionCredit(
  tx: Tx,
  input: {
    objectionId: string
    agencyId: string
    needId: string
    reason: string | null
    actorUserId: string | null
    at: Date
  },
): Promise<void> {
  await recordCreditEvent(tx, {
    agencyId: input.agencyId,
    kind: 'objection_upheld',
    factKey: `objection:${input.objectionId}`,
    onDate: shanghaiDate(input.at),
    reason: input.reason,
    actorUserId: input.actorUserId,
    needId: input.needId,
    objectionId: input.objectionId,
  })
  await tx
    .update(objections)
    .set({ creditedAt: now() })
    .where(and(eq(objections.id, input.objectionId), isNull(objections.creditedAt)))
}

/** The timed-work step (and the catch-up for rows written before the ledger): returns how many facts it carried. */
export async function carryToLedger(db: Db): Promise<number> {
  let carried = 0
  const pendingConduct = await db
    .select({ id: conductEvents.id })
    .from(conductEvents)
    .where(isNull(conductEvents.creditedAt))
    .orderBy(asc(conductEvents.id))
  for (const { id } of pendingConduct) {
    try {
      const done = await db.transaction(async (tx) => {
        const [conduct] = await tx
          .select()
          .from(conductEvents)
          .where(and(eq(conductEvents.id, id), isNull(conductEvents.creditedAt)))
          .for('update')
        if (!conduct) return false // a concurrent tick (or the decision) carried it
        const reason = typeof conduct.details?.reason === 'string' ? conduct.details.reason : null
        await recordConductCredit(tx, conduct, { reason })
        return true
      })
      if (done) carried += 1
    } catch (error) {
      console.error(`credit: conduct event ${id} not carried`, error)
    }
  }
  const pendingObjections = await db
    .select({ id: objections.id })
    .from(objections)
    .where(and(eq(objections.status, 'upheld'), eq(objections.winnerAtFault, true), isNull(objections.creditedAt)))
    .orderBy(asc(objections.id))
  for (const { id } of pendingObjections) {
    try {
      const done = await db.transaction(async (tx) => {
        const [o] = await tx
          .select({
            id: objections.id,
            needId: objections.needId,
            rulingReason: objections.rulingReason,
            ruledBy: objections.ruledBy,
            ruledAt: objections.ruledAt,
            agencyId: bids.agencyOrganisationId,
          })
          .from(objections)
          .innerJoin(
            selectionRounds,
            and(eq(selectionRounds.needId, objections.needId), eq(selectionRounds.round, objections.round)),
          )
          .innerJoin(bids, eq(bids.id, selectionRounds.chosenBidId))
          .where(and(eq(objections.id, id), isNull(objections.creditedAt)))
          .for('update', { of: objections })
        if (!o) return false
        await recordObjectionCredit(tx, {
          objectionId: o.id,
          agencyId: o.agencyId,
          needId: o.needId,
          reason: o.rulingReason,
          actorUserId: o.ruledBy,
          at: o.ruledAt ?? now(),
        })
        return true
      })
      if (done) carried += 1
    } catch (error) {
      console.error(`credit: objection ${id} not carried`, error)
    }
  }
  return carried
}
