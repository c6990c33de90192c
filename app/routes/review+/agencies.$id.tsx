import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { regionName } from '~/domain/organisations/names'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { SelectField, SubmitButton, TextareaField } from '~/components/forms'
import { EmptyState, PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { changeStatus, forceExit } from '~/domain/agencies/registry.server'
import {
  ForcedExitSchema,
  StatusChangeSchema,
  forcedExitCategories,
  type ForcedExitInput,
  type StatusChangeInput,
} from '~/domain/agencies/schemas'
import { registryConfig } from '~/domain/config'
import { requirePermission } from '~/utils/auth.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { AgencyStatus, BackLink, CatalogueName, FormProblemNotice, Instant, formProblemOf } from './__components'
import { agencyFileForReviewer, submitReviewForm, uuidParam } from '~/domain/agencies/review-views.server'
import { readForm } from '~/utils/forms.server'

export const meta: MetaFunction = () => [{ title: '机构档案 · Agency file · 入驻审核' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const id = uuidParam(params.id)
  // Outside the reviewer's remit (or not an agency) this is a 404.
  const file = await agencyFileForReviewer(await getDb(), user, id)
  return { ...file, coolingOffDays: registryConfig.coolingOffDaysAfterForcedExit }
})

type Intent = 'suspend' | 'reinstate' | 'forceExit'
const isIntent = (v: unknown): v is Intent => v === 'suspend' || v === 'reinstate' || v === 'forceExit'

const toastOf: Record<Intent, string> = {
  suspend: 'review.toast.suspended',
  reinstate: 'review.toast.reinstated',
  forceExit: 'review.toast.exited',
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const id = uuidParam(params.id)
  const db = await getDb()
  // Each form names its action; the domain re-checks it against the agency's state and the
  // reviewer's remit (403 outside it, 409 when the state no longer allows it).
  const intent = (await readForm(request.clone())).get('action')
  if (!isIntent(intent)) throw errorResponse(400, 'errors.badRequest')
  const outcome =
    intent === 'forceExit'
      ? await submitReviewForm(request, ForcedExitSchema, (value) => forceExit(db, user, id, value))
      : await submitReviewForm(request, StatusChangeSchema, (value) => changeStatus(db, user, id, value))
  if (!outcome.ok) return outcome.response
  return redirectWithToast(`/review/agencies/${id}`, { kind: 'success', messageKey: toastOf[intent] })
})

/** Which form an action answer belongs to: the `action` value it was submitted with. */
function intentOf(actionData: unknown): Intent | null {
  const value = (actionData as { result?: { initialValue?: Record<string, unknown> | null } } | undefined)?.result?.initialValue?.action
  return isIntent(value) ? value : null
}

