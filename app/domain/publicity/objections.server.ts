/**
 * Objections during publicity (SPEC §5) and the cost justification of a flagged lowest-price
 * winner. Every action: lock the need (`lockNeed`), read the facts, ask `decideNeed`, and apply
 * the decision with `applyNeedDecision` in the same transaction (an upheld objection disqualifies
 * the winner and starts round r + 1 there, exactly as a missing justification does).
 *
 * The screens read through `objectionQueueForRegulator` / `objectionForRegulator` (a regulator,
 * only for service types its department supervises) and `objectionsForAgency` (the agency's own
 * objections on a need and what it may do now); what they offer comes from the same `decideNeed`.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids, needs, objections, organisations, selectionRounds, users } from '#db/schema'
import { now } from '~/domain/now'
import { Conflict, Forbidden, NotFound, RuleViolation, type MessageParams } from '~/domain/errors'
import { recordAudit, type Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { allows } from '../bidding/bid-visibility'
import { bidVisibilityOf } from '../bidding/bid-visibility.server'
import { liveBidderIds, lockNeed, readNeed, supervisedServiceTypeIds, UUID } from '../needs/need-access.server'
import { enforce, needFactsOf, refused } from '../needs/need-decision'
import { applyNeedDecision, notifyNeed } from '../needs/need-effects.server'
import { decideNeed, type NeedAction, type NeedRefusal } from '../needs/need-lifecycle'

type Tx = Db
const actorOf = (user: SessionUser): Actor => ({ userId: user.id, organisationId: user.organisationId })

const objectionRefusals: readonly NeedRefusal[] = [
  'publicityOver',
  'alreadyObjected',
  'noPendingObjection',
  'objectionPending',
]

/** The objection refusals under their own message keys (`enforce` maps the common ones). */
const objectionRefusal = (reason: NeedRefusal, params: MessageParams) =>
  objectionRefusals.includes(reason) ? new Conflict(`objections.errors.${reason}`, params) : refused(reason, params)

/**
 * The need with its current round, winner and objections, and the facts `decideNeed` asks for.
 * Under lock for the actions (`lock`), a plain read for the screens.
 */
async function load(tx: Tx, user: SessionUser, needId: string, lock = true) {
  const need = lock ? await lockNeed(tx, needId) : await readNeed(tx, needId)
  const supervised = await supervisedServiceTypeIds(tx, user)
  const bidderAgencyIds = await liveBidderIds(tx, need.id)
  // Others' records: an owner of another organisation, an agency without a bid, a regulator out of remit.
  if (user.role === 'owner' && need.ownerOrganisationId !== user.organisationId) throw new NotFound()
  if (user.role === 'agency' && !bidderAgencyIds.includes(user.organisationId ?? '')) throw new NotFound()
  if (user.role === 'regulator' && !supervised.includes(need.serviceTypeId)) throw new NotFound()
  const [round] = await tx
    .select()
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, need.round)))
  const winnerBid = round?.chosenBidId
    ? (await tx.select().from(bids).where(eq(bids.id, round.chosenBidId)))[0]
    : undefined
  const roundObjections = await tx
    .select()
    .from(objections)
    .where(and(eq(objections.needId, need.id), eq(objections.round, need.round)))
  const actor = { role: user.role, organisationId: user.organisationId, supervisedServiceTypeIds: supervised }
  const facts = needFactsOf(actor, need, bidderAgencyIds, {
    winner: winnerBid
      ? {
          bidId: winnerBid.id,
          agencyId: winnerBid.agencyOrganisationId,
          quoteFen: winnerBid.quoteFen,
          requiresJustification: round?.result.requiresJustification === true,
          justificationAttached: !!round?.justification?.trim(),
        }
      : null,
    publicity: round?.publicityEndsOn
      ? {
          endsOn: round.publicityEndsOn,
          pendingObjections: roundObjections.filter((o) => o.status === 'pending').length,
          objectedAgencyIds: roundObjections.map((o) => o.objectorOrganisationId),
        }
      : undefined,
  })
  return { need, round, winnerBid, roundObjections, facts }
}

