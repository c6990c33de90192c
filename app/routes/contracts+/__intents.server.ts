/**
 * The contract page's intents, one map per area (each file owns its forms): signing, paying,
 * the service (clock, delivery, acceptance, approval), ending the contract, the ratings. The page's action
 * runs whichever the form names (`runIntents`). Every intent calls one domain function that goes
 * through `actOnContract` (app/domain/contracts/contract-actions.server.ts).
 */
import type { Db } from '#db/client.server'
import type { SessionUser } from '~/utils/auth.server'
import type { MultipartUpload } from '~/utils/upload-form.server'
import { paymentIntents } from './__payment.server'
import { ratingIntents } from './__ratings.server'
import { serviceIntents } from './__service.server'
import { signingIntents } from './__signing.server'
import { terminationIntents } from './__termination.server'

export interface ContractIntentContext {
  db: Db
  user: SessionUser
  contractId: string
  /** Where a successful action lands (the contract page). */
  back: string
  /** The client address from the load context (the signing password's throttle). */
  clientAddress: string
  /** A multipart form as read against its budget (the report upload); absent for the other forms. */
  upload?: MultipartUpload
}

export function contractIntents(ctx: ContractIntentContext) {
  return {
    ...signingIntents(ctx),
    ...paymentIntents(ctx),
    ...serviceIntents(ctx),
    ...terminationIntents(ctx),
    ...ratingIntents(ctx),
  }
}
