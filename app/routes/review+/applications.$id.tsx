import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { regionName } from '~/domain/organisations/names'
import { getDb } from '#db/client.server'
import { SubmitButton, TextareaField } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { diffApplications } from '~/domain/agencies/diff'
import { applicationForReview, reviewApplication } from '~/domain/agencies/registry.server'
import { ReviewSchema, type ReviewInput } from '~/domain/agencies/schemas'
import { NotFound } from '~/domain/errors'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { AgencyStatus, BackLink, CatalogueName, FormProblemNotice, Instant, RadioGroup, formProblemOf } from './__components'
import {
  catalogueNames,
  isPayloadField,
  readablePayload,
  readablePractitioner,
  readableQualification,
  readableServiceTypes,
  rowKey,
  submitReviewForm,
  today,
  userNames,
  uuidParam,
  type CatalogueNames,
  type ReadablePayload,
} from '~/domain/agencies/review-views.server'

export const meta: MetaFunction = () => [{ title: '审核申请 · Review an application · 入驻审核' }]

type Payload = Record<string, unknown>

/** What changed, readable: scalar fields before/after, list rows added/removed, with names for ids. */
function readableDiff(previous: Payload, current: Payload, names: CatalogueNames, day: string) {
  const { fields, lists, changed } = diffApplications(previous, current)
  const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))
  const list = (field: string) => lists.find((l) => l.field === field) ?? { added: [], removed: [] }
  const serviceTypes = list('serviceTypeIds')
  const qualifications = list('qualifications')
  const practitioners = list('practitioners')
  return {
    changed,
    fields: fields.map((f) => ({ field: f.field, known: isPayloadField(f.field), before: text(f.before), after: text(f.after) })),
    serviceTypes: {
      added: readableServiceTypes(serviceTypes.added, names),
      removed: readableServiceTypes(serviceTypes.removed, names),
    },
    qualifications: {
      added: qualifications.added.map((q) => readableQualification(q as Payload, names, day)),
      removed: qualifications.removed.map((q) => readableQualification(q as Payload, names, day)),
    },
    practitioners: {
      added: practitioners.added.map((p) => readablePractitioner(p as Payload)),
      removed: practitioners.removed.map((p) => readablePractitioner(p as Payload)),
    },
    /** Lists the review screen has no table for (none today) still show up, by field name. */
    otherLists: lists
      .filter((l) => !['serviceTypeIds', 'qualifications', 'practitioners'].includes(l.field))
      .map((l) => ({ field: l.field, added: l.added.map(rowKey), removed: l.removed.map(rowKey) })),
  }
}
type ReadableDiff = ReturnType<typeof readableDiff>

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const id = uuidParam(params.id)
  const db = await getDb()
  // Outside the reviewer's remit this is a 404, so applications of other departments stay unseen.
  const { application, organisation, previous, submissions } = await applicationForReview(db, user, id)
  // A draft never submitted is the agency's own work in progress, not something to review.
  if (submissions.length === 0) throw new NotFound()
  // What the reviewer judges is the submitted version; a draft being edited stays the agency's own.
  const current = submissions[0].payload
  const day = today()
  const [names, people] = await Promise.all([catalogueNames(db, [current, previous]), userNames(db, [application.decidedBy])])
  const compareWith = previous ? (submissions[1] ? { kind: 'previous' as const, revision: submissions[1].revision } : { kind: 'live' as const }) : null
  const diff = previous ? readableDiff(previous, current, names, day) : null
  return {
    application: {
      id: application.id,
      kind: application.kind,
      status: application.status,
      revision: application.revision,
      submittedAt: application.submittedAt?.toISOString() ?? null,
      decidedAt: application.decidedAt?.toISOString() ?? null,
      decidedBy: application.decidedBy ? (people.get(application.decidedBy) ?? null) : null,
      decisionReason: application.decisionReason,
    },
    organisation: { id: organisation.id, name: organisation.name, creditCode: organisation.creditCode, status: organisation.status },
    payload: readablePayload(current, names, day),
    compareWith,
    diff,
    submissions: submissions.map((s) => ({ revision: s.revision, submittedAt: s.submittedAt.toISOString() })),
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const id = uuidParam(params.id)
  const db = await getDb()
  // The domain re-checks everything: remit (404 outside it), pending state (409), reason (400).
  const outcome = await submitReviewForm(request, ReviewSchema, async (value) => {
    await reviewApplication(db, user, id, value)
    return value.decision
  })
  if (!outcome.ok) return outcome.response
  return redirectWithToast('/review/applications', {
    kind: 'success',
    messageKey: outcome.value === 'approve' ? 'review.toast.approved' : 'review.toast.rejected',
  })
})

