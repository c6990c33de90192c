import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, loginAttempts, organisations, sessions, users } from '#db/schema'
import { createAccount, TEST_PASSWORD, uniqueCreditCode } from '#db/seed/factories'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import * as loginRoute from '~/routes/_auth+/login'
import * as signupRoute from '~/routes/_auth+/signup'
import * as localeRoute from '~/routes/_resources+/locale'
import * as logoutRoute from '~/routes/_auth+/logout'
import * as ownerHome from '~/routes/owner+/index'
import * as adminAccounts from '~/routes/admin+/accounts'
import { callRoute, formRequest, getRequest, sessionCookie } from '#test/support/routes'

async function counts() {
  const db = await getDb()
  const n = async (t: typeof organisations | typeof users | typeof sessions | typeof auditEvents) => (await db.select({ n: count() }).from(t))[0].n
  return { organisations: await n(organisations), users: await n(users), sessions: await n(sessions), audit: await n(auditEvents) }
}

/** A credit code whose last (check) character is wrong. */
function wrongCheckCharacter(code: string) {
  const last = code.at(-1) === '0' ? '1' : '0'
  return code.slice(0, -1) + last
}

describe('sign-up', () => {
  it('refuses bad email, short password and a wrong credit-code check character; keeps typed values but not the password; saves nothing', async () => {
    const before = await counts()
    const fields = {
      kind: 'owner',
      organisationName: '江苏测试实业有限公司',
      creditCode: wrongCheckCharacter(uniqueCreditCode()),
      region: '盐城市',
      name: '张三',
      email: 'not-an-email',
      password: 'short',
    }
    const result = await callRoute(signupRoute.action, formRequest('/signup', fields))
    expect(result.status).toBe(400)
    expect(result.data.result.error).toMatchObject({
      email: ['validation.email'],
      password: ['validation.passwordTooShort'],
      creditCode: ['validation.creditCode.check'],
    })
    expect(result.data.result.initialValue).toMatchObject({ organisationName: fields.organisationName, email: 'not-an-email', creditCode: fields.creditCode })
    expect(result.data.result.initialValue).not.toHaveProperty('password')
    expect(JSON.stringify(result.data)).not.toContain('short')
    expect(await counts()).toEqual(before)
  })

  it('a credit code or email already registered is a field error and saves nothing', async () => {
    const db = await getDb()
    const { organisation, user } = await createAccount(db, 'owner')
    const before = await counts()
    const result = await callRoute(
      signupRoute.action,
      formRequest('/signup', {
        kind: 'agency',
        organisationName: '重复机构',
        creditCode: organisation.creditCode,
        name: '李四',
        email: 'fresh@example.test',
        password: 'long-enough-password',
      }),
    )
    // A rule the domain checks (not the schema): 422 at its field since decision 008 (was 400).
    expect(result.status).toBe(422)
    expect(result.data.result.error.creditCode).toEqual(['validation.creditCodeTaken'])
    const again = await callRoute(
      signupRoute.action,
      formRequest('/signup', {
        kind: 'agency',
        organisationName: '重复机构',
        creditCode: uniqueCreditCode(),
        name: '李四',
        email: user.email,
        password: 'long-enough-password',
      }),
    )
    expect(again.status).toBe(422)
    expect(again.data.result.error.email).toEqual(['validation.emailTaken'])
    expect(await counts()).toEqual(before)
  })

  it('a valid agency sign-up creates a pending agency, its user, a session, audit events and a welcome notification', async () => {
    const before = await counts()
    const code = uniqueCreditCode().toLowerCase()
    const result = await callRoute(
      signupRoute.action,
      formRequest('/signup', {
        kind: 'agency',
        organisationName: '盐城测试咨询有限公司',
        creditCode: code,
        name: '王五',
        email: 'Agency.Signup@Example.test',
        password: 'long-enough-password',
      }),
    )
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/agency')
    const db = await getDb()
    const [org] = await db.select().from(organisations).where(eq(organisations.creditCode, code.toUpperCase()))
    expect(org).toMatchObject({ kind: 'agency', status: 'pending' })
    const [user] = await db.select().from(users).where(eq(users.email, 'agency.signup@example.test'))
    expect(user.role).toBe('agency')
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(await counts()).toEqual({ ...before, organisations: before.organisations + 1, users: before.users + 1, sessions: before.sessions + 1, audit: before.audit + 2 })
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })
})

