/**
 * Platform rules that are numbers, in one place. (Issue "needs and selection" adds the
 * admin-editable layer on top; these are the defaults.)
 */
import { defaultTierThresholds, type TierThresholds } from '~/domain/credit/credit'
export const registryConfig = {
  /** Calendar days after a forced exit (清退) before a new entry application is accepted. */
  coolingOffDaysAfterForcedExit: 365,
  /** Calendar days after a voluntary exit before re-entry (none). */
  coolingOffDaysAfterVoluntaryExit: 0,
  /** A qualification expiring within this many calendar days is flagged. */
  expiryWarningDays: 30,
  /** Largest certificate scan accepted. */
  maxUploadBytes: 10 * 1024 * 1024,
} as const

export type SelectionMethod = 'direct' | 'random' | 'lowest_price' | 'comprehensive'

/** A share as an exact fraction (no floating point at the boundary). */
export interface Share {
  numerator: number
  denominator: number
}

export interface MarketplaceConfig {
  /** Shortest registration window, in working days between the publish day and the closing date (publish day not counted). */
  minRegistrationWorkingDays: number
  /** Result publicity (公示), in working days after the selection day. */
  publicityWorkingDays: number
  /** The contract must be signed within this many working days of the award. */
  contractSigningWorkingDays: number
  /** Fewer valid bids than this and the round fails (流标). */
  minValidBids: Readonly<Record<SelectionMethod, number>>
  /** Direct selection (直接选取) only up to this price ceiling, inclusive (以下 includes the number); not after a failed round. */
  directSelectionThresholdFen: number
  /** After a failed round the owner may switch the need to direct selection among its valid bids. */
  allowDirectAfterFailedRound: boolean
  /** A valid quote strictly below this share of the valid quotes' mean is flagged as abnormally low. */
  abnormallyLowShare: Readonly<Share>
  /** Comprehensive scoring: values used when a bidder has no credit score or no rating yet (shown as defaulted). */
  comprehensiveDefaults: {
    /** Credit score 0–100 assumed for an agency without one. */
    creditScore: number
    /** Rating average assumed for an agency never rated, in hundredths (300 = 3.00 of 5, the neutral middle). */
    ratingHundredths: number
  }
  /** The lowest credit score of tiers A, B and C (D below C); bounds in app/domain/credit/credit.ts `tierThresholdBounds`. */
  creditTiers: Readonly<TierThresholds>
}

/**
 * Needs, bids and selection (SPEC §4, §5): the platform defaults. The admin-editable layer comes
 * with the needs issue: it stores overrides and merges them over these values, and every rule
 * takes the merged `MarketplaceConfig` as an argument rather than reading this constant.
 */
export const marketplaceConfig: Readonly<MarketplaceConfig> = {
  minRegistrationWorkingDays: 3,
  publicityWorkingDays: 3,
  contractSigningWorkingDays: 5,
  minValidBids: { random: 3, lowest_price: 3, comprehensive: 3, direct: 1 },
  directSelectionThresholdFen: 10_000_000,
  allowDirectAfterFailedRound: true,
  abnormallyLowShare: { numerator: 70, denominator: 100 },
  comprehensiveDefaults: { creditScore: 60, ratingHundredths: 300 },
  creditTiers: defaultTierThresholds,
}

/** The service phase (SPEC §6, §7): the platform defaults. */
export const serviceConfig = {
  /** The most working days one extension of C may add. */
  maxExtensionWorkingDays: 60,
  /** Working days the owner has to accept or return a delivery before reminders start. */
  acceptanceReviewWorkingDays: 10,
  /** After this many more working days without an answer, the supervising regulator sees it. */
  acceptanceEscalationWorkingDays: 5,
  /** Largest report (PDF) accepted. */
  maxReportBytes: 20 * 1024 * 1024,
  /** Currency of every payment (amounts are integer fen). */
  currency: 'cny',
} as const

/** Ratings (SPEC §8, issue 14): the platform defaults. */
export const ratingConfig = {
  /** The owner rates within this many working days after the acceptance day (the day itself not counted). */
  ownerRatingWorkingDays: 15,
} as const

/**
 * The regulator's and the admin office's work queues (issue 14 §6): how long each kind of work
 * may wait, in working days (the calendar's), counted from the day it arose (that day not
 * counted). The product sets no statutory deadline for these; the numbers are the platform's.
 */
export const workspaceConfig = {
  /**
   * An objection (异议) to a result, from the day it was filed: the award waits for the ruling,
   * so it gets the answer period of a procurement challenge (质疑, 7 working days, 政府采购法 §53).
   */
  objectionRulingWorkingDays: 7,
  /** An agency whose credit dropped to tier D, from the day of the ledger event that dropped it: the supervising regulator reviews it. */
  agencyAtDReviewWorkingDays: 10,
  /** A blacklist appeal, from the day it was filed: the admin office decides it. */
  appealDecisionWorkingDays: 15,
} as const

/**
 * Credit repair (信用修复, issue 14 §4): the platform defaults (product choices, documented in
 * app/domain/credit/repair-rules.ts).
 */
export const repairConfig = {
  /**
   * Working days after a negative event's date (the day itself not counted) before the agency may
   * apply to repair it: about a calendar month in which the consequences run (a correction period).
   */
  waitWorkingDays: 20,
  /** The supervising regulator decides within this many working days of the application (the queue's due date). */
  decisionWorkingDays: 10,
  /** Most evidence files attached to one application. */
  maxEvidenceFiles: 5,
} as const

/** Complaints (SPEC §8, issue 14 §5): the platform defaults. */
export const complaintConfig = {
  /** The regulator accepts a complaint or rejects it as invalid within this many working days of the filing day. */
  acceptWorkingDays: 3,
  /** The regulator answers (reaches a final state) within this many working days of the filing day. */
  answerWorkingDays: 10,
  /** The longest complaint text, in characters. */
  maxTextChars: 4000,
  /** Largest attachment accepted (a PDF or a scan, checked like a certificate scan). */
  maxAttachmentBytes: registryConfig.maxUploadBytes,
} as const
