/**
 * Ratings on a contract (issue 14 item 1), the database side: each action is one transaction
 * that locks the contract's need (`lockNeed`, the lock of everything hanging on a need), re-reads
 * the contract, tells who the caller is to it (`viewerOf`: a stranger gets 404 before anything
 * else), reads the ratings, asks `decideRating` and only then writes the row and its audit event.
 * A rating's credit event (its points from `ratingCreditPoints`) is added to the credit ledger in
 * the same transaction; hiding a rating's text leaves the ledger as it is.
 * Each rating tells the agency, each reply tells the owner (notifications in the same
 * transaction, linked to the contract). A refusal writes nothing. The reads for the contract page, the agency profile and the API are
 * here too; hidden text never leaves this module.
 */
import { and, asc, desc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyRatings, contracts, needs, users } from '#db/schema'
import { recordCreditEvent } from '~/domain/credit/ledger.server'
import { actOnContractAsSystem, viewerOf } from '~/domain/contracts/contract-actions.server'
import { readContract, type ContractRow } from '~/domain/contracts/contracts.server'
import { shanghaiDate } from '~/domain/dates'
import { Conflict, Forbidden, NotFound } from '~/domain/errors'
import { lockNeed } from '~/domain/needs/need-access.server'
import { now } from '~/domain/now'
import { actorOf, type SessionUser } from '~/utils/auth.server'
import { recordAudit } from '~/utils/audit.server'
import { notifyMany } from '~/utils/notifications.server'
import {
  decideRating,
  offeredRatingActions,
  ratingAverageHundredths,
  ratingCreditPoints,
  ratingRefusalKeys,
  summariseRatings,
  type DepartmentRatingInput,
  type HideRatingTextInput,
  type OwnerRatingInput,
  type RatingAction,
  type RatingFacts,
  type RatingReplyInput,
  type RatingViewer,
} from './ratings'
import { ownerDueOnOf } from './owner-rating-window.server'

type Tx = Db
type RatingRow = typeof agencyRatings.$inferSelect

/** The rating's event in the credit ledger (once per rating): the points its scores map to, its average as the reason. */
async function recordRatingCredit(tx: Tx, rating: RatingRow, contract: ContractRow): Promise<void> {
  const average = ratingAverageHundredths(rating)
  await recordCreditEvent(tx, {
    agencyId: rating.agencyOrganisationId,
    kind: rating.raterKind === 'owner' ? 'owner_rating' : 'department_rating',
    ratingPoints: ratingCreditPoints(rating),
    factKey: `rating:${rating.id}`,
    onDate: shanghaiDate(rating.createdAt),
    reason: `${Math.floor(average / 100)}.${String(average % 100).padStart(2, '0')} / 5`,
    actorUserId: rating.raterUserId,
    contractId: contract.id,
    needId: contract.needId,
  })
}

/**
 * Tells the active users of one party of the contract (the agency of a rating, the owner of a
 * reply) about it; the link leads each of them to the contract page.
 */
async function notifyParty(
  tx: Tx,
  contract: ContractRow,
  needTitle: string,
  party: 'agency' | 'owner',
  messageKey: string,
): Promise<void> {
  const organisationId = party === 'agency' ? contract.agencyOrganisationId : contract.ownerOrganisationId
  const recipients = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true)))
  await notifyMany(
    tx,
    recipients.map((r) => r.id),
    messageKey,
    { title: needTitle },
    {
      kind: 'need',
      needId: contract.needId,
      contract: {
        id: contract.id,
        ownerOrganisationId: contract.ownerOrganisationId,
        agencyOrganisationId: contract.agencyOrganisationId,
      },
    },
  )
}

async function ratingsOfContract(tx: Tx, contractId: string): Promise<RatingRow[]> {
  return tx.select().from(agencyRatings).where(eq(agencyRatings.contractId, contractId)).orderBy(asc(agencyRatings.createdAt))
}

