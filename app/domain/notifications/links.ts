/**
 * Where a notification leads: the page of its subject for the recipient's role, computed in one
 * place when the notification is written (`notifications.link`).
 *
 * - a need: the owner's need page, the agency's need page (any active agency may open a published
 *   need's page), for a regulator the objection it concerns when there is one, else the public
 *   notice (also for anyone else);
 * - a page: a path the caller already chose for its recipients (an agency's application, a
 *   reviewer's application page) — kept as is.
 *
 * Only site-relative paths come out: anything else gives no link at all.
 */
export type NotificationSubject =
  { kind: 'need'; needId: string; objectionId?: string } | { kind: 'page'; path: string }

export type RecipientRole = 'owner' | 'agency' | 'regulator' | 'admin'

/** A path on this site (`/…`, not `//host` or `/\host`), else null. */
export function sitePath(path: string | null | undefined): string | null {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null
  return path
}

export function subjectLink(role: RecipientRole, subject: NotificationSubject): string | null {
  if (subject.kind === 'page') return sitePath(subject.path)
  const id = encodeURIComponent(subject.needId)
  switch (role) {
    case 'owner':
      return `/owner/needs/${id}`
    case 'agency':
      return `/agency/needs/${id}`
    case 'regulator':
      return subject.objectionId ? `/regulator/objections/${encodeURIComponent(subject.objectionId)}` : `/needs/${id}`
    case 'admin':
      return `/needs/${id}`
  }
}
