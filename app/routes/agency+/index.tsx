import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ContractsToSign } from '~/components/contracts/contract-links'
import { AgencyCreditTier } from '~/components/credit-tier'
import { WorkspaceHome } from '~/components/workspace'
import { agencyProfile, workspaceSummary } from '~/domain/accounts/workspace.server'
import { contractsToSign } from '~/domain/contracts/contract-links.server'
import { currentApplication } from '~/domain/agencies/registry.server'
import registryStyles from '~/styles/registry.css?url'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { agencyOrganisation } from '~/domain/agencies/agency-views.server'
import { agencyDashboard, type AgencyBidRow } from '~/domain/needs/dashboards.server'
import { formatFen } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: '机构工作台 · Agency workspace' }]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: registryStyles }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const [summary, profile, application, org, dashboard, toSign] = await Promise.all([
    workspaceSummary(db, user),
    agencyProfile(db, user.organisationId),
    currentApplication(db, user.organisationId),
    agencyOrganisation(db, user.organisationId),
    agencyDashboard(db, user),
    contractsToSign(db, user),
  ])
  return {
    user: { name: user.name, role: user.role },
    ...summary,
    profile,
    application: application && { kind: application.kind, status: application.status },
    exitedOn: org.status === 'exited' ? (org.lastExit?.exitedOn ?? null) : null,
    dashboard,
    contractsToSign: toSign,
  }
})

