/**
 * Sealed bids (SPEC §5): submitting, revising and withdrawing a bid, and the three sealed reads.
 *
 * Every change is one short transaction that checks in a fixed order — who (role, own bid) → the
 * need's state → the server clock against `registrationDeadline` → the input (ceiling, C ≤ S) →
 * eligibility — then writes and appends the audit event. A refused request writes nothing. Locks
 * and round trips, no more than correctness needs (issue 15 §6):
 * - Submitting and revising first take the bidding agency's row `FOR SHARE` (`shareAgencyLock`), so
 *   a blacklisting cannot slip between the eligibility check and the commit.
 * - The need is read `FOR SHARE` (`shareNeed`), not `FOR UPDATE`: bids on one need run side by side.
 *   That is enough because EVERY path that moves a need out of `open` or changes what a bid is
 *   checked against (window, ceiling, service days, service type, minimum level) takes the need
 *   `FOR UPDATE` (`lockNeed`) first, which waits for every bid holding the share lock to commit
 *   and makes every later bid wait for it and re-read the changed row (the only write of a need
 *   row is `moveNeed`, always after `lockNeed`): the close (`close_window`, timed-work
 *   close-window.server.ts) and the owner's `cancel` (needs.server.ts `transition`) are the only
 *   moves out of `open`; the need's fields are edited only while it is a `draft`
 *   (`saveDraftIn`/`publishIn`, which open it — a draft takes no bids). Withdrawing changes only
 *   the bid, under the bid's own row lock. So the close's read of the live bids sees every bid that
 *   was accepted, and no bid is accepted after it.
 * - The same query that shares the need reads the agency's eligibility inputs for it (the
 *   service type's requirement and the minimum level's rank included; eligibility.server.ts), and
 *   `agencyEligibility`'s rule decides from them — one query instead of four or five.
 * - One live bid per agency per need is the partial unique index `bids_one_live`: no pre-check
 *   query; its violation (a second submit, at once or later) is the same Conflict `alreadyBid`.
 * - Lock order everywhere: agency → need → bid.
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
import { randomBytes, randomUUID } from 'node:crypto'
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bidRevisions, bids, needs, organisations } from '#db/schema'
import { agencyInputsJson, eligibilityFromInputs, levelRankSql, requirementJson } from '~/domain/agencies/eligibility.server'
import { now } from '~/domain/now'
import { Conflict, Forbidden, NotFound, RuleViolation } from '~/domain/errors'
import { recordAudit, type Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { quoteCommitment } from './bid-commitment'
import { bidVisibilityOf } from './bid-visibility.server'
import { UUID } from '../needs/need-access.server'
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

/** Only an agency user of an agency organisation bids (Forbidden otherwise). */
export function assertAgency(user: SessionUser) {
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

/**
 * The need `FOR SHARE`, read together with the caller agency's eligibility inputs for it (its
 * service type and minimum level) in ONE query; `where` picks the need. The eligibility is decided
 * only when asked (`assertEligible`), so the checks keep their order. NotFound when there is no
 * such need.
 */
async function shareNeed(tx: Tx, where: SQL, organisationId: string) {
  const [row] = await tx
    .select({
      need: needs,
      agency: agencyInputsJson(organisationId, sql`${needs.serviceTypeId}`),
      requirement: requirementJson(sql`${needs.serviceTypeId}`),
      rank: levelRankSql(sql`${needs.minLevelId}`),
    })
    .from(needs)
    .where(where)
    .for('share')
  if (!row) throw new NotFound()
  return row
}
type SharedNeed = Awaited<ReturnType<typeof shareNeed>>

/** THE eligibility check (`agencyEligibility`'s answer), from the inputs read with the need. */
function assertEligible(shared: SharedNeed) {
  const { need, agency, requirement, rank } = shared
  const result = eligibilityFromInputs(agency, requirement, need.serviceTypeId, rank)
  if (!result.eligible) throw new RuleViolation(`terms.ineligible.${result.reason}`, { reason: result.reason })
}

/** The error is the partial unique index "one live bid per agency per need" refusing a second live bid. */
function isOneLiveBidViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth += 1) {
    const { code, constraint } = (typeof e === 'object' ? e : {}) as { code?: unknown; constraint?: unknown }
    if (code === '23505' && constraint === 'bids_one_live') return true
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
 * The caller's own bid and its need — the need `FOR SHARE` (with the agency's eligibility inputs)
 * found through the bid in one query, then the bid `FOR UPDATE` (the lock order need → bid) — for
 * a change while the window is open: the bid must still be live.
 */
