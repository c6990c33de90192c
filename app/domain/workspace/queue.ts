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
  /** The subject's English name where the data has one (an agency's English name); the page shows it to English readers. */
  subjectEn?: string | null
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

/** A queue's numbers for a home page: how many items are waiting, and how many of them are overdue. */
export function queueCounts(
  items: readonly Pick<QueueItem, 'dueOn'>[],
  today: CalendarDate,
): { open: number; overdue: number } {
  return { open: items.length, overdue: items.filter((i) => isOverdue(i, today)).length }
}

/**
 * The day an agency's credit dropped to tier D, read from its ledger: the date of the last event
 * after which the running score (base plus the points so far, events in the order written) is in
 * tier D while it was not before. Null when the running score never enters D (e.g. the tiers'
 * thresholds changed since).
 */
export function droppedToDOn(
  base: number,
  events: readonly { points: number; onDate: CalendarDate }[],
  tierOfScore: (score: number) => string,
): CalendarDate | null {
  let score = base
  let dropped: CalendarDate | null = null
  for (const event of events) {
    const before = tierOfScore(score)
    score += event.points
    if (before !== 'D' && tierOfScore(score) === 'D') dropped = event.onDate
  }
  return dropped
}
