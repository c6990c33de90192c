import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { NavLink, Outlet } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import adminStyles from '~/styles/admin.css?url'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }]

export const meta: MetaFunction = () => [{ title: '管理后台 · Administration' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  return null
})

const sections = [
  { to: '/admin', key: 'admin.overview', end: true },
  { to: '/admin/service-types', key: 'admin.serviceTypes', end: false },
  { to: '/admin/contract-templates', key: 'contractSigning.templates.listTitle', end: false },
  { to: '/admin/approval-items', key: 'admin.approvalItems', end: false },
  { to: '/admin/qualification-types', key: 'admin.qualificationTypes', end: false },
  { to: '/admin/departments', key: 'admin.departments', end: false },
  { to: '/admin/calendar', key: 'calendar.overridesTitle', end: false },
  { to: '/admin/marketplace', key: 'settings.navTitle', end: false },
  { to: '/admin/accounts', key: 'admin.accounts', end: false },
  { to: '/admin/blacklist', key: 'blacklist.admin.title', end: false },
  { to: '/admin/negative-behaviours', key: 'creditActions.behaviours.title', end: false },
  { to: '/review/applications', key: 'review.title', end: false },
] as const

export default function AdminLayout() {
  const { t } = useTranslation()
  return (
    <div className="admin-layout">
      <nav className="admin-nav" aria-label={t('admin.navLabel')}>
        <p className="admin-nav-title">{t('admin.title')}</p>
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to} end={s.end} prefetch="intent">
                {t(s.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-main">
        <Outlet />
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
