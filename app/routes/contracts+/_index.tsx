import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { CreditTierBadge } from '~/components/credit-tier'
import { PageHeader } from '~/components/page-header'
import { contractList, type ContractListRow } from '~/domain/contracts/dashboards.server'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '合同 · Contracts' }]

/** The caller's contracts: the owner's and the agency's own, the regulator's yellow and red ones (`?all=1`: all in its remit). */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'contracts.read')
  const all = new URL(request.url).searchParams.get('all') === '1'
  return contractList(await getDb(), user, { all })
})

function Segment({ segment }: { segment: ContractListRow['agencySegment'] }) {
  const { t } = useTranslation()
  if (!segment) return <span className="muted">{t('contractLists.notStarted')}</span>
  return (
    <>
      <span className={`status status-${segment.light}`} data-light={segment.light}>
        {t(`clock.light.${segment.light}`)}
      </span>{' '}
      <span className="muted">{t('contractLists.used', { used: segment.used, budget: segment.budget })}</span>
    </>
  )
}

export default function ContractsList() {
  const { t, i18n } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const name = (o: ContractListRow['owner']) => organisationName(o, i18n.language)
  const lead =
    data.role === 'owner'
      ? t('contractLists.leadOwner')
      : data.role === 'agency'
        ? t('contractLists.leadAgency')
        : data.all
          ? t('contractLists.leadRegulatorAll')
          : t('contractLists.leadRegulator')
  return (
    <>
      <PageHeader title={t('contractLists.title')} lead={lead} />
      {data.role === 'regulator' ? (
        <nav aria-label={t('contractLists.filter.label')} className="filters" data-testid="contract-filter">
          {t('contractLists.filter.label')}:{' '}
          {data.all ? <Link to="/contracts">{t('contractLists.filter.flagged')}</Link> : <strong aria-current="page">{t('contractLists.filter.flagged')}</strong>}
          {' · '}
          {data.all ? <strong aria-current="page">{t('contractLists.filter.all')}</strong> : <Link to="/contracts?all=1">{t('contractLists.filter.all')}</Link>}
        </nav>
      ) : null}
      {data.rows.length === 0 ? (
        <p className="muted" data-testid="contracts-empty">
          {data.role === 'regulator' && !data.all ? t('contractLists.emptyFlagged') : t('contractLists.empty')}
        </p>
      ) : (
        <table className="table" data-testid="contracts-table">
          <thead>
            <tr>
              <th scope="col">{t('contractLists.column.number')}</th>
              <th scope="col">{t('contractLists.column.need')}</th>
              <th scope="col">{data.role === 'regulator' ? t('contractLists.column.parties') : t('contractLists.column.otherParty')}</th>
              <th scope="col">{t('contractLists.column.state')}</th>
              {data.role !== 'regulator' ? <th scope="col">{t('contractLists.column.dues')}</th> : null}
              <th scope="col">{t('contractLists.column.agencyLight')}</th>
              <th scope="col">{t('contractLists.column.totalLight')}</th>
              <th scope="col">{t('contractLists.column.dueOn')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id} data-testid="contract-row" data-contract-id={r.id}>
                <td className="mono">{r.number}</td>
                <td>{r.needTitle}</td>
                <td>
                  {data.role === 'owner' ? (
                    <>
                      {name(r.agency)} <CreditTierBadge tier={r.agencyCredit.tier} score={r.agencyCredit.score} />
                    </>
                  ) : data.role === 'agency' ? (
                    name(r.owner)
                  ) : (
                    <>
                      {name(r.owner)} / {name(r.agency)} <CreditTierBadge tier={r.agencyCredit.tier} score={r.agencyCredit.score} />
                    </>
                  )}
                </td>
                <td>
                  <span className={`status status-${r.state}`}>{t(`terms.needState.${r.state}`)}</span>
                </td>
                {data.role !== 'regulator' ? (
                  <td data-testid="contract-dues">
                    {r.dues.length ? r.dues.map((d) => <div key={d}>{t(`contractLists.due.${d}`)}</div>) : t('contractLists.noDue')}
                  </td>
                ) : null}
                <td>
                  <Segment segment={r.agencySegment} />
                </td>
                <td>
                  <Segment segment={r.totalSegment} />
                </td>
                <td className="mono">{r.dueOn ?? t('contractLists.noDue')}</td>
                <td>
                  <Link to={`/contracts/${r.id}`}>{t('contractLists.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
