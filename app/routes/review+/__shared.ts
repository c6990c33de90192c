/** Values the review screens share between server and browser code. */
export const agencyStatuses = ['pending', 'active', 'rejected', 'suspended', 'exited'] as const
export type AgencyStatus = (typeof agencyStatuses)[number]
