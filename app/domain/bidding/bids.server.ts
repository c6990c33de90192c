/**
 * Sealed bids (SPEC §5): submitting, revising and withdrawing a bid, and the three sealed reads.
 *
 * Every change is one transaction that locks the need row (`lockNeed`, so the need cannot leave
 * `open` half-way) and checks in a fixed order — who (role, own bid) → the need's state → the
 * server clock against `registrationDeadline` → the input (ceiling, C ≤ S) → eligibility — then
 * writes and appends the audit event. A refused request writes nothing. Submitting and revising
 * first take the bidding agency's row `FOR SHARE` (`shareAgencyLock`), so a blacklisting cannot
 * slip between the eligibility check and the commit; the lock order is agency → need → bid.
 *
 * Sealing:
 * - Until the window closes nobody but the bidding agency sees a bid: `bidsForAgency` returns
 *   only the caller's own bids, `bidCountForOwner` only a number, `bidsAfterClose` refuses while
 *   the need is still `draft` or `open`, and for ever once it was cancelled before the close
 *   (who sees what, when: bid-visibility.ts and docs/sealed-bids.md).
 * - The audit log is read by administrators and regulators long before a window closes, so
 *   audit events carry no quote at all — not even the bidder's own. They record the bid id, its
 *   revision and `quoteCommitment`: SHA-256 over
 *   `bid:<bidId>:r<revision>:q<quoteFen>:d<committedDays>:n<nonceHex>`, where the nonce is 16
 *   random bytes (32 hex digits) drawn for that revision and kept in
 *   `bid_revisions.commitment_nonce`. The commitment binds the log to the amounts and, thanks to
 *   the nonce, hides them: quotes are a small space, and without the nonce a reader of the audit
 *   log could simply try every amount. The nonce is never in the audit log and never shown while
 *   the window is open; `bidsAfterClose` reveals it with the bid (`commitmentNonce` on the bid
 *   and on each earlier version), so anyone who can read both can recompute the commitment.
 * - `bid_revisions` holds every version of a bid, the current one included (written with the
 *   bid by `submitBid` / `reviseBid`); the earlier versions are the rows with a revision below
 *   `bids.revision`.
 * - Rows from before the nonce: the current version had no `bid_revisions` row and the earlier
 *   versions have `commitment_nonce` NULL. Their commitments were made with the old formula
 *   without the `:n…` part, and `quoteCommitment(…, null)` still computes exactly that, so they
 *   keep verifying. Revising such a bid first keeps its current version (nonce NULL) and then
 *   adds the new one with a fresh nonce.
 */
