import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ContractsToSign } from '~/components/contracts/contract-links'
import { WorkspaceHome } from '~/components/workspace'
import { workspaceSummary } from '~/domain/accounts/workspace.server'
import { contractsToSign } from '~/domain/contracts/contract-links.server'
import { ownerDashboard, type OwnerDueItem } from '~/domain/needs/dashboards.server'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '业主工作台 · Owner workspace' }]

/** The owner's dashboard: its needs by state, live-bid counts of open needs (a number only), the actions due. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  const dashboard = await ownerDashboard(db, user)
  return {
    user: { name: user.name, role: user.role },
    ...(await workspaceSummary(db, user)),
    needCounts: dashboard.counts,
    openNeeds: dashboard.openNeeds,
    due: dashboard.due,
    contractsToSign: await contractsToSign(db, user),
  }
})

function DueText({ item }: { item: OwnerDueItem }) {
  const { t, i18n } = useTranslation()
  switch (item.kind) {
    case 'publishDraft':
      return <>{t('results.ownerHome.due.publishDraft')}</>
    case 'pickDirect':
      return <>{t('results.ownerHome.due.pickDirect', { count: item.liveBids })}</>
    case 'failedDecision':
      return <>{t('results.ownerHome.due.failedDecision', { count: item.validBidCount, valid: item.validBidCount, min: item.minValidBids })}</>
    case 'publicity':
      return item.pendingObjections > 0 ? (
        <>{t('results.ownerHome.due.publicityObjections', { date: item.endsOn, count: item.pendingObjections })}</>
      ) : (
        <>{t('results.ownerHome.due.publicity', { date: item.endsOn })}</>
      )
    case 'awaitingJustification':
      return <>{t('results.ownerHome.due.awaitingJustification', {
            agency: organisationName({ name: item.agencyName, nameEn: item.agencyNameEn }, i18n.language),
            date: item.endsOn,
          })}</>
  }
}

export default function OwnerHome() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  return (
    <WorkspaceHome title={t('nav.workspace.owner')} lead={t('workspace.ownerLead')} data={data}>
      <section aria-labelledby="owner-due">
        <h2 id="owner-due">{t('results.ownerHome.dueTitle')}</h2>
        {data.due.length === 0 ? (
          <p className="muted">{t('results.ownerHome.noDue')}</p>
        ) : (
          <ul data-testid="owner-due">
            {data.due.map((item) => (
              <li key={`${item.kind}-${item.needId}`} data-kind={item.kind}>
                <Link to={`/owner/needs/${item.needId}`}>{item.title}</Link>: <DueText item={item} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <ContractsToSign contracts={data.contractsToSign} />
      <section aria-labelledby="owner-needs-counts">
        <h2 id="owner-needs-counts">{t('needs.owner.countsTitle')}</h2>
        {data.needCounts.length === 0 ? (
          <p className="muted">{t('needs.owner.noNeeds')}</p>
        ) : (
          <ul data-testid="owner-need-counts">
            {data.needCounts.map((c) => (
              <li key={c.state}>
                <Link to={`/owner/needs?state=${c.state}`}>
                  {t(`terms.needState.${c.state}`)}: {c.count}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/owner/projects">{t('needs.owner.manageProjects')}</Link> ·{' '}
          <Link to="/owner/needs">{t('needs.owner.manageNeeds')}</Link> ·{' '}
          <Link to="/owner/needs/new">{t('needs.owner.newNeed')}</Link> ·{' '}
          <Link to="/contracts" data-testid="home-contracts-link">{t('contractLists.home.link')}</Link> ·{' '}
          <Link to="/complaints" data-testid="home-complaints-link">{t('complaints.title')}</Link>
        </p>
      </section>
      <section aria-labelledby="owner-open">
        <h2 id="owner-open">{t('results.ownerHome.openTitle')}</h2>
        <p className="muted">{t('results.ownerHome.openLead')}</p>
        {data.openNeeds.length === 0 ? (
          <p className="muted">{t('results.ownerHome.noOpen')}</p>
        ) : (
          <ul data-testid="owner-open-needs">
            {data.openNeeds.map((n) => (
              <li key={n.id}>
                <Link to={`/owner/needs/${n.id}`}>{n.title}</Link> — {t('results.ownerHome.liveBids', { count: n.liveBids })} ·{' '}
                {t('results.ownerHome.closesOn', { date: n.registrationClosesOn })}
              </li>
            ))}
          </ul>
        )}
      </section>
    </WorkspaceHome>
  )
}
