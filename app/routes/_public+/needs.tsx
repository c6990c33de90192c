import type { MetaFunction } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { EmptyState, PageHeader } from '~/components/page-header'

export const meta: MetaFunction = () => [{ title: '采购公告 · Notices' }]

/** Published needs arrive with the needs-and-bidding issue; until then there are none to list. */
export default function NeedsPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('public.needsTitle')} lead={t('public.needsLead')} />
      <EmptyState>{t('public.needsEmpty')}</EmptyState>
    </>
  )
}
