/**
 * The actions a page may offer on a need, asked of the state machine (need-lifecycle.ts): an
 * action is offered when `decideNeed` does not refuse it for who the actor is or the state the
 * need is in. What the action itself needs (the publish rules, a reason, a valid bid) is checked
 * when it is taken, and may still refuse it with a message at the form. Pure.
 */
import { decideNeed, needActions, type NeedAction, type NeedFacts } from './need-lifecycle'

/** The actions the actor may take on the need as it stands (its role and the need's state allow them). */
export function offeredNeedActions(facts: NeedFacts, among: readonly NeedAction[] = needActions): NeedAction[] {
  return among.filter((action) => {
    const decision = decideNeed(action, facts)
    return decision.ok || (decision.reason !== 'forbidden' && decision.reason !== 'wrongState')
  })
}

/** The owner's forms on its need page, each named by the intent it submits. */
export type OwnerNeedForm = 'save' | 'publish' | 'cancel' | 'pick' | 'repost' | 'switchToDirect'

const OWNER_FORMS: readonly (readonly [NeedAction, OwnerNeedForm])[] = [
  ['publish', 'publish'],
  ['cancel', 'cancel'],
  ['select', 'pick'],
  ['repost', 'repost'],
  ['switch_to_direct', 'switchToDirect'],
]

/**
 * The owner's forms for a need (null: a new need, which can only be saved). A draft is edited
 * exactly where it may be published: the publish button sends what is on screen.
 */
export function ownerNeedForms(facts: NeedFacts | null): OwnerNeedForm[] {
  if (!facts) return ['save']
  const offered = new Set(offeredNeedActions(facts, OWNER_FORMS.map(([action]) => action)))
  const forms = OWNER_FORMS.filter(([action]) => offered.has(action)).map(([, form]) => form)
  return offered.has('publish') ? ['save', ...forms] : forms
}