import { randomBytes } from 'node:crypto'
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bidRevisions, bids, needs, organisations } from '#db/schema'
import { agencyEligibility } from '~/domain/agencies/registry.server'
import { now } from '~/domain/now'
import { Conflict, Forbidden, NotFound, RuleViolation } from '~/domain/errors'
import { recordAudit, type Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { minimumLevelRank } from '../selection/bid-assessment.server'
import { quoteCommitment } from './bid-commitment'
import { bidVisibilityOf } from './bid-visibility.server'
import { lockNeed } from '../needs/need-access.server'
import { registrationDeadline } from '../needs/publish-rules'

type Tx = Db
type Need = typeof needs.$inferSelect
type Bid = typeof bids.$inferSelect

export interface BidInput {
  /** Integer fen, > 0, ≤ the need's ceiling when it has one. */
  quoteFen: number
  /** Committed service days C, integer ≥ 1, ≤ the need's S. */
  committedDays: number
  note: string
  team: string
}

const actorOf = (user: SessionUser): Actor => ({ userId: user.id, organisationId: user.organisationId })

/** A fresh commitment nonce: 16 random bytes as 32 hex digits, one per bid revision. */
export function newCommitmentNonce(): string {
  return randomBytes(16).toString('hex')
}

function assertAgency(user: SessionUser) {
  if (user.role !== 'agency' || user.organisationKind !== 'agency') throw new Forbidden()
}

/** The need accepts bids: open, and the server clock is before the first late instant. */
function assertWindowOpen(need: Need) {
  if (need.state !== 'open') throw new Conflict('needs.bids.errors.notOpen', { state: need.state })
  const deadline = registrationDeadline(need.registrationClosesOn)
  if (now().getTime() >= deadline.getTime()) {
    throw new Conflict('needs.bids.errors.windowClosed', {
      closesOn: need.registrationClosesOn,
      deadline: deadline.toISOString(),
    })
  }
}

function validateInput(need: Need, input: BidInput) {
  const { quoteFen, committedDays } = input
  if (!Number.isSafeInteger(quoteFen) || quoteFen <= 0)
    throw new RuleViolation('needs.bids.validation.quoteInvalid', {}, 'quoteFen')
  if (need.priceCeilingFen !== null && quoteFen > need.priceCeilingFen) {
    throw new RuleViolation(
      'needs.bids.validation.quoteAboveCeiling',
      { quoteFen, ceilingFen: need.priceCeilingFen },
      'quoteFen',
    )
  }
  if (!Number.isSafeInteger(committedDays) || committedDays <= 0) {
    throw new RuleViolation('needs.bids.validation.daysInvalid', {}, 'committedDays')
  }
  if (committedDays > need.serviceDays) {
    throw new RuleViolation(
      'needs.bids.validation.daysAboveLimit',
      { C: committedDays, S: need.serviceDays },
      'committedDays',
    )
  }
  if (typeof input.note !== 'string' || typeof input.team !== 'string')
    throw new RuleViolation('validation.required', {}, typeof input.note !== 'string' ? 'note' : 'team')
}

/** THE eligibility check (agencyEligibility), with the need's service type and minimum level rank. */
async function assertEligible(tx: Tx, need: Need, organisationId: string) {
  const result = await agencyEligibility(tx, organisationId, need.serviceTypeId, await minimumLevelRank(tx, need))
  if (!result.eligible) throw new RuleViolation(`terms.ineligible.${result.reason}`, { reason: result.reason })
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    if (typeof e === 'object' && (e as { code?: unknown }).code === '23505') return true
    e = typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined
  }
  return false
}

/**
 * The bidding agency's `organisations` row `FOR SHARE`, taken FIRST by every bid change that
 * checks eligibility (before the need's lock): a blacklisting (`listAgency`) locks the same row
 * `FOR UPDATE` before it disqualifies the agency's live bids, so a listing and a bid take turns.
 * Either the bid commits first and the listing then finds (and disqualifies) it, or the listing
 * commits first and the bid's eligibility check, run after this lock, sees the entry and refuses
 * with `blacklisted`. One lock order everywhere: agency → need → bid (the listing takes
 * agency → bids and never a need; award, selection and withdrawal take need → bid).
 */
async function shareAgencyLock(tx: Tx, organisationId: string): Promise<void> {
  await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).for('share')
}

/** The caller's own live bid, locked; another agency's bid is indistinguishable from a missing one. */
async function lockOwnBid(tx: Tx, user: SessionUser, bidId: string): Promise<Bid> {
  const [bid] = await tx
    .select()
    .from(bids)
    .where(and(eq(bids.id, bidId), eq(bids.agencyOrganisationId, user.organisationId)))
    .for('update')
  if (!bid) throw new NotFound()
  return bid
}

/**
 * The caller's own bid and its need, both locked (the need first, as every change here), for a
 * change while the window is open: the bid must still be live.
 */
async function lockOwnLiveBid(tx: Tx, user: SessionUser, bidId: string): Promise<{ need: Need; bid: Bid }> {
  const [peek] = await tx
    .select({ needId: bids.needId })
    .from(bids)
    .where(and(eq(bids.id, bidId), eq(bids.agencyOrganisationId, user.organisationId)))
  if (!peek) throw new NotFound()
  const need = await lockNeed(tx, peek.needId)
  const bid = await lockOwnBid(tx, user, bidId)
  if (bid.status !== 'live') throw new Conflict('needs.bids.errors.notLive', { status: bid.status })
  assertWindowOpen(need)
  return { need, bid }
}

