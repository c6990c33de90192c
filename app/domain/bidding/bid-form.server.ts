/**
 * The agency's bid form on a need, as the domain sees it: the form's values (quote in yuan)
 * become a `BidInput` (fen), the caller's live bid is found by the need, and a rule that names
 * a `BidInput` field names the form's field instead (`quoteFen` → `quote`), so the refusal shows
 * where the agency typed it. Every call is one transaction of bids.server.ts.
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { bids } from '#db/schema'
import { Conflict, RuleViolation } from '~/domain/errors'
import { yuanToFen } from '~/domain/needs/schemas'
import type { SessionUser } from '~/utils/auth.server'
import { assertAgency, reviseBid, submitBid, withdrawBid, type BidInput } from './bids.server'
import type { BidFormValue } from './schemas'

/** The bid form's field for each `BidInput` field whose name differs. */
const FORM_FIELDS: Record<string, string> = { quoteFen: 'quote' }

async function atFormFields<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof RuleViolation && error.field && error.field in FORM_FIELDS) {
      throw new RuleViolation(error.messageKey, error.params, FORM_FIELDS[error.field])
    }
    throw error
  }
}

const inputOf = (value: BidFormValue): BidInput => ({
  quoteFen: yuanToFen(value.quote) ?? 0,
  committedDays: value.committedDays,
  note: value.note,
  team: value.team,
})

/** The caller's live bid on the need (one query); none is a Conflict (withdrawn, disqualified, or never made). */
async function liveBidId(db: Db, user: SessionUser, needId: string): Promise<string> {
  assertAgency(user)
  const [live] = await db
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.needId, needId), eq(bids.agencyOrganisationId, user.organisationId), eq(bids.status, 'live')))
  if (!live) throw new Conflict('needs.bids.errors.notLive')
  return live.id
}

/** Submits from the form; a need that was never published is NotFound, as its notice (checked in the bid's own transaction). */
export function submitBidForm(db: Db, user: SessionUser, needId: string, value: BidFormValue) {
  return atFormFields(() => submitBid(db, user, needId, inputOf(value), { publishedOnly: true }))
}

export async function reviseLiveBid(db: Db, user: SessionUser, needId: string, value: BidFormValue) {
  const bidId = await liveBidId(db, user, needId)
  return atFormFields(() => reviseBid(db, user, bidId, inputOf(value)))
}

export async function withdrawLiveBid(db: Db, user: SessionUser, needId: string) {
  return withdrawBid(db, user, await liveBidId(db, user, needId))
}
