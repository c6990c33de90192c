import { redirect } from '@remix-run/node'
import { and, eq, gt } from 'drizzle-orm'
import { getDb, type Db } from '#db/client.server'
import { organisations, sessions, users } from '#db/schema'
import { now } from '~/domain/now'
import { Forbidden } from '~/domain/errors'
import type { Locale } from '~/i18n/config'
import { can, homeOf, type Permission, type Role } from './permissions'
import { readSessionId } from './session.server'

export interface SessionUser {
  id: string
  email: string
  name: string
  role: Role
  locale: Locale
  organisationId: string
  organisationName: string
  /** '' when the organisation has no English name. */
  organisationNameEn: string
  organisationKind: 'owner' | 'agency' | 'regulator' | 'platform'
  organisationStatus: 'pending' | 'active' | 'rejected' | 'suspended' | 'exited'
  departmentId: string | null
  sessionId: string
}

const sessionUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  locale: users.locale,
  organisationId: organisations.id,
  organisationName: organisations.name,
  organisationNameEn: organisations.nameEn,
  organisationKind: organisations.kind,
  organisationStatus: organisations.status,
  departmentId: organisations.departmentId,
}

/** A user as the domain sees an actor (used by the seed and tests that act without a request). */
export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser> {
  const [row] = await db
    .select(sessionUserColumns)
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
  if (!row) throw new Error(`no user ${userId}`)
  return { ...row, sessionId: '' }
}

export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = await readSessionId(request)
  if (!sessionId) return null
  const db = await getDb()
  const [row] = await db
    .select(sessionUserColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now()), eq(users.active, true)))
  return row ? { ...row, sessionId } : null
}

/** The signed-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request)
  if (user) return user
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  throw redirect(`/login?${new URLSearchParams({ redirectTo })}`)
}

export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!roles.includes(user.role)) throw new Forbidden()
  return user
}

export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request)
  if (!can(user.role, permission)) throw new Forbidden()
  return user
}

export async function requireAnonymous(request: Request): Promise<void> {
  const user = await getSessionUser(request)
  if (user) throw redirect(homeOf[user.role])
}

/** The placeholder origin `safeRedirect` resolves against; `.invalid` never resolves to a host. */
const REDIRECT_BASE = 'http://placeholder.invalid'
const MAX_REDIRECT_LENGTH = 2000
/**
 * Characters a redirect target may not contain: C0 controls, DEL and C1 controls (invalid in a
 * header, or stripped by browsers: `/\t/evil` becomes `//evil`), any Unicode whitespace or
 * invisible formatting character (U+3000, NBSP, U+2028, zero-width spaces, BOM) and backslashes
 * (browsers read `\` as `/`).
 */
const UNSAFE_REDIRECT_CHARACTER = /[\u0000-\u001F\u007F-\u009F\s\\\u200B-\u200F\u2060\uFEFF]/u

/**
 * A same-origin path for a Location header, or the fallback. The target must start with `/`,
 * contain none of the characters above, and — resolved against a placeholder origin — stay on that
 * origin and normalise to a path starting with exactly one `/` (`/.//evil` normalises to `//evil`).
 * Returns the normalised path, query and hash (percent-encoded, so always a valid header value).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.length > MAX_REDIRECT_LENGTH) return fallback
  if (UNSAFE_REDIRECT_CHARACTER.test(to)) return fallback
  let url: URL
  try {
    url = new URL(to, REDIRECT_BASE)
  } catch {
    return fallback
  }
  if (url.origin !== REDIRECT_BASE) return fallback
  const path = `${url.pathname}${url.search}${url.hash}`
  if (!path.startsWith('/') || path.startsWith('//')) return fallback
  return path
}

export function actorOf(user: SessionUser) {
  return { userId: user.id, organisationId: user.organisationId }
}
