import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EntryTable } from '~/components/blacklist/entry-table'
import { EmptyState, PageHeader } from '~/components/page-header'
import { agencyBlacklist } from '~/domain/blacklist/blacklist.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '黑名单记录 · Blacklist entries · 机构工作台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  return { entries: await agencyBlacklist(await getDb(), user) }
})

export default function AgencyBlacklist() {
  const { t } = useTranslation()
  const { entries } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/agency">← {t('nav.workspace.agency')}</Link>
      </p>
      <PageHeader title={t('blacklist.agencyPage.title')} lead={t('blacklist.agencyPage.lead')} />
      {entries.length === 0 ? (
        <EmptyState>{t('blacklist.agencyPage.empty')}</EmptyState>
      ) : (
        <EntryTable
          rows={entries}
          testId="agency-blacklist"
          link={{ to: (id) => `/agency/blacklist/${id}`, label: t('blacklist.regulator.open') }}
        />
      )}
    </>
  )
}
