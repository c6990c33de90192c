import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Field, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { PageHeader } from '~/components/page-header'
import { getDepartment, saveDepartment } from '~/domain/catalogue/catalogue.server'
import { DepartmentSchema, type DepartmentInput } from '~/domain/catalogue/schemas'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { intent, runIntents } from '~/utils/intents.server'
import { handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { BackLink } from '~/components/admin/shared'
import { recordIdParam } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '部门 · Department · 管理后台' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const record = id ? await getDepartment(await getDb(), id) : null
  return {
    record: record && { id: record.id, code: record.code, nameZh: record.nameZh, nameEn: record.nameEn },
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: DepartmentSchema,
      run: (value) => saveDepartment(db, actorOf(user), value, id),
      done: () => redirectWithToast('/admin/departments', { kind: 'success', messageKey: 'admin.saved' }),
    }),
  })
})

export default function DepartmentPage() {
  const { record } = useLoaderData<typeof loader>()
  // A fresh form per record, so moving between records never keeps another record's state.
  return <DepartmentForm key={record?.id ?? 'new'} />
}

function DepartmentForm() {
  const { t } = useTranslation()
  const { record } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<DepartmentInput>(DepartmentSchema, {
    id: 'department',
    lastResult,
    defaultValue: record ? { code: record.code, nameZh: record.nameZh, nameEn: record.nameEn } : undefined,
  })
  return (
    <>
      <BackLink to="/admin/departments" />
      <PageHeader title={record ? `${t('admin.editDepartment')} · ${record.code}` : t('admin.newDepartment')} />
      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <Field label={t('common.code')} meta={fields.code} hint={t('admin.codeHint')} />
        <Field label={t('common.nameZh')} meta={fields.nameZh} />
        <Field label={t('common.nameEn')} meta={fields.nameEn} />
        <SubmitButton>{t('common.save')}</SubmitButton>
      </Form>
    </>
  )
}
