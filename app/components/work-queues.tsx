import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { isOverdue, type QueueItem, type QueueKind } from '~/domain/workspace/queue'
import { EmptyState } from './page-header'

export interface WorkQueueData {
  kind: QueueKind
  items: QueueItem[]
  open: number
  overdue: number
}

/** Each queue with its items: subject, what to do, due date, an overdue badge, the link; an empty queue says so. */
export function WorkQueueList({ queues, today }: { queues: WorkQueueData[]; today: string }) {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  return (
    <>
      {queues.map((q) => (
        <section key={q.kind} aria-labelledby={`queue-${q.kind}`} data-testid={`queue-${q.kind}`}>
          <h2 id={`queue-${q.kind}`}>
            {t(`workspace.queue.kind.${q.kind}`)}{' '}
            <span className="muted">({t('workspace.queue.counts', { open: q.open, overdue: q.overdue })})</span>
          </h2>
          {q.items.length === 0 ? (
            <EmptyState>{t('workspace.queue.empty')}</EmptyState>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{t('workspace.queue.subject')}</th>
                  <th scope="col">{t('workspace.queue.action')}</th>
                  <th scope="col">{t('workspace.queue.dueOn')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {q.items.map((item) => {
                  const late = isOverdue(item, today)
                  return (
                    <tr key={item.id} data-item={item.id} data-overdue={late ? 'yes' : 'no'}>
                      <td>{en && item.subjectEn ? item.subjectEn : item.subject}</td>
                      <td>{t(item.dueActionKey)}</td>
                      <td className="num">
                        {item.dueOn ?? <span className="muted">{t('workspace.queue.noDate')}</span>}{' '}
                        {late ? <span className="status status-expired">{t('workspace.queue.overdue')}</span> : null}
                      </td>
                      <td>
                        <Link to={item.href}>{t('workspace.queue.open')}</Link>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </>
  )
}

/** The home page's summary: per queue, how many are waiting and overdue. */
export function WorkQueueCounts({ queues }: { queues: Pick<WorkQueueData, 'kind' | 'open' | 'overdue'>[] }) {
  const { t } = useTranslation()
  return (
    <dl className="stats" data-testid="queue-counts">
      {queues.map((q) => (
        <div key={q.kind}>
          <dt>{t(`workspace.queue.kind.${q.kind}`)}</dt>
          <dd data-testid={`queue-count-${q.kind}`} data-open={q.open} data-overdue={q.overdue}>
            {t('workspace.queue.counts', { open: q.open, overdue: q.overdue })}
          </dd>
        </div>
      ))}
    </dl>
  )
}
