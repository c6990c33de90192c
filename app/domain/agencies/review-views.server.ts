/**
 * Read-only queries of the review screens that registry.server.ts does not offer: which agencies
 * a reviewer supervises, an agency's registry file, and catalogue names for showing application
 * payloads. Every write goes through app/domain/agencies/registry.server.ts.
 */
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '#db/client.server'
import {
  agencyApplications,
  agencyExits,
  agencyProfiles,
  agencyQualifications,
  agencyRegistryEvents,
  agencyServiceTypes,
  organisations,
  qualificationLevels,
  qualificationTypes,
  serviceTypes,
  users,
} from '#db/schema'
import { regionValue } from '~/domain/organisations/region.server'
import { now } from '~/domain/now'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import { qualificationValidity } from '~/domain/agencies/eligibility'
import { diffApplications } from '~/domain/agencies/diff'
import { agencyEligibility, allowedStatusActions, applicationForReview, reviewActions } from '~/domain/agencies/registry.server'
import { NotFound } from '~/domain/errors'
import type { SessionUser } from '~/utils/auth.server'
import type { AgencyStatus } from './registry-lifecycle'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A `$id` that is not a uuid is a 404 before it reaches PostgreSQL (which would throw on it). */
export function uuidParam(id: string | undefined): string {
  if (!id || !UUID.test(id)) throw new NotFound()
  return id.toLowerCase()
}


export interface Named {
  id: string
  code: string
  nameZh: string
  nameEn: string
}

const named = (r: Named): Named => ({ id: r.id, code: r.code, nameZh: r.nameZh, nameEn: r.nameEn })

// ── Catalogue names for payloads ─────────────────────────────────────────────

interface QualificationPayload {
  qualificationTypeId?: string
  levelId?: string
  certificateNo?: string
  issuer?: string
  validFrom?: string
  validUntil?: string
  fileId?: string
}

interface PractitionerPayload {
  name?: string
  certificateType?: string
  certificateNo?: string
}

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : [])
const asText = (v: unknown): string => (typeof v === 'string' ? v : '')

export interface CatalogueNames {
  serviceTypes: Map<string, Named>
  qualificationTypes: Map<string, Named>
  levels: Map<string, Named>
}

/** Names of every service type, qualification type and level the payloads mention. */
export async function catalogueNames(db: Db, payloads: (Record<string, unknown> | null | undefined)[]): Promise<CatalogueNames> {
  const stIds = new Set<string>()
  const qtIds = new Set<string>()
  const levelIds = new Set<string>()
  for (const p of payloads) {
    if (!p) continue
    for (const id of asArray<string>(p.serviceTypeIds)) if (typeof id === 'string') stIds.add(id)
    for (const q of asArray<QualificationPayload>(p.qualifications)) {
      if (q?.qualificationTypeId) qtIds.add(q.qualificationTypeId)
      if (q?.levelId) levelIds.add(q.levelId)
    }
  }
  const valid = (ids: Set<string>) => [...ids].filter((id) => UUID.test(id))
  const [sts, qts, levels] = await Promise.all([
    valid(stIds).length ? db.select().from(serviceTypes).where(inArray(serviceTypes.id, valid(stIds))) : [],
    valid(qtIds).length ? db.select().from(qualificationTypes).where(inArray(qualificationTypes.id, valid(qtIds))) : [],
    valid(levelIds).length ? db.select().from(qualificationLevels).where(inArray(qualificationLevels.id, valid(levelIds))) : [],
  ])
  return {
    serviceTypes: new Map(sts.map((r) => [r.id, named(r)])),
    qualificationTypes: new Map(qts.map((r) => [r.id, named(r)])),
    levels: new Map(levels.map((r) => [r.id, named(r)])),
  }
}

/** The key diff.ts compares rows by: JSON with object keys sorted. */
export function rowKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )
}

export function readableServiceTypes(ids: unknown, names: CatalogueNames) {
  return asArray<string>(ids).map((id) => ({ id, serviceType: names.serviceTypes.get(id) ?? null }))
}

export function readableQualification(q: QualificationPayload, names: CatalogueNames, today: CalendarDate) {
  const validUntil = asText(q.validUntil)
  return {
    key: rowKey(q),
    type: (q.qualificationTypeId && names.qualificationTypes.get(q.qualificationTypeId)) || null,
    level: (q.levelId && names.levels.get(q.levelId)) || null,
    certificateNo: asText(q.certificateNo),
    issuer: asText(q.issuer),
    validFrom: asText(q.validFrom),
    validUntil,
    validity: validUntil ? qualificationValidity(validUntil, today) : null,
    fileId: q.fileId && UUID.test(q.fileId) ? q.fileId : null,
  }
}

