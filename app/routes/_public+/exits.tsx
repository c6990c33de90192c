import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { listExits } from '~/domain/agencies/directory.server'
import directoryStyles from '~/styles/directory.css?url'
import { handle } from '~/utils/handler.server'
import { organisationName } from '~/domain/organisations/names'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: directoryStyles }]

export const meta: MetaFunction = () => [{ title: '退出记录 · Exit records' }]

const pageHref = (page: number) => (page > 1 ? `/exits?page=${page}` : '/exits')

/** GET /exits — every exit record (voluntary and forced), newest first; kept public for good. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const raw = new URL(request.url).searchParams.get('page') ?? ''
  const page = /^\d{1,5}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : 1
  const result = await listExits(await getDb(), page)
  return {
    ...result,
    pages: {
      previous: result.page > 1 ? pageHref(result.page - 1) : null,
      next: result.page < result.pageCount ? pageHref(result.page + 1) : null,
    },
  }
})

export default function ExitsPage() {
  const { t, i18n } = useTranslation()
  const { exits, total, page, pageCount, pages } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('public.exitsTitle')} lead={t('public.exitsLead')} />
      {exits.length === 0 ? (
        <EmptyState>{t('public.exitsEmpty')}</EmptyState>
      ) : (
        <>
          <p className="result-count muted">{t('directory.exits.count', { count: total })}</p>
          <table className="table" data-testid="exit-records">
            <thead>
              <tr>
                <th>{t('directory.exits.agency')}</th>
                <th>{t('directory.exits.type')}</th>
                <th>{t('directory.exits.category')}</th>
                <th>{t('directory.exits.reason')}</th>
                <th>{t('directory.exits.exitedOn')}</th>
                <th>{t('directory.exits.reentryFrom')}</th>
              </tr>
            </thead>
            <tbody>
              {exits.map((x) => (
                <tr key={x.id}>
                  <td>
                    <Link to={`/agencies/${x.organisationId}`}>{organisationName({ name: x.agencyName, nameEn: x.agencyNameEn }, i18n.language)}</Link>
                  </td>
                  <td>
                    <span className={x.type === 'forced' ? 'status status-exited' : 'status'}>{t(`terms.exitType.${x.type}`)}</span>
                  </td>
                  <td>{t(`terms.exitCategory.${x.category}`)}</td>
                  <td>{x.reason}</td>
                  <td>{x.exitedOn}</td>
                  <td>{x.reentryFrom}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Pagination page={page} pageCount={pageCount} previous={pages.previous} next={pages.next} />
    </>
  )
}
