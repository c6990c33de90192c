import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { createAccount, TEST_PASSWORD } from '#db/seed/factories'
import * as loginRoute from '~/routes/_auth+/login'
import * as localeRoute from '~/routes/_resources+/locale'
import { callRoute, formRequest, ORIGIN, sessionCookie } from '#test/support/routes'

/**
 * Hostile `redirectTo` values as the action receives them (form fields arrive decoded). Before the
 * fix `/\t/evil.example` was answered with that Location (browsers strip the tab and leave the
 * site) and the ones with a newline, CR, NUL or U+3000 made the action throw (500).
 */
const hostile = [
  '/\t/evil.example',
  '/\n/evil.example',
  '/needs\r\nSet-Cookie: stolen=1',
  '/\r/evil.example',
  '/\u0000/evil.example',
  '/\u3000/evil.example',
  '/\u0085/evil.example',
  '/\\evil.example',
  '//evil.example',
  '/.//evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  'data:text/html,x',
]

/** A Location that a browser resolves on our own origin. */
function expectSameOrigin(location: string | null) {
  expect(location).not.toBeNull()
  expect(location).toMatch(/^\/(?![/\\])/)
  expect(location).not.toMatch(/[\u0000-\u0020\u007f-\u009f\\]/)
  expect(new URL(location!, ORIGIN).origin).toBe(ORIGIN)
}

describe('redirectTo is same-origin only', () => {
  it.each(hostile)('login with redirectTo %j goes to the workspace, never off-site and never 5xx', async (redirectTo) => {
    const { user } = await createAccount(await getDb(), 'owner')
    const r = await callRoute(loginRoute.action, formRequest('/login', { email: user.email, password: TEST_PASSWORD, redirectTo }))
    expect(r.status).toBe(302)
    expectSameOrigin(r.headers.get('Location'))
    expect(r.headers.get('Location')).toBe('/owner')
  })

  it.each(hostile)('locale switch with redirectTo %j goes home, never off-site and never 5xx', async (redirectTo) => {
    const { user } = await createAccount(await getDb(), 'owner')
    const cookie = await sessionCookie(user.id)
    const r = await callRoute(localeRoute.action, formRequest('/locale', { locale: 'en', redirectTo }, { cookie }))
    expect(r.status).toBe(302)
    expect(r.headers.get('Location')).toBe('/')
  })

  it('a good redirectTo with query and hash is kept, normalised', async () => {
    const { user } = await createAccount(await getDb(), 'owner')
    const login = await callRoute(
      loginRoute.action,
      formRequest('/login', { email: user.email, password: TEST_PASSWORD, redirectTo: '/owner/needs?state=draft&q=测绘#list' }),
    )
    expect(login.status).toBe(302)
    expect(login.headers.get('Location')).toBe('/owner/needs?state=draft&q=%E6%B5%8B%E7%BB%98#list')
    const locale = await callRoute(localeRoute.action, formRequest('/locale', { locale: 'en', redirectTo: '/needs?page=2' }))
    expect(locale.headers.get('Location')).toBe('/needs?page=2')
  })
})