export async function fileObjection(db: Db, user: SessionUser, needId: string, input: { reason: string }) {
  const reason = input.reason.trim()
  if (!reason) throw new RuleViolation('objections.validation.reasonRequired', {}, 'reason')
  return db.transaction(async (tx) => {
    const { need, winnerBid, facts } = await load(tx, user, needId)
    if (user.role !== 'agency') throw new Forbidden()
    if (winnerBid?.agencyOrganisationId === user.organisationId) throw new Forbidden()
    const filed = { ...facts, reason }
    const decision = decideNeed('file_objection', filed)
    enforce(decision, objectionRefusal)
    const [row] = await tx
      .insert(objections)
      .values({ needId: need.id, round: need.round, objectorOrganisationId: user.organisationId as string, filedBy: user.id, reason, filedAt: now() })
      .returning({ id: objections.id })
    await applyNeedDecision(
      tx,
      { need, facts: filed, actor: actorOf(user), objectionId: row.id, audit: { round: need.round, objectionId: row.id } },
      decision,
    )
    return row
  })
}

export async function ruleOnObjection(
  db: Db,
  user: SessionUser,
  objectionId: string,
  input: { decision: 'uphold' | 'reject'; reason: string; winnerAtFault: boolean },
) {
  if (user.role !== 'regulator') throw new Forbidden()
  if (!UUID.test(objectionId)) throw new NotFound()
  const reason = input.reason.trim()
  if (!reason) throw new RuleViolation('objections.validation.rulingReasonRequired', {}, 'reason')
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ needId: objections.needId }).from(objections).where(eq(objections.id, objectionId))
    if (!found) throw new NotFound()
    const { need, roundObjections, facts } = await load(tx, user, found.needId)
    const objection = roundObjections.find((o) => o.id === objectionId)
    if (!objection || objection.status !== 'pending') throw new Conflict('objections.errors.noPendingObjection')
    const action: NeedAction = input.decision === 'uphold' ? 'uphold_objection' : 'reject_objection'
    const winnerAtFault = input.decision === 'uphold' && input.winnerAtFault
    const ruling = {
      ...facts,
      reason,
      objection: { objectorAgencyId: objection.objectorOrganisationId, winnerAtFault },
    }
    const decision = decideNeed(action, ruling)
    enforce(decision, objectionRefusal)
    const at = now()
    const ruled = await tx
      .update(objections)
      .set({ status: input.decision === 'uphold' ? 'upheld' : 'rejected', rulingReason: reason, winnerAtFault, ruledBy: user.id, ruledAt: at })
      .where(and(eq(objections.id, objection.id), eq(objections.status, 'pending')))
      .returning({ id: objections.id })
    if (ruled.length !== 1) throw new Conflict('objections.errors.noPendingObjection')
    // Upheld: the winner is disqualified and round r + 1 starts, as when a justification is missing.
    await applyNeedDecision(
      tx,
      { need, facts: ruling, actor: actorOf(user), objectionId: objection.id, audit: { round: need.round, objectionId: objection.id } },
      decision,
    )
    return { next: decision.next }
  })
}

export async function attachJustification(db: Db, user: SessionUser, needId: string, input: { text: string }) {
  if (user.role !== 'agency') throw new Forbidden()
  const text = input.text.trim()
  if (!text) throw new RuleViolation('objections.validation.textRequired', {}, 'text')
  return db.transaction(async (tx) => {
    const { need, round, winnerBid, facts } = await load(tx, user, needId)
    if (!round || !winnerBid || winnerBid.agencyOrganisationId !== user.organisationId) throw new Forbidden()
    if (need.state !== 'publicity') throw new Conflict('needs.errors.wrongState', { state: need.state })
    if (round.result.requiresJustification !== true) throw new Conflict('objections.errors.justificationNotRequired')
    if (facts.publicity && facts.today > facts.publicity.endsOn)
      throw new Conflict('objections.errors.publicityOver', { endsOn: facts.publicity.endsOn })
    const at = now()
    await tx
      .update(selectionRounds)
      .set({ justification: text, justifiedAt: at, justifiedBy: user.id })
      .where(eq(selectionRounds.id, round.id))
    await notifyNeed(tx, need, [{ to: 'owner', key: 'needs.notify.justificationAttached' }], {
      winner: winnerBid.agencyOrganisationId,
      objector: null,
      bidders: facts.need.bidderAgencyIds,
    })
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'need.justification_attached',
      entityType: 'need',
      entityId: need.id,
      payload: { round: need.round, selectionRoundId: round.id, bidId: winnerBid.id },
    })
  })
}

