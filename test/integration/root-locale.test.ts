import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { users } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import * as root from '~/root'
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
