import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { objectionQueueForRegulator } from '~/domain/publicity/objections.server'
import { Instant } from '~/components/review/common'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '异议处理 · Objections · 监管工作台' }]

/** Objections on service types this regulator's department supervises: pending (oldest first) and recent rulings. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const { pending, recent } = await objectionQueueForRegulator(await getDb(), user)
  const row = (o: (typeof pending)[number]) => ({
    ...o,
    filedAt: o.filedAt.toISOString(),
    ruledAt: o.ruledAt?.toISOString() ?? null,
  })
  return { pending: pending.map(row), recent: recent.map(row) }
})

type Row = ReturnType<typeof useLoaderData<typeof loader>>['pending'][number]

function ObjectionTable({ rows, ruled, testId }: { rows: Row[]; ruled: boolean; testId: string }) {
  const { t, i18n } = useTranslation()
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('objections.regulator.filedAt')}</th>
          <th scope="col">{t('objections.regulator.need')}</th>
          <th scope="col">{t('objections.regulator.round')}</th>
          <th scope="col">{t('objections.regulator.objector')}</th>
          {ruled ? <th scope="col">{t('objections.regulator.ruledAt')}</th> : null}
          {ruled ? <th scope="col">{t('objections.regulator.decision')}</th> : null}
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((o) => (
          <tr key={o.id}>
            <td>
              <Instant value={o.filedAt} />
            </td>
            <td>
              <Link to={`/needs/${o.needId}`}>{o.needTitle}</Link>
            </td>
            <td className="num">{o.round}</td>
            <td>{organisationName({ name: o.objectorName, nameEn: o.objectorNameEn }, i18n.language)}</td>
            {ruled ? (
              <td>
                <Instant value={o.ruledAt} />
              </td>
            ) : null}
            {ruled ? (
              <td>
                <span className={`status status-${o.status}`}>{t(`terms.objectionStatus.${o.status}`)}</span>
              </td>
            ) : null}
            <td>
              <Link to={`/regulator/objections/${o.id}`}>{t('objections.regulator.open')}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export default function ObjectionQueue() {
  const { t } = useTranslation()
  const { pending, recent } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/regulator">← {t('nav.workspace.regulator')}</Link>
      </p>
      <PageHeader title={t('objections.regulator.queueTitle')} lead={t('objections.regulator.queueLead')} />
      <section aria-labelledby="objections-pending">
        <h2 id="objections-pending">{t('objections.regulator.pending')}</h2>
        {pending.length === 0 ? (
          <EmptyState>{t('objections.regulator.noPending')}</EmptyState>
        ) : (
          <ObjectionTable rows={pending} ruled={false} testId="objections-pending" />
        )}
      </section>
      <section aria-labelledby="objections-recent">
        <h2 id="objections-recent">{t('objections.regulator.recent')}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t('objections.regulator.noRecent')}</p>
        ) : (
          <ObjectionTable rows={recent} ruled testId="objections-recent" />
        )}
      </section>
    </>
  )
}
