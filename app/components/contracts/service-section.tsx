/**
 * The contract page's service section (SPEC §6, §7): what is due now and from whom, the forms the
 * state machine offers the viewer (`data.actions`), the pause history and the extensions of C
 * (from the clock's events), every delivered version of the report (with its SHA-256, outcome,
 * return reasons and a download link) and the approval segment.
 */
import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Field, FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { serviceConfig } from '~/domain/config'
import {
  AcceptSchema,
  ApprovalDecisionSchema,
  ApprovalSubmissionSchema,
  ExtendSchema,
  ResumeSchema,
  ServiceReasonSchema,
} from '~/domain/contracts/service-schemas'
import { maxReportMb } from '~/domain/contracts/report-upload'
import type { ContractData } from './contract-page'

/** Literal keys (each checked against the dictionaries). */
const outcomeKeys = { approved: 'contractService.outcome.granted', rejected: 'contractService.outcome.refused' } as const
const deliveryOutcomeKeys = {
  pending: 'contractService.deliveryOutcome.pending',
  returned: 'contractService.deliveryOutcome.returned',
  accepted: 'contractService.deliveryOutcome.accepted',
} as const

type Intent = 'requestPause' | 'pause' | 'resume' | 'extend' | 'deliver' | 'return' | 'accept' | 'submitApproval' | 'recordApprovalDecision'

export function ServiceSection({ data }: { data: ContractData }) {
  const { t } = useTranslation()
  const { actions } = data
  const started = data.clock !== null || data.deliveries.length > 0
  if (!started) return null
  return (
    <section aria-labelledby="contract-service-title" data-testid="contract-service">
      <h2 id="contract-service-title">{t('contractService.title')}</h2>
      <DueNow data={data} />
      {actions.includes('request_pause') ? (
        <ReasonForm intent="requestPause" title={t('contractService.forms.requestPause')} hint={t('contractService.forms.requestPauseHint')} />
      ) : null}
      {actions.includes('pause') ? (
        <ReasonForm
          intent="pause"
          title={t('contractService.forms.pause')}
          hint={t(data.pauseRequested ? 'contractService.forms.pauseConfirmHint' : 'contractService.forms.pauseRecordHint')}
        />
      ) : null}
      {actions.includes('resume') ? <ResumeForm /> : null}
      {actions.includes('deliver') ? <DeliverForm /> : null}
      {actions.includes('return_for_revision') ? (
        <ReasonForm
          intent="return"
          title={t('contractService.forms.return')}
          hint={t('contractService.forms.returnHint')}
          label={t('contractService.forms.returnReasons')}
        />
      ) : null}
      {actions.includes('accept') ? <AcceptForm /> : null}
      {actions.includes('extend') ? <ExtendForm /> : null}
      {actions.includes('submit_for_approval') ? <SubmitApprovalForm /> : null}
      {actions.includes('record_approval_decision') ? <DecisionForm /> : null}
      <PauseHistory data={data} />
      <Extensions data={data} />
      <Deliveries data={data} />
      <Approval data={data} />
    </section>
  )
}

/** One form of the section, named by its heading (a region a user, or a test, finds by that name). */
function FormCard({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId()
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      {children}
    </section>
  )
}

/** What is due now and from whom, in words. */
function DueNow({ data }: { data: ContractData }) {
  const { t } = useTranslation()
  const { clock, contract: c } = data
  const latest = data.deliveries.at(-1)
  const pendingRequest = clock?.pendingPauseRequest
  const openPause = clock?.pauses.find((p) => p.to === null)
  let text: string
  if (c.state === 'terminated') text = t('contractService.due.ended')
  else if (c.state === 'delivered' && latest)
    text = t('contractService.due.reviewDue', { version: latest.version, date: latest.deliveredOn })
  else if (c.state === 'paused') text = t('contractService.due.clockStopped', { date: openPause?.from ?? '' })
  else if (c.state === 'in_service' && pendingRequest)
    text = t('contractService.due.pauseRequested', { date: pendingRequest.date, reason: pendingRequest.reason ?? '' })
  else if (c.state === 'in_service' && clock && clock.agency.remaining < 0)
    text = t('contractService.due.overdue', { days: -clock.agency.remaining })
  else if (c.state === 'in_service' && clock)
    text = clock.agency.dueDate
      ? t('contractService.due.running', { used: clock.agency.used, budget: clock.agencyBudget, date: clock.agency.dueDate })
      : t('contractService.due.runningNoDate', { used: clock.agency.used, budget: clock.agencyBudget })
  else if (clock?.decidedOn && c.approvalOutcome)
    text = t('contractService.due.decided', {
      outcome: t(outcomeKeys[c.approvalOutcome]),
      documentNo: c.approvalDocumentNo ?? '',
      date: clock.decidedOn,
    })
  else if (clock?.submittedOn)
    text = t('contractService.due.deciding', { date: clock.submittedOn, due: clock.approval.dueDate ?? '' })
  else if (c.state === 'accepted') text = t('contractService.due.submit')
  else return null
  return (
    <p className="due-now" data-testid="service-due">
      {text}
    </p>
  )
}

