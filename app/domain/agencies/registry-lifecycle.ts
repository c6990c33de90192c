/**
 * The agency registry's state machine: the one place that decides which registry transition is
 * allowed, for whom, and what it leads to. Pure: the caller supplies the facts (current states,
 * the actor's role and supervised service types, open work, cooling-off dates, today).
 *
 *   application: draft ─submit→ pending ─approve→ approved
 *                         pending ─reject(reason)→ rejected ─edit→ draft ─submit→ pending …
 *                         pending ─withdraw→ draft
 *   agency:      pending ─entry approved→ active ─suspend(reason)→ suspended ─reinstate→ active
 *                pending ─entry rejected→ rejected ─entry approved→ active
 *                active|suspended ─exit (voluntary, no open work) | forced exit (regulator)→ exited
 *                exited ─entry approved (after the cooling-off period)→ active
 */
import type { CalendarDate } from '~/domain/dates'
import type { MessageParams } from '~/domain/errors'

export const agencyStatuses = ['pending', 'active', 'rejected', 'suspended', 'exited'] as const
export type AgencyStatus = (typeof agencyStatuses)[number]
export type ApplicationStatus = 'draft' | 'pending' | 'approved' | 'rejected'
export type ApplicationKind = 'entry' | 'change'
export type ActorRole = 'owner' | 'agency' | 'regulator' | 'admin'

export type RegistryAction =
  | 'edit'
  | 'submit'
  | 'withdraw'
  | 'approve'
  | 'reject'
  | 'suspend'
  | 'reinstate'
  | 'exitVoluntary'
  | 'forceExit'

export interface RegistryFacts {
  actor: {
    role: ActorRole
    /** The actor's own organisation (agency actions only on itself). */
    organisationId: string
    /** Service types the regulator's department supervises. */
    supervisedServiceTypeIds: readonly string[]
  }
  agency: {
    organisationId: string
    status: AgencyStatus
    /** Service types the agency offers now (live) — what suspension and exit are judged by. */
    serviceTypeIds: readonly string[]
    /** Open bids or contracts (later issues fill this in). */
    openWork: number
    /** From the latest exit record: the first day a new entry may be submitted. */
    reentryFrom: CalendarDate | null
  }
  /** The application acted on, if any. */
  application: { kind: ApplicationKind; status: ApplicationStatus; serviceTypeIds: readonly string[] } | null
  today: CalendarDate
}

export type RefusalReason =
  | 'forbidden'
  | 'notFound'
  | 'wrongState'
  | 'reasonRequired'
  | 'openWork'
  | 'coolingOff'
  | 'noServiceType'

export interface Outcome {
  agencyStatus: AgencyStatus
  applicationStatus: ApplicationStatus | null
  /** The registry history entry and the notification this transition produces, if any. */
  event: 'approved' | 'rejected' | 'change_approved' | 'change_rejected' | 'suspended' | 'reinstated' | 'exited' | null
  notify: 'applicationApproved' | 'applicationRejected' | 'suspended' | 'reinstated' | 'exited' | 'applicationSubmitted' | null
}

export type Decision = ({ ok: true } & Outcome) | { ok: false; reason: RefusalReason; params?: MessageParams }

const refuse = (reason: RefusalReason, params?: MessageParams): Decision => ({ ok: false, reason, params })

/** A regulator may act on an agency when its department supervises at least one of the service types; admin always. */
export function supervises(actor: RegistryFacts['actor'], serviceTypeIds: readonly string[]): boolean {
  if (actor.role === 'admin') return true
  if (actor.role !== 'regulator') return false
  return serviceTypeIds.some((id) => actor.supervisedServiceTypeIds.includes(id))
}

