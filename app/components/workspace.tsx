import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { localizedParams, organisationName } from '~/domain/organisations/names'
import { PageHeader } from './page-header'

export interface WorkspaceData {
  user: { name: string; role: string }
  organisation: { name: string; nameEn: string; status: string; creditCode: string }
  notifications: { id: string; messageKey: string; params: Record<string, string | number>; readAt: string | Date | null; createdAt: string | Date }[]
}

/** The frame shared by every role's workspace home. */
export function WorkspaceHome({ title, lead, data, children }: { title: string; lead: string; data: WorkspaceData; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation()
  return (
    <>
      <PageHeader title={title} lead={lead} />
      <dl className="facts">
        <div>
          <dt>{t('workspace.organisation')}</dt>
          <dd data-testid="organisation-name">{organisationName(data.organisation, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('auth.creditCode')}</dt>
          <dd className="mono">{data.organisation.creditCode}</dd>
        </div>
        <div>
          <dt>{t('workspace.status')}</dt>
          <dd>
            <span className={`status status-${data.organisation.status}`}>{t(`terms.orgStatus.${data.organisation.status}`)}</span>
          </dd>
        </div>
      </dl>
      {children}
      <section>
        <h2>{t('workspace.recentNotifications')}</h2>
        {data.notifications.length === 0 ? (
          <p className="muted">{t('notifications.empty')}</p>
        ) : (
          <ul className="notifications">
            {data.notifications.map((n) => (
              <li key={n.id} className={n.readAt ? '' : 'unread'}>
                {t(n.messageKey, localizedParams(n.params, i18n.language))}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/notifications">{t('notifications.title')} →</Link>
        </p>
      </section>
    </>
  )
}
