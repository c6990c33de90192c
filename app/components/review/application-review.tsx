/**
 * The application review screen's parts (app/routes/review+/applications.$id.tsx): what changed,
 * the submitted version, and the decision. The view model is built by the domain
 * (`applicationReviewView` in app/domain/agencies/review-views.server.ts).
 */
import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { CatalogueName, Instant, RadioGroup } from '~/components/review/common'
import { useSchemaForm } from '~/components/use-schema-form'
import { ReviewSchema } from '~/domain/agencies/schemas'
import type { ApplicationReviewView, ReadableDiff, ReadablePayload } from '~/domain/agencies/review-views.server'
import { regionName } from '~/domain/organisations/names'

/** What changed since the previous submission (or the live profile, for a change application). */
export function DiffPanel({ compareWith, diff }: Pick<ApplicationReviewView, 'compareWith' | 'diff'>) {
  const { t } = useTranslation()
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

/** The submitted version, readable, with what changed marked. */
export function PayloadView({ payload, diff }: Pick<ApplicationReviewView, 'payload' | 'diff'>) {
  const { t, i18n } = useTranslation()
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
            <span className={`status status-${q.validity}`}>{t(`terms.validity.${q.validity}`)}</span>
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

/** The decision form when the state machine allows a decision, else the decision taken (or why there is none). */
export function DecisionPanel({ application, actions }: Pick<ApplicationReviewView, 'application' | 'actions'>) {
  const { t } = useTranslation()
  if (actions.length) return <DecisionForm key={`${application.id}-${application.revision}`} actions={actions} />
  const decided = application.status === 'approved' || application.status === 'rejected'
  return (
    <section className="review-section card" aria-labelledby="review-decision" data-testid="review-decision">
      <h2 id="review-decision">{decided ? t('review.decision.decided') : t('review.decision.title')}</h2>
      {decided ? (
        <dl className="review-details">
          <dt>{t('review.decision.result')}</dt>
          <dd>
            <span className={`status status-${application.status}`}>{t(`terms.applicationStatus.${application.status}`)}</span>
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
        <p className="muted">
          {application.status === 'pending'
            ? t('review.decision.notDecidableNow')
            : t('review.decision.notPending', { status: t(`terms.applicationStatus.${application.status}`) })}
        </p>
      )}
    </section>
  )
}

function DecisionForm({ actions }: { actions: ApplicationReviewView['actions'] }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('default')
  const [form, fields] = useSchemaForm<{ decision: string; reason: string; confirm: string }>(ReviewSchema, { id: 'review-decision-form', lastResult })
  return (
    <section className="review-section card" aria-labelledby="review-decision">
      <h2 id="review-decision">{t('review.decision.title')}</h2>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <RadioGroup
          label={t('review.decision.choice')}
          meta={fields.decision}
          options={actions.map((a) => ({ value: a, label: t(`review.decision.${a}`) }))}
        />
        <TextareaField label={t('review.decision.reason')} meta={fields.reason} />
        <p className="hint">{t('review.decision.reasonHint')}</p>
        {/* Required when rejecting: a rejection cannot be undone. */}
        <ConfirmField label={t('confirm.rejectApplication')} errors={fields.confirm.errors} />
        <SubmitButton>{t('review.decision.submit')}</SubmitButton>
      </Form>
    </section>
  )
}
