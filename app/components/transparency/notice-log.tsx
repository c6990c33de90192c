import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { NoticeLog } from '~/domain/transparency/need-log.server'
import { formatInstant } from '~/utils/format'

/**
 * "In the transparency log" on a public notice: each of the notice's events (need-log.server.ts)
 * with its leaf, linked to the leaf's JSON, and the way to the browser check.
 */
export function NoticeLogSection({ log }: { log: NoticeLog }) {
  const { t, i18n } = useTranslation()
  return (
    <section aria-labelledby="notice-log-title" data-testid="notice-log" style={{ marginTop: '1.5rem' }}>
      <h2 id="notice-log-title">{t('transparency.notice.title')}</h2>
      <p className="muted">{t('transparency.notice.lead')}</p>
      {log.events.length === 0 ? (
        <p className="muted">{t('transparency.notice.none')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('transparency.notice.event')}</th>
              <th>{t('transparency.notice.time')}</th>
              <th>{t('transparency.notice.leafIndex')}</th>
            </tr>
          </thead>
          <tbody>
            {log.events.map((e) => (
              <tr key={e.leafIndex}>
                <td>{t(`auditEvents.action.${e.action}`, { defaultValue: e.action })}</td>
                <td>{formatInstant(e.occurredAt, i18n.language)}</td>
                <td className="mono">
                  <a href={`/api/v1/log/leaves/${e.leafIndex}`}>{t('transparency.notice.leaf', { index: e.leafIndex })}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <Link to={`/transparency?need=${log.needId}`}>{t('transparency.notice.verify')}</Link>
      </p>
    </section>
  )
}
