import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

export interface UpheldComplaint {
  id: string
  subject: 'contract' | 'need'
  needId: string
  needTitle: string
  decidedOn: string | null
  reasons: string
}

/** The agency profile's upheld complaints: the day decided, the subject and the decision's reasons — never the complainant. */
export function UpheldComplaints({ complaints }: { complaints: readonly UpheldComplaint[] }) {
  const { t } = useTranslation()
  return (
    <>
      <h2>{t('complaints.public.title')}</h2>
      {complaints.length === 0 ? (
        <p className="muted">{t('complaints.public.empty')}</p>
      ) : (
        <table className="table compact" data-testid="upheld-complaints">
          <thead>
            <tr>
              <th>{t('complaints.public.decidedOn')}</th>
              <th>{t('complaints.public.subject')}</th>
              <th>{t('complaints.public.reasons')}</th>
            </tr>
          </thead>
          <tbody>
            {complaints.map((c) => (
              <tr key={c.id}>
                <td className="mono">{c.decidedOn ?? '—'}</td>
                <td>
                  {t(`complaints.subject.${c.subject}`)} · <Link to={`/needs/${c.needId}`}>{c.needTitle}</Link>
                </td>
                <td className="complaint-text">{c.reasons}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
