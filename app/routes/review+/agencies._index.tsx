import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { organisationName, regionName } from '~/domain/organisations/names'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { AgencyStatus, CatalogueName } from '~/components/review/common'
import { agenciesForReviewer } from '~/domain/agencies/review-views.server'
import { agencyStatuses, type AgencyStatus as Status } from '~/domain/agencies/registry-lifecycle'

export const meta: MetaFunction = () => [{ title: '中介机构 · Agencies · 入驻审核' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const wanted = new URL(request.url).searchParams.get('status')
  // An unknown status filter is simply ignored (every status), never a database error.
  const status = (agencyStatuses as readonly string[]).includes(wanted ?? '') ? (wanted as Status) : null
  const agencies = await agenciesForReviewer(await getDb(), user, status)
  return { admin: user.role === 'admin', status, agencies }
})

export default function ReviewAgencies() {
  const { t, i18n } = useTranslation()
  const { admin, status, agencies } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('review.agencies.title')} lead={t(admin ? 'review.agencies.leadAdmin' : 'review.agencies.lead')} />
      <Form method="get" className="review-filter">
        <div className="field">
          <label htmlFor="review-agency-status">{t('review.agencies.filterStatus')}</label>
          <select id="review-agency-status" name="status" defaultValue={status ?? ''}>
            <option value="">{t('review.agencies.allStatuses')}</option>
            {agencyStatuses.map((s) => (
              <option key={s} value={s}>
                {t(`terms.orgStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit">{t('review.agencies.filter')}</button>
        </div>
      </Form>
      <p className="muted">{t('common.total', { count: agencies.length })}</p>
      {agencies.length === 0 ? (
        <EmptyState>{t('review.agencies.empty')}</EmptyState>
      ) : (
        <table className="table" data-testid="review-agencies">
          <thead>
            <tr>
              <th scope="col">{t('review.agencies.name')}</th>
              <th scope="col">{t('review.agencies.status')}</th>
              <th scope="col">{t('review.agencies.serviceTypes')}</th>
              <th scope="col">{t('review.agencies.openApplication')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.id}>
                <td>
                  {organisationName(a, i18n.language)}
                  <div className="muted mono">{a.creditCode}</div>
                  {a.region ? <div className="muted">{regionName(a.region, i18n.language)}</div> : null}
                </td>
                <td>
                  <AgencyStatus status={a.status} />
                </td>
                <td>
                  {a.serviceTypes.length
                    ? a.serviceTypes.map((s) => (
                        <span key={s.id} className="tag">
                          <CatalogueName record={s} />
                        </span>
                      ))
                    : <span className="muted">{t('common.none')}</span>}
                </td>
                <td>
                  {a.openApplication ? (
                    a.openApplication.reviewable ? (
                      <Link to={`/review/applications/${a.openApplication.id}`}>
                        {t(`terms.applicationKind.${a.openApplication.kind}`)} · {t(`terms.applicationStatus.${a.openApplication.status}`)}
                      </Link>
                    ) : (
                      <span className="muted">
                        {t(`terms.applicationKind.${a.openApplication.kind}`)} · {t(`terms.applicationStatus.${a.openApplication.status}`)}
                      </span>
                    )
                  ) : (
                    <span className="muted">{t('common.none')}</span>
                  )}
                </td>
                <td>
                  <Link to={`/review/agencies/${a.id}`} aria-label={t('review.agencies.openLabel', { organisation: a.name })}>
                    {t('review.agencies.open')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
