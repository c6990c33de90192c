import { randomBytes } from 'node:crypto'
import { createCookie, type Cookie } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { appSettings } from '#db/schema'
import { getEnv } from './env.server'

export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 30
const GENERATED_SECRET_KEY = 'session_secret'
/** The session cookie's name (server/security.ts names it too, for its no-store rule). */
const SESSION_COOKIE = '__session'
const HAS_SESSION_COOKIE = /(?:^|;)\s*__session=/

let cookie: Promise<Cookie> | undefined

/**
 * The signing secret: SESSION_SECRET when set; otherwise one generated on first start and
 * kept in the database, so every instance and every restart agree without a secret in the repo.
 */
async function sessionSecret(): Promise<string> {
  const fromEnv = getEnv().SESSION_SECRET
  if (fromEnv) return fromEnv
  const db = await getDb()
  await db
    .insert(appSettings)
    .values({ key: GENERATED_SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, GENERATED_SECRET_KEY))
  return String(row.value)
}

/** The signed session cookie; it carries only the session id. */
export function getSessionCookie(): Promise<Cookie> {
  cookie ??= (async () => {
    const env = getEnv()
    const secure = env.SESSION_COOKIE_SECURE
      ? env.SESSION_COOKIE_SECURE === 'true'
      : env.NODE_ENV === 'production'
    return createCookie(SESSION_COOKIE, {
      secrets: [await sessionSecret()],
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: SESSION_MAX_AGE_SECONDS,
    })
  })().catch((error) => {
    cookie = undefined
    throw error
  })
  return cookie
}

export async function readSessionId(request: Request): Promise<string | null> {
  const header = request.headers.get('Cookie')
  // No session cookie: nothing to verify, so no signing secret to fetch (it may sit in the database).
  if (!header || !HAS_SESSION_COOKIE.test(header)) return null
  const value = await (await getSessionCookie()).parse(header)
  return typeof value === 'string' && value.length > 0 ? value : null
}

export async function serializeSessionId(id: string): Promise<string> {
  return (await getSessionCookie()).serialize(id)
}

export async function clearSessionCookie(): Promise<string> {
  return (await getSessionCookie()).serialize('', { maxAge: 0 })
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url')
}
