/**
 * Whether an agency may take work of a service type — the one function bids, directory badges
 * and the registry all ask. An agency blacklisted in scope (blacklist-rules `barsOn`) is refused.
 */
import { barsOn, type BlacklistPeriod } from '~/domain/blacklist/blacklist-rules'
import { calendarDaysBetween, type CalendarDate } from '~/domain/dates'
import { registryConfig } from '~/domain/config'

export interface EligibilityAgency {
  status: 'pending' | 'active' | 'rejected' | 'suspended' | 'exited'
  serviceTypeIds: readonly string[]
  qualifications: readonly { qualificationTypeId: string; levelRank: number; validUntil: CalendarDate }[]
  /** The agency's blacklist entries (any state; only those in force and in scope bar it). */
  blacklist: readonly BlacklistPeriod[]
}

export interface EligibilityRequirement {
  serviceTypeId: string
  /** Qualification types of which the agency must hold one; empty = none needed. */
  qualificationTypeIds: readonly string[]
  /** Lowest acceptable level (rank 1 is the highest); undefined = any level. */
  maxLevelRank?: number
}

export type IneligibleReason =
  | 'notActive'
  | 'suspended'
  | 'exited'
  | 'blacklisted'
  | 'serviceTypeNotOffered'
  | 'qualificationMissing'
  | 'qualificationLevelTooLow'
  | 'qualificationExpired'

export type Eligibility = { eligible: true; expiringOn: CalendarDate | null } | { eligible: false; reason: IneligibleReason }

export function eligibility(agency: EligibilityAgency, need: EligibilityRequirement, today: CalendarDate): Eligibility {
  if (agency.status === 'exited') return { eligible: false, reason: 'exited' }
  if (agency.status === 'suspended') return { eligible: false, reason: 'suspended' }
  if (agency.status !== 'active') return { eligible: false, reason: 'notActive' }
  if (agency.blacklist.some((e) => barsOn(e, need.serviceTypeId, today))) return { eligible: false, reason: 'blacklisted' }
  if (!agency.serviceTypeIds.includes(need.serviceTypeId)) return { eligible: false, reason: 'serviceTypeNotOffered' }
  if (need.qualificationTypeIds.length === 0) return { eligible: true, expiringOn: null }
  const ofType = agency.qualifications.filter((q) => need.qualificationTypeIds.includes(q.qualificationTypeId))
  if (ofType.length === 0) return { eligible: false, reason: 'qualificationMissing' }
  const levelOk = ofType.filter((q) => need.maxLevelRank === undefined || q.levelRank <= need.maxLevelRank)
  if (levelOk.length === 0) return { eligible: false, reason: 'qualificationLevelTooLow' }
  const valid = levelOk.filter((q) => q.validUntil >= today)
  if (valid.length === 0) return { eligible: false, reason: 'qualificationExpired' }
  // The certificate that keeps the agency eligible longest decides the warning.
  const best = valid.reduce((a, b) => (a.validUntil >= b.validUntil ? a : b))
  const expiringOn = calendarDaysBetween(today, best.validUntil) <= registryConfig.expiryWarningDays ? best.validUntil : null
  return { eligible: true, expiringOn }
}

export type QualificationValidity = 'valid' | 'expiring' | 'expired'

export function qualificationValidity(validUntil: CalendarDate, today: CalendarDate): QualificationValidity {
  const left = calendarDaysBetween(today, validUntil)
  if (left < 0) return 'expired'
  return left <= registryConfig.expiryWarningDays ? 'expiring' : 'valid'
}