describe('login', () => {
  it('logs in with the right password and sets the session and locale cookies', async () => {
    const { user } = await createAccount(await getDb(), 'owner')
    const result = await callRoute(loginRoute.action, formRequest('/login', { email: user.email, password: TEST_PASSWORD }))
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/owner')
    const cookiesSet = result.headers.get('Set-Cookie') ?? ''
    expect(cookiesSet).toMatch(/__session=/)
    expect(cookiesSet).toMatch(/HttpOnly/i)
    expect(cookiesSet).toMatch(/SameSite=Lax/i)
  })

  it('refuses the 6th try within 15 minutes even with the right password, then lets the user in after the window', async () => {
    const clock = fixedClock('2026-03-02T02:00:00Z')
    setClock(clock)
    try {
      const { user } = await createAccount(await getDb(), 'owner')
      // The address comes from the server entry's load context (socket or trusted proxy), not a header.
      const ip = { clientAddress: '203.0.113.7' }
      for (let i = 0; i < 5; i++) {
        const r = await callRoute(loginRoute.action, formRequest('/login', { email: user.email, password: 'wrong-password' }), {}, ip)
        expect(r.status).toBe(422)
        expect(r.data.formError.messageKey).toBe('auth.invalidCredentials')
        clock.advance(60_000)
      }
      const sixth = await callRoute(loginRoute.action, formRequest('/login', { email: user.email, password: TEST_PASSWORD }), {}, ip)
      expect(sixth.status).toBe(429)
      expect(sixth.data.formError.messageKey).toBe('auth.throttled')
      expect(sixth.data.formError.params.minutes).toBeGreaterThan(0)
      expect(sixth.headers.get('Set-Cookie') ?? '').not.toMatch(/__session/)

      // Another address is not affected by this address's failures.
      const elsewhere = await callRoute(loginRoute.action, formRequest('/login', { email: user.email, password: TEST_PASSWORD }), {}, { clientAddress: '198.51.100.1' })
      expect(elsewhere.status).toBe(302)

      clock.advance(15 * 60_000)
      const later = await callRoute(loginRoute.action, formRequest('/login', { email: user.email, password: TEST_PASSWORD }), {}, ip)
      expect(later.status).toBe(302)
      const attempts = await (await getDb()).select().from(loginAttempts).where(eq(loginAttempts.email, user.email))
      expect(attempts.filter((a) => !a.succeeded)).toHaveLength(5)
    } finally {
      resetClock()
    }
  })

  it('an unknown account gets the same message as a wrong password', async () => {
    const r = await callRoute(loginRoute.action, formRequest('/login', { email: 'nobody@example.test', password: 'whatever-password' }))
    expect(r.status).toBe(422)
    expect(r.data.formError.messageKey).toBe('auth.invalidCredentials')
  })

  it('bad input is a field error and the password is not echoed', async () => {
    const r = await callRoute(loginRoute.action, formRequest('/login', { email: 'bad', password: 'secret-value' }))
    expect(r.status).toBe(400)
    expect(r.data.result.error.email).toEqual(['validation.email'])
    expect(JSON.stringify(r.data)).not.toContain('secret-value')
  })
})

describe('sessions, roles and locale', () => {
  it('logout deletes the session server-side', async () => {
    const db = await getDb()
    const { user } = await createAccount(db, 'owner')
    const cookie = await sessionCookie(user.id)
    const home = await callRoute(ownerHome.loader, getRequest('/owner', { cookie }))
    expect(home.status).toBe(200)
    const out = await callRoute(logoutRoute.action, formRequest('/logout', {}, { cookie }))
    expect(out.status).toBe(302)
    const after = await callRoute(ownerHome.loader, getRequest('/owner', { cookie }))
    expect(after.status).toBe(302)
    expect(after.headers.get('Location')).toMatch(/^\/login/)
  })

  it('a workspace refuses another role with 403', async () => {
    const { user } = await createAccount(await getDb(), 'agency')
    const r = await callRoute(ownerHome.loader, getRequest('/owner', { cookie: await sessionCookie(user.id) }))
    expect(r.status).toBe(403)
  })

  it('switching language sets the cookie and remembers it on the account; a bad locale is refused', async () => {
    const db = await getDb()
    const { user } = await createAccount(db, 'owner')
    const cookie = await sessionCookie(user.id)
    const r = await callRoute(localeRoute.action, formRequest('/locale', { locale: 'en', redirectTo: '/needs' }, { cookie }))
    expect(r.status).toBe(302)
    expect(r.headers.get('Location')).toBe('/needs')
    expect(r.headers.get('Set-Cookie')).toMatch(/lng=/)
    const [row] = await db.select().from(users).where(eq(users.id, user.id))
    expect(row.locale).toBe('en')
    const bad = await callRoute(localeRoute.action, formRequest('/locale', { locale: 'fr' }, { cookie }))
    expect(bad.status).toBe(400)
    const offsite = await callRoute(localeRoute.action, formRequest('/locale', { locale: 'zh-CN', redirectTo: '//evil.example' }, { cookie }))
    expect(offsite.headers.get('Location')).toBe('/')
  })
})

describe('admin opens regulator accounts', () => {
  it('only the admin may; bad input is a field error; success creates an active regulator', async () => {
    const db = await getDb()
    const admin = await createAccount(db, 'platform')
    const owner = await createAccount(db, 'owner')
    const { saveDepartment } = await import('~/domain/catalogue/catalogue.server')
    const { systemActor } = await import('~/utils/audit.server')
    const dept = await saveDepartment(db, systemActor, { code: 'DEP-NRP', nameZh: '自然资源和规划局', nameEn: 'Natural Resources and Planning Bureau' })
    const fields = {
      departmentId: dept.id,
      organisationName: '盐城市自然资源和规划局',
      creditCode: uniqueCreditCode(),
      name: '监管员',
      email: 'nrp-officer@example.test',
      password: 'regulator-password',
    }
    const before = await counts()
    const forged = await callRoute(adminAccounts.action, formRequest('/admin/accounts', fields, { cookie: await sessionCookie(owner.user.id) }))
    expect(forged.status).toBe(403)
    const bad = await callRoute(adminAccounts.action, formRequest('/admin/accounts', { ...fields, email: 'x' }, { cookie: await sessionCookie(admin.user.id) }))
    expect(bad.status).toBe(400)
    expect(bad.data.result.error.email).toEqual(['validation.email'])
    expect({ ...(await counts()), sessions: 0 }).toEqual({ ...before, sessions: 0 })
    const ok = await callRoute(adminAccounts.action, formRequest('/admin/accounts', fields, { cookie: await sessionCookie(admin.user.id) }))
    expect(ok.status).toBe(302)
    const [regulator] = await db.select().from(users).where(eq(users.email, 'nrp-officer@example.test'))
    expect(regulator.role).toBe('regulator')
  })
})
