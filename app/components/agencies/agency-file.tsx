/**
 * The agency file a reviewer reads (app/routes/review+/agencies.$id.tsx): its facts, eligibility,
 * qualifications, registry history, exits and applications. Built by `agencyFileForReviewer`
 * (app/domain/agencies/review-views.server.ts).
 */
import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '~/components/page-header'
import { AgencyStatus, CatalogueName, Instant } from '~/components/review/common'
import type { agencyFileForReviewer } from '~/domain/agencies/review-views.server'
import { regionName } from '~/domain/organisations/names'

export type AgencyFile = Awaited<ReturnType<typeof agencyFileForReviewer>>

export function AgencyFacts({ organisation, profile }: Pick<AgencyFile, 'organisation' | 'profile'>) {
  const { t, i18n } = useTranslation()
  return (
    <dl className="facts" aria-label={t('review.agency.facts')}>
      <div>
        <dt>{t('review.agencies.status')}</dt>
        <dd data-testid="agency-status">
          <AgencyStatus status={organisation.status} />
        </dd>
      </div>
      <div>
        <dt>{t('review.agencies.creditCode')}</dt>
        <dd className="mono">{organisation.creditCode}</dd>
      </div>
      <div>
        <dt>{t('review.agencies.region')}</dt>
        <dd>{regionName(organisation.region, i18n.language) || <span className="muted">—</span>}</dd>
      </div>
      <div>
        <dt>{t('review.agency.createdAt')}</dt>
        <dd>
          <Instant value={organisation.createdAt} />
        </dd>
      </div>
      {profile ? (
        <>
          <div>
            <dt>{t('review.agency.legalRepresentative')}</dt>
            <dd>{profile.legalRepresentative}</dd>
          </div>
          <div>
            <dt>{t('review.agency.contact')}</dt>
            <dd>
              {profile.contactName} · <span className="mono">{profile.contactPhone}</span>
            </dd>
          </div>
          <div>
            <dt>{t('review.agency.address')}</dt>
            <dd>{profile.address}</dd>
          </div>
          <div>
            <dt>{t('review.agency.approvedAt')}</dt>
            <dd>
              <Instant value={profile.approvedAt} />
            </dd>
          </div>
        </>
      ) : null}
    </dl>
  )
}

