import { and, count, desc, eq, isNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { notifications } from '#db/schema'
import { now } from '~/domain/clock'

/** Queues an in-app notification; text is a message key rendered in the reader's language. */
export async function notify(
  tx: Db,
  userId: string,
  messageKey: string,
  params: Record<string, string | number> = {},
  link?: string,
) {
  await tx.insert(notifications).values({ userId, messageKey, params, link, createdAt: now() })
}

/** The same notification for several users, in one insert. */
export async function notifyMany(
  tx: Db,
  userIds: readonly string[],
  messageKey: string,
  params: Record<string, string | number> = {},
  link?: string,
) {
  if (!userIds.length) return
  const createdAt = now()
  await tx.insert(notifications).values(userIds.map((userId) => ({ userId, messageKey, params, link, createdAt })))
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  return row?.n ?? 0
}

export async function listNotifications(db: Db, userId: string, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(limit)
}

export async function markAllRead(db: Db, userId: string) {
  await db
    .update(notifications)
    .set({ readAt: now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
}
