import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { LedgerEvent } from '~/domain/credit/credit-views.server'

/**
 * An agency's credit events (the public ledger page, the regulator's and the agency's credit
 * pages): date, kind (a recorded violation with its behaviour), source, points, reason, what it
 * concerns, and the repair marks — a repaired event names the repair that compensated it, a
 * repair the event it compensated. `action` adds a last column (the agency's "apply for repair").
 */
export function LedgerTable({
  events,
  action,
  actionLabel,
}: {
  events: LedgerEvent[]
  action?: (event: LedgerEvent) => React.ReactNode
  actionLabel?: string
}) {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  return (
    <table className="table compact" data-testid="credit-events">
      <thead>
        <tr>
          <th scope="col">{t('credit.column.date')}</th>
          <th scope="col">{t('credit.column.kind')}</th>
          <th scope="col">{t('credit.column.source')}</th>
          <th scope="col">{t('credit.column.points')}</th>
          <th scope="col">{t('credit.column.reason')}</th>
          <th scope="col">{t('credit.column.ref')}</th>
          {action ? <th scope="col">{actionLabel}</th> : null}
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} id={`credit-event-${e.id}`} data-repaired={e.repairedBy ? 'true' : undefined}>
            <td>{e.onDate}</td>
            <td>
              {t(`credit.kind.${e.kind}`)}
              {e.behaviour ? (
                <>
                  <br />
                  <span className="muted">{en ? e.behaviour.nameEn : e.behaviour.nameZh}</span>
                </>
              ) : null}
              {e.repairedBy ? (
                <>
                  <br />
                  <a href={`#credit-event-${e.repairedBy.id}`} className="tag" data-testid="repaired-mark">
                    {t('creditActions.ledger.repairedOn', { date: e.repairedBy.onDate })}
                  </a>
                </>
              ) : null}
              {e.repairs ? (
                <>
                  <br />
                  <a href={`#credit-event-${e.repairs.id}`} className="muted">
                    {t('creditActions.ledger.repairs', {
                      kind: t(`credit.kind.${e.repairs.kind}`),
                      date: e.repairs.onDate,
                    })}
                  </a>
                </>
              ) : null}
            </td>
            <td>{t(`credit.source.${e.source}`)}</td>
            <td className="mono">{e.points > 0 ? `+${e.points}` : e.points}</td>
            <td>{e.reason ?? ''}</td>
            <td>
              {e.needId ? (
                <Link to={`/needs/${e.needId}`}>
                  {e.contract ? t('credit.contractRef', { number: e.contract.number }) : t('credit.needRef')}
                </Link>
              ) : null}
            </td>
            {action ? <td>{action(e)}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
