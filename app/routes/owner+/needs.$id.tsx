import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { ErrorList, Field, SelectField, SubmitButton, TextareaField } from '~/components/forms'
import { OwnerObjectionsSection } from '~/components/needs/owner-objections'
import { PageHeader } from '~/components/page-header'
import { ProvisionalNote } from '~/components/provisional-note'
import { useSchemaForm } from '~/components/use-schema-form'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import { listApprovalItems, listQualificationTypes, listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { DomainError, RuleViolation } from '~/domain/errors'
import { bidCountForOwner } from '~/domain/bidding/bids.server'
import {
  cancelNeed,
  getNeedForOwner,
  listOwnerProjects,
  PublishRefused,
  saveAndPublishNeed,
  saveNeedDraft,
} from '~/domain/needs/needs.server'
import { objectionsForOwner } from '~/domain/publicity/objections.server'
import { bidsForOwner, pickDirect, repostFailed, switchToDirect } from '~/domain/selection/owner-selection.server'
import { fenToYuan, NeedDraftSchema, publishViolationParams, selectionMethods } from '~/domain/needs/schemas'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { confirmation, publishedReason, uuid } from '~/domain/validation'
import { requirePermission } from '~/utils/auth.server'
import { organisationName } from '~/domain/organisations/names'
import { formatFen, formatList } from '~/utils/format'
import { readForm, submitForm } from '~/utils/forms.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '需求 · Need · 业主工作台' }]

/** Cancelling cannot be undone and its reason is published: at least PUBLISHED_REASON_MIN characters, confirmed. */
const CancelSchema = z.object({ reason: publishedReason(1000), confirm: confirmation() })
/** The owner's direct pick: one of the candidate bids and a written reason (published with the result). */
const PickSchema = z.object({ bidId: uuid(), reason: publishedReason(1000), confirm: confirmation() })
/** Switching a failed need to a direct pick cannot be switched back: confirmed in the same form. */
const SwitchSchema = z.object({ confirm: confirmation() })

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
    // Sealed (open, or cancelled before the close): only the count, never a quote; every bid once
    // the window has closed (bidVisibility, docs/sealed-bids.md).
    selection: need && need.state !== 'draft' ? await bidsForOwner(db, user, need.id, await getMarketplaceConfig(db)) : null,
    projects: projects.map((p) => ({ id: p.id, name: p.name, projectCode: p.projectCode })),
    serviceTypes: serviceTypes.filter((s) => s.active || s.id === need?.serviceTypeId).map(named),
    approvalItems: approvalItems.filter((a) => a.active || a.id === need?.approvalItemId).map(named),
    qualificationTypes: qualificationTypes.map((q) => ({ ...named(q), levels: q.levels.map(named) })),
    /** Years without an official holiday arrangement: deadlines in them are marked provisional. */
    provisionalYears: (await getCalendar(db)).provisionalYears,
    /** The current round's objections: pending ones (the award waits), ruled ones with their published reasons. */
    objections: need && need.state !== 'draft' ? await objectionsForOwner(db, user, need.id) : null,
  }
})

