import { useTranslation } from 'react-i18next'
import { formatInstant } from '~/utils/format'

export interface OwnerObjections {
  round: number
  pending: { id: string; filedAt: string | Date }[]
  ruled: { id: string; status: string; ruledAt: string | Date | null; rulingReason: string | null }[]
}

/**
 * The owner's view of objections on the current round: how many are pending, when each was
 * filed, that the regulator is ruling and the award waits; once ruled, the published reasons.
 */
export function OwnerObjectionsSection({ objections }: { objections: OwnerObjections | null }) {
  const { t, i18n } = useTranslation()
  if (!objections || (objections.pending.length === 0 && objections.ruled.length === 0)) return null
  return (
    <section aria-labelledby="owner-objections-title" data-testid="owner-objections">
      <h2 id="owner-objections-title">{t('needContext.objections.title')}</h2>
      {objections.pending.length ? (
        <div role="status" data-testid="pending-objections">
          <p>{t('needContext.objections.pending', { count: objections.pending.length })}</p>
          <ul>
            {objections.pending.map((o) => (
              <li key={o.id}>
                <span className="status status-pending">{t('terms.objectionStatus.pending')}</span>{' '}
                {t('needContext.objections.filedAt', { at: formatInstant(o.filedAt, i18n.language) })}
              </li>
            ))}
          </ul>
          <p className="muted">{t('needContext.objections.ruling')}</p>
        </div>
      ) : null}
      {objections.ruled.length ? (
        <ul data-testid="ruled-objections">
          {objections.ruled.map((o) => (
            <li key={o.id}>
              <span className={`status status-${o.status}`}>{t(`terms.objectionStatus.${o.status}`)}</span>{' '}
              {o.ruledAt ? t('needContext.objections.ruledAt', { at: formatInstant(o.ruledAt, i18n.language) }) : null}
              {o.rulingReason ? (
                <p className="prewrap">{t('needContext.objections.rulingReason', { reason: o.rulingReason })}</p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
