import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { localizedParams } from '~/domain/organisations/names'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { requireUser } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { listNotifications, markAllRead } from '~/utils/notifications.server'
import { formatInstant } from '~/utils/format'

export const meta: MetaFunction = () => [{ title: '消息 · Messages' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requireUser(request)
  return { notifications: await listNotifications(await getDb(), user.id, 100) }
})

/** Marks the caller's own notifications read; nobody else's are touched. */
export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requireUser(request)
  await markAllRead(await getDb(), user.id)
  return { ok: true }
})

export default function NotificationsPage() {
  const { t, i18n } = useTranslation()
  const { notifications } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('notifications.title')}>
        {notifications.some((n) => !n.readAt) ? (
          <Form method="post">
            <button type="submit">{t('notifications.markAllRead')}</button>
          </Form>
        ) : null}
      </PageHeader>
      {notifications.length === 0 ? (
        <EmptyState>{t('notifications.empty')}</EmptyState>
      ) : (
        <ul className="notifications">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt ? '' : 'unread'}>
              <time className="muted">{formatInstant(n.createdAt, i18n.language)}</time>{' '}
              {!n.readAt ? <span className="badge">{t('notifications.unread')}</span> : null}{' '}
              {/* The subject's page for the reader's role (computed when the notification was written). */}
              {n.link ? (
                <Link to={n.link}>{t(n.messageKey, localizedParams(n.params, i18n.language))}</Link>
              ) : (
                t(n.messageKey, localizedParams(n.params, i18n.language))
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
