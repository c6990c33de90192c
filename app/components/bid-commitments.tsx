import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'
import type { PublicBidCommitment } from '~/domain/publicity/results.server'
import { formatFen } from '~/utils/format'

const breakable = { overflowWrap: 'anywhere' } as const

/**
 * The published bids' quote commitments on the public result: per version the revealed nonce, the
 * exact committed string, the audit log's commitment and its event — enough to recompute
 * SHA-256(committed) and find it in the audit log (docs/bid-commitments.md).
 */
export function BidCommitments({ commitments }: { commitments: PublicBidCommitment[] }) {
  const { t, i18n } = useTranslation()
  if (commitments.length === 0) return null
  return (
    <details data-testid="result-commitments" style={{ marginTop: '1rem' }}>
      <summary>{t('results.commitments.title')}</summary>
      <p className="muted">{t('results.commitments.lead')}</p>
      <p className="mono" style={breakable}>
        {t('results.commitments.formula')}
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('results.agency')}</th>
            <th>{t('results.commitments.revision')}</th>
            <th>{t('results.quote')}</th>
            <th>{t('results.commitments.nonce')}</th>
            <th>{t('results.commitments.committed')}</th>
            <th>{t('results.commitments.commitment')}</th>
            <th>{t('results.commitments.auditEvent')}</th>
          </tr>
        </thead>
        <tbody>
          {commitments.flatMap((c) =>
            c.revisions.map((r) => (
              <tr key={`${c.bidId}-${r.revision}`}>
                <td>
                  {organisationName({ name: c.agencyName, nameEn: c.agencyNameEn }, i18n.language)} <span className="muted mono">{c.creditCode}</span>
                </td>
                <td className="num">{r.revision}</td>
                <td>
                  {formatFen(r.quoteFen, i18n.language)} · {t('results.daysValue', { count: r.committedDays })}
                </td>
                <td className="mono" style={breakable}>
                  {r.nonce ?? t('results.commitments.noNonce')}
                </td>
                <td className="mono" style={breakable}>
                  {r.committed}
                </td>
                <td className="mono" style={breakable}>
                  {r.commitment ?? '—'}
                </td>
                <td className="mono" style={breakable}>
                  {r.auditEvent ? (
                    <>
                      #{r.auditEvent.id} {r.auditEvent.action}
                      {r.auditEvent.leafIndex !== null ? (
                        <div>
                          <a href={`/api/v1/log/leaves/${r.auditEvent.leafIndex}`}>
                            {t('results.commitments.leaf', { index: r.auditEvent.leafIndex })}
                          </a>
                        </div>
                      ) : (
                        <div className="muted">{t('results.commitments.leafPending')}</div>
                      )}
                    </>
                  ) : (
                    t('results.commitments.noEvent')
                  )}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </details>
  )
}
