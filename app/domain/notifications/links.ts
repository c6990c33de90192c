/**
 * Where a notification leads: the page of its subject for the recipient's role, computed in one
 * place when the notification is written (`notifications.link`).
 *
 * - a need: the owner's need page, the agency's need page (any active agency may open a published
 *   need's page), for a regulator the objection it concerns when there is one, else the public
 *   notice (also for anyone else);
 * - a need with a contract (from the award on): the contract page (`/contracts/<id>`) for the
 *   readers who may open it — the owner organisation, the contracted agency (another bidder keeps
 *   the need page), a regulator (only supervising regulators are told of a need); an objection
 *   still leads a regulator to the objection;
 * - a page: a path the caller already chose for its recipients (an agency's application, a
 *   reviewer's application page) — kept as is.
 *
 * Only site-relative paths come out: anything else gives no link at all.
 */
/** The parties of a need's contract: who may follow a link to it. */
export interface SubjectContract {
  id: string
  ownerOrganisationId: string
  agencyOrganisationId: string
}

export type NotificationSubject =
  | { kind: 'need'; needId: string; objectionId?: string; contract?: SubjectContract | null }
  | { kind: 'page'; path: string }

export type RecipientRole = 'owner' | 'agency' | 'regulator' | 'admin'

/** A path on this site (`/…`, not `//host` or `/\host`), else null. */
export function sitePath(path: string | null | undefined): string | null {
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null
  return path
}

/** `organisationId`: the reader's organisation (whether it is a party to the need's contract). */
export function subjectLink(
  role: RecipientRole,
  subject: NotificationSubject,
  organisationId: string | null = null,
): string | null {
  if (subject.kind === 'page') return sitePath(subject.path)
  const id = encodeURIComponent(subject.needId)
  const contract = subject.contract ? `/contracts/${encodeURIComponent(subject.contract.id)}` : null
  const party = (org: string | undefined) => contract !== null && organisationId !== null && org === organisationId
  switch (role) {
    case 'owner':
      return party(subject.contract?.ownerOrganisationId) ? contract : `/owner/needs/${id}`
    case 'agency':
      return party(subject.contract?.agencyOrganisationId) ? contract : `/agency/needs/${id}`
    case 'regulator':
      if (subject.objectionId) return `/regulator/objections/${encodeURIComponent(subject.objectionId)}`
      return contract ?? `/needs/${id}`
    case 'admin':
      return `/needs/${id}`
  }
}
