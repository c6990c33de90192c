import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'regulator.workspace')
  return null
})

export default function RegulatorLayout() {
  return <Outlet />
}
