import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { WorkspaceHome } from '~/components/workspace'
import { supervisedServiceTypes, workspaceSummary } from '~/domain/accounts/workspace.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { useLocalized } from '~/utils/localized'

export const meta: MetaFunction = () => [{ title: '监管工作台 · Regulator workspace' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  return {
    user: { name: user.name, role: user.role },
    ...(await workspaceSummary(db, user)),
    supervises: await supervisedServiceTypes(db, user.departmentId),
  }
})

export default function RegulatorHome() {
  const { t } = useTranslation()
  const name = useLocalized()
  const data = useLoaderData<typeof loader>()
  return (
    <WorkspaceHome title={t('nav.workspace.regulator')} lead={t('workspace.regulatorLead')} data={data}>
      <section>
        <h2>{t('workspace.supervises')}</h2>
        <p>
          {data.supervises.length
            ? data.supervises.map((s) => (
                <span key={s.id} className="tag">
                  {name(s)}
                </span>
              ))
            : t('common.none')}
        </p>
      </section>
    </WorkspaceHome>
  )
}
