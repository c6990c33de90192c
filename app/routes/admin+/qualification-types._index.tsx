import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { listQualificationTypes } from '~/domain/catalogue/catalogue.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { EmptyRow } from '~/components/admin/shared'

export const meta: MetaFunction = () => [{ title: '资质类型 · Qualification types · 管理后台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const rows = await listQualificationTypes(await getDb())
  return {
    qualificationTypes: rows.map((q) => ({
      id: q.id,
      code: q.code,
      nameZh: q.nameZh,
      nameEn: q.nameEn,
      issuer: { nameZh: q.issuerZh, nameEn: q.issuerEn },
      levels: q.levels.map((l) => ({ id: l.id, code: l.code, nameZh: l.nameZh, nameEn: l.nameEn })),
    })),
  }
})

export default function AdminQualificationTypes() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { qualificationTypes } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('admin.qualificationTypes')}>
        <Link to="/admin/qualification-types/new" className="button">
          {t('admin.newQualificationType')}
        </Link>
      </PageHeader>
      <p className="muted">{t('common.total', { count: qualificationTypes.length })}</p>
      <table className="table" data-testid="admin-qualification-types">
        <thead>
          <tr>
            <th scope="col">{t('common.code')}</th>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.issuer')}</th>
            <th scope="col">{t('admin.levelsShort')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {qualificationTypes.length ? (
            qualificationTypes.map((q) => (
              <tr key={q.id}>
                <td className="mono">{q.code}</td>
                <td>{name(q)}</td>
                <td>{name(q.issuer) || t('common.none')}</td>
                <td>
                  {q.levels.map((l) => (
                    <span key={l.id} className="tag" title={l.code}>
                      {name(l)}
                    </span>
                  ))}
                </td>
                <td>
                  <Link to={`/admin/qualification-types/${q.id}`} aria-label={`${t('common.edit')} ${q.code}`}>
                    {t('common.edit')}
                  </Link>
                </td>
              </tr>
            ))
          ) : (
            <EmptyRow columns={5} />
          )}
        </tbody>
      </table>
    </>
  )
}
