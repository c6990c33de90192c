import { and, asc, desc, eq, gt, lte, or, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { departments, loginAttempts, organisations, sessions, users } from '#db/schema'
import { now } from '~/domain/now'
import { RuleViolation, TooManyRequests } from '~/domain/errors'
import type { Locale } from '~/i18n/config'
import { recordAudit, type Actor } from '~/utils/audit.server'
import { notify } from '~/utils/notifications.server'
import { hashPassword, verifyPassword } from '~/utils/password.server'
import { newSessionId, SESSION_MAX_AGE_SECONDS } from '~/utils/session.server'
import { historyStarts, throttleDecision } from './login-throttle'
import type { RegulatorAccountInput, SignupInput } from './schemas'

async function assertUnique(tx: Db, creditCode: string, email: string) {
  const [org] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.creditCode, creditCode))
  if (org) throw new RuleViolation('validation.creditCodeTaken', {}, 'creditCode')
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
  if (user) throw new RuleViolation('validation.emailTaken', {}, 'email')
}

/** Registers an owner organisation (active at once) or an agency (pending review) with its first user. */
export async function signUp(db: Db, input: SignupInput, locale: Locale) {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    await assertUnique(tx, input.creditCode, input.email)
    const [org] = await tx
      .insert(organisations)
      .values({
        kind: input.kind,
        name: input.organisationName,
        creditCode: input.creditCode,
        regionCode: input.region || null,
        status: input.kind === 'agency' ? 'pending' : 'active',
        createdAt: now(),
      })
      .returning()
    const [user] = await tx
      .insert(users)
      .values({
        organisationId: org.id,
        email: input.email,
        name: input.name,
        role: input.kind,
        locale,
        passwordHash,
        createdAt: now(),
      })
      .returning()
    const actor: Actor = { userId: user.id, organisationId: org.id }
    await recordAudit(tx, {
      actor,
      action: 'organisation.registered',
      entityType: 'organisation',
      entityId: org.id,
      payload: { kind: org.kind, name: org.name, creditCode: org.creditCode, status: org.status },
    })
    await recordAudit(tx, {
      actor,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      payload: { email: user.email, role: user.role, organisationId: org.id },
    })
    await notify(tx, user.id, input.kind === 'agency' ? 'notifications.welcomeAgency' : 'notifications.welcomeOwner', {
      organisation: org.name,
      organisationEn: org.nameEn,
    })
    return user
  })
}

/** Admin creates a regulator organisation for a department, with its first user. */
export async function createRegulatorAccount(db: Db, input: RegulatorAccountInput, admin: Actor) {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    const [department] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, input.departmentId))
    if (!department) throw new RuleViolation('validation.choose', {}, 'departmentId')
    await assertUnique(tx, input.creditCode, input.email)
    const [org] = await tx
      .insert(organisations)
      .values({
        kind: 'regulator',
        name: input.organisationName,
        creditCode: input.creditCode,
        status: 'active',
        departmentId: input.departmentId,
        createdAt: now(),
      })
      .returning()
    const [user] = await tx
      .insert(users)
      .values({
        organisationId: org.id,
        email: input.email,
        name: input.name,
        role: 'regulator',
        passwordHash,
        createdAt: now(),
      })
      .returning()
    await recordAudit(tx, {
      actor: admin,
      action: 'regulator.created',
      entityType: 'organisation',
      entityId: org.id,
      payload: { name: org.name, departmentId: input.departmentId, userId: user.id, email: user.email },
    })
    return user
  })
}

/** A successful login: who, and what the answer needs (their home, their saved language). */
export interface LoggedIn {
  userId: string
  role: (typeof users.$inferSelect)['role']
  locale: Locale
}

/** First keys of the two-key advisory locks that serialise throttle decisions per address and per account. */
const LOGIN_ADDRESS_LOCK = 727_100_030
const LOGIN_ACCOUNT_LOCK = 727_100_031

/**
 * One try of a password for the account `email` from `address` (login, and the password a
 * signature asks again), under the login throttle (login-throttle.ts): allowed, with the
 * attempt's row written as a failure until `passwordTrySucceeded`; or refused, with the
 * minutes to wait, and nothing written. `address` is the client address from the load context
 * (`clientAddressOf`), never a request header.
 *
 * The decision and the attempt's row are made under advisory locks on the address and the
 * account, and the row is written as a failure before the password is checked: concurrent tries
 * (a burst of parallel posts) each see the ones before them, so a burst cannot slip past the
 * limits while the password hashes are being verified. Refused tries are not recorded.
 */
