import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'
import { useRootData } from '~/root'
import { can as hasPermission, homeOf } from '~/utils/permissions'
import { Toast } from './toast'

const publicLinks = [
  ['/needs', 'nav.needs'],
  ['/agencies', 'nav.agencies'],
  ['/blacklist', 'nav.blacklist'],
  ['/exits', 'nav.exits'],
  ['/calendar', 'nav.calendar'],
  ['/catalogue', 'nav.catalogue'],
] as const

export function AppShell({ children }: { children: React.ReactNode }) {
  const { t, i18n } = useTranslation()
  const root = useRootData()
  const user = root?.user
  return (
    <div className="shell">
      <header className={user ? 'site-header signed-in' : 'site-header'}>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden>
            中
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <NavMenu />
        <nav id="main-nav" aria-label={t('nav.main')} className="main-nav">
          {publicLinks.map(([to, key]) => (
            <NavLink key={to} to={to}>
              {t(key)}
            </NavLink>
          ))}
        </nav>
        <div className="header-tools">
          <LocaleSwitch />
          {user ? (
            <>
              <NavLink to={homeOf[user.role]} data-testid="workspace-link">
                {t(`nav.workspace.${user.role}`)}
              </NavLink>
              {hasPermission(user.role, 'contracts.read') ? (
                <NavLink to="/contracts" end data-testid="contracts-link">
                  {t('contractLists.nav')}
                </NavLink>
              ) : null}
              {/* No aria-label: the link's name is its visible text ("Messages 3") plus a hidden "unread". */}
              <NavLink to="/notifications" data-testid="messages-link">
                {t('nav.notifications')}
                {user.unread > 0 ? (
                  <>
                    {' '}
                    <span className="badge">{user.unread}</span>
                    <span className="visually-hidden"> {t('shell.unread')}</span>
                  </>
                ) : null}
              </NavLink>
              <span className="who" title={organisationName({ name: user.organisationName, nameEn: user.organisationNameEn }, i18n.language)}>
                {user.name} · {t(`terms.role.${user.role}`)}
              </span>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t('nav.logout')}
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/login">{t('nav.login')}</NavLink>
              <NavLink to="/signup" className="button small">
                {t('nav.signup')}
              </NavLink>
            </>
          )}
        </div>
      </header>
      {root?.toast ? <Toast toast={root.toast} /> : null}
      <main className="content">{children}</main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
        <p>
          <a href="/transparency">{t('nav.auditCheck')}</a> · <a href="/healthz">healthz</a>
        </p>
      </footer>
    </div>
  )
}

/**
 * The disclosure button the main navigation folds behind where its links don't fit on the header's
 * row (app.css: signed in below 1,440 px, signed out below 1,100 px; wider, the button is hidden and
 * the links are always shown). A native <details>/<summary>: it opens and closes without
 * JavaScript, and the browser tells assistive technology whether it is expanded. The navigation is
 * its sibling (`.nav-menu:not([open]) ~ .main-nav` hides it), so there is one set of links at every
 * width. With JavaScript it also closes on Escape and after a navigation.
 */
function NavMenu() {
  const { t } = useTranslation()
  const menu = useRef<HTMLDetailsElement>(null)
  const { key } = useLocation()
  useEffect(() => {
    if (menu.current) menu.current.open = false
  }, [key])
  useEffect(() => {
    // Escape closes the open menu from its button or any of its links, and hands focus back to the button.
    const closeOnEscape = (event: KeyboardEvent) => {
      const details = menu.current
      if (event.key !== 'Escape' || !details?.open) return
      const nav = document.getElementById('main-nav')
      const focus = document.activeElement
      if (!focus || !(details.contains(focus) || nav?.contains(focus))) return
      details.open = false
      details.querySelector('summary')?.focus()
    }
    document.addEventListener('keydown', closeOnEscape)
    return () => document.removeEventListener('keydown', closeOnEscape)
  }, [])
  return (
    <details ref={menu} className="nav-menu">
      <summary aria-controls="main-nav" data-testid="nav-menu">
        <span className="nav-menu-icon" aria-hidden>
          ☰
        </span>
        {t('nav.menu')}
      </summary>
    </details>
  )
}

function LocaleSwitch() {
  const { t, i18n } = useTranslation()
  const location = useLocation()
  const next = i18n.language === 'en' ? 'zh-CN' : 'en'
  return (
    <Form method="post" action="/locale" className="locale-switch">
      <input type="hidden" name="locale" value={next} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" className="link-button" lang={next} data-testid="locale-switch">
        {t('nav.switchLanguage')}
      </button>
    </Form>
  )
}
