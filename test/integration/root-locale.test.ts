import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { users } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import * as root from '~/root'
import { getLocale, getT, localeCookie } from '~/utils/i18n.server'
import { callRoute, getRequest, sessionCookie } from '#test/support/routes'

// Issue 12: after logging in, a user whose saved language is English got <html lang="zh-CN">
// until a reload. The root loader's language for a signed-in user is the one saved on the account.
describe('root loader language', () => {
  it("a signed-in user's saved language wins over a missing or different language cookie", async () => {
    const db = await getDb()
    const { user } = await createAccount(db, 'owner')
    await db.update(users).set({ locale: 'en' }).where(eq(users.id, user.id))
    const cookie = await sessionCookie(user.id)
    const r = await callRoute<{ locale: string }>(root.loader, getRequest('/owner', { cookie, headers: { 'Accept-Language': 'zh-CN' } }))
    expect(r.data.locale).toBe('en')
  })

  it('an anonymous visitor still gets the language of the request', async () => {
    const anonymous = await callRoute<{ locale: string }>(root.loader, getRequest('/', { headers: { 'Accept-Language': 'en' } }))
    expect(anonymous.data.locale).toBe('en')
    const chinese = await callRoute<{ locale: string }>(root.loader, getRequest('/', { headers: { 'Accept-Language': 'zh-CN' } }))
    expect(chinese.data.locale).toBe('zh-CN')
  })
})

// Issue 12, "Layout" e2e: with a language cookie that disagrees with the account (the language was
// switched on another device), the server render used the cookie and the root loader the account:
// English text under <html lang="zh-CN">, and the browser's hydration failed (React #418/#423).
describe('one language per request', () => {
  it("the server render, loaders and actions get the signed-in user's saved language, whatever the cookie says", async () => {
    const db = await getDb()
    const { user } = await createAccount(db, 'owner')
    await db.update(users).set({ locale: 'en' }).where(eq(users.id, user.id))
    const lng = (await localeCookie.serialize('zh-CN')).split(';')[0]
    const cookie = `${await sessionCookie(user.id)}; ${lng}`
    const request = () => getRequest('/owner', { cookie, headers: { 'Accept-Language': 'zh-CN' } })
    const r = await callRoute<{ locale: string }>(root.loader, request())
    expect(r.data.locale).toBe('en')
    expect(await getLocale(request())).toBe('en')
    expect((await getT(request()))('nav.login')).toBe((await getT('en'))('nav.login'))
  })

  it('an anonymous visitor gets the language of the cookie before Accept-Language', async () => {
    const lng = (await localeCookie.serialize('en')).split(';')[0]
    expect(await getLocale(getRequest('/', { cookie: lng, headers: { 'Accept-Language': 'zh-CN' } }))).toBe('en')
  })
})
