import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { ErrorList, FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { BackLink } from '~/components/review/common'
import { useSchemaForm } from '~/components/use-schema-form'
import { fileComplaint, filingForm, type ComplaintUpload } from '~/domain/complaints/complaints.server'
import { FileComplaintSchema } from '~/domain/complaints/schemas'
import { complaintConfig } from '~/domain/config'
import { PayloadTooLarge } from '~/domain/errors'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import { isMultipart, readMultipartUpload } from '~/utils/upload-form.server'

export const meta: MetaFunction = () => [{ title: '提出投诉 · File a complaint' }]

/** The subject named in the address: `?contract=<id>` or `?need=<id>`. */
function subjectOf(request: Request) {
  const search = new URL(request.url).searchParams
  const contractId = search.get('contract') ?? undefined
  return contractId !== undefined ? { contractId } : { needId: search.get('need') ?? '' }
}

/** GET /complaints/new?contract=… | ?need=… — the form, for those who may file about that subject (else 403/404). */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'complaints.file')
  return filingForm(await getDb(), user, subjectOf(request))
})

const textFields = ['contractId', 'needId', 'targetAgencyId', 'text', 'confirm'] as const

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'complaints.file')
  const db = await getDb()
  // Someone with no part in the subject: 403/404 before the body is read.
  await filingForm(db, user, subjectOf(request))
  let upload: ComplaintUpload | undefined
  let form: Request | FormData = request
  if (isMultipart(request)) {
    const read = await readMultipartUpload(request, {
      maxFileBytes: complaintConfig.maxAttachmentBytes,
      overflowIntent: 'default',
      textFields,
      // One more than the longest text, so an over-long complaint is refused rather than cut.
      maxTextChars: complaintConfig.maxTextChars + 1,
    })
    // Over budget: the body was not read (its text is gone too); the refusal says why, above the form.
    if (read.overflow)
      return runIntents(read.form, {
        default: intent({
          schema: z.object({}),
          run: async (): Promise<null> => {
            throw new PayloadTooLarge('agency.upload.tooLarge', {
              max: complaintConfig.maxAttachmentBytes / 1024 / 1024,
            })
          },
          done: () => new Response(null, { status: 204 }),
        }),
      })
    upload = read
    form = read.form
  }
  return runIntents(form, {
    default: intent({
      schema: FileComplaintSchema,
      run: (value) => fileComplaint(db, user, value, upload),
      done: ({ complaintId }) =>
        redirectWithToast(`/complaints/${complaintId}`, { kind: 'success', messageKey: 'complaints.file.filed' }),
    }),
  })
})

type Fields = { contractId: string; needId: string; targetAgencyId: string; text: string; confirm: string }

export default function FileComplaint() {
  const { t, i18n } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<Fields>(FileComplaintSchema, {
    id: 'complaint',
    lastResult,
    defaultValue: data.contractId ? { contractId: data.contractId } : { needId: data.needId },
  })
  const back = data.contractId ? `/contracts/${data.contractId}` : null
  return (
    <>
      {back ? <BackLink to={back} label={t('complaints.record.contract')} /> : null}
      <PageHeader
        title={t('complaints.file.title')}
        lead={t('complaints.file.lead', { days: data.answerWorkingDays })}
      />
      <p data-testid="complaint-subject">
        {data.subject === 'contract'
          ? t('complaints.file.aboutContract', { title: data.needTitle })
          : t('complaints.file.aboutNeed', { title: data.needTitle })}
      </p>
      <Form method="post" encType="multipart/form-data" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        {data.contractId ? (
          <input {...getInputProps(fields.contractId, { type: 'hidden' })} key={fields.contractId.key} />
        ) : (
          <input {...getInputProps(fields.needId, { type: 'hidden' })} key={fields.needId.key} />
        )}
        {data.target ? (
          <p>
            {t('complaints.file.target')}: <strong>{organisationName(data.target, i18n.language)}</strong>
          </p>
        ) : data.nameable.length > 0 ? (
          <SelectField
            label={t('complaints.file.target')}
            meta={fields.targetAgencyId}
            placeholder={t('complaints.file.chooseTarget')}
            options={data.nameable.map((a) => ({ value: a.id, label: organisationName(a, i18n.language) }))}
          />
        ) : null}
        <TextareaField label={t('complaints.file.text')} meta={fields.text} />
        <div className="field">
          <label htmlFor="complaint-file">{t('complaints.file.attachment', { max: data.maxAttachmentMb })}</label>
          <input id="complaint-file" type="file" name="file" accept="application/pdf,image/jpeg,image/png" />
          <ErrorList errors={lastResult?.error?.file ?? null} />
        </div>
        <ConfirmField label={t('complaints.confirm.file')} errors={fields.confirm.errors} />
        <SubmitButton>{t('complaints.file.submit')}</SubmitButton>
      </Form>
    </>
  )
}
