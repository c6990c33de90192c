import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { platformStats } from '~/domain/public/stats.server'
import { handle } from '~/utils/handler.server'

export const loader = handle(async (_: LoaderFunctionArgs) => {
  return { stats: await platformStats(await getDb()) }
})

export default function Home() {
  const { t } = useTranslation()
  const { stats } = useLoaderData<typeof loader>()
  return (
    <>
      <section className="hero">
        <h1>{t('home.title')}</h1>
        <p className="lead">{t('home.lead')}</p>
        <p>
          <Link to="/signup" className="button">
            {t('home.start')}
          </Link>{' '}
          <Link to="/needs" className="button secondary">
            {t('nav.needs')}
          </Link>
        </p>
      </section>
      <section className="cards three">
        <article className="card">
          <h2>{t('home.forOwners')}</h2>
          <p>{t('home.forOwnersText')}</p>
        </article>
        <article className="card">
          <h2>{t('home.forAgencies')}</h2>
          <p>{t('home.forAgenciesText')}</p>
        </article>
        <article className="card">
          <h2>{t('home.forPublic')}</h2>
          <p>{t('home.forPublicText')}</p>
        </article>
      </section>
      <section aria-labelledby="stats">
        <h2 id="stats">{t('home.stats')}</h2>
        <dl className="stats">
          <div>
            <dt>{t('home.statServiceTypes')}</dt>
            <dd data-testid="stat-service-types">{stats.serviceTypes}</dd>
          </div>
          <div>
            <dt>{t('home.statApprovalItems')}</dt>
            <dd>{stats.approvalItems}</dd>
          </div>
          <div>
            <dt>{t('home.statAgencies')}</dt>
            <dd>{stats.agencies}</dd>
          </div>
          <div>
            <dt>{t('home.statOwners')}</dt>
            <dd>{stats.owners}</dd>
          </div>
        </dl>
      </section>
    </>
  )
}
