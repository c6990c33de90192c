import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { listServiceTypes } from '~/domain/catalogue/catalogue.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { ActiveTag, EmptyRow } from '~/components/admin/shared'

export const meta: MetaFunction = () => [{ title: '中介服务事项 · Service types · 管理后台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const rows = await listServiceTypes(await getDb())
  return {
    serviceTypes: rows.map((s) => ({
      id: s.id,
      code: s.code,
      nameZh: s.nameZh,
      nameEn: s.nameEn,
      active: s.active,
      department: { nameZh: s.department.nameZh, nameEn: s.department.nameEn },
      qualifications: s.qualifications.map((q) => ({
        id: q.qualificationTypeId,
        nameZh: q.qualificationType.nameZh,
        nameEn: q.qualificationType.nameEn,
      })),
    })),
  }
})

export default function AdminServiceTypes() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { serviceTypes } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('admin.serviceTypes')}>
        <Link to="/admin/service-types/new" className="button">
          {t('admin.newServiceType')}
        </Link>
      </PageHeader>
      <p className="muted">{t('common.total', { count: serviceTypes.length })}</p>
      <table className="table" data-testid="admin-service-types">
        <thead>
          <tr>
            <th scope="col">{t('common.code')}</th>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.supervisingDepartment')}</th>
            <th scope="col">{t('admin.requiredQualifications')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {serviceTypes.length ? (
            serviceTypes.map((s) => (
              <tr key={s.id}>
                <td className="mono">{s.code}</td>
                <td>{name(s)}</td>
                <td>{name(s.department)}</td>
                <td>
                  {s.qualifications.length
                    ? s.qualifications.map((q) => (
                        <span key={q.id} className="tag">
                          {name(q)}
                        </span>
                      ))
                    : t('common.none')}
                </td>
                <td>
                  <ActiveTag active={s.active} />
                </td>
                <td>
                  <Link to={`/admin/service-types/${s.id}`} aria-label={`${t('common.edit')} ${s.code}`}>
                    {t('common.edit')}
                  </Link>
                </td>
              </tr>
            ))
          ) : (
            <EmptyRow columns={6} />
          )}
        </tbody>
      </table>
    </>
  )
}