async function factsOf(
  tx: Tx,
  contract: ContractRow,
  viewer: RatingViewer,
  rows: readonly RatingRow[],
  targetId: string | null,
): Promise<RatingFacts> {
  const acceptedOn = contract.acceptedAt ? shanghaiDate(contract.acceptedAt) : null
  const target = targetId ? rows.find((r) => r.id === targetId) : undefined
  return {
    viewer,
    acceptedOn,
    terminated: contract.terminatedAt !== null,
    approvalDecided: contract.approvalOutcome !== null,
    ownerDueOn: await ownerDueOnOf(tx, contract.acceptedAt),
    today: shanghaiDate(now()),
    ownerRated: rows.some((r) => r.raterKind === 'owner'),
    departmentRated: rows.some((r) => r.raterKind === 'department'),
    target: target ? { raterKind: target.raterKind, replied: target.replyAt !== null, hidden: target.hiddenAt !== null } : null,
  }
}

/**
 * One rating action on a contract for `user`, under the need's lock: 404 for anyone who may not
 * see the contract (and for a rating id not of this contract), 403 for the wrong party, 409 for
 * the contract as it stands; `write` runs only when allowed.
 */
async function actOnRatings<T>(
  db: Db,
  user: SessionUser,
  contractId: string,
  action: RatingAction,
  targetId: string | null,
  write: (tx: Tx, contract: ContractRow, needTitle: string) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const first = await readContract(tx, contractId)
    const need = await lockNeed(tx, first.needId)
    const contract = await readContract(tx, contractId)
    const viewer = await viewerOf(tx, user, contract, need)
    const rows = await ratingsOfContract(tx, contract.id)
    const facts = await factsOf(tx, contract, viewer, rows, targetId)
    const decision = decideRating(action, facts)
    if (!decision.ok) {
      if (decision.forbidden) throw new Forbidden()
      if (decision.reason === 'noSuchRating') throw new NotFound()
      throw new Conflict(ratingRefusalKeys[decision.reason], { dueOn: facts.ownerDueOn ?? '' })
    }
    return write(tx, contract, need.title)
  })
}

/** The owner rates the agency of its accepted contract, once, within the window. */
export function rateAsOwner(db: Db, user: SessionUser, contractId: string, value: OwnerRatingInput) {
  return actOnRatings(db, user, contractId, 'rate_owner', null, async (tx, contract, needTitle) => {
    const [row] = await tx
      .insert(agencyRatings)
      .values({
        contractId: contract.id,
        agencyOrganisationId: contract.agencyOrganisationId,
        raterKind: 'owner',
        raterUserId: user.id,
        raterOrganisationId: user.organisationId,
        quality: value.quality,
        timeliness: value.timeliness,
        attitude: value.attitude,
        fee: value.fee,
        comment: value.comment,
        createdAt: now(),
      })
      .returning()
    await recordRatingCredit(tx, row, contract)
    await notifyParty(tx, contract, needTitle, 'agency', 'ratings.notify.ownerRated')
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'rating.owner_rated',
      entityType: 'contract',
      entityId: contract.id,
      payload: { ratingId: row.id, quality: value.quality, timeliness: value.timeliness, attitude: value.attitude, fee: value.fee },
    })
    // "rated → closed": with the approval decision already recorded, the need closes now (the
    // state machine's `close`, the same path as the timed work; refused — nothing written — otherwise).
    const closed = await actOnContractAsSystem(tx, contract.id, 'close')
    return { ratingId: row.id, needClosed: closed !== null }
  })
}

/** The supervising department rates the report's quality and timeliness, once, after the approval decision. */
export function rateAsDepartment(db: Db, user: SessionUser, contractId: string, value: DepartmentRatingInput) {
  return actOnRatings(db, user, contractId, 'rate_department', null, async (tx, contract, needTitle) => {
    const [row] = await tx
      .insert(agencyRatings)
      .values({
        contractId: contract.id,
        agencyOrganisationId: contract.agencyOrganisationId,
        raterKind: 'department',
        raterUserId: user.id,
        raterOrganisationId: user.organisationId,
        reportQuality: value.reportQuality,
        reportTimeliness: value.reportTimeliness,
        comment: value.comment,
        createdAt: now(),
      })
      .returning()
    await recordRatingCredit(tx, row, contract)
    await notifyParty(tx, contract, needTitle, 'agency', 'ratings.notify.departmentRated')
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'rating.department_rated',
      entityType: 'contract',
      entityId: contract.id,
      payload: { ratingId: row.id, reportQuality: value.reportQuality, reportTimeliness: value.reportTimeliness },
    })
    return { ratingId: row.id }
  })
}