export async function beginPasswordTry(
  db: Db,
  email: string,
  address: string,
): Promise<{ allowed: true; attemptId: number } | { allowed: false; minutes: number }> {
  const at = now()
  const starts = historyStarts(at)
  const decided = await db.transaction(async (tx) => {
    // Always address first, then account: one order, so two tries cannot wait on each other.
    await tx.execute(sql`select pg_advisory_xact_lock(${LOGIN_ADDRESS_LOCK}::int, hashtext(${address}::text))`)
    await tx.execute(sql`select pg_advisory_xact_lock(${LOGIN_ACCOUNT_LOCK}::int, hashtext(${email}::text))`)
    const columns = { email: loginAttempts.email, address: loginAttempts.ip, at: loginAttempts.at, succeeded: loginAttempts.succeeded }
    const recent = await tx
      .select(columns)
      .from(loginAttempts)
      .where(
        or(
          and(eq(loginAttempts.ip, address), gt(loginAttempts.at, starts.address)),
          and(eq(loginAttempts.email, email), gt(loginAttempts.at, starts.account)),
        ),
      )
    const lastSuccessHere = await tx
      .select(columns)
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.email, email),
          eq(loginAttempts.ip, address),
          eq(loginAttempts.succeeded, true),
          gt(loginAttempts.at, starts.knownAddress),
          lte(loginAttempts.at, at),
        ),
      )
      .orderBy(desc(loginAttempts.at))
      .limit(1)
    const decision = throttleDecision({ email, address }, [...recent, ...lastSuccessHere], at)
    if (!decision.allowed) return decision
    const [row] = await tx.insert(loginAttempts).values({ email, ip: address, succeeded: false, at }).returning({ id: loginAttempts.id })
    return { ...decision, attemptId: row.id }
  })
  if (!decided.allowed) {
    const minutes = Math.max(1, Math.ceil((decided.retryAt.getTime() - now().getTime()) / 60_000))
    return { allowed: false, minutes }
  }
  return { allowed: true, attemptId: decided.attemptId }
}

/** The password of an allowed try was right: its row becomes a success (a failed try stays recorded). */
export async function passwordTrySucceeded(db: Db, attemptId: number): Promise<void> {
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId))
}

/**
 * Checks the throttle (`beginPasswordTry`), then the password. Throws `TooManyRequests`
 * (`auth.throttled` with the minutes to wait) or `RuleViolation` (`auth.invalidCredentials`, the
 * same for an unknown account as for a wrong password).
 */
export async function attemptLogin(db: Db, email: string, password: string, address: string): Promise<LoggedIn> {
  const attempt = await beginPasswordTry(db, email, address)
  if (!attempt.allowed) throw new TooManyRequests('auth.throttled', { minutes: attempt.minutes })

  const [user] = await db.select().from(users).where(eq(users.email, email))
  // Verify against a fixed hash when the account is unknown, so timing does not reveal it.
  const ok = user
    ? user.active && (await verifyPassword(user.passwordHash, password))
    : (await verifyPassword(await dummyHash(), password), false)
  // The failed try stays recorded (its transaction has committed): it counts towards the throttle.
  if (!ok || !user) throw new RuleViolation('auth.invalidCredentials')
  await passwordTrySucceeded(db, attempt.attemptId)
  return { userId: user.id, role: user.role, locale: user.locale }
}

let dummy: Promise<string> | undefined
const dummyHash = () => (dummy ??= hashPassword('no-such-account-placeholder'))

export async function createSession(db: Db, userId: string) {
  const id = newSessionId()
  const expiresAt = new Date(now().getTime() + SESSION_MAX_AGE_SECONDS * 1000)
  await db.insert(sessions).values({ id, userId, expiresAt, createdAt: now() })
  return { id, expiresAt }
}

export async function deleteSession(db: Db, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id))
}

export async function setUserLocale(db: Db, userId: string, locale: Locale) {
  await db.update(users).set({ locale }).where(eq(users.id, userId))
}

/** Every organisation with its users, for the admin accounts screen; never a password hash. */
export function listOrganisationsWithUsers(db: Db) {
  return db.query.organisations.findMany({
    columns: { id: true, name: true, kind: true, status: true, creditCode: true },
    orderBy: [asc(organisations.kind), asc(organisations.name)],
    with: {
      department: { columns: { nameZh: true, nameEn: true } },
      users: {
        columns: { id: true, email: true, name: true, role: true, active: true },
        orderBy: asc(users.email),
      },
    },
  })
}
