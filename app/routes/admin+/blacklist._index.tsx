import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EntryTable } from '~/components/blacklist/entry-table'
import { EmptyState, PageHeader } from '~/components/page-header'
import { appealsForAdmin } from '~/domain/blacklist/blacklist.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '黑名单申诉 · Blacklist appeals · 管理后台' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'admin.workspace')
  const entries = await appealsForAdmin(await getDb(), user)
  return { entries: entries.map(({ appealText: _, ...e }) => e) }
})

export default function AdminBlacklistAppeals() {
  const { t } = useTranslation()
  const { entries } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('blacklist.admin.title')} lead={t('blacklist.admin.lead')} />
      {entries.length === 0 ? (
        <EmptyState>{t('blacklist.admin.empty')}</EmptyState>
      ) : (
        <EntryTable
          rows={entries}
          testId="admin-appeals"
          link={{ to: (id) => `/admin/blacklist/${id}`, label: t('blacklist.admin.open') }}
        />
      )}
    </>
  )
}