// ── Reads for the screens ────────────────────────────────────────────────────────────────────

const RECENT_RULINGS = 20

/** Service types the regulator's department supervises; a non-regulator is refused. */
async function remit(db: Db, user: SessionUser): Promise<string[]> {
  if (user.role !== 'regulator') throw new Forbidden()
  return supervisedServiceTypeIds(db, user)
}

const queueColumns = {
  id: objections.id,
  needId: objections.needId,
  needTitle: needs.title,
  round: objections.round,
  status: objections.status,
  objectorName: organisations.name,
  objectorNameEn: organisations.nameEn,
  filedAt: objections.filedAt,
  ruledAt: objections.ruledAt,
}

/**
 * The regulator's queue: pending objections on service types its department supervises, oldest
 * first (first filed, first ruled), and the most recent rulings (upheld, rejected, moot).
 */
export async function objectionQueueForRegulator(db: Db, user: SessionUser) {
  const supervised = await remit(db, user)
  if (supervised.length === 0) return { pending: [], recent: [] }
  const base = () =>
    db
      .select(queueColumns)
      .from(objections)
      .innerJoin(needs, eq(needs.id, objections.needId))
      .innerJoin(organisations, eq(organisations.id, objections.objectorOrganisationId))
  const inRemit = inArray(needs.serviceTypeId, supervised)
  const pending = await base()
    .where(and(inRemit, eq(objections.status, 'pending')))
    .orderBy(asc(objections.filedAt), asc(objections.id))
  const recent = await base()
    .where(and(inRemit, ne(objections.status, 'pending')))
    .orderBy(desc(objections.ruledAt), desc(objections.id))
    .limit(RECENT_RULINGS)
  return { pending, recent }
}

/** Pending objections in the regulator's remit (the count on its home page). */
export async function pendingObjectionCount(db: Db, user: SessionUser): Promise<number> {
  return (await objectionQueueForRegulator(db, user)).pending.length
}

/**
 * One objection for the regulator: the objection, the need and the round it concerns (winner,
 * winning quote, publicity end, the winner's cost justification), and whether it can be ruled on
 * now. Another department's objection, or none, is NotFound.
 */
export async function objectionForRegulator(db: Db, user: SessionUser, objectionId: string) {
  const supervised = await remit(db, user)
  if (!UUID.test(objectionId)) throw new NotFound()
  const [row] = await db
    .select({ objection: objections, need: needs, objectorName: organisations.name, objectorNameEn: organisations.nameEn })
    .from(objections)
    .innerJoin(needs, eq(needs.id, objections.needId))
    .innerJoin(organisations, eq(organisations.id, objections.objectorOrganisationId))
    .where(eq(objections.id, objectionId))
  if (!row || !supervised.includes(row.need.serviceTypeId)) throw new NotFound()
  const { objection, need } = row
  const [round] = await db
    .select()
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), eq(selectionRounds.round, objection.round)))
  // The round's winner as the result showed it — the regulator keeps it even once the need is
  // cancelled (`bidVisibility`: regulator `result` after the close; docs/sealed-bids.md).
  const winnerVisible = allows(await bidVisibilityOf(db, need, 'regulator'), 'result')
  const winner = round?.chosenBidId && winnerVisible
    ? (
        await db
          .select({
            bidId: bids.id,
            name: organisations.name,
            nameEn: organisations.nameEn,
            quoteFen: bids.quoteFen,
            committedDays: bids.committedDays,
            status: bids.status,
          })
          .from(bids)
          .innerJoin(organisations, eq(organisations.id, bids.agencyOrganisationId))
          .where(eq(bids.id, round.chosenBidId))
      )[0] ?? null
    : null
  const ruledBy = objection.ruledBy
    ? ((await db.select({ name: users.name }).from(users).where(eq(users.id, objection.ruledBy)))[0]?.name ?? null)
    : null
  // What the ruling form offers is what decideNeed would allow (publicity of this very round).
  const rulable =
    objection.status === 'pending' &&
    decideNeed('reject_objection', {
      ...(await load(db, user, need.id, false)).facts,
      reason: '·',
      objection: { objectorAgencyId: objection.objectorOrganisationId, winnerAtFault: false },
    }).ok &&
    need.round === objection.round
  return {
    objection: { ...objection, objectorName: row.objectorName, objectorNameEn: row.objectorNameEn, ruledByName: ruledBy },
    need: { id: need.id, title: need.title, state: need.state, method: need.method, round: need.round },
    round: round
      ? {
          round: round.round,
          outcome: round.outcome,
          publicityEndsOn: round.publicityEndsOn,
          requiresJustification: round.result.requiresJustification === true,
          justification: round.justification,
          justifiedAt: round.justifiedAt,
        }
      : null,
    winner,
    rulable,
  }
}

