/**
 * Signing a contract (issue 13 §1): the signer's password is asked again and checked against its
 * account before anything is decided, then the signature is the state machine's `sign_contract`
 * through `actOnContract` (the follow-up `contract.sign` records signer and time; the audit event
 * `need.contract_signed` carries the SHA-256 of the canonical text that was signed).
 *
 * Order: someone who may not see the contract → 404, a viewer who may not sign now (the
 * regulator: 403; too late, already signed: 409/422) is told so before any password is asked of
 * it; then a wrong password is a refusal at the `password` field (422) and writes nothing. The
 * password is checked outside the transaction (argon2 is slow on purpose), against the signed-in
 * user's own account — never anything the form names. `actOnContract` decides again under the
 * need's lock, so a race between the check and the signature cannot sign twice.
 *
 * The password tries are throttled like logins, on the same record (`beginPasswordTry`, keyed on
 * the user's account and the real client address): a signature's password is the account's
 * password, so guessing it here counts as guessing it at the login. Past the limit the try is
 * refused at the `password` field with 429 and the minutes to wait — the right password too —
 * and nothing is written.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { users } from '#db/schema'
import { beginPasswordTry, passwordTrySucceeded } from '~/domain/accounts/accounts.server'
import { RuleViolation, TooManyRequests } from '~/domain/errors'
import type { SessionUser } from '~/utils/auth.server'
import { verifyPassword } from '~/utils/password.server'
import { decideNeed } from '~/domain/needs/need-lifecycle'
import { enforce } from '~/domain/needs/need-decision'
import { actOnContract, contractRefusal, loadContract, type ContractActionResult } from './contract-actions.server'

/** True when `password` is the user's own (an inactive account has no valid password). */
export async function passwordMatches(db: Db, userId: string, password: string): Promise<boolean> {
  const [row] = await db
    .select({ hash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.id, userId))
  return Boolean(row?.active) && (await verifyPassword(row!.hash, password))
}

export async function signContract(
  db: Db,
  user: SessionUser,
  contractId: string,
  input: { password: string },
  /** The client address from the load context (`clientAddressOf`), for the throttle. */
  address: string,
): Promise<ContractActionResult> {
  const { facts } = await loadContract(db, user, contractId, false)
  enforce(decideNeed('sign_contract', facts), contractRefusal)
  const attempt = await beginPasswordTry(db, user.email, address)
  if (!attempt.allowed) throw new TooManyRequests('contractSigning.throttled', { minutes: attempt.minutes }, 'password')
  if (!(await passwordMatches(db, user.id, input.password)))
    throw new RuleViolation('contractSigning.wrongPassword', {}, 'password')
  await passwordTrySucceeded(db, attempt.attemptId)
  return actOnContract(db, user, contractId, 'sign_contract')
}
