import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { CheckboxGroup, Field, SelectField, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { PageHeader } from '~/components/page-header'
import {
  getApprovalItem,
  listDepartments,
  listServiceTypes,
  saveApprovalItem,
} from '~/domain/catalogue/catalogue.server'
import { ApprovalItemSchema, type ApprovalItemInput } from '~/domain/catalogue/schemas'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { intent, runIntents } from '~/utils/intents.server'
import { handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { BackLink, CheckboxField, useCatalogueOptions } from '~/components/admin/shared'
import { optionOf, recordIdParam } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '审批事项 · Approval item · 管理后台' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const db = await getDb()
  const [record, departments, serviceTypes] = await Promise.all([
    id ? getApprovalItem(db, id) : null,
    listDepartments(db),
    listServiceTypes(db),
  ])
  return {
    record: record && {
      id: record.id,
      code: record.code,
      nameZh: record.nameZh,
      nameEn: record.nameEn,
      departmentId: record.departmentId,
      statutoryDays: record.statutoryDays,
      committedDays: record.committedDays,
      serviceTypeIds: record.serviceTypeIds,
      limitsAreDemo: record.limitsAreDemo,
      active: record.active,
    },
    departments: departments.map(optionOf),
    serviceTypes: serviceTypes.map(optionOf),
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: ApprovalItemSchema,
      run: (value) => saveApprovalItem(db, actorOf(user), value, id),
      done: () => redirectWithToast('/admin/approval-items', { kind: 'success', messageKey: 'admin.saved' }),
    }),
  })
})

export default function ApprovalItemPage() {
  const { record } = useLoaderData<typeof loader>()
  // A fresh form per record, so moving between records never keeps another record's state.
  return <ApprovalItemForm key={record?.id ?? 'new'} />
}

function ApprovalItemForm() {
  const { t } = useTranslation()
  const options = useCatalogueOptions()
  const { record, departments, serviceTypes } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<ApprovalItemInput>(ApprovalItemSchema, {
    id: 'approval-item',
    lastResult,
    defaultValue: record
      ? {
          code: record.code,
          nameZh: record.nameZh,
          nameEn: record.nameEn,
          departmentId: record.departmentId,
          statutoryDays: String(record.statutoryDays),
          committedDays: String(record.committedDays),
          serviceTypeIds: record.serviceTypeIds,
          limitsAreDemo: record.limitsAreDemo ? 'on' : undefined,
          active: record.active ? 'on' : undefined,
        }
      : { limitsAreDemo: 'on', active: 'on' },
  })
  return (
    <>
      <BackLink to="/admin/approval-items" />
      <PageHeader title={record ? `${t('admin.editApprovalItem')} · ${record.code}` : t('admin.newApprovalItem')} />
      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <Field label={t('common.code')} meta={fields.code} hint={t('admin.codeHint')} />
        <Field label={t('common.nameZh')} meta={fields.nameZh} />
        <Field label={t('common.nameEn')} meta={fields.nameEn} />
        <SelectField
          label={t('admin.approvingDepartment')}
          meta={fields.departmentId}
          options={options(departments)}
          placeholder={t('admin.choose')}
        />
        <div className="admin-form-row">
          <Field label={t('admin.statutoryDays')} meta={fields.statutoryDays} type="number" />
          <Field label={t('admin.committedDays')} meta={fields.committedDays} type="number" />
        </div>
        <CheckboxGroup
          label={t('admin.feedingServiceTypes')}
          meta={fields.serviceTypeIds}
          options={options(serviceTypes)}
        />
        <CheckboxField label={t('admin.limitsAreDemo')} meta={fields.limitsAreDemo} />
        <CheckboxField label={t('common.active')} meta={fields.active} />
        <SubmitButton>{t('common.save')}</SubmitButton>
      </Form>
    </>
  )
}
