import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { WorkspaceHome } from '~/components/workspace'
import { agencyProfile, workspaceSummary } from '~/domain/accounts/workspace.server'
import { currentApplication } from '~/domain/agencies/registry.server'
import registryStyles from '~/styles/registry.css?url'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'
import { agencyOrganisation } from '~/domain/agencies/agency-views.server'

export const meta: MetaFunction = () => [{ title: '机构工作台 · Agency workspace' }]

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: registryStyles }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const [summary, profile, application, org] = await Promise.all([
    workspaceSummary(db, user),
    agencyProfile(db, user.organisationId),
    currentApplication(db, user.organisationId),
    agencyOrganisation(db, user.organisationId),
  ])
  return {
    user: { name: user.name, role: user.role },
    ...summary,
    profile,
    application: application && { kind: application.kind, status: application.status },
    exitedOn: org.status === 'exited' ? (org.lastExit?.exitedOn ?? null) : null,
  }
})

export default function AgencyHome() {
  const { t } = useTranslation()
  const name = useLocalized()
  const data = useLoaderData<typeof loader>()
  const { status } = data.organisation
  // Expiry matters while the agency may take work; an exited agency's certificates no longer do.
  const attention = status === 'exited' ? [] : data.profile.qualifications.filter((q) => q.validity !== 'valid')
  return (
    <WorkspaceHome title={t('nav.workspace.agency')} lead={t('workspace.agencyLead')} data={data}>
      {status === 'pending' ? (
        <p className="notice" role="status">
          {t('workspace.pendingNotice')}
        </p>
      ) : null}
      {data.exitedOn ? (
        <p className="notice" role="status">
          {t('agencyApp.home.exited', { date: data.exitedOn })}
        </p>
      ) : null}
      {attention.length ? (
        <section className="notice registry-expiry" aria-labelledby="expiry-title" data-testid="expiry-warnings">
          <h2 id="expiry-title">{t('agencyApp.home.expiryTitle')}</h2>
          <ul>
            {attention.map((q) => (
              <li key={q.id}>
                {t(q.validity === 'expired' ? 'agencyApp.home.expired' : 'agencyApp.home.expiring', {
                  type: name(q.type),
                  certificateNo: q.certificateNo,
                  date: q.validUntil,
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="application-title">
        <h2 id="application-title">{t('agencyApp.home.application')}</h2>
        <p data-testid="application-status">
          {data.application ? (
            <>
              {t('agencyApp.home.applicationLine', {
                kind: t(`agency.applicationKind.${data.application.kind}`),
                status: t(`agency.applicationStatus.${data.application.status}`),
              })}{' '}
              <Link to="/agency/application">{t('agencyApp.home.open')} →</Link>
            </>
          ) : (
            <>
              {t('agencyApp.home.noApplication')}{' '}
              <Link to="/agency/application">
                {t(status === 'active' ? 'agencyApp.home.change' : 'agencyApp.home.start')} →
              </Link>
            </>
          )}
        </p>
      </section>
      <section>
        <h2>{t('public.serviceTypes')}</h2>
        <p>
          {data.profile.serviceTypes.length
            ? data.profile.serviceTypes.map((s) => (
                <span key={s.id} className="tag">
                  {name(s)}
                </span>
              ))
            : t('common.none')}
        </p>
        <h2>{t('workspace.qualifications')}</h2>
        {data.profile.qualifications.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('workspace.qualificationType')}</th>
                <th>{t('admin.levelsShort')}</th>
                <th>{t('workspace.certificateNo')}</th>
                <th>{t('workspace.validUntil')}</th>
              </tr>
            </thead>
            <tbody>
              {data.profile.qualifications.map((q) => (
                <tr key={q.id}>
                  <td>{name(q.type)}</td>
                  <td>{name(q.level)}</td>
                  <td className="mono">{q.certificateNo}</td>
                  <td>
                    {q.validUntil}{' '}
                    {q.validity !== 'valid' ? (
                      <span className={`status status-${q.validity}`}>{t(`workspace.validity.${q.validity}`)}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <p>
        <Link to="/agency/needs">{t('directory.notices.agency.title')} →</Link>
      </p>
      {status === 'active' || status === 'suspended' ? (
        <p className="registry-exit-link">
          <Link to="/agency/exit">{t('agencyApp.exit.link')}</Link>
        </p>
      ) : null}
    </WorkspaceHome>
  )
}
