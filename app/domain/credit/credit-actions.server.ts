/**
 * A regulator's credit actions on an agency in its remit (issue 14 §2): recording a violation
 * chosen from the list of negative behaviours, and a commendation. Each is one transaction: the
 * record's row, its ledger event through `recordCreditEvent` (the only ledger writer; fact key
 * `violation:<id>` / `commendation:<id>`, the points given as they are now), the audit event and
 * the agency's notification. A violation whose behaviour proposes blacklisting returns that, and
 * the screen offers the listing (prefilled) — the listing itself is the blacklist's own action.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, contracts, needs, negativeBehaviours, recordedViolations, commendations, selectionRounds } from '#db/schema'
import { isUuid } from '~/domain/agencies/directory.server'
import { shanghaiDate } from '~/domain/dates'
import { Forbidden, NotFound, RuleViolation } from '~/domain/errors'
import { now } from '~/domain/now'
import { recordAudit } from '~/utils/audit.server'
import { actorOf, type SessionUser } from '~/utils/auth.server'
import { notifyMany } from '~/utils/notifications.server'
import type { CommendationInput, ViolationInput } from './action-schemas'
import { agencyInRemit, needInRemit, organisationUserIds, supervisedServiceTypeIds } from './remit.server'
import { recordCreditEvent } from './ledger.server'
import { activeBehaviours } from './behaviours.server'
import { agencyCreditLedger } from './credit-views.server'

type Tx = Db

/**
 * The needs on which the agency's bid was chosen in a selection round (the published result
 * names it): the needs a violation may refer to. Needs the agency merely bid on are not offered —
 * a bid stays sealed until the window closes (and for ever if the need was cancelled before), so
 * listing them would tell the regulator who bid.
 */
function chosenNeeds(tx: Tx, agencyId: string, where?: ReturnType<typeof eq> | ReturnType<typeof inArray>) {
  return tx
    .selectDistinct({ id: needs.id, title: needs.title, createdAt: needs.createdAt })
    .from(selectionRounds)
    .innerJoin(bids, eq(bids.id, selectionRounds.chosenBidId))
    .innerJoin(needs, eq(needs.id, selectionRounds.needId))
    .where(and(eq(bids.agencyOrganisationId, agencyId), where))
    .orderBy(desc(needs.createdAt), asc(needs.id))
}

async function requireAgencyInRemit(tx: Tx, user: SessionUser, agencyId: string) {
  if (user.role !== 'regulator') throw new Forbidden()
  const agency = await agencyInRemit(tx, user, agencyId)
  if (!agency) throw new NotFound()
  return agency
}

export interface RecordedViolation {
  violationId: string
  points: number
  /** The behaviour proposes blacklisting: the screen offers the listing. */
  proposesBlacklisting: boolean
}

/**
 * Records a violation: the behaviour must be active (else 422 at `behaviourId`), the date not in
 * the future (422 at `onDate`), the need (optional) one the agency bid on, in the regulator's
 * remit, on which the agency's bid was chosen (else 422 at `needId`); the agency's contract on
 * that need, if any, is referenced too.
 */
export async function recordViolation(
  db: Db,
  user: SessionUser,
  agencyId: string,
  input: ViolationInput,
): Promise<RecordedViolation> {
  return db.transaction(async (tx) => {
    const agency = await requireAgencyInRemit(tx, user, agencyId)
    const [behaviour] = await tx
      .select()
      .from(negativeBehaviours)
      .where(and(eq(negativeBehaviours.id, input.behaviourId), eq(negativeBehaviours.active, true)))
    if (!behaviour) throw new RuleViolation('creditActions.validation.behaviourInactive', {}, 'behaviourId')
    const today = shanghaiDate(now())
    if (input.onDate > today) throw new RuleViolation('creditActions.validation.dateInFuture', { today }, 'onDate')
    let contractId: string | null = null
    if (input.needId) {
      const [chosen] = await chosenNeeds(tx, agency.id, eq(needs.id, input.needId))
      if (!chosen || !(await needInRemit(tx, user, input.needId)))
        throw new RuleViolation('creditActions.validation.needOutOfRemit', {}, 'needId')
      const [contract] = await tx
        .select({ id: contracts.id })
        .from(contracts)
        .where(and(eq(contracts.needId, input.needId), eq(contracts.agencyOrganisationId, agency.id)))
      contractId = contract?.id ?? null
    }
    const at = now()
    const [violation] = await tx
      .insert(recordedViolations)
      .values({
        agencyOrganisationId: agency.id,
        behaviourId: behaviour.id,
        points: behaviour.points,
        facts: input.facts,
        onDate: input.onDate,
        needId: input.needId ?? null,
        contractId,
        recordedByUserId: user.id,
        recordedAt: at,
      })
      .returning()
    const points = await recordCreditEvent(tx, {
      agencyId: agency.id,
      kind: 'violation_recorded',
      behaviourPoints: behaviour.points,
      factKey: `violation:${violation.id}`,
      onDate: input.onDate,
      reason: input.facts,
      actorUserId: user.id,
      needId: input.needId ?? null,
      contractId,
    })
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'credit.violation_recorded',
      entityType: 'recorded_violation',
      entityId: violation.id,
      payload: {
        agencyId: agency.id,
        behaviourCode: behaviour.code,
        points: behaviour.points,
        onDate: input.onDate,
        needId: input.needId ?? null,
        contractId,
      },
    })
    await notifyMany(
      tx,
      await organisationUserIds(tx, agency.id),
      'creditActions.notify.violationRecorded',
      { points: behaviour.points },
      '/agency/credit',
    )
    return { violationId: violation.id, points: points ?? behaviour.points, proposesBlacklisting: behaviour.proposesBlacklisting }
  })
}

