import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { openNeedsForAgency } from '~/domain/needs/notices.server'
import { requirePermission } from '~/utils/auth.server'
import { formatFen } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '可报名的需求 · Open needs · 机构工作台' }]

/** Open needs of the agency's service types, each with its eligibility and the agency's own bid — nothing of anyone else's. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  return { needs: await openNeedsForAgency(await getDb(), user) }
})

export default function AgencyNeedsPage() {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  const { needs } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/agency">← {t('nav.workspace.agency')}</Link>
      </p>
      <PageHeader title={t('directory.notices.agency.title')} lead={t('directory.notices.agency.lead')} />
      {needs.length === 0 ? (
        <EmptyState>{t('directory.notices.agency.empty')}</EmptyState>
      ) : (
        <table className="table" data-testid="agency-needs">
          <thead>
            <tr>
              <th>{t('directory.notices.results.title')}</th>
              <th>{t('directory.notices.results.serviceType')}</th>
              <th>{t('directory.notices.results.ceiling')}</th>
              <th>{t('directory.notices.results.closesOn')}</th>
              <th>{t('directory.notices.agency.eligibility')}</th>
              <th>{t('directory.notices.agency.ownBid')}</th>
            </tr>
          </thead>
          <tbody>
            {needs.map((n) => (
              <tr key={n.id}>
                <td>
                  <Link to={`/agency/needs/${n.id}`}>{n.title}</Link>
                  <div className="muted">{t(`terms.method.${n.method}`)}</div>
                </td>
                <td>{name(n.serviceType)}</td>
                <td>
                  {n.priceCeilingFen === null
                    ? t('directory.notices.results.noCeiling')
                    : formatFen(n.priceCeilingFen, i18n.language)}
                </td>
                <td className="mono">{n.registrationClosesOn}</td>
                <td>
                  {n.ineligibleReason ? (
                    <span className="status status-ineligible">
                      {t('directory.notices.agency.ineligible', { reason: t(`terms.ineligible.${n.ineligibleReason}`) })}
                    </span>
                  ) : (
                    <span className="status status-active">{t('directory.notices.agency.eligible')}</span>
                  )}
                </td>
                <td>
                  {n.ownBid
                    ? t('directory.notices.agency.bidSummary', {
                        quote: formatFen(n.ownBid.quoteFen, i18n.language),
                        days: n.ownBid.committedDays,
                        revision: n.ownBid.revision,
                      })
                    : t('directory.notices.agency.noBid')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