export function readablePractitioner(p: PractitionerPayload) {
  return { key: rowKey(p), name: asText(p.name), certificateType: asText(p.certificateType), certificateNo: asText(p.certificateNo) }
}

export const scalarFields = [
  'name',
  'nameEn',
  'region',
  'address',
  'legalRepresentative',
  'contactName',
  'contactPhone',
  'feeStandard',
  'commitment',
] as const
export type ScalarField = (typeof scalarFields)[number]
export const listFields = ['serviceTypeIds', 'qualifications', 'practitioners'] as const
export type ListField = (typeof listFields)[number]
export type PayloadField = ScalarField | ListField

export const isPayloadField = (f: string): f is PayloadField => (scalarFields as readonly string[]).includes(f) || (listFields as readonly string[]).includes(f)

/** An application payload as the reviewer reads it: names instead of ids, rows keyed for highlighting. */
export function readablePayload(payload: Record<string, unknown>, names: CatalogueNames, today: CalendarDate) {
  const scalars = Object.fromEntries(scalarFields.map((f) => [f, asText(payload[f])])) as Record<ScalarField, string>
  return {
    ...scalars,
    serviceTypes: readableServiceTypes(payload.serviceTypeIds, names),
    qualifications: asArray<QualificationPayload>(payload.qualifications).map((q) => readableQualification(q ?? {}, names, today)),
    practitioners: asArray<PractitionerPayload>(payload.practitioners).map((p) => readablePractitioner(p ?? {})),
  }
}
export type ReadablePayload = ReturnType<typeof readablePayload>

type Payload = Record<string, unknown>

/** What changed, readable: scalar fields before/after, list rows added/removed, with names for ids. */
export function readableDiff(previous: Payload, current: Payload, names: CatalogueNames, day: CalendarDate) {
  const { fields, lists, changed } = diffApplications(previous, current)
  const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))
  const list = (field: string) => lists.find((l) => l.field === field) ?? { added: [], removed: [] }
  const serviceTypes = list('serviceTypeIds')
  const qualifications = list('qualifications')
  const practitioners = list('practitioners')
  return {
    changed,
    fields: fields.map((f) => ({ field: f.field, known: isPayloadField(f.field), before: text(f.before), after: text(f.after) })),
    serviceTypes: {
      added: readableServiceTypes(serviceTypes.added, names),
      removed: readableServiceTypes(serviceTypes.removed, names),
    },
    qualifications: {
      added: qualifications.added.map((q) => readableQualification(q as Payload, names, day)),
      removed: qualifications.removed.map((q) => readableQualification(q as Payload, names, day)),
    },
    practitioners: {
      added: practitioners.added.map((p) => readablePractitioner(p as Payload)),
      removed: practitioners.removed.map((p) => readablePractitioner(p as Payload)),
    },
    /** Lists the review screen has no table for (none today) still show up, by field name. */
    otherLists: lists
      .filter((l) => !(listFields as readonly string[]).includes(l.field))
      .map((l) => ({ field: l.field, added: l.added.map(rowKey), removed: l.removed.map(rowKey) })),
  }
}
export type ReadableDiff = ReturnType<typeof readableDiff>

/**
 * The review screen of one application: the submitted version readable, what changed since the
 * previous submission (or the live profile, for a change), the submission history and the
 * decisions the reviewer may take now. Outside the reviewer's remit, or a draft never submitted
 * (the agency's own work in progress), it is a 404.
 */
export async function applicationReviewView(db: Db, user: SessionUser, applicationId: string) {
  const { application, organisation, previous, submissions } = await applicationForReview(db, user, applicationId)
  if (submissions.length === 0) throw new NotFound()
  // What the reviewer judges is the submitted version; a draft being edited stays the agency's own.
  const current = submissions[0].payload
  const day = today()
  const [names, people, actions] = await Promise.all([
    catalogueNames(db, [current, previous]),
    userNames(db, [application.decidedBy]),
    reviewActions(db, user, application.id),
  ])
  const compareWith = previous
    ? submissions[1]
      ? { kind: 'previous' as const, revision: submissions[1].revision }
      : { kind: 'live' as const }
    : null
  return {
    application: {
      id: application.id,
      kind: application.kind,
      status: application.status,
      revision: application.revision,
      submittedAt: application.submittedAt?.toISOString() ?? null,
      decidedAt: application.decidedAt?.toISOString() ?? null,
      decidedBy: application.decidedBy ? (people.get(application.decidedBy) ?? null) : null,
      decisionReason: application.decisionReason,
    },
    organisation: { id: organisation.id, name: organisation.name, creditCode: organisation.creditCode, status: organisation.status },
    payload: readablePayload(current, names, day),
    compareWith,
    diff: previous ? readableDiff(previous, current, names, day) : null,
    submissions: submissions.map((s) => ({ revision: s.revision, submittedAt: s.submittedAt.toISOString() })),
    /** The decisions the registry state machine allows this reviewer now (approve, reject). */
    actions,
  }
}
export type ApplicationReviewView = Awaited<ReturnType<typeof applicationReviewView>>

