import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb, type Db } from '#db/client.server'
import { ListingTermsFields } from '~/components/blacklist/listing-terms'
import { ComplaintStatus } from '~/components/complaints/complaint-table'
import { ConfirmField } from '~/components/confirm-field'
import { ErrorList, FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { BackLink, Instant } from '~/components/review/common'
import { useSchemaForm } from '~/components/use-schema-form'
import { actOnComplaint, complaintRecord, type ComplaintActionInput } from '~/domain/complaints/complaints.server'
import {
  AcceptComplaintSchema,
  ReasonedDecisionSchema,
  UpholdSchema,
  WithdrawSchema,
  type UpholdInput,
} from '~/domain/complaints/schemas'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission, type SessionUser } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '投诉记录 · Complaint' }]

/** GET /complaints/:id — the whole record for its complainant, the agency complained about and the supervising regulator (anyone else 404). */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'complaints.read')
  return complaintRecord(await getDb(), user, params.id ?? '')
})

function step<V>(db: Db, user: SessionUser, id: string, toast: string, input: (value: V) => ComplaintActionInput) {
  return {
    run: (value: V) => actOnComplaint(db, user, id, input(value)),
    done: () => redirectWithToast(`/complaints/${id}`, { kind: 'success' as const, messageKey: toast }),
  }
}

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'complaints.read')
  const db = await getDb()
  const id = params.id ?? ''
  // Someone who may not see the complaint: 404 before the form is read.
  await complaintRecord(db, user, id)
  return runIntents(request, {
    accept: intent({
      schema: AcceptComplaintSchema,
      ...step(db, user, id, 'complaints.toast.accepted', () => ({ kind: 'accept' })),
    }),
    rejectInvalid: intent({
      schema: ReasonedDecisionSchema,
      ...step(db, user, id, 'complaints.toast.rejectedInvalid', (v: { reasons: string }) => ({
        kind: 'reject_invalid',
        reasons: v.reasons,
      })),
    }),
    dismiss: intent({
      schema: ReasonedDecisionSchema,
      ...step(db, user, id, 'complaints.toast.dismissed', (v: { reasons: string }) => ({
        kind: 'dismiss',
        reasons: v.reasons,
      })),
    }),
    uphold: intent({
      schema: UpholdSchema,
      ...step(db, user, id, 'complaints.toast.upheld', (v: UpholdInput) => ({ kind: 'uphold', input: v })),
    }),
    withdraw: intent({
      schema: WithdrawSchema,
      ...step(db, user, id, 'complaints.toast.withdrawn', () => ({ kind: 'withdraw' })),
    }),
  })
})

type Data = ReturnType<typeof useLoaderData<typeof loader>>

function ConfirmOnly({
  name,
  title,
  confirm,
  submit,
}: {
  name: 'accept' | 'withdraw'
  title: string
  confirm: string
  submit: string
}) {
  const { lastResult, formError } = useIntentReply(name)
  const [form, fields] = useSchemaForm<{ confirm: string }>(
    name === 'accept' ? AcceptComplaintSchema : WithdrawSchema,
    {
      id: `complaint-${name}`,
      lastResult,
    },
  )
  return (
    <section aria-labelledby={`complaint-${name}-title`}>
      <h2 id={`complaint-${name}-title`}>{title}</h2>
      <Form method="post" className="admin-form" {...getFormProps(form)} data-testid={`complaint-${name}`}>
        <FormProblem problem={formError} />
        <ConfirmField label={confirm} errors={fields.confirm.errors} />
        <SubmitButton name="intent" value={name}>
          {submit}
        </SubmitButton>
      </Form>
    </section>
  )
}

function Reasoned({
  name,
  title,
  confirm,
  submit,
}: {
  name: 'rejectInvalid' | 'dismiss'
  title: string
  confirm: string
  submit: string
}) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply(name)
  const [form, fields] = useSchemaForm<{ reasons: string; confirm: string }>(ReasonedDecisionSchema, {
    id: `complaint-${name}`,
    lastResult,
  })
  return (
    <section aria-labelledby={`complaint-${name}-title`}>
      <h2 id={`complaint-${name}-title`}>{title}</h2>
      <Form method="post" className="admin-form" {...getFormProps(form)} data-testid={`complaint-${name}`}>
        <FormProblem problem={formError} />
        <TextareaField label={t('complaints.actions.reasons')} meta={fields.reasons} />
        <ConfirmField label={confirm} errors={fields.confirm.errors} />
        <SubmitButton name="intent" value={name}>
          {submit}
        </SubmitButton>
      </Form>
    </section>
  )
}

type UpholdFields = {
  reasons: string
  blacklist: string
  listReason: string
  legalBasis: string
  scope: string
  serviceTypeIds: string[]
  endsOn: string
  permanent: string
  confirm: string
}

