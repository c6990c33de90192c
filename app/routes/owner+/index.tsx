import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { WorkspaceHome } from '~/components/workspace'
import { workspaceSummary } from '~/domain/accounts/workspace.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '业主工作台 · Owner workspace' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'owner.workspace')
  return { user: { name: user.name, role: user.role }, ...(await workspaceSummary(await getDb(), user)) }
})

export default function OwnerHome() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  return <WorkspaceHome title={t('nav.workspace.owner')} lead={t('workspace.ownerLead')} data={data} />
}
