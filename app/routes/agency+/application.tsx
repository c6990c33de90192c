import { getFormProps, useForm, type DefaultValue } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { CheckboxGroup, ErrorList, Field, SelectField, SubmitButton, TextareaField } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import {
  currentApplication,
  listCertificates,
  livePayload,
  saveApplication,
  submitApplication,
  uploadCertificate,
  withdrawApplication,
} from '~/domain/agencies/registry.server'
import { AgencyApplicationSchema, type AgencyApplicationInput } from '~/domain/agencies/schemas'
import { listQualificationTypes, listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { now } from '~/domain/now'
import { regionOptions, resolveRegion } from '~/domain/organisations/regions'
import { shanghaiDate } from '~/domain/dates'
import { RuleViolation } from '~/domain/errors'
import registryStyles from '~/styles/registry.css?url'
import { requirePermission } from '~/utils/auth.server'
import { readForm, submitForm } from '~/utils/forms.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { redirectWithToast } from '~/utils/toast.server'
import {
  agencyOrganisation,
  MAX_UPLOAD_MB,
  readUploadForm,
  refusalOf,
  shanghaiMinute,
  type FormError,
} from '~/domain/agencies/agency-views.server'

export const meta: MetaFunction = () => [{ title: '入驻申请 · Entry application · 机构工作台' }]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: registryStyles }]

const PAGE = '/agency/application'
/** Far above the largest valid application (20 qualifications, 200 practitioners, two 2,000-character texts). */
const MAX_TEXT_BODY_BYTES = 1024 * 1024
/** The field conform's list buttons (add/remove row) submit under when JavaScript is off. */
const CONFORM_INTENT = '__intent__'

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const [org, application, serviceTypes, qualificationTypes, files] = await Promise.all([
    agencyOrganisation(db, user.organisationId),
    currentApplication(db, user.organisationId),
    listServiceTypes(db),
    listQualificationTypes(db),
    listCertificates(db, user.organisationId),
  ])
  const today = shanghaiDate(now())
  const reentryFrom = org.lastExit?.reentryFrom
  const coolingOffUntil = org.status === 'exited' && reentryFrom && today < reentryFrom ? reentryFrom : null
  // The form starts from the open or latest application, else the live profile, else the signup data.
  const payload = application?.payload ?? (org.status === 'active' ? await livePayload(db, user.organisationId) : null)
  const start: Record<string, unknown> = payload ?? { name: org.name, nameEn: org.nameEn, region: org.region }
  // The region select holds catalogue codes: an older free-text region starts as its code, or unchosen.
  const defaults = { ...start, region: resolveRegion(typeof start.region === 'string' ? start.region : '').code ?? '' }
  const pending = application?.status === 'pending'
  const statusAllows =
    ['pending', 'rejected', 'active'].includes(org.status) || (org.status === 'exited' && !coolingOffUntil)
  const editable = !pending && statusAllows
  return {
    organisation: { name: org.name, status: org.status },
    application: application && {
      id: application.id,
      kind: application.kind,
      status: application.status,
      revision: application.revision,
      decisionReason: application.status === 'rejected' ? application.decisionReason : null,
      submittedAt: shanghaiMinute(application.submittedAt),
      decidedAt: shanghaiMinute(application.decidedAt),
      updatedAt: shanghaiMinute(application.updatedAt),
    },
    /** A new application would be a change of the live profile, not an entry. */
    changeOfLiveProfile: org.status === 'active',
    coolingOffUntil,
    defaults,
    editable,
    canSubmit: editable && (application?.status === 'draft' || application?.status === 'rejected'),
    canWithdraw: pending,
    maxUploadMb: MAX_UPLOAD_MB,
    serviceTypes: serviceTypes.filter((s) => s.active).map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })),
    qualificationTypes: qualificationTypes.map((q) => ({
      id: q.id,
      nameZh: q.nameZh,
      nameEn: q.nameEn,
      levels: q.levels.map((l) => ({ id: l.id, nameZh: l.nameZh, nameEn: l.nameEn })),
    })),
    files: files.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      mimeType: f.mimeType,
      size: f.size,
      sha256: f.sha256,
      uploadedAt: shanghaiMinute(f.createdAt),
    })),
  }
})

type Intent = 'save' | 'submit' | 'withdraw' | 'upload'

