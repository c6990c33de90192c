import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { LedgerTable } from '~/components/credit/ledger-table'
import { RepairTable } from '~/components/credit/repair-table'
import { CreditTierBadge } from '~/components/credit-tier'
import { EmptyState, PageHeader } from '~/components/page-header'
import { agencyCreditActions } from '~/domain/credit/repairs.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '我的信用 · My credit · 机构工作台' }]

/** GET /agency/credit — the agency's own ledger, which events it may apply to repair (or why not yet), its applications. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  return agencyCreditActions(await getDb(), user)
})

export default function AgencyCredit() {
  const { t } = useTranslation()
  const { ledger, repair, applications } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/agency">← {t('nav.workspace.agency')}</Link>
      </p>
      <PageHeader title={t('creditActions.agency.title')} lead={t('creditActions.agency.lead')}>
        <CreditTierBadge tier={ledger.tier} score={ledger.score} />
      </PageHeader>
      <p>
        <Link to={`/agencies/${ledger.agency.id}/credit`}>{t('creditActions.agency.publicPage')}</Link>
      </p>
      <section aria-labelledby="agency-ledger">
        <h2 id="agency-ledger">{t('credit.events')}</h2>
        {ledger.events.length === 0 ? (
          <EmptyState>{t('credit.noEvents')}</EmptyState>
        ) : (
          <LedgerTable
            events={ledger.events}
            actionLabel={t('creditActions.agency.repairColumn')}
            action={(e) => {
              const r = repair[e.id]
              if (!r) return null
              if (r.ok)
                return (
                  <Link to={`/agency/credit/repair/${e.id}`} data-testid={`apply-repair-${e.id}`}>
                    {t('creditActions.agency.apply')}
                  </Link>
                )
              if (r.reason === 'notNegative' || r.reason === 'notRepairable') return null
              return (
                <span className="muted">{t(`creditActions.ineligible.${r.reason}`, { date: r.earliestOn ?? '' })}</span>
              )
            }}
          />
        )}
      </section>
      <section aria-labelledby="agency-repairs">
        <h2 id="agency-repairs">{t('creditActions.agency.applications')}</h2>
        {applications.length === 0 ? (
          <EmptyState>{t('creditActions.repair.none')}</EmptyState>
        ) : (
          <RepairTable rows={applications} hrefOf={(id) => `/agency/credit/applications/${id}`} testId="agency-repairs" />
        )}
      </section>
    </>
  )
}
