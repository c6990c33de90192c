import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ActiveTag, EmptyRow } from '~/components/admin/shared'
import { PageHeader } from '~/components/page-header'
import { listBehaviours } from '~/domain/credit/behaviours.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '负面行为清单 · Negative behaviours · 管理后台' }]

/** GET /admin/negative-behaviours — the list regulators choose a recorded violation from (issue 14 §2). */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const rows = await listBehaviours(await getDb())
  return {
    behaviours: rows.map((b) => ({
      id: b.id,
      code: b.code,
      nameZh: b.nameZh,
      nameEn: b.nameEn,
      points: b.points,
      proposesBlacklisting: b.proposesBlacklisting,
      active: b.active,
      used: b.used,
    })),
  }
})

export default function AdminNegativeBehaviours() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { behaviours } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('creditActions.behaviours.title')} lead={t('creditActions.behaviours.lead')}>
        <Link to="/admin/negative-behaviours/new" className="button">
          {t('creditActions.behaviours.new')}
        </Link>
      </PageHeader>
      <p className="muted">{t('common.total', { count: behaviours.length })}</p>
      <table className="table" data-testid="admin-negative-behaviours">
        <thead>
          <tr>
            <th scope="col">{t('common.code')}</th>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('creditActions.behaviours.points')}</th>
            <th scope="col">{t('creditActions.behaviours.proposesBlacklisting')}</th>
            <th scope="col">{t('creditActions.behaviours.used')}</th>
            <th scope="col">{t('common.status')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {behaviours.length ? (
            behaviours.map((b) => (
              <tr key={b.id}>
                <td className="mono">{b.code}</td>
                <td>{name(b)}</td>
                <td className="mono">{b.points}</td>
                <td>{b.proposesBlacklisting ? t('common.yes') : t('common.no')}</td>
                <td className="mono">{b.used}</td>
                <td>
                  <ActiveTag active={b.active} />
                </td>
                <td>
                  <Link to={`/admin/negative-behaviours/${b.id}`} aria-label={`${t('common.edit')} ${b.code}`}>
                    {t('common.edit')}
                  </Link>
                </td>
              </tr>
            ))
          ) : (
            <EmptyRow columns={7} />
          )}
        </tbody>
      </table>
    </>
  )
}
