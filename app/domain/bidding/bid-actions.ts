/**
 * What an agency may do with its bid on a need (SPEC §4), for the page to show only the forms
 * that can succeed; bids.server.ts has the last word (it checks the same window under a lock).
 * Pure: the caller supplies the need's state and closing date, the instant, the agency's live
 * bid and its eligibility.
 */
import type { NeedState } from '~/domain/needs/need-lifecycle'
import { registrationDeadline } from '~/domain/needs/publish-rules'

export type BidAction = 'submit' | 'revise' | 'withdraw'

export interface BidActionFacts {
  state: NeedState
  registrationClosesOn: string
  now: Date
  hasLiveBid: boolean
  /** Why the agency may not bid (agencyEligibility), or null when it may. */
  ineligibleReason: string | null
}

/** The registration window takes bids: the need is open and the first late instant has not come. */
export function windowTakesBids(facts: Pick<BidActionFacts, 'state' | 'registrationClosesOn' | 'now'>): boolean {
  return facts.state === 'open' && facts.now.getTime() < registrationDeadline(facts.registrationClosesOn).getTime()
}

/** The bid actions open to the agency: none once the window has closed; a new bid only when eligible and none is live. */
export function bidActions(facts: BidActionFacts): BidAction[] {
  if (!windowTakesBids(facts)) return []
  if (facts.hasLiveBid) return facts.ineligibleReason ? ['withdraw'] : ['revise', 'withdraw']
  return facts.ineligibleReason ? [] : ['submit']
}