export function today(): CalendarDate {
  return shanghaiDate(now())
}

/** User display names (the decider of an application, the actor of an event). */
export async function userNames(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))]
  if (!wanted.length) return new Map<string, string>()
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}

// ── Agencies in a reviewer's remit ───────────────────────────────────────────

/**
 * The registry rule (registry-lifecycle.ts): a regulator may act on an agency when its department
 * supervises at least one of the agency's live service types or of its applications' service
 * types; admin always. Returns null for "every agency".
 */
function remitCondition(user: SessionUser): SQL | null {
  if (user.role === 'admin') return null
  if (user.role !== 'regulator' || !user.departmentId) return sql`false`
  const departmentId = user.departmentId
  const live = sql`exists (select 1 from ${agencyServiceTypes} ast join ${serviceTypes} st on st.id = ast.service_type_id
    where ast.organisation_id = ${organisations.id} and st.department_id = ${departmentId})`
  const applied = sql`exists (select 1 from ${agencyApplications} aa
    cross join lateral jsonb_array_elements_text(case when jsonb_typeof(aa.payload -> 'serviceTypeIds') = 'array' then aa.payload -> 'serviceTypeIds' else '[]'::jsonb end) as applied(id)
    join ${serviceTypes} st on st.id::text = applied.id
    where aa.organisation_id = ${organisations.id} and st.department_id = ${departmentId})`
  return or(live, applied) ?? null
}

export async function agenciesForReviewer(db: Db, user: SessionUser, status: AgencyStatus | null) {
  const remit = remitCondition(user)
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      creditCode: organisations.creditCode,
      region: regionValue(),
      status: organisations.status,
      createdAt: organisations.createdAt,
    })
    .from(organisations)
    .where(and(eq(organisations.kind, 'agency'), status ? eq(organisations.status, status) : undefined, remit ?? undefined))
    .orderBy(asc(organisations.name))
  const ids = rows.map((r) => r.id)
  if (!ids.length) return []
  const [offered, open] = await Promise.all([
    db
      .select({ organisationId: agencyServiceTypes.organisationId, serviceType: serviceTypes })
      .from(agencyServiceTypes)
      .innerJoin(serviceTypes, eq(serviceTypes.id, agencyServiceTypes.serviceTypeId))
      .where(inArray(agencyServiceTypes.organisationId, ids))
      .orderBy(asc(serviceTypes.code)),
    db
      .select({
        id: agencyApplications.id,
        organisationId: agencyApplications.organisationId,
        kind: agencyApplications.kind,
        status: agencyApplications.status,
        payload: agencyApplications.payload,
      })
      .from(agencyApplications)
      .where(and(inArray(agencyApplications.organisationId, ids), inArray(agencyApplications.status, ['draft', 'pending']))),
  ])
  const supervised = await supervisedIds(db, user)
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    serviceTypes: offered.filter((o) => o.organisationId === r.id).map((o) => named(o.serviceType)),
    openApplication:
      open
        .filter((a) => a.organisationId === r.id)
        .map((a) => ({
          id: a.id,
          kind: a.kind,
          status: a.status,
          // Only a pending application in the reviewer's own remit can be opened (others are a 404).
          reviewable: a.status === 'pending' && applicationInRemit(user, supervised, a.payload),
        }))[0] ?? null,
  }))
}

/** Whether the application payload's service types are in the reviewer's remit (mirrors reviewQueue). */
export function applicationInRemit(user: SessionUser, supervised: readonly string[], payload: Record<string, unknown>) {
  if (user.role === 'admin') return true
  return asArray<string>(payload.serviceTypeIds).some((id) => supervised.includes(id))
}

export async function supervisedIds(db: Db, user: SessionUser): Promise<string[]> {
  if (user.role !== 'regulator' || !user.departmentId) return []
  const rows = await db.select({ id: serviceTypes.id }).from(serviceTypes).where(eq(serviceTypes.departmentId, user.departmentId))
  return rows.map((r) => r.id)
}

