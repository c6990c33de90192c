import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { RepairTable } from '~/components/credit/repair-table'
import { EmptyState, PageHeader } from '~/components/page-header'
import { regulatorRepairs } from '~/domain/credit/repairs.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '信用修复申请 · Credit repair applications · 监管工作台' }]

/** GET /regulator/repairs — the repair applications this regulator decides, pending first. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  return { applications: await regulatorRepairs(await getDb(), user) }
})

export default function RegulatorRepairs() {
  const { t } = useTranslation()
  const { applications } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/regulator/agencies">← {t('creditActions.regulator.agenciesTitle')}</Link>
      </p>
      <PageHeader title={t('creditActions.regulator.repairsTitle')} lead={t('creditActions.regulator.repairsLead')} />
      {applications.length === 0 ? (
        <EmptyState>{t('creditActions.repair.none')}</EmptyState>
      ) : (
        <RepairTable rows={applications} showAgency hrefOf={(id) => `/regulator/repairs/${id}`} testId="regulator-repairs" />
      )}
    </>
  )
}
