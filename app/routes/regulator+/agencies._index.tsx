import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { CreditTierBadge } from '~/components/credit-tier'
import { EmptyState, PageHeader } from '~/components/page-header'
import { agenciesInRemit } from '~/domain/credit/remit.server'
import { creditStandings } from '~/domain/credit/standings.server'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '机构信用管理 · Agencies’ credit · 监管工作台' }]

/** GET /regulator/agencies — the agencies in the regulator's remit with their credit standing. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  const agencies = await agenciesInRemit(db, user)
  const standings = await creditStandings(
    db,
    agencies.map((a) => a.id),
  )
  return { agencies: agencies.map((a) => ({ ...a, standing: standings.get(a.id)! })) }
})

export default function RegulatorAgencies() {
  const { t, i18n } = useTranslation()
  const { agencies } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/regulator">← {t('nav.workspace.regulator')}</Link>
      </p>
      <PageHeader title={t('creditActions.regulator.agenciesTitle')} lead={t('creditActions.regulator.agenciesLead')}>
        <Link to="/regulator/repairs" className="button">
          {t('creditActions.regulator.repairsTitle')}
        </Link>
      </PageHeader>
      {agencies.length === 0 ? (
        <EmptyState>{t('creditActions.regulator.noAgencies')}</EmptyState>
      ) : (
        <table className="table compact" data-testid="regulator-agencies">
          <thead>
            <tr>
              <th scope="col">{t('blacklist.agency')}</th>
              <th scope="col">{t('credit.score')}</th>
              <th scope="col">{t('credit.tier')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.id}>
                <td>{organisationName(a, i18n.language)}</td>
                <td className="mono">{a.standing.score}</td>
                <td>
                  <CreditTierBadge tier={a.standing.tier} score={a.standing.score} />
                </td>
                <td>
                  <Link to={`/regulator/agencies/${a.id}`}>{t('creditActions.regulator.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
