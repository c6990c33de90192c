import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import reviewStyles from '~/styles/registry-review.css?url'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: reviewStyles }]

export const meta: MetaFunction = () => [{ title: '入驻审核 · Entry review' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'registry.review')
  return null
})

const sections = [
  { to: '/review/applications', key: 'review.nav.applications' },
  { to: '/review/agencies', key: 'review.nav.agencies' },
] as const

export default function ReviewLayout() {
  const { t } = useTranslation()
  return (
    <>
      <nav className="review-nav" aria-label={t('review.navLabel')}>
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} prefetch="intent">
                {t(s.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
