import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { WorkspaceHome } from '~/components/workspace'
import { workspaceSummary } from '~/domain/accounts/workspace.server'
import { listOwnerNeeds } from '~/domain/needs/needs.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '业主工作台 · Owner workspace' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  const db = await getDb()
  const needs = await listOwnerNeeds(db, user)
  const counts: Record<string, number> = {}
  for (const n of needs) counts[n.state] = (counts[n.state] ?? 0) + 1
  return {
    user: { name: user.name, role: user.role },
    ...(await workspaceSummary(db, user)),
    needCounts: Object.entries(counts).map(([state, count]) => ({ state, count })),
  }
})

export default function OwnerHome() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  return (
    <WorkspaceHome title={t('nav.workspace.owner')} lead={t('workspace.ownerLead')} data={data}>
      <section aria-labelledby="owner-needs-counts">
        <h2 id="owner-needs-counts">{t('needs.owner.countsTitle')}</h2>
        {data.needCounts.length === 0 ? (
          <p className="muted">{t('needs.owner.noNeeds')}</p>
        ) : (
          <ul data-testid="owner-need-counts">
            {data.needCounts.map((c) => (
              <li key={c.state}>
                <Link to={`/owner/needs?state=${c.state}`}>
                  {t(`needs.owner.states.${c.state}`)}: {c.count}
                </Link>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/owner/projects">{t('needs.owner.manageProjects')}</Link> ·{' '}
          <Link to="/owner/needs">{t('needs.owner.manageNeeds')}</Link> ·{' '}
          <Link to="/owner/needs/new">{t('needs.owner.newNeed')}</Link>
        </p>
      </section>
    </WorkspaceHome>
  )
}
