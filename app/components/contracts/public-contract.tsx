import { useTranslation } from 'react-i18next'
import { ClockTimeline } from '~/components/clock-timeline'
import type { PublicContract } from '~/domain/contracts/public-contract.server'
import { organisationName } from '~/domain/organisations/names'
import { formatFen, formatInstant } from '~/utils/format'
import { CreditTierBadge } from '~/components/credit-tier'

/**
 * The public contract summary on a need's page (issue 13 §7): parties, price, signatures, the
 * text's SHA-256, the start, the bundled clock, and each report's SHA-256 and version only.
 */
export function PublicContractSection({
  contract: c,
  provisionalYears,
}: {
  contract: PublicContract
  provisionalYears: readonly number[]
}) {
  const { t, i18n } = useTranslation()
  const signature = (party: string, at: string | Date | null) =>
    at
      ? t('contractSigning.public.signedOn', { party, at: formatInstant(at, i18n.language) })
      : t('contractSigning.public.notSigned', { party })
  return (
    <section aria-labelledby="public-contract-title" data-testid="public-contract">
      <h2 id="public-contract-title">{t('contractSigning.public.title')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('contractSigning.public.number')}</dt>
          <dd className="mono">{c.number}</dd>
        </div>
        <div>
          <dt>{t('contractSigning.public.parties')}</dt>
          <dd>
            <ul className="plain-list">
              <li>
                {t('contracts.ownerParty')}: {organisationName(c.owner, i18n.language)}{' '}
                <span className="muted mono">{c.owner.creditCode}</span>
              </li>
              <li>
                {t('contracts.agencyParty')}: {organisationName(c.agency, i18n.language)}{' '}
                <span className="muted mono">{c.agency.creditCode}</span>{' '}
                {c.agencyCredit ? <CreditTierBadge tier={c.agencyCredit.tier} score={c.agencyCredit.score} /> : null}
              </li>
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('contracts.price')}</dt>
          <dd>{formatFen(c.priceFen, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('contractSigning.public.signing')}</dt>
          <dd>
            <ul className="plain-list">
              <li>{t('contractSigning.dueOn')}: <span className="mono">{c.signDueOn}</span></li>
              <li>{signature(t('contracts.ownerParty'), c.ownerSignedAt)}</li>
              <li>{signature(t('contracts.agencyParty'), c.agencySignedAt)}</li>
              <li data-testid="public-signed">
                <strong>
                  {c.signedByBoth ? t('contractSigning.public.signedByBoth') : t('contractSigning.public.notSignedByBoth')}
                </strong>
                {c.terminationKind === 'lapsed' ? <> · {t('contractSigning.lapsed', { dueOn: c.signDueOn })}</> : null}
              </li>
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t('contracts.sha256')}</dt>
          <dd>
            <code data-testid="public-contract-sha256">{c.sha256}</code>
            <p className="hint">{t('contractSigning.public.hashHint')}</p>
          </dd>
        </div>
        <div>
          <dt>{t('contractSigning.public.startedOn')}</dt>
          <dd>{c.startedOn ? <span className="mono">{c.startedOn}</span> : t('contractSigning.public.notStarted')}</dd>
        </div>
        <div>
          <dt>{t('contractSigning.public.deliveries')}</dt>
          <dd>
            {c.deliveries.length === 0 ? (
              t('contractSigning.public.noDelivery')
            ) : (
              <ul className="plain-list" data-testid="public-deliveries">
                {c.deliveries.map((d) => (
                  <li key={d.version}>
                    {t('contractSigning.public.delivery', { version: d.version, date: d.deliveredOn })}
                    <code>{d.sha256}</code>
                  </li>
                ))}
              </ul>
            )}
            <p className="hint">{t('contractSigning.public.reportNotPublic')}</p>
          </dd>
        </div>
      </dl>
      <h3>{t('contractSigning.public.timeline')}</h3>
      {c.clock ? (
        <ClockTimeline state={c.clock} today={c.clock.today} provisionalYears={provisionalYears} />
      ) : (
        <p className="muted">{t('contracts.clockNotStarted')}</p>
      )}
    </section>
  )
}
