import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Field, FormProblem, SelectField, SubmitButton, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { PageHeader } from '~/components/page-header'
import { createRegulatorAccount, listOrganisationsWithUsers } from '~/domain/accounts/accounts.server'
import { RegulatorAccountSchema, type RegulatorAccountInput } from '~/domain/accounts/schemas'
import { listDepartments } from '~/domain/catalogue/catalogue.server'
import { Forbidden } from '~/domain/errors'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { intent, runIntents } from '~/utils/intents.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { can } from '~/utils/permissions'
import { redirectWithToast } from '~/utils/toast.server'
import { EmptyRow, useCatalogueOptions } from '~/components/admin/shared'
import { optionOf } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '账号 · Accounts · 管理后台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const db = await getDb()
  const [organisations, departments] = await Promise.all([listOrganisationsWithUsers(db), listDepartments(db)])
  return { organisations, departments: departments.map(optionOf) }
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  if (!can(user.role, 'accounts.createRegulator')) throw new Forbidden()
  const db = await getDb()
  return runIntents(request, {
    default: intent({
      schema: RegulatorAccountSchema,
      run: (value) => createRegulatorAccount(db, value, actorOf(user)),
      done: () => redirectWithToast('/admin/accounts', { kind: 'success', messageKey: 'admin.regulatorCreated' }),
      hideFields: ['password'],
    }),
  })
})

export default function AdminAccounts() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { organisations } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('admin.accounts')} />
      <section aria-labelledby="admin-create-regulator" className="admin-section">
        <h2 id="admin-create-regulator">{t('admin.createRegulator')}</h2>
        <RegulatorForm />
      </section>
      <section aria-labelledby="admin-organisations" className="admin-section">
        <h2 id="admin-organisations">{t('admin.organisations')}</h2>
        <p className="muted">{t('common.total', { count: organisations.length })}</p>
        <table className="table" data-testid="admin-organisations">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.kind')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('auth.creditCode')}</th>
              <th scope="col">{t('admin.users')}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.length ? (
              organisations.map((o) => (
                <tr key={o.id}>
                  <td>
                    {o.name}
                    {o.department ? <div className="muted">{name(o.department)}</div> : null}
                  </td>
                  <td>{t(`terms.orgKind.${o.kind}`)}</td>
                  <td>
                    <span className={`tag tag-status-${o.status}`}>{t(`terms.orgStatus.${o.status}`)}</span>
                  </td>
                  <td className="mono">{o.creditCode}</td>
                  <td>
                    {o.users.length ? (
                      <ul className="admin-user-list">
                        {o.users.map((u) => (
                          <li key={u.id}>
                            <span className="mono">{u.email}</span> · {u.name} · {t(`terms.role.${u.role}`)}
                            {u.active ? null : <span className="tag tag-inactive">{t('common.inactive')}</span>}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">{t('admin.noUsers')}</span>
                    )}
                  </td>
                </tr>
              ))
            ) : (
              <EmptyRow columns={5} />
            )}
          </tbody>
        </table>
      </section>
    </>
  )
}

function RegulatorForm() {
  const { t } = useTranslation()
  const options = useCatalogueOptions()
  const { departments } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<RegulatorAccountInput>(RegulatorAccountSchema, {
    id: 'regulator-account',
    lastResult,
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
      <FormProblem problem={formError} />
      <SelectField
        label={t('admin.regulatorDepartment')}
        meta={fields.departmentId}
        options={options(departments)}
        placeholder={t('admin.choose')}
      />
      <Field label={t('auth.organisationName')} meta={fields.organisationName} autoComplete="off" />
      <Field label={t('auth.creditCode')} meta={fields.creditCode} hint={t('auth.creditCodeHint')} autoComplete="off" />
      <Field label={t('auth.name')} meta={fields.name} autoComplete="off" />
      <Field label={t('auth.email')} meta={fields.email} type="email" autoComplete="off" />
      <Field
        label={t('admin.initialPassword')}
        meta={fields.password}
        type="password"
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
      />
      <SubmitButton>{t('admin.createRegulator')}</SubmitButton>
    </Form>
  )
}
