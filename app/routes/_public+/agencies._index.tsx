import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { CreditTierBadge } from '~/components/credit-tier'
import { EmptyState, PageHeader } from '~/components/page-header'
import { creditTiers } from '~/domain/credit/credit'
import { Pagination } from '~/components/pagination'
import { directoryHref, directoryOptions, parseDirectoryFilters, searchAgencies } from '~/domain/agencies/directory.server'
import directoryStyles from '~/styles/directory.css?url'
import { organisationName, regionName } from '~/domain/organisations/names'
import { resolveRegion } from '~/domain/organisations/regions'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: directoryStyles }]

export const meta: MetaFunction = () => [{ title: '中介机构名录 · Agency directory' }]

/** GET /agencies — the public directory; the search form is a plain GET form, so it works without JavaScript. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const { filters } = parseDirectoryFilters(new URL(request.url).searchParams)
  const db = await getDb()
  const [result, options] = await Promise.all([searchAgencies(db, filters), directoryOptions(db)])
  const pages = {
    previous: result.page > 1 ? directoryHref(filters, result.page - 1) : null,
    next: result.page < result.pageCount ? directoryHref(filters, result.page + 1) : null,
  }
  return { filters, result, options, pages }
})

export default function AgenciesPage() {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  const location = useLocation()
  const { filters, result, options, pages } = useLoaderData<typeof loader>()
  const levelValue = filters.qualification && filters.maxLevelRank ? `${filters.qualification}:${filters.maxLevelRank}` : ''
  return (
    <>
      <PageHeader title={t('directory.title')} lead={t('directory.lead')} />
      <Form method="get" className="directory-filters" role="search" key={location.search}>
        <fieldset>
          <legend>{t('directory.filters.legend')}</legend>
          <div className="filter-grid">
            <div className="field">
              <label htmlFor="q">{t('directory.filters.q')}</label>
              <input id="q" name="q" type="search" maxLength={100} defaultValue={filters.q ?? ''} placeholder={t('directory.filters.qPlaceholder')} />
            </div>
            <div className="field">
              <label htmlFor="serviceType">{t('directory.filters.serviceType')}</label>
              <select id="serviceType" name="serviceType" defaultValue={filters.serviceType ?? ''}>
                <option value="">{t('directory.filters.any')}</option>
                {options.serviceTypes.map((s) => (
                  <option key={s.code} value={s.code}>
                    {name(s)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="qualification">{t('directory.filters.qualification')}</label>
              <select id="qualification" name="qualification" defaultValue={filters.qualification ?? ''}>
                <option value="">{t('directory.filters.any')}</option>
                {options.qualificationTypes.map((q) => (
                  <option key={q.code} value={q.code}>
                    {name(q)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="level">{t('directory.filters.level')}</label>
              <select id="level" name="level" defaultValue={levelValue} aria-describedby="level-hint">
                <option value="">{t('directory.filters.anyLevel')}</option>
                {options.qualificationTypes
                  .filter((q) => q.levels.length > 1)
                  .map((q) => (
                    <optgroup key={q.code} label={name(q)}>
                      {q.levels.map((l) => (
                        <option key={l.rank} value={`${q.code}:${l.rank}`}>
                          {t('directory.filters.orAbove', { level: name(l) })}
                        </option>
                      ))}
                    </optgroup>
                  ))}
              </select>
              <p className="hint" id="level-hint">
                {t('directory.filters.levelHint')}
              </p>
            </div>
            <div className="field">
              <label htmlFor="region">{t('directory.filters.region')}</label>
              <select id="region" name="region" defaultValue={filters.region ? (resolveRegion(filters.region).code ?? filters.region) : ''}>
                <option value="">{t('directory.filters.any')}</option>
                {options.regions.map((r) => (
                  <option key={r} value={r}>
                    {regionName(r, i18n.language)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="status">{t('directory.filters.status')}</label>
              <select id="status" name="status" defaultValue={filters.status ?? 'active'}>
                <option value="active">{t('terms.orgStatus.active')}</option>
                <option value="suspended">{t('terms.orgStatus.suspended')}</option>
                <option value="exited">{t('terms.orgStatus.exited')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="tier">{t('credit.filterTier')}</label>
              <select id="tier" name="tier" defaultValue={filters.tier ?? ''}>
                <option value="">{t('credit.anyTier')}</option>
                {creditTiers.map((tier) => (
                  <option key={tier} value={tier}>
                    {t('credit.tierBadge', { tier })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="sort">{t('directory.filters.sort')}</label>
              <select id="sort" name="sort" defaultValue={filters.sort ?? 'name'}>
                <option value="name">{t('directory.filters.sortName')}</option>
                <option value="newest">{t('directory.filters.sortNewest')}</option>
              </select>
            </div>
          </div>
          <div className="filter-actions">
            <button type="submit">{t('directory.filters.submit')}</button>
            <Link to="/agencies">{t('directory.filters.reset')}</Link>
          </div>
        </fieldset>
      </Form>
      {result.agencies.length === 0 ? (
        <EmptyState>{t('directory.results.empty')}</EmptyState>
      ) : (
        <>
          <p className="result-count muted" data-testid="result-count">
            {t('directory.results.count', { count: result.total })}
          </p>
          <table className="table" data-testid="agency-results">
            <thead>
              <tr>
                <th>{t('directory.results.name')}</th>
                <th>{t('directory.results.region')}</th>
                <th>{t('directory.results.serviceTypes')}</th>
                <th>{t('directory.results.qualifications')}</th>
                <th>{t('directory.results.status')}</th>
                <th>{t('directory.results.contactPhone')}</th>
              </tr>
            </thead>
            <tbody>
              {result.agencies.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/agencies/${a.id}`}>{organisationName(a, i18n.language)}</Link>{' '}
                    <CreditTierBadge tier={a.credit.tier} score={a.credit.score} />
                    <div className="muted mono">{a.creditCode}</div>
                  </td>
                  <td>{regionName(a.region, i18n.language) || t('directory.results.none')}</td>
                  <td>
                    {a.serviceTypes.map((s) => (
                      <span key={s.code} className="tag">
                        {name(s)}
                      </span>
                    ))}
                  </td>
                  <td>
                    {a.qualifications.length === 0 ? (
                      t('directory.results.none')
                    ) : (
                      <ul className="quals">
                        {a.qualifications.map((q, i) => (
                          <li key={i}>
                            {name(q.type)} · {name(q.level)}{' '}
                            <span className={`status status-${q.validity}`}>{t(`terms.validity.${q.validity}`)}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <span className={`status status-${a.status}`}>{t(`terms.orgStatus.${a.status}`)}</span>
                  </td>
                  <td className="mono">{a.contactPhone ?? t('directory.results.none')}</td>
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