type Intent = 'publish' | 'cancel' | 'pick' | 'repost' | 'switchToDirect'
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

  const form = await readForm(request.clone())
  const intent = form.get('intent')

  if (intent === 'save') {
    const outcome = await submitForm(request, NeedDraftSchema, (value) => saveNeedDraft(db, user, value, id ?? undefined))
    if (!outcome.ok) return outcome.response
    return redirectWithToast(`/owner/needs/${outcome.value}`, { kind: 'success', messageKey: 'needs.owner.draftSaved' })
  }

  if (id === null) throw errorResponse(400, 'errors.badRequest')

  if (intent === 'publish') {
    // Publish exactly what is on screen: the form's fields are saved and published in one
    // transaction (saveAndPublishNeed); a refusal writes nothing and speaks of the submitted
    // values, which come back typed (`result`) with the violations.
    const outcome = await submitForm(request, NeedDraftSchema, async (value) => {
      try {
        await saveAndPublishNeed(db, user, id, value)
        return null
      } catch (error) {
        if (error instanceof PublishRefused) {
          const violations = error.violations.map((v) => ({
            key: v.key,
            field: VIOLATION_FIELDS[v.field] ?? null,
            params: publishViolationParams(v),
          }))
          return { error: { messageKey: error.messageKey, params: error.params }, status: 422, violations }
        }
        if (error instanceof DomainError && !(error instanceof RuleViolation && error.field)) {
          if (error.status === 409 || error.status === 422) {
            return { error: { messageKey: error.messageKey, params: error.params }, status: error.status, violations: [] }
          }
        }
        throw error
      }
    })
    if (!outcome.ok) return data({ intent: 'publish' as const, ...outcome.response.data }, outcome.response.init ?? undefined)
    const refusal = outcome.value
    if (refusal) {
      const result = parseWithZod(form, { schema: NeedDraftSchema }).reply()
      return data(
        { intent: 'publish' as const, formError: refusal.error, violations: refusal.violations, result },
        { status: refusal.status },
      )
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

  if (intent === 'pick') {
    // Bad input first: nothing is read or written, the typed bid and reason come back.
    const submission = parseWithZod(form, { schema: PickSchema })
    if (submission.status !== 'success') {
      return data({ intent: 'pick' as const, result: submission.reply() }, { status: 400 })
    }
    try {
      await pickDirect(db, user, id, submission.value, await getMarketplaceConfig(db))
    } catch (error) {
      if (error instanceof RuleViolation && error.field) {
        const fieldErrors = { [error.field]: [error.messageKey] }
        return data({ intent: 'pick' as const, result: submission.reply({ fieldErrors }) }, { status: 400 })
      }
      if (error instanceof DomainError && (error.status === 409 || error.status === 422)) {
        return data(
          {
            intent: 'pick' as const,
            result: submission.reply({ formErrors: [error.messageKey] }),
            formError: { messageKey: error.messageKey, params: error.params },
          },
          { status: error.status },
        )
      }
      throw error
    }
    return redirectWithToast(`/owner/needs/${id}`, { kind: 'success', messageKey: 'ownerSelection.picked' })
  }

  if (intent === 'repost') {
    let draftId: string
    try {
      draftId = await repostFailed(db, user, id)
    } catch (error) {
      if (error instanceof DomainError && (error.status === 409 || error.status === 422)) {
        return refused('repost', { messageKey: error.messageKey, params: error.params }, error.status)
      }
      throw error
    }
    return redirectWithToast(`/owner/needs/${draftId}`, { kind: 'success', messageKey: 'ownerSelection.reposted' })
  }

  if (intent === 'switchToDirect') {
    const submission = parseWithZod(form, { schema: SwitchSchema })
    if (submission.status !== 'success') {
      return data({ intent: 'switchToDirect' as const, result: submission.reply() }, { status: 400 })
    }
    try {
      await switchToDirect(db, user, id, await getMarketplaceConfig(db))
    } catch (error) {
      if (error instanceof DomainError && (error.status === 409 || error.status === 422)) {
        return refused('switchToDirect', { messageKey: error.messageKey, params: error.params }, error.status)
      }
      throw error
    }
    return redirectWithToast(`/owner/needs/${id}`, { kind: 'success', messageKey: 'ownerSelection.switched' })
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
  const { need, objections } = useLoaderData<typeof loader>()
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
      {need && need.state !== 'draft' ? <OwnerObjectionsSection objections={objections} /> : null}
      {need && need.state !== 'draft' ? <Selection /> : null}
      {need && ['draft', 'open', 'evaluating'].includes(need.state) ? (
        <section aria-labelledby="cancel-need-title">
          <h2 id="cancel-need-title">{t('needs.owner.cancelTitle')}</h2>
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
  const [form, fields] = useSchemaForm<{ reason: string; confirm: string }>(CancelSchema, {
    id: 'cancel-need',
    lastResult: cancelData && 'result' in cancelData ? (cancelData.result as SubmissionResult<string[]>) : undefined,
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
      <TextareaField label={t('needs.owner.cancelReason')} meta={fields.reason} />
      <ConfirmField label={t('confirm.cancelNeed')} errors={fields.confirm.errors} />
      <SubmitButton name="intent" value="cancel">
        {t('needs.owner.cancelSubmit')}
      </SubmitButton>
    </Form>
  )
}

function NeedFacts() {
  const { t, i18n } = useTranslation()
  const localized = useLocalized()
  const { need, serviceTypes, approvalItems, qualificationTypes, provisionalYears } = useLoaderData<typeof loader>()
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
    [
      t('needs.owner.closesOn'),
      <>
        <span className="mono">{need.registrationClosesOn}</span>
        <ProvisionalNote years={provisionalYearsBetween(provisionalYears, need.registrationClosesOn)} />
      </>,
    ],
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
  // A save's answer, or a publish's (the same fields: publish sends what is on screen).
  const lastResult =
    actionData && (!('intent' in actionData) || actionData.intent === 'publish') && 'result' in actionData
      ? (actionData.result as SubmissionResult<string[]>)
      : undefined
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
      {need?.state === 'draft' ? (
        <SubmitButton name="intent" value="publish">
          {t('needs.owner.publish')}
        </SubmitButton>
      ) : null}
    </Form>
  )
}

// ── Selection (SPEC §4–5): sealed count, unsealed bids, direct pick, after a failed round ──

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>
type SelectionView = NonNullable<Loaded['selection']>
type Unsealed = Extract<SelectionView, { sealed: false }>

function Selection() {
  const { t } = useTranslation()
  const { need, selection } = useLoaderData<typeof loader>()
  if (!need || !selection) return null
  if (selection.sealed) {
    return (
      <p className="hint" data-testid="bids-sealed">
        {selection.cancelledBids === undefined
          ? t('ownerSelection.sealed', { count: selection.liveBids })
          : t('ownerSelection.sealedCancelled', { count: selection.cancelledBids })}
      </p>
    )
  }
  return (
    <>
      <BidsTable view={selection} />
      {need.state === 'evaluating' && need.method === 'direct' ? <PickForm view={selection} /> : null}
      {need.state === 'failed' ? <FailedChoices view={selection} /> : null}
      {['publicity', 'awarded'].includes(need.state) ? <SelectedBid view={selection} /> : null}
    </>
  )
}

function BidsTable({ view }: { view: Unsealed }) {
  const { t, i18n } = useTranslation()
  const chosen = view.round?.chosenBidId ?? null
  return (
    <section aria-labelledby="owner-bids">
      <h2 id="owner-bids">{t('ownerSelection.bidsTitle')}</h2>
      <p>{t('ownerSelection.summary', { valid: view.validBidCount, min: view.minValidBids })}</p>
      {view.abnormalBelowFen !== null ? (
        <p className="hint" data-testid="abnormal-cutoff">
          {t('ownerSelection.abnormalBelow', { amount: formatFen(view.abnormalBelowFen, i18n.language) })}
        </p>
      ) : null}
      {view.bids.length === 0 ? (
        <p>{t('ownerSelection.noBids')}</p>
      ) : (
        <table className="table" data-testid="owner-bids">
          <thead>
            <tr>
              <th>{t('ownerSelection.agency')}</th>
              <th>{t('ownerSelection.quote')}</th>
              <th>{t('ownerSelection.days')}</th>
              <th>{t('ownerSelection.note')}</th>
              <th>{t('ownerSelection.status')}</th>
              <th>{t('ownerSelection.validity')}</th>
            </tr>
          </thead>
          <tbody>
            {view.bids.map((b) => (
              <tr key={b.bidId}>
                <td>
                  {organisationName({ name: b.agencyName, nameEn: b.agencyNameEn }, i18n.language)}
                  {b.bidId === chosen ? <span className="status status-awarded"> {t('ownerSelection.chosen')}</span> : null}
                </td>
                <td className="mono">
                  {formatFen(b.quoteFen, i18n.language)}
                  {b.abnormallyLow ? (
                    <span className="status status-failed" data-testid="abnormally-low">
                      {' '}
                      {t('ownerSelection.abnormallyLow')}
                    </span>
                  ) : null}
                </td>
                <td>{b.committedDays}</td>
                <td>{b.note}</td>
                <td>
                  {t(`ownerSelection.statuses.${b.status}`)}
                  {b.statusReason ? ` · ${b.statusReason}` : null}
                </td>
                <td>
                  {b.status !== 'live'
                    ? '—'
                    : b.ineligibleReason
                      ? t(`ownerSelection.ineligible.${b.ineligibleReason}`)
                      : b.valid
                        ? t('ownerSelection.valid')
                        : `${t('ownerSelection.invalid')}: ${formatList(
                            b.invalidReasons.map((r) => t(`ownerSelection.invalidReasons.${r}`)),
                            i18n.language,
                          )}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function PickForm({ view }: { view: Unsealed }) {
  const { t, i18n } = useTranslation()
  const pickData = useIntentData('pick')
  const [form, fields] = useSchemaForm<{ bidId: string; reason: string; confirm: string }>(PickSchema, {
    id: 'owner-pick',
    lastResult: pickData && 'result' in pickData ? (pickData.result as SubmissionResult<string[]>) : undefined,
  })
  const formError = pickData && 'formError' in pickData ? pickData.formError : null
  const candidates = view.bids.filter((b) => view.candidateBidIds.includes(b.bidId))
  return (
    <section aria-labelledby="owner-pick-title">
      <h2 id="owner-pick-title">{t('ownerSelection.pickTitle')}</h2>
      {candidates.length === 0 ? (
        <p>{t('ownerSelection.noCandidates')}</p>
      ) : (
        <Form method="post" className="admin-form" {...getFormProps(form)}>
          <p className="hint">{t('ownerSelection.pickLead')}</p>
          {formError ? (
            <p role="alert" className="field-errors">
              {t(formError.messageKey, formError.params)}
            </p>
          ) : null}
          <fieldset className="field" aria-describedby={fields.bidId.errors ? fields.bidId.errorId : undefined}>
            <legend>{t('ownerSelection.pickBid')}</legend>
            {candidates.map((b) => (
              <label key={b.bidId} className="checkbox">
                <input
                  type="radio"
                  name={fields.bidId.name}
                  value={b.bidId}
                  defaultChecked={fields.bidId.initialValue === b.bidId}
                  key={`${fields.bidId.key ?? ''}-${b.bidId}`}
                />
                {organisationName({ name: b.agencyName, nameEn: b.agencyNameEn }, i18n.language)} · {formatFen(b.quoteFen, i18n.language)} ·{' '}
                {b.committedDays}
                {b.abnormallyLow ? ` · ${t('ownerSelection.abnormallyLow')}` : null}
              </label>
            ))}
            <ErrorList id={fields.bidId.errorId} errors={fields.bidId.errors} />
          </fieldset>
          <TextareaField label={t('ownerSelection.pickReason')} meta={fields.reason} />
          <ConfirmField label={t('confirm.pick')} errors={fields.confirm.errors} />
          <SubmitButton name="intent" value="pick">
            {t('ownerSelection.pickSubmit')}
          </SubmitButton>
        </Form>
      )}
    </section>
  )
}

function FailedChoices({ view }: { view: Unsealed }) {
  const { t } = useTranslation()
  const repostData = useIntentData('repost')
  const switchData = useIntentData('switchToDirect')
  const refusalOf = (d: typeof repostData) => (d && 'formError' in d ? d.formError : null)
  const errors = [refusalOf(repostData), refusalOf(switchData)].filter((e) => e !== null)
  const { repost, switchToDirect: sw } = view
  return (
    <section aria-labelledby="owner-failed">
      <h2 id="owner-failed">{t('ownerSelection.failedTitle')}</h2>
      {errors.map((e) => (
        <p key={e.messageKey} role="alert" className="field-errors">
          {t(e.messageKey, e.params)}
        </p>
      ))}
      {repost?.repostedAs ? (
        <p>
          {t('ownerSelection.repostedAs')}
          <Link to={`/owner/needs/${repost.repostedAs}`}>{repost.repostedAs}</Link>
        </p>
      ) : null}
      {repost?.allowed ? (
        <Form method="post" className="inline-form">
          <SubmitButton name="intent" value="repost">
            {t('ownerSelection.repost')}
          </SubmitButton>
        </Form>
      ) : repost?.refusal && !repost.repostedAs ? (
        <p className="hint" data-testid="repost-refused">
          {t(`ownerSelection.refusals.${repost.refusal}`)}
        </p>
      ) : null}
      {sw?.allowed ? (
        <Form method="post" className="inline-form">
          <ConfirmField
            label={t('confirm.switchToDirect')}
            errors={switchData && 'result' in switchData ? (switchData.result as SubmissionResult<string[]>).error?.confirm : null}
          />
          <SubmitButton name="intent" value="switchToDirect">
            {t('ownerSelection.switch')}
          </SubmitButton>
        </Form>
      ) : sw?.refusal ? (
        <p className="hint" data-testid="switch-refused">
          {t('ownerSelection.switch')}: {t(`ownerSelection.refusals.${sw.refusal}`, sw.params)}
        </p>
      ) : null}
    </section>
  )
}

function SelectedBid({ view }: { view: Unsealed }) {
  const { t, i18n } = useTranslation()
  const { provisionalYears } = useLoaderData<typeof loader>()
  const round = view.round
  const bid = round?.chosenBidId ? view.bids.find((b) => b.bidId === round.chosenBidId) : undefined
  if (!round) return null
  return (
    <section aria-labelledby="owner-result">
      <h2 id="owner-result">{t('ownerSelection.resultTitle')}</h2>
      <dl className="facts" data-testid="selection-result">
        {bid ? (
          <div>
            <dt>{t('ownerSelection.chosen')}</dt>
            <dd>
              {organisationName({ name: bid.agencyName, nameEn: bid.agencyNameEn }, i18n.language)} · {formatFen(bid.quoteFen, i18n.language)} ·{' '}
              {bid.committedDays}
            </dd>
          </div>
        ) : null}
        {round.reason ? (
          <div>
            <dt>{t('ownerSelection.resultReason')}</dt>
            <dd>{round.reason}</dd>
          </div>
        ) : null}
        {round.publicityEndsOn ? (
          <div>
            <dt>{t('ownerSelection.publicityEndsOn')}</dt>
            <dd>
              <span className="mono">{round.publicityEndsOn}</span>
              <ProvisionalNote years={provisionalYearsBetween(provisionalYears, round.publicityEndsOn)} />
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  )
}