/** A form-level refusal (nothing was written), shown beside the form that caused it. */
function refused(intent: Intent, error: FormError, status: number) {
  return data({ intent, formError: { messageKey: error.messageKey, params: error.params } }, { status })
}

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()

  // Only the certificate form is multipart; it is read with a size budget, never buffered whole.
  if (request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
    const form = await readUploadForm(request)
    const tooLarge = { messageKey: 'agency.upload.tooLarge', params: { max: MAX_UPLOAD_MB } }
    if (form === 'tooLarge') return refused('upload', tooLarge, 413)
    if (form.get('intent') !== 'upload') throw errorResponse(400, 'errors.badRequest')
    const file = form.get('file')
    if (!(file instanceof File)) return refused('upload', { messageKey: 'agencyApp.upload.noFile', params: {} }, 400)
    try {
      const stored = await uploadCertificate(db, user, file)
      return redirectWithToast(PAGE, {
        kind: 'success',
        messageKey: 'agencyApp.upload.uploaded',
        params: { name: stored.fileName, sha256: stored.sha256 },
      })
    } catch (error) {
      const refusal = refusalOf(error)
      if (refusal) return refused('upload', refusal, 400)
      throw error
    }
  }

  // The other forms are small text forms; a body declaring more than any of them could hold is not read.
  if (Number(request.headers.get('content-length') ?? 0) > MAX_TEXT_BODY_BYTES) {
    throw errorResponse(413, 'errors.badRequest')
  }

  // The save branch hands the untouched request to submitForm, so the intent is read from a copy.
  const form = await readForm(request.clone())
  const intent = form.get('intent')

  if (intent === 'submit' || intent === 'withdraw') {
    try {
      await (intent === 'submit' ? submitApplication(db, user) : withdrawApplication(db, user))
    } catch (error) {
      const refusal = refusalOf(error)
      if (refusal) return refused(intent, refusal, refusal.status)
      throw error
    }
    return redirectWithToast(PAGE, {
      kind: 'success',
      messageKey: intent === 'submit' ? 'agencyApp.submitted' : 'agencyApp.withdrawn',
    })
  }

  if (intent === 'save') {
    const outcome = await submitForm(request, AgencyApplicationSchema, async (value) => {
      try {
        await saveApplication(db, user, value)
        return null
      } catch (error) {
        // A rule that names a field (level of another type, another agency's file…) becomes a field error in submitForm.
        if (error instanceof RuleViolation && error.field) throw error
        const refusal = refusalOf(error)
        if (refusal) return refusal
        throw error
      }
    })
    if (!outcome.ok) return outcome.response
    const refusal = outcome.value
    if (refusal) {
      // Keep what was typed, with the refusal as the form's own error.
      const result = parseWithZod(form, { schema: AgencyApplicationSchema }).reply({ formErrors: [refusal.messageKey] })
      return data(
        { intent: 'save' as const, result, formError: { messageKey: refusal.messageKey, params: refusal.params } },
        { status: refusal.status },
      )
    }
    return redirectWithToast(PAGE, { kind: 'success', messageKey: 'agencyApp.saved' })
  }

  // Adding or removing a row without JavaScript: conform applies the change and the form comes back.
  if (form.has(CONFORM_INTENT)) {
    const submission = parseWithZod(form, { schema: AgencyApplicationSchema })
    if (submission.status === undefined) return data({ result: submission.reply() })
  }

  throw errorResponse(400, 'errors.badRequest')
})

function useFormError(intent: Intent): FormError | null {
  const actionData = useActionData<typeof action>()
  if (!actionData || !('formError' in actionData) || actionData.intent !== intent) return null
  return actionData.formError
}

function FormErrorMessage({ id, error }: { id?: string; error: FormError | null }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <p id={id} role="alert" className="field-errors registry-form-error">
      {t(error.messageKey, error.params)}
    </p>
  )
}

