import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { ErrorList, Field, SelectField, SubmitButton, TextareaField } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { listApprovalItems, listQualificationTypes, listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { DomainError } from '~/domain/errors'
import { bidCountForOwner } from '~/domain/needs/bids.server'
import {
  cancelNeed,
  getNeedForOwner,
  listOwnerProjects,
  PublishRefused,
  publishNeed,
  saveNeedDraft,
} from '~/domain/needs/needs.server'
import { fenToYuan, NeedDraftSchema, publishViolationParams, selectionMethods } from '~/domain/needs/schemas'
import { requiredText } from '~/domain/validation'
import { requirePermission } from '~/utils/auth.server'
import { formatFen } from '~/utils/format'
import { submitForm } from '~/utils/forms.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '需求 · Need · 业主工作台' }]

const CancelSchema = z.object({ reason: requiredText(1000) })

/** The form field a publish rule's violation belongs to (the rules name the stored columns). */
const VIOLATION_FIELDS: Record<string, string> = {
  approvalItemId: 'approvalItemId',
  serviceLimitDays: 'serviceDays',
  registrationClosesOn: 'registrationClosesOn',
  priceCeilingFen: 'priceCeiling',
  method: 'method',
  qualificationTypeId: 'qualificationTypeId',
  weights: 'weights',
}

/** `new`, or the id of one of the caller's needs (anything else is NotFound). */
function needIdParam(id: string | undefined): string | null {
  return id === 'new' ? null : (id ?? '')
}

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  const id = needIdParam(params.id)
  const need = id === null ? null : await getNeedForOwner(db, user, id)
  const [projects, serviceTypes, approvalItems, qualificationTypes] = await Promise.all([
    listOwnerProjects(db, user),
    listServiceTypes(db),
    listApprovalItems(db),
    listQualificationTypes(db),
  ])
  const named = (r: { id: string; nameZh: string; nameEn: string }) => ({ id: r.id, nameZh: r.nameZh, nameEn: r.nameEn })
  return {
    need: need && {
      id: need.id,
      state: need.state,
      title: need.title,
      scope: need.scope,
      projectId: need.projectId,
      projectName: need.project.name,
      serviceTypeId: need.serviceTypeId,
      approvalItemId: need.approvalItemId,
      priceCeilingFen: need.priceCeilingFen,
      qualificationTypeId: need.qualificationTypeId,
      minLevelId: need.minLevelId,
      serviceDays: need.serviceDays,
      method: need.method,
      weights: need.weights ?? null,
      registrationClosesOn: need.registrationClosesOn,
      seedHash: need.seedHash,
      cancelReason: need.cancelReason,
      liveBids: need.state === 'open' ? await bidCountForOwner(db, user, need.id) : null,
    },
    projects: projects.map((p) => ({ id: p.id, name: p.name, projectCode: p.projectCode })),
    serviceTypes: serviceTypes.filter((s) => s.active || s.id === need?.serviceTypeId).map(named),
    approvalItems: approvalItems.filter((a) => a.active || a.id === need?.approvalItemId).map(named),
    qualificationTypes: qualificationTypes.map((q) => ({ ...named(q), levels: q.levels.map(named) })),
  }
})

type Intent = 'publish' | 'cancel'
interface FormError {
  messageKey: string
  params: Record<string, string | number>
}
interface ShownViolation {
  key: string
  field: string | null
  params: Record<string, string | number>
}

function refused(intent: Intent, error: FormError, status: number, violations: ShownViolation[] = []) {
  return data({ intent, formError: error, violations }, { status })
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  const id = needIdParam(params.id)
  // Another organisation's need, or none: 404 before anything is read from the form.
  if (id !== null) await getNeedForOwner(db, user, id)

  let form: FormData
  try {
    form = await request.clone().formData()
  } catch {
    throw errorResponse(400, 'errors.badRequest')
  }
  const intent = form.get('intent')

  if (intent === 'save') {
    const outcome = await submitForm(request, NeedDraftSchema, (value) => saveNeedDraft(db, user, value, id ?? undefined))
    if (!outcome.ok) return outcome.response
    return redirectWithToast(`/owner/needs/${outcome.value}`, { kind: 'success', messageKey: 'needs.owner.draftSaved' })
  }

  if (id === null) throw errorResponse(400, 'errors.badRequest')

  if (intent === 'publish') {
    try {
      await publishNeed(db, user, id)
    } catch (error) {
      if (error instanceof PublishRefused) {
        const violations = error.violations.map((v) => ({
          key: v.key,
          field: VIOLATION_FIELDS[v.field] ?? null,
          params: publishViolationParams(v),
        }))
        return refused('publish', { messageKey: error.messageKey, params: error.params }, 422, violations)
      }
      if (error instanceof DomainError && (error.status === 409 || error.status === 422)) {
        return refused('publish', { messageKey: error.messageKey, params: error.params }, error.status)
      }
      throw error
    }
    return redirectWithToast(`/owner/needs/${id}`, { kind: 'success', messageKey: 'needs.owner.published' })
  }

  if (intent === 'cancel') {
    const submission = parseWithZod(form, { schema: CancelSchema })
    if (submission.status !== 'success') {
      return data({ intent: 'cancel' as const, result: submission.reply() }, { status: 400 })
    }
    try {
      await cancelNeed(db, user, id, submission.value.reason)
    } catch (error) {
      if (error instanceof DomainError && (error.status === 409 || error.status === 422)) {
        return refused('cancel', { messageKey: error.messageKey, params: error.params }, error.status)
      }
      throw error
    }
    return redirectWithToast(`/owner/needs/${id}`, { kind: 'success', messageKey: 'needs.owner.cancelled' })
  }

  throw errorResponse(400, 'errors.badRequest')
})

