import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { logStatus } from '~/domain/transparency/log.server'
import { requirePermission } from '~/utils/auth.server'
import { getT } from '~/utils/i18n.server'
import { handle } from '~/utils/handler.server'
import { adminOverview } from '~/domain/admin/overview.server'
import { EmptyRow } from '~/components/admin/shared'
import { WorkQueueList } from '~/components/work-queues'
import { adminQueues } from '~/domain/workspace/workspace.server'
import { shanghaiDateTime } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '管理后台 · Administration' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const db = await getDb()
  const [overview, log, t] = await Promise.all([adminOverview(db), logStatus(db), getT(request)])
  return {
    // The admin office's work queue: blacklist appeals awaiting a decision.
    workQueues: await adminQueues(db, user),
    catalogue: overview.catalogue,
    organisations: overview.organisations,
    log: {
      treeSize: log.treeSize,
      signedSize: log.signedSize,
      root: log.head?.rootHash.slice(0, 16) ?? '',
      signedAt: log.head ? shanghaiDateTime(new Date(log.head.timestamp)) : null,
      lagSeconds: Math.round(log.lagMs / 100) / 10,
      pending: log.pending,
    },
    // Named in the reader's language; an event or entity with no name yet shows its raw key.
    events: overview.events.map((e) => ({
      ...e,
      occurredAt: shanghaiDateTime(e.occurredAt),
      actionName: t(`auditEvents.action.${e.action}`, { defaultValue: e.action }),
      entityName: t(`auditEvents.entity.${e.entityType}`, { defaultValue: e.entityType }),
    })),
  }
})

export default function AdminOverview() {
  const { t } = useTranslation()
  const { catalogue, organisations, log, events, workQueues } = useLoaderData<typeof loader>()
  const catalogueRows = [
    ['admin.serviceTypes', catalogue.serviceTypes],
    ['admin.approvalItems', catalogue.approvalItems],
    ['admin.qualificationTypes', catalogue.qualificationTypes],
    ['admin.departments', catalogue.departments],
  ] as const
  return (
    <>
      <PageHeader title={t('admin.overview')} />
      <section aria-labelledby="admin-audit-chain" className="admin-section">
        <h2 id="admin-audit-chain">{t('admin.auditChain')}</h2>
        <p role="status" data-testid="log-status" className="admin-verdict admin-verdict-ok">
          {log.signedAt
            ? t('admin.logSigned', { count: log.signedSize, root: log.root, at: log.signedAt })
            : t('admin.logUnsigned')}{' '}
          {t('admin.logLag', { count: log.pending, seconds: log.lagSeconds })}{' '}
          <a href="/transparency">{t('admin.logCheck')}</a>
        </p>
      </section>
      <div className="admin-section" data-testid="admin-work-queues">
        <WorkQueueList queues={workQueues.queues} today={workQueues.today} />
      </div>
      <div className="admin-columns">
        <section aria-labelledby="admin-catalogue-counts" className="admin-section">
          <h2 id="admin-catalogue-counts">{t('admin.catalogueCounts')}</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('admin.table')}</th>
                <th scope="col" className="num">
                  {t('admin.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {catalogueRows.map(([key, n]) => (
                <tr key={key}>
                  <th scope="row">{t(key)}</th>
                  <td className="num">{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="admin-organisation-counts" className="admin-section">
          <h2 id="admin-organisation-counts">{t('admin.organisationsByKind')}</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('admin.kind')}</th>
                <th scope="col" className="num">
                  {t('admin.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {organisations.map(({ kind, n }) => (
                <tr key={kind}>
                  <th scope="row">{t(`terms.orgKind.${kind}`)}</th>
                  <td className="num">{n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section aria-labelledby="admin-latest-events" className="admin-section">
        <h2 id="admin-latest-events">{t('admin.latestEvents')}</h2>
        <table className="table compact" data-testid="audit-events">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">{t('admin.time')}</th>
              <th scope="col">{t('admin.action')}</th>
              <th scope="col">{t('admin.entity')}</th>
            </tr>
          </thead>
          <tbody>
            {events.length ? (
              events.map((e) => (
                <tr key={e.id}>
                  <td className="num">{e.id}</td>
                  <td className="mono">
                    <time dateTime={`${e.occurredAt.replace(' ', 'T')}+08:00`}>{e.occurredAt}</time>
                  </td>
                  <td title={e.action}>{e.actionName}</td>
                  <td>
                    <span title={e.entityType}>{e.entityName}</span> <span className="muted mono">{e.entityId}</span>
                  </td>
                </tr>
              ))
            ) : (
              <EmptyRow columns={4} />
            )}
          </tbody>
        </table>
        <p className="muted">{t('admin.timeZoneNote')}</p>
      </section>
    </>
  )
}
