import type { MetaFunction } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { EmptyState, PageHeader } from '~/components/page-header'

export const meta: MetaFunction = () => [{ title: '黑名单 · Blacklist' }]

/** Blacklist entries are recorded by regulators (a later issue); none exist yet. */
export default function BlacklistPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('public.blacklistTitle')} lead={t('public.blacklistLead')} />
      <EmptyState>{t('public.blacklistEmpty')}</EmptyState>
    </>
  )
}
