/**
 * Moved to app/components/review/common.tsx (issue 12 item 4). Kept for the routes outside the
 * registry area that still import it from here; the lead removes it once they import the new place.
 */
export { AgencyStatus, BackLink, CatalogueName, FormProblemNotice, Instant, RadioGroup, formProblemOf } from '~/components/review/common'
export type { FormProblem } from '~/components/review/common'
