/**
 * Publishing refused by the publish rules (publish-rules.ts): every violation at once, each at
 * the field of the need form (NeedDraftSchema) it belongs to, with the numbers its message
 * shows; the summary (`needs.errors.publishRefused`, with the count) goes above the form.
 */
import { RuleViolations } from '~/domain/errors'
import type { PublishViolation } from './publish-rules'
import { publishViolationParams } from './schemas'

/** The need form's field for each field a publish rule names (the rules name the stored columns). */
export const PUBLISH_VIOLATION_FIELDS: Readonly<Record<PublishViolation['field'], string>> = {
  approvalItemId: 'approvalItemId',
  serviceLimitDays: 'serviceDays',
  registrationClosesOn: 'registrationClosesOn',
  priceCeilingFen: 'priceCeiling',
  method: 'method',
  qualificationTypeId: 'qualificationTypeId',
  weights: 'weights',
}

export class PublishRefused extends RuleViolations {
  constructor(readonly violations: readonly PublishViolation[]) {
    super(
      'needs.errors.publishRefused',
      { count: violations.length },
      violations.map((v) => ({
        field: PUBLISH_VIOLATION_FIELDS[v.field] ?? null,
        messageKey: v.key,
        params: publishViolationParams(v),
      })),
    )
  }
}
