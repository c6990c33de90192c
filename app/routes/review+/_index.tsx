import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

/** /review has no page of its own: the queue is where review starts. */
export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'registry.review')
  return redirect('/review/applications')
})