export default function ReviewAgency() {
  const { t, i18n } = useTranslation()
  const { organisation, profile, eligibility, qualifications, events, exits, applications, actions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const answered = intentOf(actionData)
  // A refusal for a form that is no longer shown (the state moved on) is shown above the forms.
  const orphanProblem = answered && !(actions as readonly string[]).includes(answered) ? formProblemOf(actionData) : null
  return (
    <>
      <BackLink to="/review/agencies" label={t('review.agency.back')} />
      <PageHeader title={organisation.name} lead={organisation.nameEn || undefined} />
      <dl className="facts" aria-label={t('review.agency.facts')}>
        <div>
          <dt>{t('review.agencies.status')}</dt>
          <dd data-testid="agency-status">
            <AgencyStatus status={organisation.status} />
          </dd>
        </div>
        <div>
          <dt>{t('review.agencies.creditCode')}</dt>
          <dd className="mono">{organisation.creditCode}</dd>
        </div>
        <div>
          <dt>{t('review.agencies.region')}</dt>
          <dd>{regionName(organisation.region, i18n.language) || <span className="muted">—</span>}</dd>
        </div>
        <div>
          <dt>{t('review.agency.createdAt')}</dt>
          <dd>
            <Instant value={organisation.createdAt} />
          </dd>
        </div>
        {profile ? (
          <>
            <div>
              <dt>{t('review.agency.legalRepresentative')}</dt>
              <dd>{profile.legalRepresentative}</dd>
            </div>
            <div>
              <dt>{t('review.agency.contact')}</dt>
              <dd>
                {profile.contactName} · <span className="mono">{profile.contactPhone}</span>
              </dd>
            </div>
            <div>
              <dt>{t('review.agency.address')}</dt>
              <dd>{profile.address}</dd>
            </div>
            <div>
              <dt>{t('review.agency.approvedAt')}</dt>
              <dd>
                <Instant value={profile.approvedAt} />
              </dd>
            </div>
          </>
        ) : null}
      </dl>

      <section className="review-section" aria-labelledby="agency-actions">
        <h2 id="agency-actions">{t('review.agency.actions')}</h2>
        <p className="muted">{t('review.agency.actionsLead')}</p>
        <FormProblemNotice problem={orphanProblem} />
        {actions.length === 0 ? (
          <p className="muted" data-testid="no-actions">
            {t('review.agency.noActions')}
          </p>
        ) : (
          <div className="review-actions">
            {actions.includes('suspend') ? <StatusForm key={`suspend-${organisation.status}`} action="suspend" /> : null}
            {actions.includes('reinstate') ? <StatusForm key={`reinstate-${organisation.status}`} action="reinstate" /> : null}
            {actions.includes('forceExit') ? <ForceExitForm key={`exit-${organisation.status}`} /> : null}
          </div>
        )}
      </section>

      <section className="review-section" aria-labelledby="agency-eligibility">
        <h2 id="agency-eligibility">{t('review.agency.eligibility')}</h2>
        <p className="muted">{t('review.agency.eligibilityLead')}</p>
        {eligibility.length === 0 ? (
          <EmptyState>{t('review.agency.noServiceTypes')}</EmptyState>
        ) : (
          <table className="table" data-testid="agency-eligibility">
            <thead>
              <tr>
                <th scope="col">{t('review.agency.serviceType')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {eligibility.map(({ serviceType, result }) => (
                <tr key={serviceType.id}>
                  <td>
                    <CatalogueName record={serviceType} />
                  </td>
                  <td>
                    {result.eligible ? (
                      <>
                        <span className="status status-active">{t('review.agency.eligible')}</span>
                        {result.expiringOn ? (
                          <span className="status status-expiring">{t('review.agency.expiringOn', { date: result.expiringOn })}</span>
                        ) : null}
                      </>
                    ) : (
                      <>
                        <span className="status status-rejected">{t('review.agency.ineligible')}</span> {t(`agency.ineligible.${result.reason}`)}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {qualifications.length ? (
        <section className="review-section" aria-labelledby="agency-qualifications">
          <h2 id="agency-qualifications">{t('review.agency.qualifications')}</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('review.application.qualification.type')}</th>
                <th scope="col">{t('review.application.qualification.level')}</th>
                <th scope="col">{t('review.application.qualification.certificateNo')}</th>
                <th scope="col">{t('review.application.qualification.validity')}</th>
                <th scope="col">{t('review.application.qualification.file')}</th>
              </tr>
            </thead>
            <tbody>
              {qualifications.map((q) => (
                <tr key={q.id}>
                  <td>
                    <CatalogueName record={q.type} />
                  </td>
                  <td>
                    <CatalogueName record={q.level} />
                  </td>
                  <td className="mono">{q.certificateNo}</td>
                  <td>
                    {t('review.application.qualification.validRange', { from: q.validFrom, until: q.validUntil })}{' '}
                    <span className={`status status-${q.validity}`}>{t(`workspace.validity.${q.validity}`)}</span>
                  </td>
                  <td>
                    {q.fileId ? (
                      <a href={`/files/${q.fileId}`} target="_blank" rel="noreferrer">
                        {t('review.application.qualification.download')}
                      </a>
                    ) : (
                      <span className="muted">{t('review.application.qualification.noFile')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="review-section" aria-labelledby="agency-history">
        <h2 id="agency-history">{t('review.agency.history')}</h2>
        <p className="muted">
          {t('review.agency.historyLead')} {t('review.timeZoneNote')}
        </p>
        {events.length === 0 ? (
          <EmptyState>{t('review.agency.historyEmpty')}</EmptyState>
        ) : (
          <table className="table" data-testid="agency-history">
            <thead>
              <tr>
                <th scope="col">{t('review.agency.time')}</th>
                <th scope="col">{t('review.agency.event')}</th>
                <th scope="col">{t('review.agency.reason')}</th>
                <th scope="col">{t('review.agency.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Instant value={e.at} />
                  </td>
                  <td>{t(`agency.event.${e.kind}`)}</td>
                  <td>{e.reason ?? <span className="muted">—</span>}</td>
                  <td>{[e.actorName, e.actorOrganisation].filter(Boolean).join(' · ') || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="review-section" aria-labelledby="agency-exits">
        <h2 id="agency-exits">{t('review.agency.exits')}</h2>
        {exits.length === 0 ? (
          <EmptyState>{t('review.agency.exitsEmpty')}</EmptyState>
        ) : (
          <table className="table" data-testid="agency-exits">
            <thead>
              <tr>
                <th scope="col">{t('review.agency.exitedOn')}</th>
                <th scope="col">{t('review.agency.exitType')}</th>
                <th scope="col">{t('review.agency.exitCategory')}</th>
                <th scope="col">{t('review.agency.reason')}</th>
                <th scope="col">{t('review.agency.reentryFrom')}</th>
                <th scope="col">{t('review.agency.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {exits.map((x) => (
                <tr key={x.id}>
                  <td>{x.exitedOn}</td>
                  <td>{t(`agency.exitType.${x.type}`)}</td>
                  <td>{t(`agency.exitCategory.${x.category}`)}</td>
                  <td>{x.reason}</td>
                  <td>{x.reentryFrom}</td>
                  <td>{x.actorOrganisation ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="review-section" aria-labelledby="agency-applications">
        <h2 id="agency-applications">{t('review.agency.applications')}</h2>
        {applications.length === 0 ? (
          <EmptyState>{t('review.agency.applicationsEmpty')}</EmptyState>
        ) : (
          <table className="table compact" data-testid="agency-applications">
            <thead>
              <tr>
                <th scope="col">{t('review.queue.kind')}</th>
                <th scope="col">{t('review.application.status')}</th>
                <th scope="col">{t('review.application.submittedAt')}</th>
                <th scope="col">{t('review.decision.decidedAt')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <td>{t(`agency.applicationKind.${a.kind}`)}</td>
                  <td>
                    <span className={`status status-${a.status}`}>{t(`agency.applicationStatus.${a.status}`)}</span>
                    {a.revision ? <span className="muted"> · {t('review.queue.revisionValue', { count: a.revision })}</span> : null}
                  </td>
                  <td>
                    <Instant value={a.submittedAt} />
                  </td>
                  <td>
                    <Instant value={a.decidedAt} />
                  </td>
                  <td>
                    {a.reviewable && a.submittedAt ? (
                      <Link to={`/review/applications/${a.id}`}>{t('review.agency.viewApplication')}</Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}

function StatusForm({ action: intent }: { action: 'suspend' | 'reinstate' }) {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const mine = intentOf(actionData) === intent
  const [form, fields] = useSchemaForm<StatusChangeInput & { confirm: string }>(StatusChangeSchema, {
    id: `agency-${intent}`,
    lastResult: mine ? actionData?.result : undefined,
  })
  return (
    <section className="card" aria-labelledby={`agency-${intent}-title`}>
      <h3 id={`agency-${intent}-title`}>{t(intent === 'suspend' ? 'review.agency.suspendTitle' : 'review.agency.reinstateTitle')}</h3>
      <p className="muted">{t(intent === 'suspend' ? 'review.agency.suspendHint' : 'review.agency.reinstateHint')}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblemNotice problem={mine ? formProblemOf(actionData) : null} />
        <input type="hidden" name={fields.action.name} value={intent} />
        <TextareaField label={t('review.agency.reason')} meta={fields.reason} />
        <ConfirmField label={t(intent === 'suspend' ? 'confirm.suspend' : 'confirm.reinstate')} errors={fields.confirm.errors} />
        <SubmitButton>{t(intent === 'suspend' ? 'review.agency.suspendSubmit' : 'review.agency.reinstateSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}

function ForceExitForm() {
  const { t } = useTranslation()
  const { coolingOffDays } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const mine = intentOf(actionData) === 'forceExit'
  const [form, fields] = useSchemaForm<ForcedExitInput & { confirm: string }>(ForcedExitSchema, {
    id: 'agency-force-exit',
    lastResult: mine ? actionData?.result : undefined,
  })
  return (
    <section className="card" aria-labelledby="agency-force-exit-title">
      <h3 id="agency-force-exit-title">{t('review.agency.forceExitTitle')}</h3>
      <p className="muted">{t('review.agency.forceExitHint', { days: coolingOffDays })}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblemNotice problem={mine ? formProblemOf(actionData) : null} />
        <input type="hidden" name="action" value="forceExit" />
        <SelectField
          label={t('review.agency.forceExitCategory')}
          meta={fields.category}
          options={forcedExitCategories.map((c) => ({ value: c, label: t(`agency.exitCategory.${c}`) }))}
          placeholder={t('review.agency.choose')}
        />
        <TextareaField label={t('review.agency.reason')} meta={fields.reason} />
        <ConfirmField label={t('confirm.forceExit')} errors={fields.confirm.errors} />
        <SubmitButton>{t('review.agency.forceExitSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}