async function lockOwnLiveBid(tx: Tx, user: SessionUser, bidId: string): Promise<SharedNeed & { bid: Bid }> {
  if (!UUID.test(bidId)) throw new NotFound()
  const shared = await shareNeed(
    tx,
    inArray(
      needs.id,
      tx
        .select({ needId: bids.needId })
        .from(bids)
        .where(and(eq(bids.id, bidId), eq(bids.agencyOrganisationId, user.organisationId))),
    ),
    user.organisationId,
  )
  const bid = await lockOwnBid(tx, user, bidId)
  if (bid.status !== 'live') throw new Conflict('needs.bids.errors.notLive', { status: bid.status })
  assertWindowOpen(shared.need)
  return { ...shared, bid }
}

/** Version `revision` of the bid, from the input, with its commitment nonce. */
function revisionRow(bidId: string, revision: number, input: BidInput, nonce: string, at: Date) {
  return {
    bidId,
    revision,
    quoteFen: input.quoteFen,
    committedDays: input.committedDays,
    note: input.note,
    team: input.team,
    commitmentNonce: nonce,
    at,
  }
}

// ── Changes ──────────────────────────────────────────────────────────────────

export async function submitBid(
  db: Db,
  user: SessionUser,
  needId: string,
  input: BidInput,
  { publishedOnly = false }: { publishedOnly?: boolean } = {},
): Promise<{ bidId: string }> {
  assertAgency(user)
  try {
    return await db.transaction(async (tx) => {
      await shareAgencyLock(tx, user.organisationId)
      if (!UUID.test(needId)) throw new NotFound()
      const shared = await shareNeed(tx, eq(needs.id, needId), user.organisationId)
      const { need } = shared
      // The bid form's path: a need never published is not there at all (its notice is a 404).
      if (publishedOnly && (need.state === 'draft' || need.publishedAt === null)) throw new NotFound()
      assertWindowOpen(need)
      validateInput(need, input)
      assertEligible(shared)
      // One live bid per agency per need: the partial unique index refuses a second (below).
      const at = now()
      // The bid and its first version in one statement: the bid's insert as a CTE (run to
      // completion whether read or not; the version's foreign key is checked at the statement's end).
      const row = { id: randomUUID() }
      const nonce = newCommitmentNonce()
      const newBid = tx.$with('new_bid').as(
        tx
          .insert(bids)
          .values({
            id: row.id,
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
          .returning({ id: bids.id }),
      )
      await tx.with(newBid).insert(bidRevisions).values(revisionRow(row.id, 1, input, nonce, at))
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
    // A second submit (at once or later) loses on the partial unique index "one live bid per agency per need".
    if (isOneLiveBidViolation(error)) throw new Conflict('needs.bids.errors.alreadyBid')
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
    const shared = await lockOwnLiveBid(tx, user, bidId)
    const { need, bid } = shared
    validateInput(need, input)
    assertEligible(shared)
    const at = now()
    const revision = bid.revision + 1
    const nonce = newCommitmentNonce()
    // One insert: the current version — already in bid_revisions (with its nonce) unless the bid
    // predates the nonce, then kept here with nonce NULL as before (see the file comment; the
    // existing row wins the conflict) — and the new version with a fresh nonce.
    const written = await tx
      .insert(bidRevisions)
      .values([
        {
          bidId: bid.id,
          revision: bid.revision,
          quoteFen: bid.quoteFen,
          committedDays: bid.committedDays,
          note: bid.note,
          team: bid.team,
          commitmentNonce: null,
          at: bid.updatedAt,
        },
        revisionRow(bid.id, revision, input, nonce, at),
      ])
      .onConflictDoNothing({ target: [bidRevisions.bidId, bidRevisions.revision] })
      .returning({ revision: bidRevisions.revision })
    if (!written.some((r) => r.revision === revision)) throw new Error(`bid ${bid.id}: revision ${revision} already stored`)
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