export function decide(action: RegistryAction, facts: RegistryFacts, options: { reason?: string } = {}): Decision {
  const { actor, agency, application, today } = facts
  const self = actor.role === 'agency' && actor.organisationId === agency.organisationId
  const reason = options.reason?.trim() ?? ''
  const keep = { agencyStatus: agency.status, event: null, notify: null } as const

  switch (action) {
    case 'edit':
    case 'submit': {
      if (!self) return refuse('forbidden')
      const kind: ApplicationKind = application?.kind ?? (agency.status === 'active' || agency.status === 'suspended' ? 'change' : 'entry')
      if (application && !['draft', 'rejected'].includes(application.status)) return refuse('wrongState')
      if (kind === 'change' && agency.status !== 'active') return refuse('wrongState')
      if (kind === 'entry' && agency.status === 'exited' && agency.reentryFrom && today < agency.reentryFrom) {
        return refuse('coolingOff', { date: agency.reentryFrom })
      }
      if (kind === 'entry' && !['pending', 'rejected', 'exited'].includes(agency.status)) return refuse('wrongState')
      if (action === 'edit') return { ok: true, ...keep, applicationStatus: 'draft' }
      if (!application || application.serviceTypeIds.length === 0) return refuse('noServiceType')
      return { ok: true, ...keep, applicationStatus: 'pending', notify: 'applicationSubmitted' }
    }
    case 'withdraw': {
      if (!self) return refuse('forbidden')
      if (application?.status !== 'pending') return refuse('wrongState')
      return { ok: true, ...keep, applicationStatus: 'draft' }
    }
    case 'approve':
    case 'reject': {
      if (!application) return refuse('notFound')
      if (!supervises(actor, application.serviceTypeIds)) return refuse('forbidden')
      if (application.status !== 'pending') return refuse('wrongState')
      if (action === 'reject' && !reason) return refuse('reasonRequired')
      if (application.kind === 'entry' && agency.status === 'exited' && agency.reentryFrom && today < agency.reentryFrom) {
        return refuse('coolingOff', { date: agency.reentryFrom })
      }
      if (application.kind === 'change' && agency.status !== 'active') return refuse('wrongState')
      if (action === 'approve') {
        return {
          ok: true,
          agencyStatus: 'active',
          applicationStatus: 'approved',
          event: application.kind === 'entry' ? 'approved' : 'change_approved',
          notify: 'applicationApproved',
        }
      }
      return {
        ok: true,
        agencyStatus: application.kind === 'entry' && agency.status === 'pending' ? 'rejected' : agency.status,
        applicationStatus: 'rejected',
        event: application.kind === 'entry' ? 'rejected' : 'change_rejected',
        notify: 'applicationRejected',
      }
    }
    case 'suspend':
    case 'reinstate': {
      if (!supervises(actor, agency.serviceTypeIds)) return refuse('forbidden')
      if (!reason) return refuse('reasonRequired')
      if (action === 'suspend') {
        if (agency.status !== 'active') return refuse('wrongState')
        return { ok: true, agencyStatus: 'suspended', applicationStatus: null, event: 'suspended', notify: 'suspended' }
      }
      if (agency.status !== 'suspended') return refuse('wrongState')
      return { ok: true, agencyStatus: 'active', applicationStatus: null, event: 'reinstated', notify: 'reinstated' }
    }
    case 'exitVoluntary': {
      if (!self) return refuse('forbidden')
      if (!['active', 'suspended'].includes(agency.status)) return refuse('wrongState')
      if (agency.openWork > 0) return refuse('openWork', { count: agency.openWork })
      return { ok: true, agencyStatus: 'exited', applicationStatus: null, event: 'exited', notify: 'exited' }
    }
    case 'forceExit': {
      if (!supervises(actor, agency.serviceTypeIds)) return refuse('forbidden')
      if (!reason) return refuse('reasonRequired')
      if (!['active', 'suspended'].includes(agency.status)) return refuse('wrongState')
      return { ok: true, agencyStatus: 'exited', applicationStatus: null, event: 'exited', notify: 'exited' }
    }
  }
}