/** The agency replies once to the owner's rating. */
export function replyToRating(db: Db, user: SessionUser, contractId: string, value: RatingReplyInput) {
  return actOnRatings(db, user, contractId, 'reply', value.ratingId, async (tx, contract, needTitle) => {
    await tx
      .update(agencyRatings)
      .set({ replyText: value.reply, replyBy: user.id, replyAt: now() })
      .where(and(eq(agencyRatings.id, value.ratingId), eq(agencyRatings.contractId, contract.id)))
    await notifyParty(tx, contract, needTitle, 'owner', 'ratings.notify.replied')
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'rating.replied',
      entityType: 'contract',
      entityId: contract.id,
      payload: { ratingId: value.ratingId },
    })
    return { ratingId: value.ratingId }
  })
}

/** The supervising regulator hides a rating's text (comment and reply) with a logged reason; the scores stay. */
export function hideRatingText(db: Db, user: SessionUser, contractId: string, value: HideRatingTextInput) {
  return actOnRatings(db, user, contractId, 'hide_text', value.ratingId, async (tx, contract) => {
    await tx
      .update(agencyRatings)
      .set({ hiddenBy: user.id, hiddenReason: value.reason, hiddenAt: now() })
      .where(and(eq(agencyRatings.id, value.ratingId), eq(agencyRatings.contractId, contract.id)))
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'rating.text_hidden',
      entityType: 'contract',
      entityId: contract.id,
      payload: { ratingId: value.ratingId, reason: value.reason },
    })
    return { ratingId: value.ratingId }
  })
}

/** A rating as every screen and the API show it: a hidden text is gone, only that it was hidden and why. */
function publicRating(r: RatingRow) {
  const hidden = r.hiddenAt !== null
  return {
    id: r.id,
    raterKind: r.raterKind,
    quality: r.quality,
    timeliness: r.timeliness,
    attitude: r.attitude,
    fee: r.fee,
    reportQuality: r.reportQuality,
    reportTimeliness: r.reportTimeliness,
    averageHundredths: ratingAverageHundredths(r),
    comment: hidden ? null : r.comment,
    createdAt: r.createdAt.toISOString(),
    reply: r.replyAt ? { text: hidden ? null : r.replyText, at: r.replyAt.toISOString() } : null,
    hidden: hidden ? { reason: r.hiddenReason ?? '', at: r.hiddenAt?.toISOString() ?? '' } : null,
  }
}

export type PublicRating = ReturnType<typeof publicRating>

/** The contract page's ratings section: the ratings, what the viewer may rate now, the owner's last day. */
export async function contractRatings(db: Db, contract: ContractRow, viewer: RatingViewer) {
  const rows = await ratingsOfContract(db, contract.id)
  const facts = await factsOf(db, contract, viewer, rows, null)
  const ratings = rows.map(publicRating)
  return {
    ratings,
    ownerDueOn: facts.ownerDueOn,
    offered: offeredRatingActions(facts),
    /** The ratings the agency may reply to / the regulator may hide the text of. */
    replyable: viewer === 'agency' ? rows.filter((r) => decideRating('reply', { ...facts, target: targetOf(r) }).ok).map((r) => r.id) : [],
    hideable: viewer === 'regulator' ? rows.filter((r) => decideRating('hide_text', { ...facts, target: targetOf(r) }).ok).map((r) => r.id) : [],
  }
}

const targetOf = (r: RatingRow) => ({ raterKind: r.raterKind, replied: r.replyAt !== null, hidden: r.hiddenAt !== null })

/** An agency's ratings for its public profile and the API: the summary and each rating with its contract's need. */
export async function agencyRatingsOf(db: Db, agencyId: string) {
  const rows = await db
    .select({ rating: agencyRatings, needId: needs.id, needTitle: needs.title })
    .from(agencyRatings)
    .innerJoin(contracts, eq(contracts.id, agencyRatings.contractId))
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .where(eq(agencyRatings.agencyOrganisationId, agencyId))
    .orderBy(desc(agencyRatings.createdAt), asc(agencyRatings.raterKind))
  return {
    summary: summariseRatings(rows.map((r) => r.rating)),
    ratings: rows.map((r) => ({ ...publicRating(r.rating), contractId: r.rating.contractId, needId: r.needId, needTitle: r.needTitle })),
  }
}
