import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { RepairRecord } from '~/components/credit/repair-record'
import { ErrorList, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { registryConfig } from '~/domain/config'
import { NotFound } from '~/domain/errors'
import { RepairWithdrawSchema } from '~/domain/credit/action-schemas'
import { addEvidence, repairApplicationView, withdrawRepair } from '~/domain/credit/repairs.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import { isMultipart, readMultipartUpload } from '~/utils/upload-form.server'

export const meta: MetaFunction = () => [{ title: '信用修复申请 · Credit repair application · 机构工作台' }]

/** GET/POST /agency/credit/applications/:id — the agency's application: more evidence while pending, or withdrawing it. */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  return { application: await repairApplicationView(await getDb(), user, params.id ?? '') }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  await repairApplicationView(db, user, id)
  const back = (messageKey: string) => redirectWithToast(`/agency/credit/applications/${id}`, { kind: 'success', messageKey })
  if (isMultipart(request)) {
    const upload = await readMultipartUpload(request, { maxFileBytes: registryConfig.maxUploadBytes, overflowIntent: 'evidence' })
    return runIntents(upload.form, {
      evidence: intent({
        schema: z.object({}),
        run: () => addEvidence(db, user, id, upload),
        done: () => back('creditActions.agency.evidenceAdded'),
      }),
    })
  }
  return runIntents(request, {
    withdraw: intent({
      schema: RepairWithdrawSchema,
      run: (value) => {
        // The form names its own application; any other id is refused like a foreign one.
        if (value.applicationId !== id) throw new NotFound()
        return withdrawRepair(db, user, id)
      },
      done: () => back('creditActions.agency.withdrawn'),
    }),
  })
})

export default function AgencyRepairApplication() {
  const { t } = useTranslation()
  const { application } = useLoaderData<typeof loader>()
  const evidence = useIntentReply('evidence')
  const withdraw = useIntentReply('withdraw')
  const [form, fields] = useSchemaForm<{ applicationId: string; confirm: string }>(RepairWithdrawSchema, {
    id: 'repair-withdraw',
    lastResult: withdraw.lastResult,
  })
  const fileErrors = (evidence.lastResult?.error?.file ?? null) as string[] | null
  const pending = application.status === 'pending'
  return (
    <>
      <p className="registry-back">
        <Link to="/agency/credit">← {t('creditActions.agency.title')}</Link>
      </p>
      <PageHeader title={t('creditActions.repair.title')} />
      <RepairRecord application={application} />
      {pending && application.files.length < application.maxFiles ? (
        <section aria-labelledby="repair-evidence">
          <h2 id="repair-evidence">{t('creditActions.agency.addEvidence')}</h2>
          <Form method="post" encType="multipart/form-data" className="review-form">
            <FormProblem problem={evidence.formError} />
            <input type="hidden" name="intent" value="evidence" />
            <div className="field">
              <label htmlFor="repair-more-file">{t('creditActions.repair.evidenceFile')}</label>
              <input id="repair-more-file" type="file" name="file" required aria-invalid={fileErrors?.length ? true : undefined} />
              <ErrorList errors={fileErrors} />
            </div>
            <SubmitButton>{t('creditActions.agency.upload')}</SubmitButton>
          </Form>
        </section>
      ) : null}
      {pending ? (
        <section aria-labelledby="repair-withdraw">
          <h2 id="repair-withdraw">{t('creditActions.agency.withdrawTitle')}</h2>
          <Form method="post" className="review-form" {...getFormProps(form)}>
            <FormProblem problem={withdraw.formError} />
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name={fields.applicationId.name} value={application.id} />
            <ConfirmField label={t('creditActions.confirm.withdraw')} errors={fields.confirm.errors} />
            <SubmitButton>{t('creditActions.agency.withdraw')}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  )
}
