import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { ContractPage } from '~/components/contracts/contract-page'
import { loadContract } from '~/domain/contracts/contract-actions.server'
import { contractPage } from '~/domain/contracts/contract-views.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { runIntents } from '~/utils/intents.server'
import { contractIntents } from './__intents.server'

export const meta: MetaFunction = () => [{ title: '合同 · Contract' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'contracts.read')
  return contractPage(await getDb(), user, params.id ?? '')
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'contracts.read')
  const db = await getDb()
  const contractId = params.id ?? ''
  // Someone who may not see the contract: 404 before anything is read from the form.
  await loadContract(db, user, contractId, false)
  return runIntents(request, contractIntents({ db, user, contractId, back: `/contracts/${contractId}` }))
})

export default function ContractRoute() {
  return <ContractPage data={useLoaderData<typeof loader>()} />
}
