import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { DecisionPanel, DiffPanel, PayloadView } from '~/components/review/application-review'
import { AgencyStatus, BackLink, Instant } from '~/components/review/common'
import { reviewApplication } from '~/domain/agencies/registry.server'
import { applicationReviewView, uuidParam } from '~/domain/agencies/review-views.server'
import { ReviewSchema } from '~/domain/agencies/schemas'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '审核申请 · Review an application · 入驻审核' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  // Outside the reviewer's remit (or a draft never submitted) this is a 404, so applications of other departments stay unseen.
  return applicationReviewView(await getDb(), user, uuidParam(params.id))
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'registry.review')
  const id = uuidParam(params.id)
  const db = await getDb()
  // The domain re-checks everything: remit (404 outside it), pending state (409), reason.
  return runIntents(request, {
    default: intent({
      schema: ReviewSchema,
      run: async (value) => {
        await reviewApplication(db, user, id, value)
        return value.decision
      },
      done: (decision) =>
        redirectWithToast('/review/applications', {
          kind: 'success',
          messageKey: decision === 'approve' ? 'review.toast.approved' : 'review.toast.rejected',
        }),
    }),
  })
})

export default function ReviewApplication() {
  const { t } = useTranslation()
  const { application, organisation, submissions, compareWith, diff, payload, actions } = useLoaderData<typeof loader>()
  return (
    <>
      <BackLink to="/review/applications" label={t('review.application.back')} />
      <PageHeader title={`${t(`terms.applicationKind.${application.kind}`)} · ${organisation.name}`} />
      <dl className="facts">
        <div>
          <dt>{t('review.application.status')}</dt>
          <dd>
            <span className={`status status-${application.status}`} data-testid="application-status">
              {t(`terms.applicationStatus.${application.status}`)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('review.application.organisationStatus')}</dt>
          <dd>
            <AgencyStatus status={organisation.status} /> · <Link to={`/review/agencies/${organisation.id}`}>{t('review.application.agencyFile')}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('review.application.creditCode')}</dt>
          <dd className="mono">{organisation.creditCode}</dd>
        </div>
        <div>
          <dt>{t('review.application.submittedAt')}</dt>
          <dd>
            <Instant value={application.submittedAt} />
            {application.revision ? <span className="muted"> · {t('review.queue.revisionValue', { count: application.revision })}</span> : null}
          </dd>
        </div>
      </dl>
      <div className="review-columns">
        <div>
          <DiffPanel compareWith={compareWith} diff={diff} />
          <PayloadView payload={payload} diff={diff} />
        </div>
        <aside className="review-side">
          <DecisionPanel application={application} actions={actions} />
          <section className="review-section" aria-labelledby="review-history">
            <h2 id="review-history">{t('review.history.title')}</h2>
            {submissions.length === 0 ? (
              <p className="muted">{t('review.history.empty')}</p>
            ) : (
              <table className="table compact" data-testid="submission-history">
                <thead>
                  <tr>
                    <th scope="col">{t('review.history.revision')}</th>
                    <th scope="col">{t('review.history.submittedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {submissions.map((s, i) => (
                    <tr key={s.revision}>
                      <td className="num">
                        {s.revision}
                        {i === 0 ? <span className="muted"> · {t('review.history.current')}</span> : null}
                      </td>
                      <td>
                        <Instant value={s.submittedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="muted">{t('review.timeZoneNote')}</p>
          </section>
        </aside>
      </div>
    </>
  )
}
