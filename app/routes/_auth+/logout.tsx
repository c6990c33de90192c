import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { getDb } from '#db/client.server'
import { deleteSession } from '~/domain/accounts/accounts.server'
import { handle } from '~/utils/handler.server'
import { clearSessionCookie, readSessionId } from '~/utils/session.server'
import { setToast } from '~/utils/toast.server'

export async function loader() {
  return redirect('/')
}

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const sessionId = await readSessionId(request)
  if (sessionId) await deleteSession(await getDb(), sessionId)
  const headers = new Headers()
  headers.append('Set-Cookie', await clearSessionCookie())
  headers.append('Set-Cookie', await setToast({ kind: 'info', messageKey: 'auth.loggedOut' }))
  return redirect('/', { headers })
})