export default function ReviewApplication() {
  const { t } = useTranslation()
  const { application, organisation, submissions } = useLoaderData<typeof loader>()
  return (
    <>
      <BackLink to="/review/applications" label={t('review.application.back')} />
      <PageHeader title={`${t(`agency.applicationKind.${application.kind}`)} · ${organisation.name}`} />
      <dl className="facts">
        <div>
          <dt>{t('review.application.status')}</dt>
          <dd>
            <span className={`status status-${application.status}`} data-testid="application-status">
              {t(`agency.applicationStatus.${application.status}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('review.application.organisationStatus')}</dt>
          <dd>
            <AgencyStatus status={organisation.status} /> · <Link to={`/review/agencies/${organisation.id}`}>{t('review.application.agencyFile')}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('review.application.creditCode')}</dt>
          <dd className="mono">{organisation.creditCode}</dd>
        </div>
        <div>
          <dt>{t('review.application.submittedAt')}</dt>
          <dd>
            <Instant value={application.submittedAt} />
            {application.revision ? <span className="muted"> · {t('review.queue.revisionValue', { count: application.revision })}</span> : null}
          </dd>
        </div>
      </dl>
      <div className="review-columns">
        <div>
          <DiffPanel />
          <PayloadView />
        </div>
        <aside className="review-side">
          <DecisionPanel />
          <section className="review-section" aria-labelledby="review-history">
            <h2 id="review-history">{t('review.history.title')}</h2>
            {submissions.length === 0 ? (
              <p className="muted">{t('review.history.empty')}</p>
            ) : (
              <table className="table compact" data-testid="submission-history">
                <thead>
                  <tr>
                    <th scope="col">{t('review.history.revision')}</th>
                    <th scope="col">{t('review.history.submittedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {submissions.map((s, i) => (
                    <tr key={s.revision}>
                      <td className="num">
                        {s.revision}
                        {i === 0 ? <span className="muted"> · {t('review.history.current')}</span> : null}
                      </td>
                      <td>
                        <Instant value={s.submittedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="muted">{t('review.timeZoneNote')}</p>
          </section>
        </aside>
      </div>
    </>
  )
}

function DiffPanel() {
  const { t } = useTranslation()
  const { compareWith, diff } = useLoaderData<typeof loader>()
  return (
    <section className="review-section review-diff card" aria-labelledby="review-diff" data-testid="review-diff">
      <h2 id="review-diff">{t('review.diff.title')}</h2>
      {!compareWith || !diff ? (
        <p className="muted">{t('review.diff.firstSubmission')}</p>
      ) : (
        <>
          <p>
            {compareWith.kind === 'previous' ? t('review.diff.againstPrevious', { revision: compareWith.revision }) : t('review.diff.againstLive')}
          </p>
          {diff.changed ? <DiffDetails diff={diff} /> : <p className="muted">{t('review.diff.none')}</p>}
        </>
      )}
    </section>
  )
}

function DiffDetails({ diff }: { diff: ReadableDiff }) {
  const { t, i18n } = useTranslation()
  // The region is stored as a catalogue code (older payloads: free text, shown as written).
  const shown = (field: string, value: string) => (field === 'region' ? regionName(value, i18n.language) : value)
  const fieldLabel = (field: string, known: boolean) => (known ? t(`review.application.field.${field}`) : field)
  const counts = (field: string, added: number, removed: number) =>
    added || removed ? (
      <li key={field}>
        <strong>{t(`review.application.field.${field}`)}</strong>
        {added ? <span className="review-marker review-marker-added">{t('review.diff.added', { count: added })}</span> : null}
        {removed ? <span className="review-marker review-marker-removed">{t('review.diff.removed', { count: removed })}</span> : null}
      </li>
    ) : null
  return (
    <>
      {diff.fields.length ? (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">{t('review.diff.field')}</th>
              <th scope="col">{t('review.diff.before')}</th>
              <th scope="col">{t('review.diff.after')}</th>
            </tr>
          </thead>
          <tbody>
            {diff.fields.map((f) => (
              <tr key={f.field} data-field={f.field}>
                <th scope="row">{fieldLabel(f.field, f.known)}</th>
                <td>{f.before ? <del>{shown(f.field, f.before)}</del> : <span className="muted">{t('review.application.emptyValue')}</span>}</td>
                <td>{f.after ? <ins>{shown(f.field, f.after)}</ins> : <span className="muted">{t('review.application.emptyValue')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ul>
        {counts('serviceTypeIds', diff.serviceTypes.added.length, diff.serviceTypes.removed.length)}
        {counts('qualifications', diff.qualifications.added.length, diff.qualifications.removed.length)}
        {counts('practitioners', diff.practitioners.added.length, diff.practitioners.removed.length)}
        {diff.otherLists.map((l) => (
          <li key={l.field}>
            <strong>{l.field}</strong>
            {l.added.map((a) => (
              <div key={`+${a}`}>
                <ins className="mono">+ {a}</ins>
              </div>
            ))}
            {l.removed.map((r) => (
              <div key={`-${r}`}>
                <del className="mono">− {r}</del>
              </div>
            ))}
          </li>
        ))}
      </ul>
      {diff.serviceTypes.removed.length ? (
        <p>
          {diff.serviceTypes.removed.map((s) => (
            <span key={s.id} className="tag">
              <span className="review-marker review-marker-removed">{t('review.application.removedRow')}</span>
              <del>
                <CatalogueName record={s.serviceType} />
              </del>
            </span>
          ))}
        </p>
      ) : null}
    </>
  )
}

function PayloadView() {
  const { t, i18n } = useTranslation()
  const { payload, diff } = useLoaderData<typeof loader>()
  const changedFields = new Set(diff?.fields.map((f) => f.field) ?? [])
  const addedServiceTypes = new Set(diff?.serviceTypes.added.map((s) => s.id) ?? [])
  const addedQualifications = new Set(diff?.qualifications.added.map((q) => q.key) ?? [])
  const addedPractitioners = new Set(diff?.practitioners.added.map((p) => p.key) ?? [])
  const basics = ['name', 'nameEn', 'region', 'address', 'legalRepresentative', 'contactName', 'contactPhone'] as const
  const Text = ({ field }: { field: (typeof basics)[number] | 'feeStandard' | 'commitment' }) => (
    <>
      <dt>{t(`review.application.field.${field}`)}</dt>
      <dd className={changedFields.has(field) ? 'review-changed' : undefined} data-field={field}>
        {changedFields.has(field) ? <span className="review-marker">{t('review.application.changedField')}</span> : null}
        {(field === 'region' ? regionName(payload[field], i18n.language) : payload[field]) || <span className="muted">{t('review.application.emptyValue')}</span>}
      </dd>
    </>
  )
  return (
    <section className="review-section" aria-labelledby="review-payload" data-testid="review-payload">
      <h2 id="review-payload">{t('review.application.payloadTitle')}</h2>
      <h3>{t('review.application.basics')}</h3>
      <dl className="review-details">
        {basics.map((f) => (
          <Text key={f} field={f} />
        ))}
      </dl>

      <h3>{t('review.application.field.serviceTypeIds')}</h3>
      <p>
        {payload.serviceTypes.map((s) => (
          <span key={s.id} className="tag">
            {addedServiceTypes.has(s.id) ? <span className="review-marker review-marker-added">{t('review.application.addedRow')}</span> : null}
            <CatalogueName record={s.serviceType} />
          </span>
        ))}
        {diff?.serviceTypes.removed.map((s) => (
          <span key={`removed-${s.id}`} className="tag">
            <span className="review-marker review-marker-removed">{t('review.application.removedRow')}</span>
            <del>
              <CatalogueName record={s.serviceType} />
            </del>
          </span>
        ))}
      </p>

      <h3>{t('review.application.field.qualifications')}</h3>
      <QualificationTable rows={payload.qualifications} added={addedQualifications} removed={diff?.qualifications.removed ?? []} />

      <h3>{t('review.application.field.practitioners')}</h3>
      <PractitionerTable rows={payload.practitioners} added={addedPractitioners} removed={diff?.practitioners.removed ?? []} />

      <dl className="review-details">
        <Text field="feeStandard" />
        <Text field="commitment" />
      </dl>
    </section>
  )
}

type QualificationRow = ReadablePayload['qualifications'][number]

function QualificationTable({ rows, added, removed }: { rows: QualificationRow[]; added: Set<string>; removed: QualificationRow[] }) {
  const { t } = useTranslation()
  if (!rows.length && !removed.length) return <p className="muted">{t('review.application.noRows')}</p>
  const row = (q: QualificationRow, state: 'added' | 'removed' | null) => (
    <tr key={`${state ?? 'same'}-${q.key}`} className={state ? `review-${state}` : undefined} data-row-state={state ?? 'same'}>
      <td>
        {state ? (
          <span className={`review-marker review-marker-${state}`}>{t(state === 'added' ? 'review.application.addedRow' : 'review.application.removedRow')}</span>
        ) : null}
        <CatalogueName record={q.type} />
      </td>
      <td>{q.level ? <CatalogueName record={q.level} /> : <span className="muted">{t('review.application.unknownRecord')}</span>}</td>
      <td className="mono">{q.certificateNo}</td>
      <td>{q.issuer}</td>
      <td>
        {t('review.application.qualification.validRange', { from: q.validFrom, until: q.validUntil })}
        {q.validity ? (
          <>
            {' '}
            <span className={`status status-${q.validity}`}>{t(`workspace.validity.${q.validity}`)}</span>
          </>
        ) : null}
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
  )
  return (
    <table className="table compact" data-testid="review-qualifications">
      <thead>
        <tr>
          <th scope="col">{t('review.application.qualification.type')}</th>
          <th scope="col">{t('review.application.qualification.level')}</th>
          <th scope="col">{t('review.application.qualification.certificateNo')}</th>
          <th scope="col">{t('review.application.qualification.issuer')}</th>
          <th scope="col">{t('review.application.qualification.validity')}</th>
          <th scope="col">{t('review.application.qualification.file')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((q) => row(q, added.has(q.key) ? 'added' : null))}
        {removed.map((q) => row(q, 'removed'))}
      </tbody>
    </table>
  )
}

type PractitionerRow = ReadablePayload['practitioners'][number]

function PractitionerTable({ rows, added, removed }: { rows: PractitionerRow[]; added: Set<string>; removed: PractitionerRow[] }) {
  const { t } = useTranslation()
  if (!rows.length && !removed.length) return <p className="muted">{t('review.application.noRows')}</p>
  const row = (p: PractitionerRow, state: 'added' | 'removed' | null) => (
    <tr key={`${state ?? 'same'}-${p.key}`} className={state ? `review-${state}` : undefined} data-row-state={state ?? 'same'}>
      <td>
        {state ? (
          <span className={`review-marker review-marker-${state}`}>{t(state === 'added' ? 'review.application.addedRow' : 'review.application.removedRow')}</span>
        ) : null}
        {p.name}
      </td>
      <td>{p.certificateType}</td>
      <td className="mono">{p.certificateNo}</td>
    </tr>
  )
  return (
    <table className="table compact" data-testid="review-practitioners">
      <thead>
        <tr>
          <th scope="col">{t('review.application.practitioner.name')}</th>
          <th scope="col">{t('review.application.practitioner.certificateType')}</th>
          <th scope="col">{t('review.application.practitioner.certificateNo')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((p) => row(p, added.has(p.key) ? 'added' : null))}
        {removed.map((p) => row(p, 'removed'))}
      </tbody>
    </table>
  )
}

function DecisionPanel() {
  const { t } = useTranslation()
  const { application } = useLoaderData<typeof loader>()
  if (application.status === 'pending') return <DecisionForm key={`${application.id}-${application.revision}`} />
  const decided = application.status === 'approved' || application.status === 'rejected'
  return (
    <section className="review-section card" aria-labelledby="review-decision" data-testid="review-decision">
      <h2 id="review-decision">{decided ? t('review.decision.decided') : t('review.decision.title')}</h2>
      {decided ? (
        <dl className="review-details">
          <dt>{t('review.decision.result')}</dt>
          <dd>
            <span className={`status status-${application.status}`}>{t(`agency.applicationStatus.${application.status}`)}</span>
          </dd>
          <dt>{t('review.decision.decidedAt')}</dt>
          <dd>
            <Instant value={application.decidedAt} />
          </dd>
          <dt>{t('review.decision.decidedBy')}</dt>
          <dd>{application.decidedBy ?? <span className="muted">{t('review.decision.closedBySystem')}</span>}</dd>
          {application.decisionReason ? (
            <>
              <dt>{t('review.decision.reason')}</dt>
              <dd>{application.decisionReason}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted">{t('review.decision.notPending', { status: t(`agency.applicationStatus.${application.status}`) })}</p>
      )}
    </section>
  )
}

function DecisionForm() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm<ReviewInput>(ReviewSchema, { id: 'review-decision-form', lastResult: actionData?.result })
  const problem = formProblemOf(actionData)
  return (
    <section className="review-section card" aria-labelledby="review-decision">
      <h2 id="review-decision">{t('review.decision.title')}</h2>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblemNotice problem={problem} />
        <RadioGroup
          label={t('review.decision.choice')}
          meta={fields.decision}
          options={[
            { value: 'approve', label: t('review.decision.approve') },
            { value: 'reject', label: t('review.decision.reject') },
          ]}
        />
        <TextareaField label={t('review.decision.reason')} meta={fields.reason} />
        <p className="hint">{t('review.decision.reasonHint')}</p>
        <SubmitButton>{t('review.decision.submit')}</SubmitButton>
      </Form>
    </section>
  )
}
