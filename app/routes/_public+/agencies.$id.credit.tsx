import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { LedgerTable } from '~/components/credit/ledger-table'
import { CreditTierBadge } from '~/components/credit-tier'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { EmptyState, PageHeader } from '~/components/page-header'
import { agencyCreditLedger } from '~/domain/credit/credit-views.server'
import { organisationName } from '~/domain/organisations/names'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import directoryStyles from '~/styles/directory.css?url'
import { handle } from '~/utils/handler.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: directoryStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.ledger.agency.name} · 信用记录 · Credit record` : '信用记录 · Credit record' },
]

/** GET /agencies/:id/credit — the agency's public credit ledger: every event with its points and reason. */
export const loader = handle(async ({ params }: LoaderFunctionArgs) => {
  const db = await getDb()
  const [ledger, config] = await Promise.all([agencyCreditLedger(db, params.id ?? ''), getMarketplaceConfig(db)])
  return { ledger, thresholds: config.creditTiers }
})

export default function AgencyCreditPage() {
  const { t, i18n } = useTranslation()
  const { ledger, thresholds: th } = useLoaderData<typeof loader>()
  return (
    <>
      <p>
        <Link to={`/agencies/${ledger.agency.id}`}>← {t('credit.back')}</Link>
      </p>
      <PageHeader
        title={t('credit.title', { name: organisationName(ledger.agency, i18n.language) })}
        lead={t('credit.lead', { base: ledger.base })}
      >
        <CreditTierBadge tier={ledger.tier} score={ledger.score} />
      </PageHeader>
      <dl className="facts">
        <div>
          <dt>{t('credit.base')}</dt>
          <dd data-testid="credit-base">{ledger.base}</dd>
        </div>
        <div>
          <dt>{t('credit.score')}</dt>
          <dd data-testid="credit-score">{ledger.score}</dd>
        </div>
        <div>
          <dt>{t('credit.tier')}</dt>
          <dd>
            {ledger.tier}
            <br />
            <span className="muted">
              {t('credit.tierRule', { a: th.a, b: th.b, c: th.c, aBelow: th.a - 1, bBelow: th.b - 1 })}
            </span>
          </dd>
        </div>
      </dl>
      <section className="profile-section">
        <h2>{t('credit.events')}</h2>
        {ledger.events.length === 0 ? (
          <EmptyState>{t('credit.noEvents')}</EmptyState>
        ) : (
          <LedgerTable events={ledger.events} />
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
