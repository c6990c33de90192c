/**
 * Platform rules that are numbers, in one place. (Issue "needs and selection" adds the
 * admin-editable layer on top; these are the defaults.)
 */
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