export default function AgencyApplicationPage() {
  const { t } = useTranslation()
  const { organisation, application, changeOfLiveProfile, coolingOffUntil, editable, canSubmit, canWithdraw } =
    useLoaderData<typeof loader>()
  const submitError = useFormError('submit')
  const withdrawError = useFormError('withdraw')
  return (
    <>
      <p className="registry-back">
        <Link to="/agency">← {t('nav.workspace.agency')}</Link>
      </p>
      <PageHeader
        title={t('agencyApp.title')}
        lead={changeOfLiveProfile ? t('agencyApp.changeLead') : t('agencyApp.lead')}
      />

      <section aria-labelledby="application-status">
        <h2 id="application-status">{t('agencyApp.currentApplication')}</h2>
        <dl className="facts" data-testid="application-summary">
          <div>
            <dt>{t('agencyApp.organisationStatus')}</dt>
            <dd>
              <span className={`status status-${organisation.status}`}>{t(`orgStatus.${organisation.status}`)}</span>
            </dd>
          </div>
          {application ? (
            <>
              <div>
                <dt>{t('agencyApp.kind')}</dt>
                <dd>{t(`agency.applicationKind.${application.kind}`)}</dd>
              </div>
              <div>
                <dt>{t('agencyApp.applicationStatus')}</dt>
                <dd>
                  <span
                    className={`status status-${application.status === 'approved' ? 'active' : application.status}`}
                  >
                    {t(`agency.applicationStatus.${application.status}`)}
                  </span>
                </dd>
              </div>
              <div>
                <dt>{t('agencyApp.revision')}</dt>
                <dd>{application.revision}</dd>
              </div>
              <div>
                <dt>{t('agencyApp.updatedAt')}</dt>
                <dd className="mono">{application.updatedAt}</dd>
              </div>
              {application.submittedAt ? (
                <div>
                  <dt>{t('agencyApp.submittedAt')}</dt>
                  <dd className="mono">{application.submittedAt}</dd>
                </div>
              ) : null}
              {application.decidedAt ? (
                <div>
                  <dt>{t('agencyApp.decidedAt')}</dt>
                  <dd className="mono">{application.decidedAt}</dd>
                </div>
              ) : null}
            </>
          ) : null}
        </dl>
        {application ? (
          <p className="muted">{t('agencyApp.timeNote')}</p>
        ) : (
          <p className="muted">{t('agencyApp.noApplication')}</p>
        )}
        {application?.decisionReason ? (
          <div className="notice registry-rejection" role="status">
            <strong>{t('agencyApp.rejectionReason')}</strong>
            <p>{application.decisionReason}</p>
          </div>
        ) : null}
        {coolingOffUntil ? (
          <p className="notice" role="status">
            {t('agencyApp.coolingOff', { date: coolingOffUntil })}
          </p>
        ) : null}
        {application?.status === 'pending' ? (
          <p className="notice" role="status">
            {t('agencyApp.pendingNotice')}
          </p>
        ) : null}
        {!editable && application?.status !== 'pending' && !coolingOffUntil ? (
          <p className="notice" role="status">
            {t('agencyApp.notEditableNotice', { status: t(`orgStatus.${organisation.status}`) })}
          </p>
        ) : null}
      </section>

      {canSubmit || canWithdraw ? (
        <section aria-labelledby="application-actions" className="registry-actions">
          <h2 id="application-actions">{t('agencyApp.actions.title')}</h2>
          {canSubmit ? (
            <Form method="post" className="registry-action">
              <input type="hidden" name="intent" value="submit" />
              <SubmitButton>{t('agencyApp.actions.submit')}</SubmitButton>
              <p className="hint">{t('agencyApp.actions.submitHint')}</p>
            </Form>
          ) : null}
          {canWithdraw ? (
            <Form method="post" className="registry-action">
              <input type="hidden" name="intent" value="withdraw" />
              <SubmitButton>{t('agencyApp.actions.withdraw')}</SubmitButton>
              <p className="hint">{t('agencyApp.actions.withdrawHint')}</p>
            </Form>
          ) : null}
        </section>
      ) : null}
      <FormErrorMessage error={submitError ?? withdrawError} />

      <section aria-labelledby="application-form">
        <h2 id="application-form">{t('agencyApp.form.title')}</h2>
        {/* A fresh form after every save, so the saved payload becomes the new starting point. */}
        <ApplicationForm
          key={`${application?.id ?? 'new'}-${application?.updatedAt ?? ''}-${application?.status ?? ''}`}
        />
      </section>

      <CertificateSection />
    </>
  )
}