/** One agency's registry file for a reviewer; outside the remit (or not an agency) is a 404. */
export async function agencyFileForReviewer(db: Db, user: SessionUser, organisationId: string) {
  const remit = remitCondition(user)
  const [org] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, organisationId), eq(organisations.kind, 'agency'), remit ?? undefined))
  if (!org) throw new NotFound()
  const actorOrg = alias(organisations, 'actor_org')
  const day = today()
  const [profile, offered, qualifications, events, exits, applications, supervised, actions] = await Promise.all([
    db.select().from(agencyProfiles).where(eq(agencyProfiles.organisationId, org.id)),
    db
      .select({ serviceType: serviceTypes })
      .from(agencyServiceTypes)
      .innerJoin(serviceTypes, eq(serviceTypes.id, agencyServiceTypes.serviceTypeId))
      .where(eq(agencyServiceTypes.organisationId, org.id))
      .orderBy(asc(serviceTypes.code)),
    db
      .select({ qualification: agencyQualifications, type: qualificationTypes, level: qualificationLevels })
      .from(agencyQualifications)
      .innerJoin(qualificationTypes, eq(qualificationTypes.id, agencyQualifications.qualificationTypeId))
      .innerJoin(qualificationLevels, eq(qualificationLevels.id, agencyQualifications.levelId))
      .where(eq(agencyQualifications.organisationId, org.id))
      .orderBy(asc(agencyQualifications.validUntil)),
    db
      .select({ event: agencyRegistryEvents, actorName: users.name, actorOrganisation: actorOrg.name })
      .from(agencyRegistryEvents)
      .leftJoin(users, eq(users.id, agencyRegistryEvents.actorUserId))
      .leftJoin(actorOrg, eq(actorOrg.id, agencyRegistryEvents.actorOrganisationId))
      .where(eq(agencyRegistryEvents.organisationId, org.id))
      .orderBy(desc(agencyRegistryEvents.at), desc(agencyRegistryEvents.id)),
    db
      .select({ exit: agencyExits, actorOrganisation: actorOrg.name })
      .from(agencyExits)
      .leftJoin(actorOrg, eq(actorOrg.id, agencyExits.actorOrganisationId))
      .where(eq(agencyExits.organisationId, org.id))
      .orderBy(desc(agencyExits.createdAt)),
    db.select().from(agencyApplications).where(eq(agencyApplications.organisationId, org.id)).orderBy(desc(agencyApplications.createdAt)),
    supervisedIds(db, user),
    allowedStatusActions(db, user, org.id),
  ])
  const eligibility = await Promise.all(
    offered.map(async ({ serviceType }) => ({ serviceType: named(serviceType), result: await agencyEligibility(db, org.id, serviceType.id) })),
  )
  const p = profile[0]
  return {
    organisation: {
      id: org.id,
      name: org.name,
      nameEn: org.nameEn,
      creditCode: org.creditCode,
      region: org.regionCode ?? org.regionLegacy,
      status: org.status,
      createdAt: org.createdAt.toISOString(),
    },
    profile: p
      ? {
          address: p.address,
          legalRepresentative: p.legalRepresentative,
          contactName: p.contactName,
          contactPhone: p.contactPhone,
          approvedAt: p.approvedAt.toISOString(),
        }
      : null,
    eligibility,
    qualifications: qualifications.map(({ qualification: q, type, level }) => ({
      id: q.id,
      type: named(type),
      level: named(level),
      certificateNo: q.certificateNo,
      issuer: q.issuer,
      validFrom: q.validFrom,
      validUntil: q.validUntil,
      validity: qualificationValidity(q.validUntil, day),
      fileId: q.fileId,
    })),
    events: events.map(({ event: e, actorName, actorOrganisation }) => ({
      id: e.id,
      kind: e.kind,
      reason: e.reason,
      at: e.at.toISOString(),
      actorName,
      actorOrganisation,
    })),
    exits: exits.map(({ exit: x, actorOrganisation }) => ({
      id: x.id,
      type: x.type,
      category: x.category,
      reason: x.reason,
      exitedOn: x.exitedOn,
      reentryFrom: x.reentryFrom,
      actorOrganisation,
    })),
    applications: applications.map((a) => ({
      id: a.id,
      kind: a.kind,
      status: a.status,
      revision: a.revision,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      decidedAt: a.decidedAt?.toISOString() ?? null,
      reviewable: applicationInRemit(user, supervised, a.payload),
    })),
    actions,
  }
}
