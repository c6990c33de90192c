/**
 * The contract page (owner, agency, supervising regulator): the contract's facts and text with
 * its hash, then one section per area — signing, the platform-held payment, the service (the
 * bundled clock, pauses, extensions, delivery, acceptance, the approval segment), ending the
 * contract. Each section shows what the viewer may do now (`data.actions`, asked of the state
 * machine) and nothing else.
 */
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ClockTimeline } from '~/components/clock-timeline'
import { ComplainLink } from '~/components/complaints/complain-link'
import { PageHeader } from '~/components/page-header'
import type { ContractPageData } from '~/domain/contracts/contract-views.server'
import { organisationName } from '~/domain/organisations/names'
import { formatFen } from '~/utils/format'
import { PaymentSection } from './payment-section'
import { RatingsSection } from './ratings-section'
import { ServiceSection } from './service-section'
import { SigningSection } from './signing-section'
import { TerminationSection } from './termination-section'
import { CreditTierBadge } from '~/components/credit-tier'

export type ContractData = ContractPageData

export function ContractPage({ data }: { data: ContractData }) {
  const { t, i18n } = useTranslation()
  const c = data.contract
  const needLink =
    data.viewer === 'owner'
      ? `/owner/needs/${c.needId}`
      : data.viewer === 'agency'
        ? `/agency/needs/${c.needId}`
        : `/needs/${c.needId}`
  return (
    <>
      <PageHeader title={t('contracts.title', { number: c.number })} />
      <section aria-labelledby="contract-facts-title">
        <h2 id="contract-facts-title" className="visually-hidden">
          {t('contracts.title', { number: c.number })}
        </h2>
        <dl className="facts">
          <dt>{t('contracts.need')}</dt>
          <dd>
            <Link to={needLink}>{c.needTitle}</Link>
          </dd>
          <dt>{t('contracts.state')}</dt>
          <dd>
            <span className={`status status-${c.state}`} data-testid="contract-state">
              {t(`terms.needState.${c.state}`)}
            </span>
          </dd>
          <dt>{t('contracts.ownerParty')}</dt>
          <dd>
            {organisationName(c.owner, i18n.language)} · {t('contracts.creditCode')} {c.owner.creditCode}
          </dd>
          <dt>{t('contracts.agencyParty')}</dt>
          <dd>
            {organisationName(c.agency, i18n.language)} · {t('contracts.creditCode')} {c.agency.creditCode}{' '}
            {c.agency.credit ? <CreditTierBadge tier={c.agency.credit.tier} score={c.agency.credit.score} /> : null}
            {data.viewer === 'owner' ? (
              <>
                {' · '}
                <ComplainLink contractId={c.id} />
              </>
            ) : null}
          </dd>
          <dt>{t('contracts.price')}</dt>
          <dd>{formatFen(c.priceFen, i18n.language)}</dd>
          <dt>{t('contracts.limits')}</dt>
          <dd>
            <ul className="plain-list">
              <li>{t('contracts.committedDays', { count: c.committedDays })}</li>
              <li>{t('contracts.serviceDays', { count: c.serviceDays })}</li>
              <li>{t('contracts.statutoryDays', { count: c.statutoryDays })}</li>
              <li>{t('contracts.processingDays', { count: c.processingDays })}</li>
            </ul>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="contract-clock-title">
        <h2 id="contract-clock-title">{t('contracts.clockTitle')}</h2>
        {data.clock ? (
          <ClockTimeline state={data.clock} today={data.clock.today} provisionalYears={data.provisionalYears} />
        ) : (
          <>
            <p>{t('contracts.clockNotStarted')}</p>
            {data.notStartedClock ? (
              <ClockTimeline
                state={data.notStartedClock}
                today={data.notStartedClock.today}
                provisionalYears={data.provisionalYears}
              />
            ) : null}
          </>
        )}
      </section>
      <SigningSection data={data} />
      <PaymentSection data={data} />
      <ServiceSection data={data} />
      <TerminationSection data={data} />
      <RatingsSection data={data} />
      <section aria-labelledby="contract-text-title">
        <h2 id="contract-text-title">{t('contracts.textTitle')}</h2>
        <p>
          {t('contracts.sha256')}: <code data-testid="contract-sha256">{c.sha256}</code>
        </p>
        <p className="hint">{t('contracts.sha256Hint')}</p>
        <p className="hint">
          {c.templateVersion === 0
            ? t('contracts.defaultTemplate')
            : t('contracts.templateVersion', { version: c.templateVersion })}
        </p>
        <details open={i18n.language !== 'en'}>
          <summary>{t('contracts.textZh')}</summary>
          <pre className="contract-text" lang="zh-CN">
            {c.textZh}
          </pre>
        </details>
        <details open={i18n.language === 'en'}>
          <summary>{t('contracts.textEn')}</summary>
          <pre className="contract-text" lang="en">
            {c.textEn}
          </pre>
        </details>
      </section>
    </>
  )
}