/** Upholding, with the blacklisting of the agency complained about offered on the same form. */
function Uphold({ data }: { data: Data }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('uphold')
  const [form, fields] = useSchemaForm<UpholdFields>(UpholdSchema, {
    id: 'complaint-uphold',
    lastResult,
    defaultValue: { scope: 'service_types' },
  })
  return (
    <section aria-labelledby="complaint-uphold-title">
      <h2 id="complaint-uphold-title">{t('complaints.actions.upholdTitle')}</h2>
      <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="complaint-uphold">
        <FormProblem problem={formError} />
        <TextareaField label={t('complaints.actions.reasons')} meta={fields.reasons} />
        {data.complaint.target ? (
          <fieldset className="field">
            <legend>{t('blacklist.regulator.newTitle')}</legend>
            <label className="checkbox">
              <input {...getInputProps(fields.blacklist, { type: 'checkbox' })} key={fields.blacklist.key} />
              {t('complaints.actions.blacklist')}
            </label>
            <ErrorList id={fields.blacklist.errorId} errors={fields.blacklist.errors} />
            <TextareaField label={t('complaints.actions.listReason')} meta={fields.listReason} />
            <ListingTermsFields fields={fields} serviceTypes={data.serviceTypes} />
          </fieldset>
        ) : (
          <ErrorList id={fields.blacklist.errorId} errors={fields.blacklist.errors} />
        )}
        <ConfirmField label={t('complaints.confirm.uphold')} errors={fields.confirm.errors} />
        <SubmitButton name="intent" value="uphold">
          {t('complaints.actions.uphold')}
        </SubmitButton>
      </Form>
    </section>
  )
}

export default function ComplaintRecord() {
  const { t, i18n } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const c = data.complaint
  const can = (a: (typeof data.actions)[number]) => data.actions.includes(a)
  return (
    <>
      <BackLink to="/complaints" label={t('complaints.record.back')} />
      <PageHeader
        title={t('complaints.record.title')}
        lead={`${t(`complaints.subject.${c.subject}`)} · ${c.needTitle}`}
      >
        <ComplaintStatus complaint={c} />
      </PageHeader>
      <dl className="facts" data-testid="complaint-facts">
        <div>
          <dt>{t('complaints.column.complainant')}</dt>
          <dd>{organisationName(c.complainant, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('complaints.column.target')}</dt>
          <dd>
            {c.target ? (
              organisationName(c.target, i18n.language)
            ) : (
              <span className="muted">{t('complaints.noTarget')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('complaints.record.filedAt')}</dt>
          <dd>
            <Instant value={c.filedAt} />
          </dd>
        </div>
        {c.due ? (
          <div>
            <dt>{t('complaints.column.due')}</dt>
            <dd>{t(`complaints.due.${c.due.step}`, { date: c.due.dueOn })}</dd>
          </div>
        ) : null}
        {c.acceptedAt ? (
          <div>
            <dt>{t('complaints.record.acceptedAt')}</dt>
            <dd>
              <Instant value={c.acceptedAt} />
            </dd>
          </div>
        ) : null}
        {c.decidedAt ? (
          <div>
            <dt>{t('complaints.record.decidedAt')}</dt>
            <dd>
              <Instant value={c.decidedAt} />
            </dd>
          </div>
        ) : null}
        {c.withdrawnAt ? (
          <div>
            <dt>{t('complaints.record.withdrawnAt')}</dt>
            <dd>
              <Instant value={c.withdrawnAt} />
            </dd>
          </div>
        ) : null}
        {c.contractId ? (
          <div>
            <dt>{t('complaints.subject.contract')}</dt>
            <dd>
              <Link to={`/contracts/${c.contractId}`}>{t('complaints.record.contract')}</Link>
            </dd>
          </div>
        ) : null}
      </dl>
      <h2>{t('complaints.record.text')}</h2>
      <p className="complaint-text" data-testid="complaint-text">
        {c.text}
      </p>
      <h2>{t('complaints.record.files')}</h2>
      {data.files.length === 0 ? (
        <p className="muted">{t('complaints.record.noFiles')}</p>
      ) : (
        <ul>
          {data.files.map((f) => (
            <li key={f.id}>
              <a href={`/files/${f.id}`}>{f.fileName}</a>
            </li>
          ))}
        </ul>
      )}
      {c.decisionReasons ? (
        <>
          <h2>{t('complaints.record.decisionReasons')}</h2>
          <p className="complaint-text" data-testid="complaint-reasons">
            {c.decisionReasons}
          </p>
        </>
      ) : null}
      {c.blacklistEntryId ? (
        <p data-testid="complaint-blacklisted">
          {t('complaints.record.blacklistEntry')}
          {data.viewer === 'regulator' ? (
            <>
              {' '}
              <Link to={`/regulator/blacklist/${c.blacklistEntryId}`}>{t('complaints.record.viewEntry')}</Link>
            </>
          ) : data.viewer === 'target' ? (
            <>
              {' '}
              <Link to={`/agency/blacklist/${c.blacklistEntryId}`}>{t('complaints.record.viewEntry')}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {can('accept') ? (
        <ConfirmOnly
          name="accept"
          title={t('complaints.actions.acceptTitle')}
          confirm={t('complaints.confirm.accept')}
          submit={t('complaints.actions.accept')}
        />
      ) : null}
      {can('reject_invalid') ? (
        <Reasoned
          name="rejectInvalid"
          title={t('complaints.actions.rejectTitle')}
          confirm={t('complaints.confirm.reject')}
          submit={t('complaints.actions.reject')}
        />
      ) : null}
      {can('uphold') ? <Uphold data={data} /> : null}
      {can('dismiss') ? (
        <Reasoned
          name="dismiss"
          title={t('complaints.actions.dismissTitle')}
          confirm={t('complaints.confirm.dismiss')}
          submit={t('complaints.actions.dismiss')}
        />
      ) : null}
      {can('withdraw') ? (
        <ConfirmOnly
          name="withdraw"
          title={t('complaints.actions.withdrawTitle')}
          confirm={t('complaints.confirm.withdraw')}
          submit={t('complaints.actions.withdraw')}
        />
      ) : null}
    </>
  )
}