/** Records a commendation with its reason and points (bounds checked by the schema and again by `pointsFor`). */
export async function recordCommendation(
  db: Db,
  user: SessionUser,
  agencyId: string,
  input: CommendationInput,
): Promise<{ commendationId: string }> {
  return db.transaction(async (tx) => {
    const agency = await requireAgencyInRemit(tx, user, agencyId)
    const at = now()
    const today = shanghaiDate(at)
    const [row] = await tx
      .insert(commendations)
      .values({
        agencyOrganisationId: agency.id,
        reason: input.reason,
        points: input.points,
        onDate: today,
        recordedByUserId: user.id,
        recordedAt: at,
      })
      .returning()
    await recordCreditEvent(tx, {
      agencyId: agency.id,
      kind: 'commendation',
      commendationPoints: input.points,
      factKey: `commendation:${row.id}`,
      onDate: today,
      reason: input.reason,
      actorUserId: user.id,
    })
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'credit.commendation_recorded',
      entityType: 'commendation',
      entityId: row.id,
      payload: { agencyId: agency.id, points: input.points },
    })
    await notifyMany(
      tx,
      await organisationUserIds(tx, agency.id),
      'creditActions.notify.commended',
      { points: input.points },
      '/agency/credit',
    )
    return { commendationId: row.id }
  })
}

/** The regulator's page of one agency in its remit: its public ledger, the active behaviours, the needs it bid on in remit. */
export async function regulatorAgencyCredit(db: Db, user: SessionUser, agencyId: string) {
  if (user.role !== 'regulator') throw new Forbidden()
  const agency = await agencyInRemit(db, user, agencyId)
  if (!agency) throw new NotFound()
  const supervised = await supervisedServiceTypeIds(db, user)
  const [ledger, behaviours, bidNeeds] = await Promise.all([
    agencyCreditLedger(db, agency.id),
    activeBehaviours(db),
    supervised.length === 0 ? [] : chosenNeeds(db, agency.id, inArray(needs.serviceTypeId, supervised)),
  ])
  return {
    agency,
    ledger,
    behaviours: behaviours.map((b) => ({
      id: b.id,
      code: b.code,
      nameZh: b.nameZh,
      nameEn: b.nameEn,
      points: b.points,
      proposesBlacklisting: b.proposesBlacklisting,
    })),
    needs: bidNeeds.map((n) => ({ id: n.id, title: n.title })),
    today: shanghaiDate(now()),
  }
}

/** One recorded violation of an agency in the regulator's remit (the confirmation screen's blacklisting offer). */
export async function violationForRegulator(db: Db, user: SessionUser, agencyId: string, violationId: string) {
  if (user.role !== 'regulator') throw new Forbidden()
  if (!isUuid(violationId)) throw new NotFound()
  if (!(await agencyInRemit(db, user, agencyId))) throw new NotFound()
  const [row] = await db
    .select({ violation: recordedViolations, behaviour: negativeBehaviours })
    .from(recordedViolations)
    .innerJoin(negativeBehaviours, eq(negativeBehaviours.id, recordedViolations.behaviourId))
    .where(and(eq(recordedViolations.id, violationId), eq(recordedViolations.agencyOrganisationId, agencyId)))
  if (!row) throw new NotFound()
  return {
    id: row.violation.id,
    facts: row.violation.facts,
    points: row.violation.points,
    onDate: row.violation.onDate,
    behaviour: {
      code: row.behaviour.code,
      nameZh: row.behaviour.nameZh,
      nameEn: row.behaviour.nameEn,
      proposesBlacklisting: row.behaviour.proposesBlacklisting,
    },
  }
}
