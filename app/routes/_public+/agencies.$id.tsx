import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { CreditTierBadge } from '~/components/credit-tier'
import { EmptyState, PageHeader } from '~/components/page-header'
import { agencyProfile } from '~/domain/agencies/directory.server'
import directoryStyles from '~/styles/directory.css?url'
import { formatInstant } from '~/utils/format'
import { handle } from '~/utils/handler.server'
import { organisationName, regionName } from '~/domain/organisations/names'
import { useLocalized } from '~/utils/localized'
import { AgencyRatings } from '~/components/ratings/agency-ratings'
import { agencyRatingsOf } from '~/domain/ratings/ratings.server'
import { EntryTable } from '~/components/blacklist/entry-table'
import { agencyBlacklistHistory } from '~/domain/blacklist/blacklist.server'
import { UpheldComplaints } from '~/components/complaints/upheld-complaints'
import { upheldComplaintsOf } from '~/domain/complaints/complaints.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: directoryStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agency.name} · 中介机构 · Agency` : '中介机构 · Agency' },
]

/** GET /agencies/:id — an agency's public profile; 404 for anything not a once-approved agency. */
export const loader = handle(async ({ params }: LoaderFunctionArgs) => {
  const db = await getDb()
  const agency = await agencyProfile(db, params.id ?? '')
  const [ratings, blacklist, complaints] = await Promise.all([
    agencyRatingsOf(db, agency.id),
    agencyBlacklistHistory(db, agency.id),
    upheldComplaintsOf(db, agency.id),
  ])
  return { agency, ratings, blacklist, complaints }
})

