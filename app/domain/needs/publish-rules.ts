/**
 * What publishing a need checks (SPEC §4), and the deadlines that follow from it. Pure: the
 * caller supplies the need as edited, its approval item's limits, the config, the working-day
 * calendar and today's Shanghai date (the publish day).
 *
 * `checkPublish` returns every violation at once (a form shows them all), each with a message
 * key and the numbers the message needs; the need is published only when there are none.
 *
 * Conventions:
 * - The registration window runs from the publish day to the closing date; its length is
 *   `workingDaysBetween(publishDay, closesOn)`, i.e. the working days in (publishDay, closesOn]
 *   — the publish day is not counted (期间开始之日不计算在内). Bids are accepted through the
 *   whole closing day (Asia/Shanghai); the first late instant is 00:00 of the next day
 *   (`registrationDeadline`).
 * - Direct selection is allowed up to the threshold inclusive (以下 includes the number,
 *   民法典 第1259条): a ceiling equal to the threshold passes, one fen more does not. A direct
 *   need may have no ceiling (SPEC §4); the threshold is then enforced on the quotes at
 *   selection (`selection.ts`). After a failed round the threshold does not apply.
 * - Publicity (公示) ends `publicityWorkingDays` working days after the selection day; the
 *   contract is due `contractSigningWorkingDays` working days after the award day.
 */
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { CalendarRangeError } from '~/domain/calendar/working-days'
import type { MarketplaceConfig, SelectionMethod } from '~/domain/config'
import { isCalendarDate, type CalendarDate } from '~/domain/dates'
import { validateWeights, type ComprehensiveWeights } from '../selection/methods'

export interface PublishNeed {
  method: SelectionMethod
  /** 最高限价 in integer fen; may be null only for direct selection. */
  priceCeilingFen: number | null
  /** S: service time limit in working days. */
  serviceLimitDays: number
  /** The last day of the registration window. */
  registrationClosesOn: CalendarDate
  serviceType: {
    id: string
    /** Qualification types the service type requires (any one); empty = none required. */
    qualificationTypeIds: readonly string[]
  }
  /** The qualification the need requires of bidders; the level is optional (null = any level). */
  qualification: { qualificationTypeId: string; maxLevelRank: number | null } | null
  /** Comprehensive scoring weights (published with the need). */
  weights: ComprehensiveWeights | null
  /** A direct need re-posted after a failed round (the amount threshold does not apply). */
  afterFailedRound?: boolean
}

/** The approval item the need's report feeds: L = statutory limit, P = committed processing limit (working days). */
export interface PublishApprovalItem {
  statutoryDays: number
  committedDays: number
}

export type PublishViolationKey =
  | 'needs.publish.approvalItemMissing'
  | 'needs.publish.serviceLimitInvalid'
  | 'needs.publish.serviceLimitExceedsBudget'
  | 'needs.publish.closingDateInvalid'
  | 'needs.publish.closingDateOutsideCalendar'
  | 'needs.publish.windowTooShort'
  | 'needs.publish.priceCeilingInvalid'
  | 'needs.publish.priceCeilingMissing'
  | 'needs.publish.directAboveThreshold'
  | 'needs.publish.qualificationMissing'
  | 'needs.publish.qualificationNotAccepted'
  | 'needs.publish.weightsMissing'
  | 'needs.publish.weightsInvalid'

export interface PublishViolation {
  key: PublishViolationKey
  /** The form field the message belongs to. */
  field:
    | 'approvalItemId'
    | 'serviceLimitDays'
    | 'registrationClosesOn'
    | 'priceCeilingFen'
    | 'method'
    | 'qualificationTypeId'
    | 'weights'
  params: Record<string, string | number>
}

export interface PublishCheck {
  ok: boolean
  violations: PublishViolation[]
  /** The closing date as submitted (the window's last day), when it is a real date. */
  closesOn: CalendarDate | null
  /** Working days in (today, closesOn]; null when it cannot be computed. */
  windowWorkingDays: number | null
  /** The earliest closing date the minimum window allows (for the form's hint); null outside the calendar. */
  earliestClosesOn: CalendarDate | null
}

/** The last day of a window of `windowDays` working days opened on `publishDay` (that day not counted). */
export function windowCloses(publishDay: CalendarDate, windowDays: number, calendar: WorkingDayCalendar): CalendarDate {
  return calendar.addWorkingDays(publishDay, windowDays)
}

/** The last day of the result publicity that starts with a selection on `selectionDay`. */
export function publicityEnds(
  selectionDay: CalendarDate,
  config: MarketplaceConfig,
  calendar: WorkingDayCalendar,
): CalendarDate {
  return calendar.addWorkingDays(selectionDay, config.publicityWorkingDays)
}

