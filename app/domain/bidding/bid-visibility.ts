/**
 * Who may see what of a need's bids (SPEC §5 "Sealed bids"), decided once: the table below is
 * docs/sealed-bids.md, and every read that shows bids asks `bidVisibility` instead of keeping
 * its own list of sealed states. Pure.
 *
 * Phases of a need's bids:
 * - `draft`: not published, no bid can exist.
 * - `sealed`: the registration window is open (`open`, even past its last day until the timed
 *   work closes it): nobody but each bidder sees a bid; the owner sees how many are live.
 * - `unsealed`: the window closed (the need reached `evaluating`) and the need is not cancelled:
 *   the owner sees every bid, everyone else the published result (results.server).
 * - `cancelledSealed`: cancelled before the window closed (from `draft` or `open`): sealed for
 *   ever, for everyone — at most the count.
 * - `cancelledUnsealed`: cancelled after the close (from `evaluating`): the owner keeps the bids
 *   it already saw; the regulator keeps the result it ruled on (objection pages); nothing is
 *   published — other agencies, the admin and the public see at most the count.
 * Each bidder always sees its own bid (viewer `bidder`); what a bidder sees of the OTHER bids is
 * the `agency` column.
 */
import type { NeedState } from '../needs/need-lifecycle'

export const bidViewers = ['owner', 'bidder', 'agency', 'regulator', 'admin', 'public'] as const
/** `bidder`: the agency looking at its own bid; `agency`: any agency looking at bids not its own. */
export type BidViewer = (typeof bidViewers)[number]

/**
 * - `none`: nothing, not even how many bids there are;
 * - `count`: the number of bids only;
 * - `result`: the published result of selection (results.server `publicResult`: winners, the
 *   quotes of price methods, names of excluded bids — never notes or teams);
 * - `all`: every bid with all its fields (for `bidder`: its own bid).
 */
export type BidVisibility = 'none' | 'count' | 'result' | 'all'

export const bidPhases = ['draft', 'sealed', 'unsealed', 'cancelledSealed', 'cancelledUnsealed'] as const
export type BidPhase = (typeof bidPhases)[number]

export const bidVisibilityTable: Readonly<Record<BidPhase, Readonly<Record<BidViewer, BidVisibility>>>> = {
  draft: { owner: 'count', bidder: 'all', agency: 'none', regulator: 'none', admin: 'none', public: 'none' },
  sealed: { owner: 'count', bidder: 'all', agency: 'none', regulator: 'none', admin: 'none', public: 'none' },
  unsealed: { owner: 'all', bidder: 'all', agency: 'result', regulator: 'result', admin: 'result', public: 'result' },
  cancelledSealed: { owner: 'count', bidder: 'all', agency: 'count', regulator: 'count', admin: 'count', public: 'count' },
  cancelledUnsealed: { owner: 'all', bidder: 'all', agency: 'count', regulator: 'result', admin: 'count', public: 'count' },
}

export interface BidVisibilityFacts {
  state: NeedState
  /**
   * For a cancelled need: the state it was cancelled from (the `need.cancelled` audit event's
   * `from`). Unknown (null) counts as before the close — sealed — never the other way round.
   */
  cancelledFrom?: NeedState | null
}

/** States from which a cancel happened before the registration window closed. */
const beforeClose: readonly NeedState[] = ['draft', 'open']

export function bidPhase({ state, cancelledFrom = null }: BidVisibilityFacts): BidPhase {
  switch (state) {
    case 'draft':
      return 'draft'
    case 'open':
      return 'sealed'
    case 'cancelled':
      return cancelledFrom === null || beforeClose.includes(cancelledFrom) ? 'cancelledSealed' : 'cancelledUnsealed'
    default:
      return 'unsealed'
  }
}

/** What `viewer` may see of the need's bids. */
export function bidVisibility(facts: BidVisibilityFacts, viewer: BidViewer): BidVisibility {
  return bidVisibilityTable[bidPhase(facts)][viewer]
}

/** Whether `visibility` lets the viewer see at least `needed` (none < count < result < all). */
export function allows(visibility: BidVisibility, needed: BidVisibility): boolean {
  const order: readonly BidVisibility[] = ['none', 'count', 'result', 'all']
  return order.indexOf(visibility) >= order.indexOf(needed)
}