function ReasonForm({ intent, title, hint, label }: { intent: Intent; title: string; hint: string; label?: string }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply(intent)
  const [form, fields] = useSchemaForm<{ reason: string }>(ServiceReasonSchema, { id: `service-${intent}`, lastResult })
  return (
    <FormCard title={title}>
      <p className="hint">{hint}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value={intent} />
        <TextareaField label={label ?? t('contractService.forms.reason')} meta={fields.reason} />
        <SubmitButton>{title}</SubmitButton>
      </Form>
    </FormCard>
  )
}

function ResumeForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('resume')
  const [form, fields] = useSchemaForm<{ reason: string }>(ResumeSchema, { id: 'service-resume', lastResult })
  return (
    <FormCard title={t('contractService.forms.resume')}>
      <p className="hint">{t('contractService.forms.resumeHint')}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="resume" />
        <TextareaField label={t('contractService.forms.resumeNote')} meta={fields.reason} />
        <SubmitButton>{t('contractService.forms.resume')}</SubmitButton>
      </Form>
    </FormCard>
  )
}

function ExtendForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('extend')
  const [form, fields] = useSchemaForm<{ days: number; reason: string }>(ExtendSchema, { id: 'service-extend', lastResult })
  return (
    <FormCard title={t('contractService.forms.extend')}>
      <p className="hint">{t('contractService.forms.extendHint', { max: serviceConfig.maxExtensionWorkingDays })}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="extend" />
        <Field label={t('contractService.forms.days')} meta={fields.days} type="number" />
        <TextareaField label={t('contractService.forms.reason')} meta={fields.reason} />
        <SubmitButton>{t('contractService.forms.extend')}</SubmitButton>
      </Form>
    </FormCard>
  )
}

/** The report upload: a multipart form (the page's action reads it against its budget). */
function DeliverForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('deliver')
  const errors = (lastResult?.error?.file ?? null) as string[] | null
  return (
    <FormCard title={t('contractService.forms.deliver')}>
      <p className="hint" id="service-deliver-hint">
        {t('contractService.forms.deliverHint', { max: maxReportMb })}
      </p>
      <Form method="post" encType="multipart/form-data" className="review-form" aria-describedby="service-deliver-hint">
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="deliver" />
        <div className="field">
          <label htmlFor="service-deliver-file">{t('contractService.forms.file')}</label>
          <input
            id="service-deliver-file"
            type="file"
            name="file"
            accept=".pdf,application/pdf"
            required
            aria-invalid={errors?.length ? true : undefined}
            aria-describedby={errors?.length ? 'service-deliver-file-error' : undefined}
          />
          <DeliverErrors errors={errors} />
        </div>
        <SubmitButton>{t('contractService.forms.deliver')}</SubmitButton>
      </Form>
    </FormCard>
  )
}

function DeliverErrors({ errors }: { errors: string[] | null }) {
  // The file field's errors, shown like every field's (translated with their parameters).
  return errors?.length ? <ErrorList id="service-deliver-file-error" errors={errors} /> : null
}

function AcceptForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('accept')
  const [form] = useSchemaForm(AcceptSchema, { id: 'service-accept', lastResult })
  return (
    <FormCard title={t('contractService.forms.accept')}>
      <p className="hint">{t('contractService.forms.acceptHint')}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="accept" />
        <SubmitButton>{t('contractService.forms.accept')}</SubmitButton>
      </Form>
    </FormCard>
  )
}

function SubmitApprovalForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('submitApproval')
  const [form, fields] = useSchemaForm<{ date: string }>(ApprovalSubmissionSchema, { id: 'service-submit-approval', lastResult })
  return (
    <FormCard title={t('contractService.forms.submitApproval')}>
      <p className="hint">{t('contractService.forms.submitApprovalHint')}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="submitApproval" />
        <Field label={t('contractService.forms.date')} meta={fields.date} type="date" />
        <SubmitButton>{t('contractService.forms.submitApproval')}</SubmitButton>
      </Form>
    </FormCard>
  )
}

function DecisionForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('recordApprovalDecision')
  const [form, fields] = useSchemaForm<{ date: string; outcome: string; documentNo: string }>(ApprovalDecisionSchema, {
    id: 'service-approval-decision',
    lastResult,
  })
  return (
    <FormCard title={t('contractService.forms.recordDecision')}>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="recordApprovalDecision" />
        <Field label={t('contractService.forms.date')} meta={fields.date} type="date" />
        <SelectField
          label={t('contractService.forms.outcome')}
          meta={fields.outcome}
          placeholder={t('contractService.forms.choose')}
          options={[
            { value: 'approved', label: t(outcomeKeys.approved) },
            { value: 'rejected', label: t(outcomeKeys.rejected) },
          ]}
        />
        <Field label={t('contractService.forms.documentNo')} meta={fields.documentNo} />
        <SubmitButton>{t('contractService.forms.recordDecision')}</SubmitButton>
      </Form>
    </FormCard>
  )
}

