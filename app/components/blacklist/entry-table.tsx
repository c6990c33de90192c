import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'

export interface EntryRow {
  id: string
  agency: { id: string; name: string; nameEn: string }
  reason: string
  legalBasis: string
  scope: 'all' | 'service_types'
  serviceTypes: { id: string; nameZh: string; nameEn: string }[]
  startsOn: string
  endsOn: string | null
  status: 'in_force' | 'expired' | 'lifted'
  liftReason: string | null
  appealStatus: 'not_filed' | 'pending' | 'upheld' | 'rejected'
  appealReasons: string | null
}

/** Blacklist entries with scope, dates, state and appeal — the one table every blacklist page shows. */
export function EntryTable({
  rows,
  link,
  testId,
  agencyColumn = true,
}: {
  rows: EntryRow[]
  link?: { to: (id: string) => string; label: string }
  testId: string
  /** Off on the agency's own profile, where every row is the same agency. */
  agencyColumn?: boolean
}) {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          {agencyColumn ? <th scope="col">{t('blacklist.agency')}</th> : null}
          <th scope="col">{t('blacklist.reason')}</th>
          <th scope="col">{t('blacklist.scope')}</th>
          <th scope="col">{t('blacklist.startsOn')}</th>
          <th scope="col">{t('blacklist.endsOn')}</th>
          <th scope="col">{t('blacklist.status')}</th>
          <th scope="col">{t('blacklist.appeal')}</th>
          {link ? <th scope="col">{t('common.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id} data-entry={e.id}>
            {agencyColumn ? (
              <td>
                <Link to={`/agencies/${e.agency.id}`}>{organisationName(e.agency, i18n.language)}</Link>
              </td>
            ) : null}
            <td>
              <p className="prewrap">{e.reason}</p>
              <p className="muted">
                {t('blacklist.legalBasis')}: {e.legalBasis}
              </p>
            </td>
            <td>
              {e.scope === 'all'
                ? t('blacklist.scopeAll')
                : e.serviceTypes.map((s) => (en ? s.nameEn : s.nameZh)).join('、')}
            </td>
            <td className="num">{e.startsOn}</td>
            <td className="num">{e.endsOn ?? t('blacklist.permanent')}</td>
            <td>
              <span className={`status status-${e.status}`}>{t(`terms.blacklistStatus.${e.status}`)}</span>
              {e.liftReason ? (
                <p className="muted">
                  {t('blacklist.liftReason')}: {e.liftReason}
                </p>
              ) : null}
            </td>
            <td>
              {t(`terms.blacklistAppealStatus.${e.appealStatus}`)}
              {e.appealReasons ? (
                <p className="muted">
                  {t('blacklist.appealReasons')}: {e.appealReasons}
                </p>
              ) : null}
            </td>
            {link ? (
              <td>
                <Link to={link.to(e.id)}>{link.label}</Link>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
