/**
 * The two ends of a `decideNeed` call that the need modules share: the facts about the need as
 * the state machine reads them (`needFactsOf`), and a refusal turned into the typed error the
 * routes understand (`enforce`). Pure: the callers read the database.
 */
import { now } from '~/domain/now'
import { shanghaiDate } from '~/domain/dates'
import { Conflict, Forbidden, RuleViolation, type DomainError, type MessageParams } from '~/domain/errors'
import type { NeedActor, NeedDecision, NeedFacts, NeedRefusal } from './need-lifecycle'

/** The timed work (and payment reconciliation) as the state machine sees it. */
export const systemNeedActor: NeedActor = { role: 'system', organisationId: null, supervisedServiceTypeIds: [] }

/** What the facts take from the need's row. */
export type NeedFactsRow = Omit<NeedFacts['need'], 'bidderAgencyIds'>

/** The facts about `need` for `actor`, today (Shanghai), with the agencies that have a live bid. */
export function needFactsOf(
  actor: NeedActor,
  need: NeedFactsRow,
  bidderAgencyIds: readonly string[],
  extra: Partial<NeedFacts> = {},
): NeedFacts {
  return {
    actor,
    today: shanghaiDate(now()),
    need: {
      state: need.state,
      ownerOrganisationId: need.ownerOrganisationId,
      serviceTypeId: need.serviceTypeId,
      method: need.method,
      registrationClosesOn: need.registrationClosesOn,
      bidderAgencyIds,
    },
    ...extra,
  }
}

/** The error for a refusal no module maps otherwise: a 409 naming the reason. */
export function refused(reason: NeedRefusal, params: MessageParams): DomainError {
  return new Conflict('needs.errors.refused', { ...params, reason })
}

/**
 * Turns a refusal of the state machine into the typed error routes understand. The refusals
 * every module means the same way are mapped here (forbidden → 403, wrong state → 409, a
 * missing reason → 422 on the `reason` field); the others go to `refusalError` (by default
 * `refused`), which a module passes to give its own refusals their message keys and fields.
 */
export function enforce(
  decision: NeedDecision,
  refusalError: (reason: NeedRefusal, params: MessageParams) => DomainError = refused,
): asserts decision is Extract<NeedDecision, { ok: true }> {
  if (decision.ok) return
  const params = decision.params ?? {}
  switch (decision.reason) {
    case 'forbidden':
      throw new Forbidden()
    case 'wrongState':
      throw new Conflict('needs.errors.wrongState', params)
    case 'reasonRequired':
      throw new RuleViolation('needs.errors.reasonRequired', params, 'reason')
    default:
      throw refusalError(decision.reason, params)
  }
}