/** Every pause event in order (requested, confirmed, recorded, resumed, with reasons), then the pauses' spans. */
function PauseHistory({ data }: { data: ContractData }) {
  const { t } = useTranslation()
  const pauseEvents = data.clockEvents.filter((e) =>
    ['pause_requested', 'pause_confirmed', 'pause_recorded', 'resumed'].includes(e.type),
  )
  const requests = data.clockEvents.filter((e) => e.type === 'pause_requested')
  const lines = pauseEvents.map((e, i) => {
    const reason = e.reason ?? ''
    switch (e.type) {
      case 'pause_requested':
        return { key: i, text: t('contractService.history.requested', { date: e.date, reason }) }
      case 'pause_confirmed': {
        const request = requests.filter((r) => r.date <= e.date).at(-1)
        return { key: i, text: t('contractService.history.confirmed', { date: e.date, from: request?.date ?? e.date, reason }) }
      }
      case 'pause_recorded':
        return { key: i, text: t('contractService.history.recorded', { date: e.date, reason }) }
      default:
        return {
          key: i,
          text: reason
            ? t('contractService.history.resumedWith', { date: e.date, reason })
            : t('contractService.history.resumed', { date: e.date }),
        }
    }
  })
  const pauses = data.clock?.pauses ?? []
  return (
    <div data-testid="service-pauses">
      <h3>{t('contractService.history.pauses')}</h3>
      {lines.length === 0 ? (
        <p className="muted">{t('contractService.history.noPauses')}</p>
      ) : (
        <ul className="plain-list">
          {lines.map((l) => (
            <li key={l.key}>{l.text}</li>
          ))}
          {pauses.map((p) => (
            <li key={`span-${p.from}`} className="muted">
              {p.to
                ? t('contractService.history.pausedDays', { from: p.from, to: p.to, count: p.workingDays })
                : t('contractService.history.pausedOpen', { from: p.from, count: p.workingDays })}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function Extensions({ data }: { data: ContractData }) {
  const { t } = useTranslation()
  const extensions = data.clock?.extensions ?? []
  if (extensions.length === 0) return null
  return (
    <div data-testid="service-extensions">
      <h3>{t('contractService.history.extensions')}</h3>
      <ul className="plain-list">
        {extensions.map((x, i) => (
          <li key={i}>
            {t('contractService.history.extension', { date: x.date, days: x.days, budget: x.budgetAfter, reason: x.reason ?? '' })}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Deliveries({ data }: { data: ContractData }) {
  const { t } = useTranslation()
  return (
    <div data-testid="service-deliveries">
      <h3>{t('contractService.history.deliveries')}</h3>
      {data.deliveries.length === 0 ? (
        <p className="muted">{t('contractService.history.noDeliveries')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">{t('contractService.history.version')}</th>
              <th scope="col">{t('contractService.history.deliveredOn')}</th>
              <th scope="col">{t('contractService.history.fileName')}</th>
              <th scope="col">{t('contractService.history.size')}</th>
              <th scope="col">{t('contractService.history.sha256')}</th>
              <th scope="col">{t('contractService.history.result')}</th>
            </tr>
          </thead>
          <tbody>
            {data.deliveries.map((d) => (
              <tr key={d.id}>
                <td>{d.version}</td>
                <td>{d.deliveredOn}</td>
                <td>
                  <a href={`/files/${d.fileId}`} download>
                    {d.fileName}
                  </a>
                </td>
                <td>{t('contractService.history.bytes', { count: d.size })}</td>
                <td>
                  <code className="hash">{d.sha256}</code>
                </td>
                <td>
                  {t(deliveryOutcomeKeys[d.outcome])}
                  {d.decisionReason ? <p className="muted">{d.decisionReason}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function Approval({ data }: { data: ContractData }) {
  const { t } = useTranslation()
  const { clock, contract: c } = data
  if (c.state !== 'accepted' && c.state !== 'closed' && !clock?.submittedOn) return null
  return (
    <div data-testid="service-approval">
      <h3>{t('contractService.history.approval')}</h3>
      <ul className="plain-list">
        <li>
          {clock?.submittedOn
            ? t('contractService.history.submittedOn', { date: clock.submittedOn })
            : t('contractService.history.notSubmitted')}
        </li>
        {clock?.decidedOn && c.approvalOutcome ? (
          <li>
            {t('contractService.history.decidedOn', {
              outcome: t(outcomeKeys[c.approvalOutcome]),
              documentNo: c.approvalDocumentNo ?? '',
              date: clock.decidedOn,
            })}
          </li>
        ) : null}
      </ul>
    </div>
  )
}
