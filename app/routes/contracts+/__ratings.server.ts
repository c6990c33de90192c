import {
  DepartmentRatingSchema,
  HideRatingTextSchema,
  OwnerRatingSchema,
  RatingReplySchema,
} from '~/domain/ratings/ratings'
import { hideRatingText, rateAsDepartment, rateAsOwner, replyToRating } from '~/domain/ratings/ratings.server'
import { contractIntentOf } from './__contract-intent.server'
import type { ContractIntentContext } from './__intents.server'

/**
 * The contract page's rating forms: the owner rates, the supervising department rates, the
 * agency replies, the supervising regulator hides a text. Each calls one function of
 * app/domain/ratings/ratings.server.ts.
 */
export function ratingIntents(ctx: ContractIntentContext) {
  const contractIntent = contractIntentOf(ctx)
  return {
    rateOwner: contractIntent(OwnerRatingSchema, rateAsOwner, 'ratings.toast.rated'),
    rateDepartment: contractIntent(DepartmentRatingSchema, rateAsDepartment, 'ratings.toast.rated'),
    ratingReply: contractIntent(RatingReplySchema, replyToRating, 'ratings.toast.replied'),
    ratingHide: contractIntent(HideRatingTextSchema, hideRatingText, 'ratings.toast.hidden'),
  }
}
