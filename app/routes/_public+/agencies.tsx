import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { listActiveAgencies } from '~/domain/public/agencies.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '中介机构名录 · Agencies' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const q = new URL(request.url).searchParams.get('q')?.trim().slice(0, 100) || undefined
  return { q: q ?? '', agencies: await listActiveAgencies(await getDb(), q) }
})

export default function AgenciesPage() {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  const { q, agencies } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('public.agenciesTitle')} lead={t('public.agenciesLead')}>
        <Form method="get" role="search" className="inline-form">
          <label htmlFor="q" className="visually-hidden">
            {t('public.search')}
          </label>
          <input id="q" name="q" type="search" defaultValue={q} placeholder={t('public.search')} />
          <button type="submit">{t('public.search')}</button>
        </Form>
      </PageHeader>
      {agencies.length === 0 ? (
        <EmptyState>{t('public.agenciesEmpty')}</EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('public.agencyName')}</th>
              <th>{t('public.region')}</th>
              <th>{t('public.serviceTypes')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.id}>
                <td>
                  {i18n.language === 'en' && a.nameEn ? a.nameEn : a.name}
                  <div className="muted mono">{a.creditCode}</div>
                </td>
                <td>{a.region}</td>
                <td>
                  {a.serviceTypes.map((s) => (
                    <span key={s.serviceType.code} className="tag">
                      {name(s.serviceType)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
