import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EmptyRow } from '~/components/admin/shared'
import { PageHeader } from '~/components/page-header'
import { listContractTemplates } from '~/domain/contracts/templates.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '合同模板 · Contract templates · 管理后台' }]

/** Every service type with its contract template's version, or the default. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const rows = await listContractTemplates(await getDb())
  return { rows: rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn, version: r.version })) }
})

export default function AdminContractTemplates() {
  const { t } = useTranslation()
  const name = useLocalized()
  const { rows } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('contractSigning.templates.listTitle')} />
      <p className="muted">{t('contractSigning.templates.listIntro')}</p>
      <table className="table" data-testid="admin-contract-templates">
        <thead>
          <tr>
            <th scope="col">{t('common.code')}</th>
            <th scope="col">{t('contractSigning.templates.serviceType')}</th>
            <th scope="col">{t('contractSigning.templates.template')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length ? (
            rows.map((r) => (
              <tr key={r.id}>
                <td className="mono">{r.code}</td>
                <td>{name(r)}</td>
                <td data-testid="template-version">
                  {r.version === null
                    ? t('contractSigning.templates.default')
                    : t('contractSigning.templates.version', { version: r.version })}
                </td>
                <td>
                  <Link to={`/admin/contract-templates/${r.id}`} aria-label={`${t('common.edit')} ${r.code}`}>
                    {t('common.edit')}
                  </Link>
                </td>
              </tr>
            ))
          ) : (
            <EmptyRow columns={4} />
          )}
        </tbody>
      </table>
    </>
  )
}