/** The agency's own bids (or results): need, its state, the agency's quote and revision, the outcome for it. */
function BidTable({ rows, testId }: { rows: AgencyBidRow[]; testId: string }) {
  const { t, i18n } = useTranslation()
  return (
    <table className="table compact" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('results.agencyHome.need')}</th>
          <th>{t('results.agencyHome.state')}</th>
          <th>{t('results.agencyHome.quote')}</th>
          <th>{t('results.agencyHome.revision')}</th>
          <th>{t('results.agencyHome.outcomeLabel')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((b) => (
          <tr key={b.bidId}>
            <td>
              <Link to={`/agency/needs/${b.needId}`}>{b.title}</Link>
              <div className="muted">{t(`terms.method.${b.method}`)}</div>
            </td>
            <td>{t(`terms.needState.${b.needState}`)}</td>
            <td>
              {formatFen(b.quoteFen, i18n.language)}
              <div className="muted">{t('results.daysValue', { count: b.committedDays })}</div>
            </td>
            <td>{t('results.agencyHome.revisionValue', { revision: b.revision })}</td>
            <td>
              <span className={`status status-${b.outcome}`}>{t(`results.agencyHome.outcomes.${b.outcome}`)}</span>
              {b.outcome === 'disqualified' && b.statusReason ? (
                <div className="muted">
                  {t(`results.disqualified.${b.statusReason}`, { defaultValue: t('results.disqualified.other') })}
                </div>
              ) : null}
              {b.publicityEndsOn ? (
                <div className="muted">
                  {t('results.publicityEndsOn')}: {b.publicityEndsOn}
                </div>
              ) : null}
              {b.creditAtClose ? (
                <div className="muted" data-testid="bid-credit-at-close">
                  {t('credit.atCloseTier')}: <AgencyCreditTier credit={b.creditAtClose} />
                </div>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AgencyDashboardSections({ dashboard }: { dashboard: AgencyDashboardData }) {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  return (
    <>
      <section aria-labelledby="agency-due">
        <h2 id="agency-due">{t('results.agencyHome.dueTitle')}</h2>
        {dashboard.due.length === 0 ? (
          <p className="muted">{t('results.agencyHome.noDue')}</p>
        ) : (
          <ul data-testid="agency-due">
            {dashboard.due.map((d) => (
              <li key={`${d.kind}-${d.needId}`} data-kind={d.kind}>
                <Link to={`/agency/needs/${d.needId}`}>{d.title}</Link>:{' '}
                {t(`results.agencyHome.due.${d.kind}`, { date: d.endsOn })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="agency-opportunities">
        <h2 id="agency-opportunities">{t('results.agencyHome.opportunitiesTitle')}</h2>
        {dashboard.opportunities.length === 0 ? (
          <p className="muted">{t('results.agencyHome.noOpportunities')}</p>
        ) : (
          <ul data-testid="agency-opportunities">
            {dashboard.opportunities.map((n) => (
              <li key={n.id}>
                <Link to={`/agency/needs/${n.id}`}>{n.title}</Link> · {name(n.serviceType)} ·{' '}
                {t('results.agencyHome.closesOn')} <span className="mono">{n.registrationClosesOn}</span> ·{' '}
                {n.ownBid
                  ? `${t('results.agencyHome.ownBid')}: ${formatFen(n.ownBid.quoteFen, i18n.language)}`
                  : t('results.agencyHome.noBid')}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/agency/needs">{t('directory.notices.agency.title')} →</Link>
        </p>
      </section>
      <section aria-labelledby="agency-contracts">
        <h2 id="agency-contracts">{t('contractLists.home.title')}</h2>
        <p>
          <Link to="/contracts" data-testid="home-contracts-link">
            {t('contractLists.home.link')} →
          </Link>
        </p>
        <p>
          <Link to="/agency/blacklist">{t('blacklist.agencyPage.title')} →</Link>
        </p>
        <p>
          <Link to="/agency/credit">{t('creditActions.agency.title')} →</Link>
        </p>
        <p>
          <Link to="/complaints" data-testid="home-complaints-link">
            {t('complaints.title')} →
          </Link>
        </p>
      </section>
      <section aria-labelledby="agency-bids">
        <h2 id="agency-bids">{t('results.agencyHome.bidsTitle')}</h2>
        {dashboard.bids.length === 0 ? (
          <p className="muted">{t('results.agencyHome.noBids')}</p>
        ) : (
          <BidTable rows={dashboard.bids} testId="agency-bids" />
        )}
      </section>
      <section aria-labelledby="agency-results">
        <h2 id="agency-results">{t('results.agencyHome.resultsTitle')}</h2>
        {dashboard.results.length === 0 ? (
          <p className="muted">{t('results.agencyHome.noResults')}</p>
        ) : (
          <BidTable rows={dashboard.results} testId="agency-results" />
        )}
      </section>
    </>
  )
}

type AgencyDashboardData = ReturnType<typeof useLoaderData<typeof loader>>['dashboard']

export default function AgencyHome() {
  const { t } = useTranslation()
  const name = useLocalized()
  const data = useLoaderData<typeof loader>()
  const { status } = data.organisation
  // Expiry matters while the agency may take work; an exited agency's certificates no longer do.
  const attention = status === 'exited' ? [] : data.profile.qualifications.filter((q) => q.validity !== 'valid')
  return (
    <WorkspaceHome title={t('nav.workspace.agency')} lead={t('workspace.agencyLead')} data={data}>
      {status === 'pending' ? (
        <p className="notice" role="status">
          {t('workspace.pendingNotice')}
        </p>
      ) : null}
      {data.exitedOn ? (
        <p className="notice" role="status">
          {t('agencyApp.home.exited', { date: data.exitedOn })}
        </p>
      ) : null}
      {attention.length ? (
        <section className="notice registry-expiry" aria-labelledby="expiry-title" data-testid="expiry-warnings">
          <h2 id="expiry-title">{t('agencyApp.home.expiryTitle')}</h2>
          <ul>
            {attention.map((q) => (
              <li key={q.id}>
                {t(q.validity === 'expired' ? 'agencyApp.home.expired' : 'agencyApp.home.expiring', {
                  type: name(q.type),
                  certificateNo: q.certificateNo,
                  date: q.validUntil,
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="application-title">
        <h2 id="application-title">{t('agencyApp.home.application')}</h2>
        <p data-testid="application-status">
          {data.application ? (
            <>
              {t('agencyApp.home.applicationLine', {
                kind: t(`terms.applicationKind.${data.application.kind}`),
                status: t(`terms.applicationStatus.${data.application.status}`),
              })}{' '}
              <Link to="/agency/application">{t('agencyApp.home.open')} →</Link>
            </>
          ) : (
            <>
              {t('agencyApp.home.noApplication')}{' '}
              <Link to="/agency/application">
                {t(status === 'active' ? 'agencyApp.home.change' : 'agencyApp.home.start')} →
              </Link>
            </>
          )}
        </p>
      </section>
      <section>
        <h2>{t('public.serviceTypes')}</h2>
        <p>
          {data.profile.serviceTypes.length
            ? data.profile.serviceTypes.map((s) => (
                <span key={s.id} className="tag">
                  {name(s)}
                </span>
              ))
            : t('common.none')}
        </p>
        <h2>{t('workspace.qualifications')}</h2>
        {data.profile.qualifications.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('workspace.qualificationType')}</th>
                <th>{t('admin.levelsShort')}</th>
                <th>{t('workspace.certificateNo')}</th>
                <th>{t('workspace.validUntil')}</th>
              </tr>
            </thead>
            <tbody>
              {data.profile.qualifications.map((q) => (
                <tr key={q.id}>
                  <td>{name(q.type)}</td>
                  <td>{name(q.level)}</td>
                  <td className="mono">{q.certificateNo}</td>
                  <td>
                    {q.validUntil}{' '}
                    {q.validity !== 'valid' ? (
                      <span className={`status status-${q.validity}`}>{t(`terms.validity.${q.validity}`)}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <ContractsToSign contracts={data.contractsToSign} />
      <AgencyDashboardSections dashboard={data.dashboard} />
      {status === 'active' || status === 'suspended' ? (
        <p className="registry-exit-link">
          <Link to="/agency/exit">{t('agencyApp.exit.link')}</Link>
        </p>
      ) : null}
    </WorkspaceHome>
  )
}