/** Writes version `revision` of the bid from the input with a fresh commitment nonce; returns the nonce. */
async function addRevision(tx: Tx, bidId: string, revision: number, input: BidInput, at: Date): Promise<string> {
  const nonce = newCommitmentNonce()
  await tx.insert(bidRevisions).values({
    bidId,
    revision,
    quoteFen: input.quoteFen,
    committedDays: input.committedDays,
    note: input.note,
    team: input.team,
    commitmentNonce: nonce,
    at,
  })
  return nonce
}

// ── Changes ──────────────────────────────────────────────────────────────────

export async function submitBid(
  db: Db,
  user: SessionUser,
  needId: string,
  input: BidInput,
): Promise<{ bidId: string }> {
  assertAgency(user)
  try {
    return await db.transaction(async (tx) => {
      await shareAgencyLock(tx, user.organisationId)
      const need = await lockNeed(tx, needId)
      assertWindowOpen(need)
      validateInput(need, input)
      await assertEligible(tx, need, user.organisationId)
      const [live] = await tx
        .select({ id: bids.id })
        .from(bids)
        .where(
          and(eq(bids.needId, needId), eq(bids.agencyOrganisationId, user.organisationId), eq(bids.status, 'live')),
        )
      if (live) throw new Conflict('needs.bids.errors.alreadyBid', { bidId: live.id })
      const at = now()
      const [row] = await tx
        .insert(bids)
        .values({
          needId,
          agencyOrganisationId: user.organisationId,
          quoteFen: input.quoteFen,
          committedDays: input.committedDays,
          note: input.note,
          team: input.team,
          status: 'live',
          revision: 1,
          submittedAt: at,
          updatedAt: at,
        })
        .returning({ id: bids.id })
      const nonce = await addRevision(tx, row.id, 1, input, at)
      await recordAudit(tx, {
        actor: actorOf(user),
        action: 'bid.submitted',
        entityType: 'bid',
        entityId: row.id,
        payload: {
          needId,
          bidId: row.id,
          revision: 1,
          quoteCommitment: quoteCommitment(row.id, 1, input.quoteFen, input.committedDays, nonce),
        },
      })
      return { bidId: row.id }
    })
  } catch (error) {
    // A concurrent second submit loses on the partial unique index "one live bid per agency per need".
    if (isUniqueViolation(error)) throw new Conflict('needs.bids.errors.alreadyBid')
    throw error
  }
}

/** Replaces the caller's live bid with a new version; every version stays in bid_revisions. */
export async function reviseBid(
  db: Db,
  user: SessionUser,
  bidId: string,
  input: BidInput,
): Promise<{ bidId: string; revision: number }> {
  assertAgency(user)
  return db.transaction(async (tx) => {
    await shareAgencyLock(tx, user.organisationId)
    const { need, bid } = await lockOwnLiveBid(tx, user, bidId)
    validateInput(need, input)
    await assertEligible(tx, need, user.organisationId)
    const at = now()
    // The current version is already in bid_revisions (with its nonce) unless the bid predates
    // the nonce: then it is kept here, nonce NULL, as before (see the file comment).
    await tx
      .insert(bidRevisions)
      .values({
        bidId: bid.id,
        revision: bid.revision,
        quoteFen: bid.quoteFen,
        committedDays: bid.committedDays,
        note: bid.note,
        team: bid.team,
        commitmentNonce: null,
        at: bid.updatedAt,
      })
      .onConflictDoNothing({ target: [bidRevisions.bidId, bidRevisions.revision] })
    const revision = bid.revision + 1
    const nonce = await addRevision(tx, bid.id, revision, input, at)
    await tx
      .update(bids)
      .set({
        quoteFen: input.quoteFen,
        committedDays: input.committedDays,
        note: input.note,
        team: input.team,
        revision,
        updatedAt: at,
      })
      .where(eq(bids.id, bid.id))
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'bid.revised',
      entityType: 'bid',
      entityId: bid.id,
      payload: {
        needId: need.id,
        bidId: bid.id,
        revision,
        quoteCommitment: quoteCommitment(bid.id, revision, input.quoteFen, input.committedDays, nonce),
      },
    })
    return { bidId: bid.id, revision }
  })
}

