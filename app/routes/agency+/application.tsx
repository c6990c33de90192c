import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ApplicationForm } from '~/components/agencies/application-form'
import { ApplicationActions, ApplicationSummary } from '~/components/agencies/application-summary'
import { CertificateSection } from '~/components/agencies/certificates'
import { PageHeader } from '~/components/page-header'
import { agencyOrganisation, MAX_UPLOAD_MB, shanghaiMinute } from '~/domain/agencies/agency-views.server'
import {
  currentApplication,
  listCertificates,
  livePayload,
  saveApplication,
  selfActions,
  submitApplication,
  uploadCertificate,
  withdrawApplication,
} from '~/domain/agencies/registry.server'
import { AgencyApplicationSchema, ApplicationStepSchema, CertificateUploadSchema } from '~/domain/agencies/schemas'
import { listQualificationTypes, listServiceTypes } from '~/domain/catalogue/catalogue.server'
import registryStyles from '~/styles/registry.css?url'
import { resolveRegion } from '~/domain/organisations/regions'
import { requirePermission } from '~/utils/auth.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import { readUploadForm } from '~/utils/upload-form.server'

export const meta: MetaFunction = () => [{ title: '入驻申请 · Entry application · 机构工作台' }]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: registryStyles }]

const PAGE = '/agency/application'
/** Far above the largest valid application (20 qualifications, 200 practitioners, two 2,000-character texts). */
const MAX_TEXT_BODY_BYTES = 1024 * 1024

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const [org, application, serviceTypes, qualificationTypes, files, self] = await Promise.all([
    agencyOrganisation(db, user.organisationId),
    currentApplication(db, user.organisationId),
    listServiceTypes(db),
    listQualificationTypes(db),
    listCertificates(db, user.organisationId),
    // What the agency may do now is the registry state machine's answer (registry-lifecycle.ts).
    selfActions(db, user),
  ])
  // The form starts from the open or latest application, else the live profile (a change), else the signup data.
  const payload = application?.payload ?? (self.kind === 'change' ? await livePayload(db, user.organisationId) : null)
  const start: Record<string, unknown> = payload ?? { name: org.name, nameEn: org.nameEn, region: org.region }
  // The region select holds catalogue codes: an older free-text region starts as its code, or unchosen.
  const defaults = { ...start, region: resolveRegion(typeof start.region === 'string' ? start.region : '').code ?? '' }
  const editable = self.actions.includes('edit')
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
    changeOfLiveProfile: self.kind === 'change',
    coolingOffUntil: self.coolingOffUntil,
    actions: self.actions,
    defaults,
    editable,
    canSubmit: self.actions.includes('submit'),
    canWithdraw: self.actions.includes('withdraw'),
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

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const toast = (messageKey: string) => () => redirectWithToast(PAGE, { kind: 'success', messageKey })

  // Only the certificate form is multipart; it is read with a size budget, never buffered whole.
  if (request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
    const upload = await readUploadForm(request)
    return runIntents(upload.form, {
      upload: intent({
        schema: CertificateUploadSchema,
        run: () => uploadCertificate(db, user, upload),
        done: (stored) =>
          redirectWithToast(PAGE, {
            kind: 'success',
            messageKey: 'agencyApp.upload.uploaded',
            params: { name: stored.fileName, sha256: stored.sha256 },
          }),
      }),
    })
  }

  // The other forms are small text forms; a body declaring more than any of them could hold is not read.
  if (Number(request.headers.get('content-length') ?? 0) > MAX_TEXT_BODY_BYTES) {
    throw errorResponse(413, 'errors.badRequest')
  }
  return runIntents(request, {
    // Also answers a row added or removed without JavaScript: the form comes back with it, nothing saved.
    save: intent({ schema: AgencyApplicationSchema, run: (value) => saveApplication(db, user, value), done: toast('agencyApp.saved') }),
    submit: intent({ schema: ApplicationStepSchema, run: () => submitApplication(db, user), done: toast('agencyApp.submitted') }),
    withdraw: intent({ schema: ApplicationStepSchema, run: () => withdrawApplication(db, user), done: toast('agencyApp.withdrawn') }),
  })
})

export default function AgencyApplicationPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const { application, changeOfLiveProfile, actions } = data
  return (
    <>
      <p className="registry-back">
        <Link to="/agency">← {t('nav.workspace.agency')}</Link>
      </p>
      <PageHeader title={t('agencyApp.title')} lead={changeOfLiveProfile ? t('agencyApp.changeLead') : t('agencyApp.lead')} />
      <ApplicationSummary
        organisation={data.organisation}
        application={application}
        coolingOffUntil={data.coolingOffUntil}
        actions={actions}
      />
      <ApplicationActions actions={actions} />
      <section aria-labelledby="application-form">
        <h2 id="application-form">{t('agencyApp.form.title')}</h2>
        {/* A fresh form after every save, so the saved payload becomes the new starting point. */}
        <ApplicationForm
          key={`${application?.id ?? 'new'}-${application?.updatedAt ?? ''}-${application?.status ?? ''}`}
          defaults={data.defaults}
          editable={data.editable}
          serviceTypes={data.serviceTypes}
          qualificationTypes={data.qualificationTypes}
          files={data.files}
        />
      </section>
      <CertificateSection files={data.files} maxUploadMb={data.maxUploadMb} />
    </>
  )
}