/** Eligibility per service type, qualifications, registry history, exits and applications. */
export function AgencyRecord({ eligibility, qualifications, events, exits, applications }: Pick<AgencyFile, 'eligibility' | 'qualifications' | 'events' | 'exits' | 'applications'>) {
  const { t } = useTranslation()
  return (
    <>
      <section className="review-section" aria-labelledby="agency-eligibility">
        <h2 id="agency-eligibility">{t('review.agency.eligibility')}</h2>
        <p className="muted">{t('review.agency.eligibilityLead')}</p>
        {eligibility.length === 0 ? (
          <EmptyState>{t('review.agency.noServiceTypes')}</EmptyState>
        ) : (
          <table className="table" data-testid="agency-eligibility">
            <thead>
              <tr>
                <th scope="col">{t('review.agency.serviceType')}</th>
                <th scope="col">{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {eligibility.map(({ serviceType, result }) => (
                <tr key={serviceType.id}>
                  <td>
                    <CatalogueName record={serviceType} />
                  </td>
                  <td>
                    {result.eligible ? (
                      <>
                        <span className="status status-active">{t('review.agency.eligible')}</span>
                        {result.expiringOn ? (
                          <span className="status status-expiring">{t('review.agency.expiringOn', { date: result.expiringOn })}</span>
                        ) : null}
                      </>
                    ) : (
                      <>
                        <span className="status status-rejected">{t('review.agency.ineligible')}</span> {t(`terms.ineligible.${result.reason}`)}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {qualifications.length ? (
        <section className="review-section" aria-labelledby="agency-qualifications">
          <h2 id="agency-qualifications">{t('review.agency.qualifications')}</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t('review.application.qualification.type')}</th>
                <th scope="col">{t('review.application.qualification.level')}</th>
                <th scope="col">{t('review.application.qualification.certificateNo')}</th>
                <th scope="col">{t('review.application.qualification.validity')}</th>
                <th scope="col">{t('review.application.qualification.file')}</th>
              </tr>
            </thead>
            <tbody>
              {qualifications.map((q) => (
                <tr key={q.id}>
                  <td>
                    <CatalogueName record={q.type} />
                  </td>
                  <td>
                    <CatalogueName record={q.level} />
                  </td>
                  <td className="mono">{q.certificateNo}</td>
                  <td>
                    {t('review.application.qualification.validRange', { from: q.validFrom, until: q.validUntil })}{' '}
                    <span className={`status status-${q.validity}`}>{t(`terms.validity.${q.validity}`)}</span>
                  </td>
                  <td>
                    {q.fileId ? (
                      <a href={`/files/${q.fileId}`} target="_blank" rel="noreferrer">
                        {t('review.application.qualification.download')}
                      </a>
                    ) : (
                      <span className="muted">{t('review.application.qualification.noFile')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="review-section" aria-labelledby="agency-history">
        <h2 id="agency-history">{t('review.agency.history')}</h2>
        <p className="muted">
          {t('review.agency.historyLead')} {t('review.timeZoneNote')}
        </p>
        {events.length === 0 ? (
          <EmptyState>{t('review.agency.historyEmpty')}</EmptyState>
        ) : (
          <table className="table" data-testid="agency-history">
            <thead>
              <tr>
                <th scope="col">{t('review.agency.time')}</th>
                <th scope="col">{t('review.agency.event')}</th>
                <th scope="col">{t('review.agency.reason')}</th>
                <th scope="col">{t('review.agency.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <Instant value={e.at} />
                  </td>
                  <td>{t(`terms.registryEvent.${e.kind}`)}</td>
                  <td>{e.reason ?? <span className="muted">—</span>}</td>
                  <td>{[e.actorName, e.actorOrganisation].filter(Boolean).join(' · ') || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="review-section" aria-labelledby="agency-exits">
        <h2 id="agency-exits">{t('review.agency.exits')}</h2>
        {exits.length === 0 ? (
          <EmptyState>{t('review.agency.exitsEmpty')}</EmptyState>
        ) : (
          <table className="table" data-testid="agency-exits">
            <thead>
              <tr>
                <th scope="col">{t('review.agency.exitedOn')}</th>
                <th scope="col">{t('review.agency.exitType')}</th>
                <th scope="col">{t('review.agency.exitCategory')}</th>
                <th scope="col">{t('review.agency.reason')}</th>
                <th scope="col">{t('review.agency.reentryFrom')}</th>
                <th scope="col">{t('review.agency.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {exits.map((x) => (
                <tr key={x.id}>
                  <td>{x.exitedOn}</td>
                  <td>{t(`terms.exitType.${x.type}`)}</td>
                  <td>{t(`terms.exitCategory.${x.category}`)}</td>
                  <td>{x.reason}</td>
                  <td>{x.reentryFrom}</td>
                  <td>{x.actorOrganisation ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="review-section" aria-labelledby="agency-applications">
        <h2 id="agency-applications">{t('review.agency.applications')}</h2>
        {applications.length === 0 ? (
          <EmptyState>{t('review.agency.applicationsEmpty')}</EmptyState>
        ) : (
          <table className="table compact" data-testid="agency-applications">
            <thead>
              <tr>
                <th scope="col">{t('review.queue.kind')}</th>
                <th scope="col">{t('review.application.status')}</th>
                <th scope="col">{t('review.application.submittedAt')}</th>
                <th scope="col">{t('review.decision.decidedAt')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {applications.map((a) => (
                <tr key={a.id}>
                  <td>{t(`terms.applicationKind.${a.kind}`)}</td>
                  <td>
                    <span className={`status status-${a.status}`}>{t(`terms.applicationStatus.${a.status}`)}</span>
                    {a.revision ? <span className="muted"> · {t('review.queue.revisionValue', { count: a.revision })}</span> : null}
                  </td>
                  <td>
                    <Instant value={a.submittedAt} />
                  </td>
                  <td>
                    <Instant value={a.decidedAt} />
                  </td>
                  <td>
                    {a.reviewable && a.submittedAt ? (
                      <Link to={`/review/applications/${a.id}`}>{t('review.agency.viewApplication')}</Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