export default function AgencyProfilePage() {
  const { t, i18n } = useTranslation()
  const name = useLocalized()
  const { agency, ratings, blacklist, complaints } = useLoaderData<typeof loader>()
  const en = i18n.language === 'en'
  const notProvided = <span className="muted">{t('directory.profile.notProvided')}</span>
  return (
    <>
      <p>
        <Link to="/agencies">← {t('directory.profile.back')}</Link>
      </p>
      <PageHeader title={organisationName(agency, i18n.language)} lead={en && agency.nameEn ? agency.name : undefined}>
        <span className={`status status-${agency.status}`} data-testid="agency-status">
          {t(`terms.orgStatus.${agency.status}`)}
        </span>
        <CreditTierBadge tier={agency.credit.tier} score={agency.credit.score} />
      </PageHeader>

      <h2>{t('directory.profile.details')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('directory.profile.creditCode')}</dt>
          <dd className="mono">{agency.creditCode}</dd>
        </div>
        <div>
          <dt>{t('directory.profile.region')}</dt>
          <dd>{regionName(agency.region, i18n.language) || notProvided}</dd>
        </div>
        <div>
          <dt>{t('directory.profile.address')}</dt>
          <dd>{agency.address ?? notProvided}</dd>
        </div>
        <div>
          <dt>{t('directory.profile.legalRepresentative')}</dt>
          <dd>{agency.legalRepresentative ?? notProvided}</dd>
        </div>
        <div>
          <dt>{t('directory.profile.contactPhone')}</dt>
          <dd className="mono">{agency.contactPhone ?? notProvided}</dd>
        </div>
        <div>
          <dt>{t('directory.profile.status')}</dt>
          <dd>{t(`terms.orgStatus.${agency.status}`)}</dd>
        </div>
        {agency.approvedAt ? (
          <div>
            <dt>{t('directory.profile.approvedAt')}</dt>
            <dd>{formatInstant(agency.approvedAt, i18n.language)}</dd>
          </div>
        ) : null}
      </dl>

      <section className="profile-section">
        <h2>{t('directory.profile.serviceTypes')}</h2>
        {agency.serviceTypes.length === 0 ? (
          <p className="muted">{t('directory.profile.noServiceTypes')}</p>
        ) : (
          <p>
            {agency.serviceTypes.map((s) => (
              <span key={s.code} className="tag">
                {name(s)}
              </span>
            ))}
          </p>
        )}
      </section>

      <section className="profile-section">
        <h2>{t('directory.profile.qualifications')}</h2>
        {agency.qualifications.length === 0 ? (
          <p className="muted">{t('directory.profile.noQualifications')}</p>
        ) : (
          <table className="table" data-testid="qualifications">
            <thead>
              <tr>
                <th>{t('directory.profile.qualificationType')}</th>
                <th>{t('directory.profile.level')}</th>
                <th>{t('directory.profile.certificateNo')}</th>
                <th>{t('directory.profile.issuer')}</th>
                <th>{t('directory.profile.validFrom')}</th>
                <th>{t('directory.profile.validUntil')}</th>
                <th>{t('directory.profile.validity')}</th>
              </tr>
            </thead>
            <tbody>
              {agency.qualifications.map((q, i) => (
                <tr key={i}>
                  <td>{name(q.type)}</td>
                  <td>{name(q.level)}</td>
                  <td className="mono">{q.certificateNo}</td>
                  <td>{q.issuer}</td>
                  <td>{q.validFrom}</td>
                  <td>{q.validUntil}</td>
                  <td>
                    <span className={`status status-${q.validity}`}>{t(`terms.validity.${q.validity}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="profile-section">
        <h2>{t('directory.profile.practitioners')}</h2>
        {agency.practitioners.length === 0 ? (
          <p className="muted">{t('directory.profile.noPractitioners')}</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('directory.profile.practitionerName')}</th>
                <th>{t('directory.profile.certificateType')}</th>
                <th>{t('directory.profile.practitionerCertificateNo')}</th>
              </tr>
            </thead>
            <tbody>
              {agency.practitioners.map((p, i) => (
                <tr key={i}>
                  <td>{p.name}</td>
                  <td>{p.certificateType}</td>
                  <td className="mono">{p.certificateNo}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="profile-section">
        <h2>{t('directory.profile.feeStandard')}</h2>
        {agency.feeStandard ? <p className="text">{agency.feeStandard}</p> : notProvided}
        <h2>{t('directory.profile.commitment')}</h2>
        {agency.commitment ? <p className="text">{agency.commitment}</p> : notProvided}
      </section>

      <section className="profile-section">
        <h2>{t('directory.profile.ratings')}</h2>
        {ratings.summary.count === 0 ? (
          <p className="muted">{t('directory.profile.noRatings')}</p>
        ) : (
          <AgencyRatings summary={ratings.summary} ratings={ratings.ratings} />
        )}
        <h2>{t('directory.profile.credit')}</h2>
        <p data-testid="credit-summary">
          <CreditTierBadge tier={agency.credit.tier} score={agency.credit.score} />{' '}
          {agency.credit.eventCount === 0
            ? t('credit.noEvents')
            : t('credit.summary', {
                score: agency.credit.score,
                tier: agency.credit.tier,
                events: agency.credit.eventCount,
              })}{' '}
          <Link to={`/agencies/${agency.id}/credit`}>{t('credit.open')}</Link>
        </p>
        <UpheldComplaints complaints={complaints} />
      </section>

      <section className="profile-section">
        <h2>{t('blacklist.profile.title')}</h2>
        {blacklist.length === 0 ? (
          <p className="muted">{t('blacklist.profile.none')}</p>
        ) : (
          <EntryTable rows={blacklist} testId="agency-blacklist" agencyColumn={false} />
        )}
      </section>

      <section className="profile-section">
        <h2>{t('directory.profile.history')}</h2>
        {agency.registryHistory.length === 0 ? (
          <p className="muted">{t('directory.profile.noHistory')}</p>
        ) : (
          <table className="table compact" data-testid="registry-history">
            <thead>
              <tr>
                <th>{t('directory.profile.at')}</th>
                <th>{t('directory.profile.event')}</th>
                <th>{t('directory.profile.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {agency.registryHistory.map((e, i) => (
                <tr key={i}>
                  <td>{formatInstant(e.at, i18n.language)}</td>
                  <td>{t(`terms.registryEvent.${e.kind}`)}</td>
                  <td>{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="profile-section">
        <h2>{t('directory.profile.exits')}</h2>
        {agency.exits.length === 0 ? (
          <EmptyState>{t('directory.profile.noExits')}</EmptyState>
        ) : (
          <table className="table compact" data-testid="exit-records">
            <thead>
              <tr>
                <th>{t('directory.exits.exitedOn')}</th>
                <th>{t('directory.exits.type')}</th>
                <th>{t('directory.exits.category')}</th>
                <th>{t('directory.exits.reason')}</th>
                <th>{t('directory.exits.reentryFrom')}</th>
              </tr>
            </thead>
            <tbody>
              {agency.exits.map((x) => (
                <tr key={x.id}>
                  <td>{x.exitedOn}</td>
                  <td>{t(`terms.exitType.${x.type}`)}</td>
                  <td>{t(`terms.exitCategory.${x.category}`)}</td>
                  <td>{x.reason}</td>
                  <td>{x.reentryFrom}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
