import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { ComplaintSummary } from '~/domain/complaints/complaints.server'
import { organisationName } from '~/domain/organisations/names'

/** A complaint's state as a badge, with "overdue" beside an open one past its deadline. */
export function ComplaintStatus({ complaint }: { complaint: Pick<ComplaintSummary, 'status' | 'overdue'> }) {
  const { t } = useTranslation()
  return (
    <>
      <span className={`status status-${complaint.status}`}>{t(`terms.complaintStatus.${complaint.status}`)}</span>
      {complaint.overdue ? (
        <>
          {' '}
          <span className="status status-overdue" data-testid="complaint-overdue">
            {t('complaints.overdue')}
          </span>
        </>
      ) : null}
    </>
  )
}

/** Complaints as a table: filed on, subject, complainant, agency complained about, status, what is due. */
export function ComplaintTable({ rows, testId }: { rows: readonly ComplaintSummary[]; testId: string }) {
  const { t, i18n } = useTranslation()
  return (
    <table className="table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('complaints.column.filedOn')}</th>
          <th scope="col">{t('complaints.column.subject')}</th>
          <th scope="col">{t('complaints.column.complainant')}</th>
          <th scope="col">{t('complaints.column.target')}</th>
          <th scope="col">{t('complaints.column.status')}</th>
          <th scope="col">{t('complaints.column.due')}</th>
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id}>
            <td className="mono">{c.filedOn}</td>
            <td>
              {t(`complaints.subject.${c.subject}`)} · {c.needTitle}
            </td>
            <td>{organisationName(c.complainant, i18n.language)}</td>
            <td>
              {c.target ? (
                organisationName(c.target, i18n.language)
              ) : (
                <span className="muted">{t('complaints.noTarget')}</span>
              )}
            </td>
            <td>
              <ComplaintStatus complaint={c} />
            </td>
            <td>
              {c.due ? t(`complaints.due.${c.due.step}`, { date: c.due.dueOn }) : <span className="muted">—</span>}
            </td>
            <td>
              <Link to={`/complaints/${c.id}`}>{t('complaints.list.view')}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
