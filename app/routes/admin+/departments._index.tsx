import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { listDepartments } from '~/domain/catalogue/catalogue.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { EmptyRow } from '~/components/admin/shared'
import { optionOf } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '部门 · Departments · 管理后台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const rows = await listDepartments(await getDb())
  return { departments: rows.map(optionOf) }
})

export default function AdminDepartments() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { departments } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('admin.departments')}>
        <Link to="/admin/departments/new" className="button">
          {t('admin.newDepartment')}
        </Link>
      </PageHeader>
      <p className="muted">{t('common.total', { count: departments.length })}</p>
      <table className="table" data-testid="admin-departments">
        <thead>
          <tr>
            <th scope="col">{t('common.code')}</th>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {departments.length ? (
            departments.map((d) => (
              <tr key={d.id}>
                <td className="mono">{d.code}</td>
                <td>{name(d)}</td>
                <td>
                  <Link to={`/admin/departments/${d.id}`} aria-label={`${t('common.edit')} ${d.code}`}>
                    {t('common.edit')}
                  </Link>
                </td>
              </tr>
            ))
          ) : (
            <EmptyRow columns={3} />
          )}
        </tbody>
      </table>
    </>
  )
}
