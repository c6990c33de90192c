/**
 * The regulator's (and the admin office's) work queues (issue 14 §6): one queue per remit, each
 * item saying what is due and by when. Each area that owns a kind of work (complaints, repair
 * applications, objections, contracts, credit tiers, blacklist appeals) exports a function
 * `(db, user) => Promise<QueueItem[]>` built on this type; the workspace lists them.
 */
import type { CalendarDate } from '~/domain/dates'

export const queueKinds = ['complaint', 'objection', 'repair', 'appeal', 'agencyAtD', 'contract'] as const
export type QueueKind = (typeof queueKinds)[number]

export interface QueueItem {
  kind: QueueKind
  /** Stable within its kind (the complaint's id, the contract's id…). */
  id: string
  /** What the item is about, already in the viewer's words where it comes from data (a need's title, an agency's name). */
  subject: string
  /** An i18n key naming what the viewer must do (e.g. 'complaints.queue.accept'). */
  dueActionKey: string
  /** The Asia/Shanghai date by which it is due; null when nothing sets a date. */
  dueOn: CalendarDate | null
  /** Where the work is done. */
  href: string
}

/** Due first (overdue at the top), undated last, then by subject. */
export function sortQueue(items: readonly QueueItem[]): QueueItem[] {
  return [...items].sort((a, b) => {
    if (a.dueOn !== b.dueOn) {
      if (a.dueOn === null) return 1
      if (b.dueOn === null) return -1
      return a.dueOn < b.dueOn ? -1 : 1
    }
    return a.subject.localeCompare(b.subject)
  })
}

export function isOverdue(item: Pick<QueueItem, 'dueOn'>, today: CalendarDate): boolean {
  return item.dueOn !== null && item.dueOn < today
}