/** The last day to sign the contract after an award on `awardDay`. */
export function contractDue(
  awardDay: CalendarDate,
  config: MarketplaceConfig,
  calendar: WorkingDayCalendar,
): CalendarDate {
  return calendar.addWorkingDays(awardDay, config.contractSigningWorkingDays)
}

/** The first instant a bid is late: 00:00 Asia/Shanghai (UTC+8, no DST) of the day after the closing date. */
export function registrationDeadline(closesOn: CalendarDate): Date {
  return new Date(Date.parse(`${closesOn}T00:00:00+08:00`) + 86_400_000)
}

const isPositiveInt = (n: number) => Number.isSafeInteger(n) && n > 0

function guard<T>(compute: () => T): T | CalendarRangeError {
  try {
    return compute()
  } catch (e) {
    if (e instanceof CalendarRangeError) return e
    throw e
  }
}

export function checkPublish(
  need: PublishNeed,
  approvalItem: PublishApprovalItem | null,
  config: MarketplaceConfig,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): PublishCheck {
  const violations: PublishViolation[] = []
  const add = (key: PublishViolationKey, field: PublishViolation['field'], params: PublishViolation['params'] = {}) =>
    violations.push({ key, field, params })

  // The bundled rule: the agency's S must leave the approval department its P within L.
  const S = need.serviceLimitDays
  if (!isPositiveInt(S)) add('needs.publish.serviceLimitInvalid', 'serviceLimitDays', { S })
  if (!approvalItem) add('needs.publish.approvalItemMissing', 'approvalItemId')
  else if (isPositiveInt(S)) {
    const L = approvalItem.statutoryDays
    const P = approvalItem.committedDays
    if (S > L - P) add('needs.publish.serviceLimitExceedsBudget', 'serviceLimitDays', { S, L, P, budget: L - P })
  }

  // The registration window, in working days.
  let closesOn: CalendarDate | null = null
  let windowWorkingDays: number | null = null
  const earliest = guard(() => windowCloses(today, config.minRegistrationWorkingDays, calendar))
  const earliestClosesOn = earliest instanceof CalendarRangeError ? null : earliest
  if (!isCalendarDate(need.registrationClosesOn)) {
    add('needs.publish.closingDateInvalid', 'registrationClosesOn', { date: String(need.registrationClosesOn) })
  } else {
    closesOn = need.registrationClosesOn
    const days = guard(() => calendar.workingDaysBetween(today, need.registrationClosesOn))
    if (days instanceof CalendarRangeError) {
      add('needs.publish.closingDateOutsideCalendar', 'registrationClosesOn', {
        date: need.registrationClosesOn,
        firstYear: days.firstYear,
        lastYear: days.lastYear,
      })
    } else {
      windowWorkingDays = days
      if (days < config.minRegistrationWorkingDays) {
        add('needs.publish.windowTooShort', 'registrationClosesOn', {
          closesOn: need.registrationClosesOn,
          days,
          minDays: config.minRegistrationWorkingDays,
          earliestClosesOn: earliestClosesOn ?? '',
        })
      }
    }
  }

  // Price ceiling and method.
  const ceiling = need.priceCeilingFen
  if (ceiling !== null && !isPositiveInt(ceiling))
    add('needs.publish.priceCeilingInvalid', 'priceCeilingFen', { ceilingFen: ceiling })
  if (ceiling === null && need.method !== 'direct')
    add('needs.publish.priceCeilingMissing', 'priceCeilingFen', { method: need.method })
  if (
    need.method === 'direct' &&
    !need.afterFailedRound &&
    ceiling !== null &&
    ceiling > config.directSelectionThresholdFen
  ) {
    add('needs.publish.directAboveThreshold', 'method', {
      ceilingFen: ceiling,
      thresholdFen: config.directSelectionThresholdFen,
    })
  }

  // Qualification.
  const accepted = need.serviceType.qualificationTypeIds
  if (accepted.length > 0 && !need.qualification)
    add('needs.publish.qualificationMissing', 'qualificationTypeId', { serviceTypeId: need.serviceType.id })
  if (accepted.length > 0 && need.qualification && !accepted.includes(need.qualification.qualificationTypeId)) {
    add('needs.publish.qualificationNotAccepted', 'qualificationTypeId', {
      qualificationTypeId: need.qualification.qualificationTypeId,
      serviceTypeId: need.serviceType.id,
    })
  }

  // Comprehensive weights are published with the need, so they must be right now.
  if (need.method === 'comprehensive') {
    const refusal = validateWeights(need.weights)
    if (refusal)
      add(
        refusal.reason === 'weightsMissing' ? 'needs.publish.weightsMissing' : 'needs.publish.weightsInvalid',
        'weights',
        refusal.params,
      )
  }

  return { ok: violations.length === 0, violations, closesOn, windowWorkingDays, earliestClosesOn }
}