function useIntentData(intent: Intent) {
  const actionData = useActionData<typeof action>()
  if (!actionData || !('intent' in actionData) || actionData.intent !== intent) return null
  return actionData
}

function usePublishRefusal() {
  const d = useIntentData('publish')
  return d && 'formError' in d ? { formError: d.formError, violations: d.violations } : null
}

function Violations({ field }: { field: string | null }) {
  const { t } = useTranslation()
  const refusal = usePublishRefusal()
  const shown = refusal?.violations.filter((v) => v.field === field) ?? []
  if (shown.length === 0) return null
  return (
    <ul className="field-errors" role="alert" data-testid={`violations-${field ?? 'form'}`}>
      {shown.map((v) => (
        <li key={v.key}>{t(v.key, v.params)}</li>
      ))}
    </ul>
  )
}

export default function OwnerNeedPage() {
  const { t } = useTranslation()
  const { need } = useLoaderData<typeof loader>()
  const refusal = usePublishRefusal()
  const cancelData = useIntentData('cancel')
  const cancelError = cancelData && 'formError' in cancelData ? cancelData.formError : null
  const title = need
    ? need.state === 'draft'
      ? `${t('needs.owner.draftTitle')} · ${need.title}`
      : need.title
    : t('needs.owner.newNeedTitle')
  return (
    <>
      <p className="registry-back">
        <Link to="/owner/needs">← {t('needs.owner.needsTitle')}</Link>
      </p>
      <PageHeader title={title} />
      {refusal ? (
        <div role="alert" className="field-errors" data-testid="publish-refused">
          <p>{t(refusal.formError.messageKey, refusal.formError.params)}</p>
          <Violations field={null} />
        </div>
      ) : null}
      {need && need.state !== 'draft' ? <NeedFacts /> : <DraftForm key={need?.id ?? 'new'} />}
      {need?.state === 'draft' ? (
        <Form method="post" className="inline-form">
          <SubmitButton name="intent" value="publish">
            {t('needs.owner.publish')}
          </SubmitButton>
        </Form>
      ) : null}
      {need && ['draft', 'open', 'evaluating'].includes(need.state) ? (
        <section aria-labelledby="cancel-need">
          <h2 id="cancel-need">{t('needs.owner.cancelTitle')}</h2>
          <CancelForm />
          {cancelError ? (
            <p role="alert" className="field-errors">
              {t(cancelError.messageKey, cancelError.params)}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  )
}

function CancelForm() {
  const { t } = useTranslation()
  const cancelData = useIntentData('cancel')
  const [form, fields] = useSchemaForm<{ reason: string }>(CancelSchema, {
    id: 'cancel-need',
    lastResult: cancelData && 'result' in cancelData ? (cancelData.result as SubmissionResult<string[]>) : undefined,
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
      <TextareaField label={t('needs.owner.cancelReason')} meta={fields.reason} />
      <SubmitButton name="intent" value="cancel">
        {t('needs.owner.cancelSubmit')}
      </SubmitButton>
    </Form>
  )
}

function NeedFacts() {
  const { t, i18n } = useTranslation()
  const localized = useLocalized()
  const { need, serviceTypes, approvalItems, qualificationTypes } = useLoaderData<typeof loader>()
  if (!need) return null
  const name = (list: { id: string; nameZh: string; nameEn: string }[], id: string | null) => {
    const found = list.find((r) => r.id === id)
    return found ? localized(found) : t('common.none')
  }
  const qt = qualificationTypes.find((q) => q.id === need.qualificationTypeId)
  const facts: [string, React.ReactNode][] = [
    [t('needs.owner.state'), <span className={`status status-${need.state}`}>{t(`needs.owner.states.${need.state}`)}</span>],
    [t('needs.owner.project'), need.projectName],
    [t('needs.owner.serviceType'), name(serviceTypes, need.serviceTypeId)],
    [t('needs.owner.approvalItem'), name(approvalItems, need.approvalItemId)],
    [t('needs.owner.scope'), need.scope],
    [
      t('needs.owner.ceiling'),
      need.priceCeilingFen === null ? t('needs.owner.noCeiling') : formatFen(need.priceCeilingFen, i18n.language),
    ],
    [t('needs.owner.qualificationType'), qt ? localized(qt) : t('needs.owner.noQualification')],
    [t('needs.owner.minLevel'), qt ? name(qt.levels, need.minLevelId) : t('needs.owner.anyLevel')],
    [t('needs.owner.serviceDays'), need.serviceDays],
    [t('needs.owner.method'), t(`needs.owner.methods.${need.method}`)],
    [t('needs.owner.closesOn'), <span className="mono">{need.registrationClosesOn}</span>],
  ]
  if (need.weights) {
    const w = need.weights
    facts.push([
      t('needs.owner.weights'),
      `${t('needs.owner.weightPrice')} ${w.price} · ${t('needs.owner.weightCredit')} ${w.credit} · ${t('needs.owner.weightRating')} ${w.rating} · ${t('needs.owner.weightDays')} ${w.days}`,
    ])
  }
  if (need.liveBids !== null) facts.push([t('needs.owner.liveBids'), need.liveBids])
  if (need.seedHash) facts.push([t('needs.owner.seedHash'), <span className="mono">{need.seedHash}</span>])
  if (need.cancelReason) facts.push([t('needs.owner.cancelReasonShown'), need.cancelReason])
  return (
    <dl className="facts" data-testid="need-facts">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
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

function DraftForm() {
  const { t } = useTranslation()
  const localized = useLocalized()
  const { need, projects, serviceTypes, approvalItems, qualificationTypes } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const lastResult = actionData && !('intent' in actionData) ? actionData.result : undefined
  const [form, fields] = useSchemaForm<DraftFields>(NeedDraftSchema, {
    id: 'need-draft',
    lastResult,
    defaultValue: need
      ? {
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
        }
      : undefined,
  })
  const option = (r: { id: string; nameZh: string; nameEn: string }) => ({ value: r.id, label: localized(r) })
  const chosenQt = qualificationTypes.find((q) => q.id === fields.qualificationTypeId.value)
  const weights = fields.weights.getFieldset()
  const comprehensive = fields.method.value === 'comprehensive'
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
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
      <SelectField
        label={t('needs.owner.approvalItem')}
        meta={fields.approvalItemId}
        placeholder={t('needs.owner.choose')}
        options={approvalItems.map(option)}
      />
      <Violations field="approvalItemId" />
      <Field label={t('needs.owner.needTitle')} meta={fields.title} />
      <TextareaField label={t('needs.owner.scope')} meta={fields.scope} />
      <Field label={t('needs.owner.priceCeiling')} meta={fields.priceCeiling} />
      <Violations field="priceCeiling" />
      <SelectField
        label={t('needs.owner.qualificationType')}
        meta={fields.qualificationTypeId}
        placeholder={t('needs.owner.noQualification')}
        options={qualificationTypes.map(option)}
      />
      <Violations field="qualificationTypeId" />
      <SelectField
        label={t('needs.owner.minLevel')}
        meta={fields.minLevelId}
        placeholder={t('needs.owner.anyLevel')}
        options={(chosenQt?.levels ?? []).map(option)}
      />
      <Field label={t('needs.owner.serviceDays')} meta={fields.serviceDays} type="number" />
      <Violations field="serviceDays" />
      <SelectField
        label={t('needs.owner.method')}
        meta={fields.method}
        placeholder={t('needs.owner.choose')}
        options={selectionMethods.map((m) => ({ value: m, label: t(`needs.owner.methods.${m}`) }))}
      />
      <Violations field="method" />
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
      ) : null}
      <Violations field="weights" />
      <Field label={t('needs.owner.registrationClosesOn')} meta={fields.registrationClosesOn} type="date" />
      <Violations field="registrationClosesOn" />
      <SubmitButton name="intent" value="save">
        {t('needs.owner.saveDraft')}
      </SubmitButton>
    </Form>
  )
}
