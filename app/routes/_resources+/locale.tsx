import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { setUserLocale } from '~/domain/accounts/accounts.server'
import { supportedLanguages } from '~/i18n/config'
import { getSessionUser, safeRedirect } from '~/utils/auth.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { localeCookie } from '~/utils/i18n.server'
import { readForm } from '~/utils/forms.server'

const LocaleSchema = z.object({ locale: z.enum(supportedLanguages), redirectTo: z.string().optional() })

export async function loader() {
  return redirect('/')
}

/** Switches the interface language; remembered in a cookie and, when signed in, on the account. */
export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const parsed = LocaleSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) throw errorResponse(400, 'errors.badLocale')
  const user = await getSessionUser(request)
  if (user) await setUserLocale(await getDb(), user.id, parsed.data.locale)
  return redirect(safeRedirect(parsed.data.redirectTo, '/'), {
    headers: { 'Set-Cookie': await localeCookie.serialize(parsed.data.locale) },
  })
})
