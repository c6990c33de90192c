import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { getDb } from '#db/client.server'
import { ContractPage } from '~/components/contracts/contract-page'
import { contractViewer } from '~/domain/contracts/contract-actions.server'
import { serviceConfig } from '~/domain/config'
import { contractPage } from '~/domain/contracts/contract-views.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { runIntents } from '~/utils/intents.server'
import { clientAddressOf } from '~/utils/load-context'
import { isMultipart, readMultipartUpload } from '~/utils/upload-form.server'
import { contractIntents } from './__intents.server'

export const meta: MetaFunction = () => [{ title: '合同 · Contract' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'contracts.read')
  return contractPage(await getDb(), user, params.id ?? '')
})

export const action = handle(async ({ request, params, context }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'contracts.read')
  const db = await getDb()
  const contractId = params.id ?? ''
  // Someone who may not see the contract: 404 before anything is read from the form.
  await contractViewer(db, user, contractId)
  const ctx = { db, user, contractId, back: `/contracts/${contractId}`, clientAddress: clientAddressOf(context) }
  // The report upload (the one multipart form) is read against its budget, never buffered whole.
  if (isMultipart(request)) {
    const upload = await readMultipartUpload(request, { maxFileBytes: serviceConfig.maxReportBytes, overflowIntent: 'deliver' })
    return runIntents(upload.form, contractIntents({ ...ctx, upload }))
  }
  return runIntents(request, contractIntents(ctx))
})

export default function ContractRoute() {
  return <ContractPage data={useLoaderData<typeof loader>()} />
}
