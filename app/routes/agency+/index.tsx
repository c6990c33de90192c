import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { WorkspaceHome } from '~/components/workspace'
import { agencyProfile, workspaceSummary } from '~/domain/accounts/workspace.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '机构工作台 · Agency workspace' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  return {
    user: { name: user.name, role: user.role },
    ...(await workspaceSummary(db, user)),
    profile: await agencyProfile(db, user.organisationId),
  }
})

export default function AgencyHome() {
  const { t } = useTranslation()
  const name = useLocalized()
  const data = useLoaderData<typeof loader>()
  return (
    <WorkspaceHome title={t('nav.workspace.agency')} lead={t('workspace.agencyLead')} data={data}>
      {data.organisation.status === 'pending' ? (
        <p className="notice" role="status">
          {t('workspace.pendingNotice')}
        </p>
      ) : null}
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
    </WorkspaceHome>
  )
}
