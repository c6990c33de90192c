import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
  ErrorList,
  Field,
  FormProblem,
  SelectField,
  SubmitButton,
  TextareaField,
  useIntentReply,
} from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { fenToYuan, NeedDraftSchema, selectionMethods } from '~/domain/needs/schemas'
import { useLocalized } from '~/utils/localized'
import { ApprovalItemSelect } from './approval-item-select'
import type { Named, OwnerNeedFacts } from './need-facts'

/** The draft form's fields: the owner's need as the facts show it, plus its project and title. */
export type DraftNeed = Pick<
  OwnerNeedFacts,
  | 'serviceTypeId'
  | 'approvalItemId'
  | 'scope'
  | 'priceCeilingFen'
  | 'qualificationTypeId'
  | 'minLevelId'
  | 'serviceDays'
  | 'method'
  | 'weights'
  | 'registrationClosesOn'
> & { projectId: string; title: string }

export interface DraftFormProps {
  need: DraftNeed | null
  projects: { id: string; name: string; projectCode: string }[]
  serviceTypes: Named[]
  approvalItems: (Named & { serviceTypeIds: string[] })[]
  qualificationTypes: (Named & { levels: Named[] })[]
  /** The draft may be published (the state machine allows it): the publish button shows. */
  canPublish: boolean
}

interface DraftFields {
  projectId: string
  serviceTypeId: string
  approvalItemId: string
  title: string
  scope: string
  priceCeiling: string
  qualificationTypeId: string
  minLevelId: string
  serviceDays: string
  method: string
  weights: { price: string; credit: string; rating: string; days: string }
  registrationClosesOn: string
  [key: string]: unknown
}

const defaultsOf = (need: DraftNeed) => ({
  projectId: need.projectId,
  serviceTypeId: need.serviceTypeId,
  approvalItemId: need.approvalItemId,
  title: need.title,
  scope: need.scope,
  priceCeiling: need.priceCeilingFen === null ? '' : fenToYuan(need.priceCeilingFen),
  qualificationTypeId: need.qualificationTypeId ?? '',
  minLevelId: need.minLevelId ?? '',
  serviceDays: String(need.serviceDays),
  method: need.method,
  weights: need.weights
    ? {
        price: String(need.weights.price),
        credit: String(need.weights.credit),
        rating: String(need.weights.rating),
        days: String(need.weights.days),
      }
    : undefined,
  registrationClosesOn: need.registrationClosesOn,
})

/**
 * The need as a draft: save it, or publish exactly what is on screen (intent `publish` sends the
 * same fields). A refused publish shows each rule at its field and the summary above the form.
 */
export function NeedDraftForm({
  need,
  projects,
  serviceTypes,
  approvalItems,
  qualificationTypes,
  canPublish,
}: DraftFormProps) {
  const { t } = useTranslation()
  const localized = useLocalized()
  const saved = useIntentReply('save')
  const published = useIntentReply('publish')
  const [form, fields] = useSchemaForm<DraftFields>(NeedDraftSchema, {
    id: 'need-draft',
    lastResult: published.lastResult ?? saved.lastResult,
    defaultValue: need ? defaultsOf(need) : undefined,
  })
  const option = (r: Named) => ({ value: r.id, label: localized(r) })
  const chosenQt = qualificationTypes.find((q) => q.id === fields.qualificationTypeId.value)
  const weights = fields.weights.getFieldset()
  const comprehensive = fields.method.value === 'comprehensive'
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
      <FormProblem problem={published.formError ?? saved.formError} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <SelectField
        label={t('needs.owner.project')}
        meta={fields.projectId}
        placeholder={t('needs.owner.choose')}
        options={projects.map((p) => ({ value: p.id, label: `${p.name}（${p.projectCode}）` }))}
      />
      <SelectField
        label={t('needs.owner.serviceType')}
        meta={fields.serviceTypeId}
        placeholder={t('needs.owner.choose')}
        options={serviceTypes.map(option)}
      />
      <ApprovalItemSelect
        label={t('needs.owner.approvalItem')}
        meta={fields.approvalItemId}
        items={approvalItems}
        serviceTypes={serviceTypes}
        serviceTypeId={fields.serviceTypeId.value}
        placeholder={t('needs.owner.choose')}
      />
      <Field label={t('needs.owner.needTitle')} meta={fields.title} />
      <TextareaField label={t('needs.owner.scope')} meta={fields.scope} />
      <Field label={t('needs.owner.priceCeiling')} meta={fields.priceCeiling} />
      <SelectField
        label={t('needs.owner.qualificationType')}
        meta={fields.qualificationTypeId}
        placeholder={t('needs.owner.noQualification')}
        options={qualificationTypes.map(option)}
      />
      <SelectField
        label={t('needs.owner.minLevel')}
        meta={fields.minLevelId}
        placeholder={t('needs.owner.anyLevel')}
        options={(chosenQt?.levels ?? []).map(option)}
      />
      <Field label={t('needs.owner.serviceDays')} meta={fields.serviceDays} type="number" />
      <SelectField
        label={t('needs.owner.method')}
        meta={fields.method}
        placeholder={t('needs.owner.choose')}
        options={selectionMethods.map((m) => ({ value: m, label: t(`terms.method.${m}`) }))}
      />
      {comprehensive ? (
        <fieldset className="registry-group">
          <legend>{t('needs.owner.weights')}</legend>
          <p className="hint">{t('needs.owner.weightsHint')}</p>
          <Field label={t('needs.owner.weightPrice')} meta={weights.price} type="number" />
          <Field label={t('needs.owner.weightCredit')} meta={weights.credit} type="number" />
          <Field label={t('needs.owner.weightRating')} meta={weights.rating} type="number" />
          <Field label={t('needs.owner.weightDays')} meta={weights.days} type="number" />
          <ErrorList id={fields.weights.errorId} errors={fields.weights.errors} />
        </fieldset>
      ) : (
        <ErrorList id={fields.weights.errorId} errors={fields.weights.errors} />
      )}
      <Field label={t('needs.owner.registrationClosesOn')} meta={fields.registrationClosesOn} type="date" />
      <SubmitButton name="intent" value="save">
        {t('needs.owner.saveDraft')}
      </SubmitButton>
      {canPublish ? (
        <SubmitButton name="intent" value="publish">
          {t('needs.owner.publish')}
        </SubmitButton>
      ) : null}
    </Form>
  )
}