/**
 * What an agency sees of objections on one need: its own objections (every round, with rulings),
 * whether it may file one now, and — if it is the flagged winner of a lowest-price round in
 * publicity — its cost-justification duty. An agency that never bid on the need gets nothing to do.
 */
export async function objectionsForAgency(db: Db, user: SessionUser, needId: string) {
  if (user.role !== 'agency' || !user.organisationId) throw new Forbidden()
  if (!UUID.test(needId)) throw new NotFound()
  const own = await db
    .select({
      id: objections.id,
      round: objections.round,
      reason: objections.reason,
      status: objections.status,
      rulingReason: objections.rulingReason,
      filedAt: objections.filedAt,
      ruledAt: objections.ruledAt,
    })
    .from(objections)
    .where(and(eq(objections.needId, needId), eq(objections.objectorOrganisationId, user.organisationId)))
    .orderBy(desc(objections.round))
  const [need] = await db.select({ state: needs.state }).from(needs).where(eq(needs.id, needId))
  if (!need) throw new NotFound()
  const none = { own, publicityEndsOn: null, isWinner: false, canObject: false, justification: null }
  if (need.state !== 'publicity') return none
  let loaded: Awaited<ReturnType<typeof load>>
  try {
    loaded = await load(db, user, needId, false)
  } catch (error) {
    // No live bid on this need (never bid, withdrew, or disqualified): no objection to file.
    if (error instanceof NotFound) return none
    throw error
  }
  const { round, winnerBid, facts } = loaded
  const isWinner = winnerBid?.agencyOrganisationId === user.organisationId
  const canObject = !isWinner && decideNeed('file_objection', { ...facts, reason: '·' }).ok
  const required = isWinner && round?.result.requiresJustification === true
  return {
    own,
    publicityEndsOn: facts.publicity?.endsOn ?? null,
    isWinner,
    canObject,
    justification: required
      ? {
          text: round?.justification ?? null,
          attachedAt: round?.justifiedAt ?? null,
          canAttach: !!facts.publicity && facts.today <= facts.publicity.endsOn,
        }
      : null,
  }
}

/**
 * What the owner sees of objections on its need: the current round's objections — when each was
 * filed and where it stands. The objector's grounds stay with the regulator; the ruling's reason
 * is published with the ruling (SPEC §5), so it shows once ruled. Another organisation's need is
 * NotFound.
 */
export async function objectionsForOwner(db: Db, user: SessionUser, needId: string) {
  if (user.role !== 'owner' || !user.organisationId) throw new Forbidden()
  if (!UUID.test(needId)) throw new NotFound()
  const [need] = await db
    .select({ round: needs.round, ownerOrganisationId: needs.ownerOrganisationId })
    .from(needs)
    .where(eq(needs.id, needId))
  if (!need || need.ownerOrganisationId !== user.organisationId) throw new NotFound()
  const rows = await db
    .select({
      id: objections.id,
      status: objections.status,
      filedAt: objections.filedAt,
      ruledAt: objections.ruledAt,
      rulingReason: objections.rulingReason,
    })
    .from(objections)
    .where(and(eq(objections.needId, needId), eq(objections.round, need.round)))
    .orderBy(asc(objections.filedAt), asc(objections.id))
  return {
    round: need.round,
    pending: rows.filter((o) => o.status === 'pending').map(({ id, filedAt }) => ({ id, filedAt })),
    ruled: rows
      .filter((o) => o.status !== 'pending')
      .map(({ id, status, ruledAt, rulingReason }) => ({ id, status, ruledAt, rulingReason })),
  }
}
