import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useChangeLanguage } from 'remix-i18next/react'
import { AppShell } from '~/components/app-shell'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { fallbackLanguage } from '~/i18n/config'
import stylesheet from '~/styles/app.css?url'
import { getDb } from '#db/client.server'
import { getSessionUser } from '~/utils/auth.server'
import { getLocale } from '~/utils/i18n.server'
import { useNonce, ZodJitless } from '~/utils/nonce'
import { unreadCount } from '~/utils/notifications.server'
import { readToast } from '~/utils/toast.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: '中介服务网上超市 · Intermediary Service Marketplace' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [requestLocale, user, { toast, clear }] = await Promise.all([
    getLocale(request),
    getSessionUser(request),
    readToast(request),
  ])
  // A signed-in user's saved language wins: right after logging in the language cookie the login
  // set may not have reached this request yet (issue 12: <html lang> stayed zh-CN until a reload).
  const locale = user?.locale ?? requestLocale
  const unread = user ? await unreadCount(await getDb(), user.id) : 0
  return data(
    {
      locale,
      toast,
      user: user
        ? {
            name: user.name,
            role: user.role,
            organisationName: user.organisationName,
            organisationNameEn: user.organisationNameEn,
            organisationStatus: user.organisationStatus,
            unread,
          }
        : null,
    },
    clear ? { headers: { 'Set-Cookie': clear } } : undefined,
  )
}

export type RootData = Awaited<ReturnType<typeof loader>>['data']

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>('root') as RootData | undefined
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData()
  const { i18n } = useTranslation()
  const locale = root?.locale ?? fallbackLanguage
  const nonce = useNonce()
  useChangeLanguage(locale)
  // Keep the document's language in step on client-side navigations too (login, language switch).
  useEffect(() => {
    if (document.documentElement.lang !== locale) document.documentElement.lang = locale
  }, [locale])
  return (
    <html lang={locale} dir={i18n.dir?.(locale) ?? 'ltr'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <ZodJitless nonce={nonce} />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  )
}

export function ErrorBoundary() {
  return (
    <AppShell>
      <GeneralErrorBoundary />
    </AppShell>
  )
}
