import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contracts, notifications, users } from '#db/schema'
import { now } from '~/domain/now'
import { sitePath, subjectLink, type NotificationSubject } from '~/domain/notifications/links'

/** A subject (the link is computed per recipient role), or a page path chosen by the caller. */
export type NotificationTarget = NotificationSubject | string

/**
 * Each recipient's link to the subject, for its role and organisation (`subjectLink`). A need
 * with a contract leads its parties and regulators to the contract: the contract is looked up
 * here (unless the caller gave it), so every notification about a need finds it.
 */
async function linksFor(tx: Db, userIds: readonly string[], target: NotificationTarget | undefined) {
  const links = new Map<string, string | null>()
  if (target === undefined) return links
  if (typeof target === 'string' || target.kind === 'page') {
    const link = sitePath(typeof target === 'string' ? target : target.path)
    for (const id of userIds) links.set(id, link)
    return links
  }
  const subject =
    target.contract === undefined ? { ...target, contract: await contractOfSubject(tx, target.needId) } : target
  const rows = await tx
    .select({ id: users.id, role: users.role, organisationId: users.organisationId })
    .from(users)
    .where(inArray(users.id, [...userIds]))
  for (const row of rows) links.set(row.id, subjectLink(row.role, subject, row.organisationId))
  return links
}

async function contractOfSubject(tx: Db, needId: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(needId)) return null
  const [row] = await tx
    .select({
      id: contracts.id,
      ownerOrganisationId: contracts.ownerOrganisationId,
      agencyOrganisationId: contracts.agencyOrganisationId,
    })
    .from(contracts)
    .where(eq(contracts.needId, needId))
  return row ?? null
}

/** Queues an in-app notification; text is a message key rendered in the reader's language. */
export async function notify(
  tx: Db,
  userId: string,
  messageKey: string,
  params: Record<string, string | number> = {},
  target?: NotificationTarget,
) {
  await notifyMany(tx, [userId], messageKey, params, target)
}

/** The same notification for several users, in one insert; each linked to the subject for its role. */
export async function notifyMany(
  tx: Db,
  userIds: readonly string[],
  messageKey: string,
  params: Record<string, string | number> = {},
  target?: NotificationTarget,
) {
  if (!userIds.length) return
  const createdAt = now()
  const links = await linksFor(tx, userIds, target)
  await tx
    .insert(notifications)
    .values(userIds.map((userId) => ({ userId, messageKey, params, link: links.get(userId) ?? null, createdAt })))
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  return row?.n ?? 0
}

export async function listNotifications(db: Db, userId: string, limit = 50) {
  const rows = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(limit)
  return rows.map((n) => ({ ...n, link: sitePath(n.link) }))
}

export async function markAllRead(db: Db, userId: string) {
  await db
    .update(notifications)
    .set({ readAt: now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
}
