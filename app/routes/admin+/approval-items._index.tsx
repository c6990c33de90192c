import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { listApprovalItems } from '~/domain/catalogue/catalogue.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { ActiveTag, EmptyRow } from '~/components/admin/shared'

export const meta: MetaFunction = () => [{ title: '审批事项 · Approval items · 管理后台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const rows = await listApprovalItems(await getDb())
  return {
    approvalItems: rows.map((a) => ({
      id: a.id,
      code: a.code,
      nameZh: a.nameZh,
      nameEn: a.nameEn,
      statutoryDays: a.statutoryDays,
      committedDays: a.committedDays,
      limitsAreDemo: a.limitsAreDemo,
      active: a.active,
      department: { nameZh: a.department.nameZh, nameEn: a.department.nameEn },
      serviceTypes: a.serviceTypes.map((s) => ({
        id: s.serviceTypeId,
        nameZh: s.serviceType.nameZh,
        nameEn: s.serviceType.nameEn,
      })),
    })),
  }
})

export default function AdminApprovalItems() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { approvalItems } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('admin.approvalItems')}>
        <Link to="/admin/approval-items/new" className="button">
          {t('admin.newApprovalItem')}
        </Link>
      </PageHeader>
      <p className="muted">{t('common.total', { count: approvalItems.length })}</p>
      <table className="table" data-testid="admin-approval-items">
        <thead>
          <tr>
            <th scope="col">{t('common.code')}</th>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.approvingDepartment')}</th>
            <th scope="col" className="num">
              {t('admin.statutoryShort')}
            </th>
            <th scope="col" className="num">
              {t('admin.committedShort')}
            </th>
            <th scope="col">{t('admin.feedingServiceTypes')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {approvalItems.length ? (
            approvalItems.map((a) => (
              <tr key={a.id}>
                <td className="mono">{a.code}</td>
                <td>{name(a)}</td>
                <td>{name(a.department)}</td>
                <td className="num">{a.statutoryDays}</td>
                <td className="num">
                  {a.committedDays}
                  {a.limitsAreDemo ? (
                    <>
                      {' '}
                      <span className="tag tag-demo" title={t('admin.limitsAreDemo')}>
                        {t('admin.demoValue')}
                      </span>
                    </>
                  ) : null}
                </td>
                <td>
                  {a.serviceTypes.length
                    ? a.serviceTypes.map((s) => (
                        <span key={s.id} className="tag">
                          {name(s)}
                        </span>
                      ))
                    : t('common.none')}
                </td>
                <td>
                  <ActiveTag active={a.active} />
                </td>
                <td>
                  <Link to={`/admin/approval-items/${a.id}`} aria-label={`${t('common.edit')} ${a.code}`}>
                    {t('common.edit')}
                  </Link>
                </td>
              </tr>
            ))
          ) : (
            <EmptyRow columns={8} />
          )}
        </tbody>
      </table>
    </>
  )
}
