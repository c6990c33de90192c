import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { PageHeader } from '~/components/page-header'
import { WorkQueueList } from '~/components/work-queues'
import { regulatorQueues } from '~/domain/workspace/workspace.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '待办事项 · Work queues' }]

/** GET /regulator/queue — the regulator's queues for its department's remit (issue 14 §6). */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  return regulatorQueues(await getDb(), user)
})

export default function RegulatorQueuePage() {
  const { t } = useTranslation()
  const { today, queues } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('workspace.queue.title')} lead={t('workspace.queue.lead')} />
      <WorkQueueList queues={queues} today={today} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
