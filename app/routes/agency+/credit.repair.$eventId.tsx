import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { ErrorList, FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { registryConfig } from '~/domain/config'
import { RepairApplicationSchema } from '~/domain/credit/action-schemas'
import { applyForRepair, repairFormFor } from '~/domain/credit/repairs.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import { readMultipartUpload } from '~/utils/upload-form.server'

export const meta: MetaFunction = () => [{ title: '申请信用修复 · Apply for credit repair · 机构工作台' }]

/** GET/POST /agency/credit/repair/:eventId — the application for one of the agency's own events: text and an evidence file. */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  return repairFormFor(await getDb(), user, params.eventId ?? '')
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const eventId = params.eventId ?? ''
  // Another agency's event or a forged id: 404 before the body is read.
  await repairFormFor(db, user, eventId)
  const upload = await readMultipartUpload(request, {
    maxFileBytes: registryConfig.maxUploadBytes,
    overflowIntent: 'default',
    textFields: ['text', 'confirm'],
    maxTextChars: 4001,
  })
  return runIntents(upload.form, {
    default: intent({
      schema: RepairApplicationSchema,
      run: (value) => applyForRepair(db, user, eventId, value, upload),
      done: ({ applicationId }) =>
        redirectWithToast(`/agency/credit/applications/${applicationId}`, {
          kind: 'success',
          messageKey: 'creditActions.agency.applied',
        }),
    }),
  })
})

export default function ApplyForRepair() {
  const { t } = useTranslation()
  const { event, eligibility, maxUploadMb } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<{ text: string; confirm: string }>(RepairApplicationSchema, {
    id: 'repair-apply',
    lastResult,
  })
  const fileErrors = (lastResult?.error?.file ?? null) as string[] | null
  return (
    <>
      <p className="registry-back">
        <Link to="/agency/credit">← {t('creditActions.agency.title')}</Link>
      </p>
      <PageHeader title={t('creditActions.agency.applyTitle')} lead={t('creditActions.agency.applyLead')} />
      <dl className="facts">
        <div>
          <dt>{t('creditActions.repair.event')}</dt>
          <dd>
            {event.onDate} · {t(`credit.kind.${event.kind}`)} · {event.points}
            {event.reason ? (
              <>
                <br />
                <span className="muted">{event.reason}</span>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {eligibility.ok ? (
        <Form method="post" encType="multipart/form-data" className="review-form" {...getFormProps(form)}>
          <FormProblem problem={formError} />
          <TextareaField label={t('creditActions.repair.text')} meta={fields.text} />
          <div className="field">
            <label htmlFor="repair-evidence-file">{t('creditActions.repair.evidenceFile')}</label>
            <input
              id="repair-evidence-file"
              type="file"
              name="file"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              required
              aria-invalid={fileErrors?.length ? true : undefined}
              aria-describedby="repair-evidence-hint"
            />
            <p id="repair-evidence-hint" className="hint">
              {t('creditActions.repair.evidenceHint', { max: maxUploadMb })}
            </p>
            <ErrorList errors={fileErrors} />
          </div>
          <ConfirmField label={t('creditActions.confirm.apply')} errors={fields.confirm.errors} />
          <SubmitButton>{t('creditActions.agency.submit')}</SubmitButton>
        </Form>
      ) : (
        <p className="notice" data-testid="repair-ineligible">
          {t(`creditActions.ineligible.${eligibility.reason}`, { date: eligibility.earliestOn ?? '' })}
        </p>
      )}
    </>
  )
}
