import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EntryTable } from '~/components/blacklist/entry-table'
import { EmptyState, PageHeader } from '~/components/page-header'
import { publicBlacklist } from '~/domain/blacklist/blacklist.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '黑名单 · Blacklist' }]

/** GET /blacklist — every entry ever listed (in force, expired, lifted, appealed), newest first. */
export const loader = handle(async (_: LoaderFunctionArgs) => ({ entries: await publicBlacklist(await getDb()) }))

export default function BlacklistPage() {
  const { t } = useTranslation()
  const { entries } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('public.blacklistTitle')} lead={t('public.blacklistLead')} />
      {entries.length === 0 ? (
        <EmptyState>{t('public.blacklistEmpty')}</EmptyState>
      ) : (
        <EntryTable rows={entries} testId="blacklist" />
      )}
    </>
  )
}
