import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { NoticeFacts } from '~/components/notice-facts'
import { PageHeader } from '~/components/page-header'
import { publicNotice } from '~/domain/needs/notices.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '采购公告 · Notice' }]

/** GET /needs/:id — the public notice: public fields only, never a bid nor their number; drafts are 404. */
export const loader = handle(async ({ params }: LoaderFunctionArgs) => {
  return { notice: await publicNotice(await getDb(), params.id ?? '') }
})

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
