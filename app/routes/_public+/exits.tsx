import type { MetaFunction } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { EmptyState, PageHeader } from '~/components/page-header'

export const meta: MetaFunction = () => [{ title: '退出记录 · Exit records' }]

/** Exit records come with the agency registry; none exist yet. */
export default function ExitsPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('public.exitsTitle')} lead={t('public.exitsLead')} />
      <EmptyState>{t('public.exitsEmpty')}</EmptyState>
    </>
  )
}
