import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'

export interface RepairRow {
  id: string
  agency: { id: string; name: string; nameEn: string }
  event: { id: number; kind: string; points: number; onDate: string }
  status: string
  filedAt: string
  decideBy: string
}

/** Repair applications: the event repaired, the state, when filed and by when it is decided. */
export function RepairTable({
  rows,
  showAgency,
  hrefOf,
  testId,
}: {
  rows: RepairRow[]
  showAgency?: boolean
  hrefOf: (id: string) => string
  testId: string
}) {
  const { t, i18n } = useTranslation()
  return (
    <table className="table compact" data-testid={testId}>
      <thead>
        <tr>
          {showAgency ? <th scope="col">{t('blacklist.agency')}</th> : null}
          <th scope="col">{t('creditActions.repair.event')}</th>
          <th scope="col">{t('credit.column.points')}</th>
          <th scope="col">{t('creditActions.repair.statusLabel')}</th>
          <th scope="col">{t('creditActions.repair.filedAt')}</th>
          <th scope="col">{t('creditActions.repair.decideBy')}</th>
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            {showAgency ? <td>{organisationName(r.agency, i18n.language)}</td> : null}
            <td>
              {r.event.onDate} · {t(`credit.kind.${r.event.kind}`)}
            </td>
            <td className="mono">{r.event.points}</td>
            <td>
              <span className={`status repair-${r.status}`}>{t(`terms.repairStatus.${r.status}`)}</span>
            </td>
            <td>{r.filedAt.slice(0, 10)}</td>
            <td>{r.status === 'pending' ? r.decideBy : '—'}</td>
            <td>
              <Link to={hrefOf(r.id)}>{t('creditActions.repair.open')}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
