import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { publicNotice, type PublicNotice } from '~/domain/needs/notices.server'
import { formatFen, formatInstant } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '采购公告 · Notice' }]

/** GET /needs/:id — the public notice: public fields only, never a bid nor their number; drafts are 404. */
export const loader = handle(async ({ params }: LoaderFunctionArgs) => {
  return { notice: await publicNotice(await getDb(), params.id ?? '') }
})

/** The public facts of a notice. */
function NoticeFacts({ notice }: { notice: PublicNotice }) {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  return (
    <dl className="facts" data-testid="notice-facts">
      <div>
        <dt>{t('directory.notices.detail.project')}</dt>
        <dd>
          {notice.project.name} <span className="muted mono">{notice.project.projectCode}</span>
        </dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.location')}</dt>
        <dd>{notice.project.location}</dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.owner')}</dt>
        <dd>{notice.owner.name}</dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.serviceType')}</dt>
        <dd>{name(notice.serviceType)}</dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.approvalItem')}</dt>
        <dd>{name(notice.approvalItem)}</dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.scope')}</dt>
        <dd>{notice.scope}</dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.ceiling')}</dt>
        <dd>
          {notice.priceCeilingFen === null
            ? t('directory.notices.results.noCeiling')
            : formatFen(notice.priceCeilingFen, i18n.language)}
        </dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.serviceDays')}</dt>
        <dd>{t('directory.notices.detail.days', { count: notice.serviceDays })}</dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.method')}</dt>
        <dd>
          {t(`directory.notices.method.${notice.method}`)}
          {notice.weights ? <div className="muted">{t('directory.notices.detail.weights', notice.weights)}</div> : null}
        </dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.closesOn')}</dt>
        <dd className="mono">{notice.registrationClosesOn}</dd>
      </div>
      {notice.publishedAt ? (
        <div>
          <dt>{t('directory.notices.detail.publishedAt')}</dt>
          <dd>{formatInstant(notice.publishedAt, i18n.language)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('directory.notices.detail.seedHash')}</dt>
        <dd>
          {notice.seedHash ? (
            <>
              <code className="mono" data-testid="seed-hash">
                {notice.seedHash}
              </code>
              <div className="muted">{t('directory.notices.detail.seedHashHint')}</div>
            </>
          ) : (
            t('directory.notices.detail.noSeedHash')
          )}
        </dd>
      </div>
    </dl>
  )
}

export default function NoticePage() {
  const { t } = useTranslation()
  const { notice } = useLoaderData<typeof loader>()
  return (
    <>
      <p className="registry-back">
        <Link to="/needs">← {t('directory.notices.detail.back')}</Link>
      </p>
      <PageHeader title={notice.title} />
      <p>
        <span className={`status status-${notice.state}`}>{t(`directory.notices.state.${notice.state}`)}</span>
      </p>
      <NoticeFacts notice={notice} />
      {notice.state === 'open' ? <p className="muted">{t('directory.notices.detail.sealed')}</p> : null}
      {notice.drawUrl ? (
        <p>
          <Link to={notice.drawUrl}>{t('directory.notices.detail.draw')}</Link>
        </p>
      ) : null}
    </>
  )
}
