import { useTranslation } from 'react-i18next'
import { ProvisionalNote } from '~/components/provisional-note'
import type { PublicNotice } from '~/domain/needs/notices.server'
import { organisationName, regionName } from '~/domain/organisations/names'
import { formatFen, formatInstant } from '~/utils/format'
import { useLocalized } from '~/utils/localized'

/** The public facts of a notice. */
export function NoticeFacts({ notice }: { notice: PublicNotice }) {
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
        <dd>
          {organisationName(notice.owner, i18n.language)}
          {notice.owner.region ? <span className="muted"> · {regionName(notice.owner.region, i18n.language)}</span> : null}
        </dd>
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
          {t(`terms.method.${notice.method}`)}
          {notice.weights ? <div className="muted">{t('directory.notices.detail.weights', notice.weights)}</div> : null}
        </dd>
      </div>
      <div>
        <dt>{t('directory.notices.detail.closesOn')}</dt>
        <dd>
          <span className="mono">{notice.registrationClosesOn}</span>
          <ProvisionalNote years={notice.registrationProvisionalYears} />
        </dd>
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
