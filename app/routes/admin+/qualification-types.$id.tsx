import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Field, FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { PageHeader } from '~/components/page-header'
import { getQualificationType, saveQualificationType } from '~/domain/catalogue/catalogue.server'
import { formatLevels, QualificationTypeSchema, type QualificationTypeInput } from '~/domain/catalogue/schemas'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { intent, runIntents } from '~/utils/intents.server'
import { handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { BackLink } from '~/components/admin/shared'
import { recordIdParam } from './__shared.server'

/** What the form holds: the schema's fields, with the levels as "code | 中文 | English" lines. */
type QualificationTypeFields = Omit<QualificationTypeInput, 'levels'> & { levels: string }

export const meta: MetaFunction = () => [{ title: '资质类型 · Qualification type · 管理后台' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const record = id ? await getQualificationType(await getDb(), id) : null
  return {
    record: record && {
      id: record.id,
      code: record.code,
      nameZh: record.nameZh,
      nameEn: record.nameEn,
      issuerZh: record.issuerZh,
      issuerEn: record.issuerEn,
      levels: formatLevels(record.levels),
    },
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: QualificationTypeSchema,
      run: (value) => saveQualificationType(db, actorOf(user), value, id),
      done: () => redirectWithToast('/admin/qualification-types', { kind: 'success', messageKey: 'admin.saved' }),
    }),
  })
})

export default function QualificationTypePage() {
  const { record } = useLoaderData<typeof loader>()
  // A fresh form per record, so moving between records never keeps another record's state.
  return <QualificationTypeForm key={record?.id ?? 'new'} />
}

function QualificationTypeForm() {
  const { t } = useTranslation()
  const { record } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<QualificationTypeFields>(QualificationTypeSchema, {
    id: 'qualification-type',
    lastResult,
    defaultValue: record
      ? {
          code: record.code,
          nameZh: record.nameZh,
          nameEn: record.nameEn,
          issuerZh: record.issuerZh,
          issuerEn: record.issuerEn,
          levels: record.levels,
        }
      : undefined,
  })
  return (
    <>
      <BackLink to="/admin/qualification-types" />
      <PageHeader
        title={record ? `${t('admin.editQualificationType')} · ${record.code}` : t('admin.newQualificationType')}
      />
      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <Field label={t('common.code')} meta={fields.code} hint={t('admin.codeHint')} />
        <Field label={t('common.nameZh')} meta={fields.nameZh} />
        <Field label={t('common.nameEn')} meta={fields.nameEn} />
        <Field label={t('admin.issuerZh')} meta={fields.issuerZh} />
        <Field label={t('admin.issuerEn')} meta={fields.issuerEn} />
        <TextareaField label={t('admin.levels')} meta={fields.levels} />
        <p className="hint">{t('admin.levelsExample')}</p>
        <SubmitButton>{t('common.save')}</SubmitButton>
      </Form>
    </>
  )
}
