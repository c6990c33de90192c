import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { listNotices, noticeServiceTypes, noticesHref, noticeStates, parseNoticeFilters } from '~/domain/needs/notices.server'
import directoryStyles from '~/styles/directory.css?url'
import { formatFen } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: directoryStyles }]

export const meta: MetaFunction = () => [{ title: '采购公告 · Notices' }]

/** GET /needs — published needs, newest first; a plain GET form filters without JavaScript. Never a bid. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const { filters } = parseNoticeFilters(new URL(request.url).searchParams)
  const db = await getDb()
  const [result, serviceTypes] = await Promise.all([listNotices(db, filters), noticeServiceTypes(db)])
  const pages = {
    previous: result.page > 1 ? noticesHref(filters, result.page - 1) : null,
    next: result.page < result.pageCount ? noticesHref(filters, result.page + 1) : null,
  }
  return { filters, result, serviceTypes, states: noticeStates, pages }
})

export default function NoticesPage() {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  const location = useLocation()
  const { filters, result, serviceTypes, states, pages } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('directory.notices.title')} lead={t('directory.notices.lead')} />
      <Form method="get" className="directory-filters" role="search" key={location.search}>
        <fieldset>
          <legend>{t('directory.notices.filters.legend')}</legend>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor="serviceType">{t('directory.notices.filters.serviceType')}</label>
              <select id="serviceType" name="serviceType" defaultValue={filters.serviceType ?? ''}>
                <option value="">{t('directory.notices.filters.any')}</option>
                {serviceTypes.map((s) => (
                  <option key={s.id} value={s.code}>
                    {name(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="status">{t('directory.notices.filters.status')}</label>
              <select id="status" name="status" defaultValue={filters.status ?? ''}>
                <option value="">{t('directory.notices.filters.any')}</option>
                {states.map((s) => (
                  <option key={s} value={s}>
                    {t(`terms.needState.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="filter-actions">
            <button type="submit">{t('directory.notices.filters.submit')}</button>
            <Link to="/needs">{t('directory.notices.filters.reset')}</Link>
          </div>
        </fieldset>
      </Form>
      {result.notices.length === 0 ? (
        <EmptyState>{t('directory.notices.empty')}</EmptyState>
      ) : (
        <>
          <p className="result-count muted" data-testid="result-count">
            {t('directory.notices.count', { count: result.total })}
          </p>
          <table className="table" data-testid="notice-results">
            <thead>
              <tr>
                <th>{t('directory.notices.results.title')}</th>
                <th>{t('directory.notices.results.serviceType')}</th>
                <th>{t('directory.notices.results.method')}</th>
                <th>{t('directory.notices.results.ceiling')}</th>
                <th>{t('directory.notices.results.closesOn')}</th>
                <th>{t('directory.notices.results.state')}</th>
              </tr>
            </thead>
            <tbody>
              {result.notices.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`/needs/${n.id}`}>{n.title}</Link>
                    <div className="muted">{n.projectName}</div>
                  </td>
                  <td>{name(n.serviceType)}</td>
                  <td>{t(`terms.method.${n.method}`)}</td>
                  <td>
                    {n.priceCeilingFen === null
                      ? t('directory.notices.results.noCeiling')
                      : formatFen(n.priceCeilingFen, i18n.language)}
                  </td>
                  <td className="mono">{n.registrationClosesOn}</td>
                  <td>
                    <span className={`status status-${n.state}`}>{t(`terms.needState.${n.state}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} previous={pages.previous} next={pages.next} />
    </>
  )
}