function ApplicationForm() {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  const { defaults, editable, serviceTypes, qualificationTypes, files } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const saveError = useFormError('save')
  const [form, fields] = useForm<AgencyApplicationInput>({
    id: 'agency-application',
    lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
    constraint: getZodConstraint(AgencyApplicationSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AgencyApplicationSchema }),
    // Revalidating on input (not blur) clears a fixed error as the user types, so the submit button
    // never jumps away between mousedown and click.
    shouldRevalidate: 'onInput',
    defaultValue: defaults as DefaultValue<AgencyApplicationInput>,
  })
  // The form subscribes to every error itself: a re-render of this component just after
  // hydration (a router state update) can drop the subscriptions its fields made, and then the
  // first client-side validation after a full page load would show no errors.
  void form.allErrors

  const typeOptions = qualificationTypes.map((q) => ({ value: q.id, label: name(q) }))
  const levelOptions = qualificationTypes.flatMap((q) =>
    q.levels.map((l) => ({ value: l.id, label: `${name(q)} · ${name(l)}` })),
  )
  const fileOptions = files.map((f) => ({ value: f.id, label: `${f.fileName} · ${f.sha256.slice(0, 12)}…` }))
  const qualifications = fields.qualifications.getFieldList()
  const practitioners = fields.practitioners.getFieldList()

  return (
    <Form method="post" className="registry-form" {...getFormProps(form)}>
      <FormErrorMessage id={form.errorId} error={saveError} />
      <fieldset className="registry-fieldset" disabled={!editable}>
        <fieldset className="registry-group">
          <legend>{t('agencyApp.form.basic')}</legend>
          <div className="registry-grid">
            <Field label={t('agencyApp.form.name')} meta={fields.name} autoComplete="organization" />
            <Field label={t('agencyApp.form.nameEn')} meta={fields.nameEn} />
            <SelectField
              label={t('agencyApp.form.region')}
              meta={fields.region}
              options={regionOptions(i18n.language)}
              placeholder={t('regions.placeholder')}
            />
            <Field label={t('agencyApp.form.address')} meta={fields.address} autoComplete="street-address" />
            <Field label={t('agencyApp.form.legalRepresentative')} meta={fields.legalRepresentative} />
            <Field label={t('agencyApp.form.contactName')} meta={fields.contactName} autoComplete="name" />
            <Field label={t('agencyApp.form.contactPhone')} meta={fields.contactPhone} autoComplete="tel" />
          </div>
        </fieldset>

        <CheckboxGroup
          label={t('agencyApp.form.serviceTypes')}
          meta={fields.serviceTypeIds}
          options={serviceTypes.map((s) => ({ value: s.id, label: name(s) }))}
        />

        <fieldset className="registry-group" aria-describedby="qualifications-hint">
          <legend>{t('agencyApp.form.qualifications')}</legend>
          <p id="qualifications-hint" className="hint">
            {t('agencyApp.form.qualificationsHint')}
          </p>
          {qualifications.length === 0 ? <p className="muted">{t('agencyApp.form.noQualifications')}</p> : null}
          {qualifications.map((row, index) => {
            const q = row.getFieldset()
            return (
              <fieldset key={row.key} className="registry-row" data-testid="qualification-row">
                <legend>{t('agencyApp.form.qualificationRow', { n: index + 1 })}</legend>
                <div className="registry-grid">
                  <SelectField
                    label={t('agencyApp.form.qualificationType')}
                    meta={q.qualificationTypeId}
                    options={typeOptions}
                    placeholder={t('agencyApp.form.choose')}
                  />
                  <SelectField
                    label={t('agencyApp.form.level')}
                    meta={q.levelId}
                    options={levelOptions}
                    placeholder={t('agencyApp.form.choose')}
                  />
                  <Field label={t('agencyApp.form.certificateNo')} meta={q.certificateNo} />
                  <Field label={t('agencyApp.form.issuer')} meta={q.issuer} />
                  <Field label={t('agencyApp.form.validFrom')} meta={q.validFrom} type="date" />
                  <Field label={t('agencyApp.form.validUntil')} meta={q.validUntil} type="date" />
                  <SelectField
                    label={t('agencyApp.form.file')}
                    meta={q.fileId}
                    options={fileOptions}
                    placeholder={t('agencyApp.form.noFile')}
                  />
                </div>
                <ErrorList id={row.errorId} errors={row.errors} />
                <button
                  className="registry-remove"
                  {...form.remove.getButtonProps({ name: fields.qualifications.name, index })}
                >
                  {t('agencyApp.form.removeQualification', { n: index + 1 })}
                </button>
              </fieldset>
            )
          })}
          <ErrorList id={fields.qualifications.errorId} errors={fields.qualifications.errors} />
          <button className="button secondary" {...form.insert.getButtonProps({ name: fields.qualifications.name })}>
            {t('agencyApp.form.addQualification')}
          </button>
        </fieldset>

        <fieldset className="registry-group">
          <legend>{t('agencyApp.form.practitioners')}</legend>
          {practitioners.length === 0 ? <p className="muted">{t('agencyApp.form.noPractitioners')}</p> : null}
          {practitioners.map((row, index) => {
            const p = row.getFieldset()
            return (
              <fieldset key={row.key} className="registry-row" data-testid="practitioner-row">
                <legend>{t('agencyApp.form.practitionerRow', { n: index + 1 })}</legend>
                <div className="registry-grid">
                  <Field label={t('agencyApp.form.practitionerName')} meta={p.name} />
                  <Field label={t('agencyApp.form.certificateType')} meta={p.certificateType} />
                  <Field label={t('agencyApp.form.practitionerCertificateNo')} meta={p.certificateNo} />
                </div>
                <button
                  className="registry-remove"
                  {...form.remove.getButtonProps({ name: fields.practitioners.name, index })}
                >
                  {t('agencyApp.form.removePractitioner', { n: index + 1 })}
                </button>
              </fieldset>
            )
          })}
          <ErrorList id={fields.practitioners.errorId} errors={fields.practitioners.errors} />
          <button className="button secondary" {...form.insert.getButtonProps({ name: fields.practitioners.name })}>
            {t('agencyApp.form.addPractitioner')}
          </button>
        </fieldset>

        <fieldset className="registry-group">
          <legend>{t('agencyApp.form.service')}</legend>
          <TextareaField label={t('agencyApp.form.feeStandard')} meta={fields.feeStandard} />
          <TextareaField label={t('agencyApp.form.commitment')} meta={fields.commitment} />
        </fieldset>

        {editable ? (
          <SubmitButton name="intent" value="save">
            {t('agencyApp.form.save')}
          </SubmitButton>
        ) : null}
      </fieldset>
    </Form>
  )
}

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function CertificateSection() {
  const { t } = useTranslation()
  const { files, maxUploadMb } = useLoaderData<typeof loader>()
  const error = useFormError('upload')
  return (
    <section aria-labelledby="certificates">
      <h2 id="certificates">{t('agencyApp.upload.title')}</h2>
      <p className="hint" id="certificate-upload-hint">
        {t('agencyApp.upload.lead', { max: maxUploadMb })}
      </p>
      <Form
        method="post"
        encType="multipart/form-data"
        className="inline-form registry-upload"
        aria-describedby="certificate-upload-hint"
      >
        <input type="hidden" name="intent" value="upload" />
        <label htmlFor="certificate-file">{t('agencyApp.upload.file')}</label>
        <input
          id="certificate-file"
          type="file"
          name="file"
          accept=".pdf,.jpg,.jpeg,.png"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'certificate-upload-error' : undefined}
        />
        <SubmitButton>{t('agencyApp.upload.submit')}</SubmitButton>
      </Form>
      <FormErrorMessage id="certificate-upload-error" error={error} />
      {files.length === 0 ? (
        <p className="muted">{t('agencyApp.upload.none')}</p>
      ) : (
        <table className="table compact registry-files" data-testid="certificate-files">
          <thead>
            <tr>
              <th scope="col">{t('agencyApp.upload.fileName')}</th>
              <th scope="col">{t('agencyApp.upload.type')}</th>
              <th scope="col" className="num">
                {t('agencyApp.upload.size')}
              </th>
              <th scope="col">{t('agencyApp.upload.sha256')}</th>
              <th scope="col">{t('agencyApp.upload.uploadedAt')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.id}>
                <td>{f.fileName}</td>
                <td className="mono">{f.mimeType}</td>
                <td className="num">{formatSize(f.size)}</td>
                <td className="mono registry-hash">{f.sha256}</td>
                <td className="mono">{f.uploadedAt}</td>
                <td>
                  <a href={`/files/${f.id}`} download>
                    {t('agencyApp.upload.download')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">{t('agencyApp.timeNote')}</p>
    </section>
  )
}
