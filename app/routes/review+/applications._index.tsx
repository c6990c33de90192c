import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EmptyState, PageHeader } from '~/components/page-header'
import { reviewQueue } from '~/domain/agencies/registry.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { CatalogueName, Instant } from '~/components/review/common'
import { catalogueNames, readableServiceTypes } from '~/domain/agencies/review-views.server'

export const meta: MetaFunction = () => [{ title: '待审核申请 · Pending applications · 入驻审核' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const db = await getDb()
  // reviewQueue lists the oldest submission first: first come, first served.
  const queue = await reviewQueue(db, user)
  const names = await catalogueNames(
    db,
    queue.map((r) => r.application.payload),
  )
  return {
    admin: user.role === 'admin',
    applications: queue.map(({ application: a, organisation }) => ({
      id: a.id,
      kind: a.kind,
      revision: a.revision,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      organisation: { id: organisation.id, name: organisation.name, status: organisation.status },
      serviceTypes: readableServiceTypes(a.payload.serviceTypeIds, names),
    })),
  }
})

export default function ReviewQueue() {
  const { t } = useTranslation()
  const { admin, applications } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('review.queue.title')} lead={t(admin ? 'review.queue.leadAdmin' : 'review.queue.lead')} />
      <p className="muted">
        {t('review.queue.count', { count: applications.length })} · {t('review.timeZoneNote')}
      </p>
      {applications.length === 0 ? (
        <EmptyState>{t('review.queue.empty')}</EmptyState>
      ) : (
        <table className="table" data-testid="review-queue">
          <thead>
            <tr>
              <th scope="col">{t('review.queue.submittedAt')}</th>
              <th scope="col">{t('review.queue.organisation')}</th>
              <th scope="col">{t('review.queue.kind')}</th>
              <th scope="col">{t('review.queue.revision')}</th>
              <th scope="col">{t('review.queue.serviceTypes')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((a) => (
              <tr key={a.id}>
                <td>
                  <Instant value={a.submittedAt} />
                </td>
                <td>{a.organisation.name}</td>
                <td>{t(`terms.applicationKind.${a.kind}`)}</td>
                <td>{t('review.queue.revisionValue', { count: a.revision })}</td>
                <td>
                  {a.serviceTypes.map((s) => (
                    <span key={s.id} className="tag">
                      <CatalogueName record={s.serviceType} />
                    </span>
                  ))}
                </td>
                <td>
                  <Link to={`/review/applications/${a.id}`} aria-label={t('review.queue.openLabel', { organisation: a.organisation.name })}>
                    {t('review.queue.open')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
