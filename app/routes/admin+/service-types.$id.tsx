import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { CheckboxGroup, Field, SelectField, FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { PageHeader } from '~/components/page-header'
import {
  getServiceType,
  listDepartments,
  listQualificationTypes,
  saveServiceType,
} from '~/domain/catalogue/catalogue.server'
import { ServiceTypeSchema, type ServiceTypeInput } from '~/domain/catalogue/schemas'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { intent, runIntents } from '~/utils/intents.server'
import { handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { BackLink, CheckboxField, useCatalogueOptions } from '~/components/admin/shared'
import { optionOf, recordIdParam } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '中介服务事项 · Service type · 管理后台' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const db = await getDb()
  const [record, departments, qualificationTypes] = await Promise.all([
    id ? getServiceType(db, id) : null,
    listDepartments(db),
    listQualificationTypes(db),
  ])
  return {
    record: record && {
      id: record.id,
      code: record.code,
      nameZh: record.nameZh,
      nameEn: record.nameEn,
      descriptionZh: record.descriptionZh,
      descriptionEn: record.descriptionEn,
      departmentId: record.departmentId,
      qualificationTypeIds: record.qualificationTypeIds,
      active: record.active,
    },
    departments: departments.map(optionOf),
    qualificationTypes: qualificationTypes.map(optionOf),
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: ServiceTypeSchema,
      run: (value) => saveServiceType(db, actorOf(user), value, id),
      done: () => redirectWithToast('/admin/service-types', { kind: 'success', messageKey: 'admin.saved' }),
    }),
  })
})

export default function ServiceTypePage() {
  const { record } = useLoaderData<typeof loader>()
  // A fresh form per record, so moving between records never keeps another record's state.
  return <ServiceTypeForm key={record?.id ?? 'new'} />
}

function ServiceTypeForm() {
  const { t } = useTranslation()
  const options = useCatalogueOptions()
  const { record, departments, qualificationTypes } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<ServiceTypeInput>(ServiceTypeSchema, {
    id: 'service-type',
    lastResult,
    defaultValue: record
      ? {
          code: record.code,
          nameZh: record.nameZh,
          nameEn: record.nameEn,
          descriptionZh: record.descriptionZh,
          descriptionEn: record.descriptionEn,
          departmentId: record.departmentId,
          qualificationTypeIds: record.qualificationTypeIds,
          active: record.active ? 'on' : undefined,
        }
      : { active: 'on' },
  })
  return (
    <>
      <BackLink to="/admin/service-types" />
      <PageHeader title={record ? `${t('admin.editServiceType')} · ${record.code}` : t('admin.newServiceType')} />
      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <Field label={t('common.code')} meta={fields.code} hint={t('admin.codeHint')} />
        <Field label={t('common.nameZh')} meta={fields.nameZh} />
        <Field label={t('common.nameEn')} meta={fields.nameEn} />
        <TextareaField label={t('admin.descriptionZh')} meta={fields.descriptionZh} />
        <TextareaField label={t('admin.descriptionEn')} meta={fields.descriptionEn} />
        <SelectField
          label={t('admin.supervisingDepartment')}
          meta={fields.departmentId}
          options={options(departments)}
          placeholder={t('admin.choose')}
        />
        <CheckboxGroup
          label={t('admin.requiredQualifications')}
          meta={fields.qualificationTypeIds}
          options={options(qualificationTypes)}
        />
        <CheckboxField label={t('common.active')} meta={fields.active} />
        <SubmitButton>{t('common.save')}</SubmitButton>
      </Form>
    </>
  )
}
