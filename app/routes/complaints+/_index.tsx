import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ComplaintTable } from '~/components/complaints/complaint-table'
import { EmptyState, PageHeader } from '~/components/page-header'
import { complaintsFor } from '~/domain/complaints/complaints.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { homeOf } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: '投诉 · Complaints' }]

/** GET /complaints — an owner's or agency's complaints (filed / about it); a regulator's remit (open by due date, then answered). */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'complaints.read')
  return { home: homeOf[user.role], ...(await complaintsFor(await getDb(), user)) }
})

export default function Complaints() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const section = (id: string, title: string, rows: Parameters<typeof ComplaintTable>[0]['rows']) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <EmptyState>{t('complaints.list.empty')}</EmptyState>
      ) : (
        <ComplaintTable rows={rows} testId={id} />
      )}
    </section>
  )
  return (
    <>
      <p className="registry-back">
        <Link to={data.home}>← {t(`nav.workspace.${data.role}`)}</Link>
      </p>
      <PageHeader
        title={t('complaints.title')}
        lead={data.role === 'regulator' ? t('complaints.list.leadRegulator') : t('complaints.list.leadParty')}
      />
      {data.role === 'regulator' ? (
        <>
          {section('complaints-open', t('complaints.list.openTitle'), data.open)}
          {section('complaints-closed', t('complaints.list.closedTitle'), data.closed)}
        </>
      ) : (
        <>
          {section('complaints-filed', t('complaints.list.filed'), data.filed)}
          {data.role === 'agency' ? section('complaints-about', t('complaints.list.about'), data.about) : null}
        </>
      )}
    </>
  )
}