/** Withdraws the caller's live bid; only while the window is open. */
export async function withdrawBid(db: Db, user: SessionUser, bidId: string): Promise<void> {
  assertAgency(user)
  await db.transaction(async (tx) => {
    const { need, bid } = await lockOwnLiveBid(tx, user, bidId)
    await tx.update(bids).set({ status: 'withdrawn', updatedAt: now() }).where(eq(bids.id, bid.id))
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'bid.withdrawn',
      entityType: 'bid',
      entityId: bid.id,
      payload: { needId: need.id, bidId: bid.id, revision: bid.revision },
    })
  })
}

// ── Sealed reads ─────────────────────────────────────────────────────────────

type Revision = typeof bidRevisions.$inferSelect

/** Every bid_revisions row of the given bids, oldest revision first. */
async function revisionsOf(db: Db, bidIds: string[]): Promise<Revision[]> {
  if (!bidIds.length) return []
  return db.select().from(bidRevisions).where(inArray(bidRevisions.bidId, bidIds)).orderBy(asc(bidRevisions.revision))
}

/** The earlier versions of a bid (the current version's row is not history). */
const earlierVersions = (bid: Bid, rows: Revision[]) =>
  rows.filter((r) => r.bidId === bid.id && r.revision < bid.revision)

/** The caller agency's own bids on the need (live and withdrawn), each with its earlier versions. Nothing of anyone else's. */
export async function bidsForAgency(db: Db, user: SessionUser, needId: string) {
  assertAgency(user)
  const [need] = await db.select({ id: needs.id }).from(needs).where(eq(needs.id, needId))
  if (!need) throw new NotFound()
  const own = await db
    .select()
    .from(bids)
    .where(and(eq(bids.needId, needId), eq(bids.agencyOrganisationId, user.organisationId)))
    .orderBy(desc(bids.submittedAt))
  const history = await revisionsOf(
    db,
    own.map((b) => b.id),
  )
  // The nonces are revealed only after the close, by bidsAfterClose.
  return own.map((bid) => ({
    ...bid,
    revisions: earlierVersions(bid, history).map(({ commitmentNonce: _nonce, ...r }) => r),
  }))
}

/** For the need's owner: only how many live bids there are — never amounts or identities. */
export async function bidCountForOwner(db: Db, user: SessionUser, needId: string): Promise<number> {
  const [need] = await db.select({ owner: needs.ownerOrganisationId }).from(needs).where(eq(needs.id, needId))
  if (!need) throw new NotFound()
  if (user.role !== 'owner' || user.organisationId !== need.owner) throw new Forbidden()
  const [row] = await db
    .select({ n: count() })
    .from(bids)
    .where(and(eq(bids.needId, needId), eq(bids.status, 'live')))
  return row?.n ?? 0
}

/**
 * Every bid on the need, with history, as the owner may see them once the window has closed
 * (`bidVisibility` for the owner is `all`: state past `open`, and not cancelled before the
 * close — such bids stay sealed for ever; docs/sealed-bids.md). Each bid and each earlier
 * version carries its `commitmentNonce` (null for rows from before the nonce), so its audit
 * commitment can be recomputed with `quoteCommitment`.
 */
export async function bidsAfterClose(db: Db, needId: string) {
  const [need] = await db.select({ id: needs.id, state: needs.state }).from(needs).where(eq(needs.id, needId))
  if (!need) throw new NotFound()
  if ((await bidVisibilityOf(db, need, 'owner')) !== 'all') throw new Forbidden('needs.bids.errors.sealed')
  const all = await db.select().from(bids).where(eq(bids.needId, needId)).orderBy(asc(bids.submittedAt))
  const history = await revisionsOf(
    db,
    all.map((b) => b.id),
  )
  return all.map((bid) => ({
    ...bid,
    commitmentNonce: history.find((r) => r.bidId === bid.id && r.revision === bid.revision)?.commitmentNonce ?? null,
    revisions: earlierVersions(bid, history),
  }))
}
