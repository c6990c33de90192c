/**
 * The agency registry's database work. Every change is one transaction that asks the state
 * machine (registry-lifecycle.ts) first, then writes, records the registry history, notifies and
 * appends the audit event — so a refused request changes nothing.
 */
import { createHash } from 'node:crypto'
import { and, desc, eq, inArray, notExists, or, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  agencyApplications,
  agencyApplicationSubmissions,
  agencyExits,
  agencyPractitioners,
  agencyProfiles,
  agencyQualifications,
  agencyRegistryEvents,
  agencyServiceTypes,
  contractDeliveries,
  organisations,
  qualificationLevels,
  serviceTypes,
  storedFiles,
  users,
} from '#db/schema'
import { now } from '~/domain/now'
import { registryConfig } from '~/domain/config'
import { addCalendarDays, shanghaiDate } from '~/domain/dates'
import { Conflict, Forbidden, NotFound, PayloadTooLarge, RuleViolation } from '~/domain/errors'
import { resolveRegion } from '~/domain/organisations/regions'
import { recordAudit, type Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { notifyMany } from '~/utils/notifications.server'
import { reportDownloadAllowed } from '~/domain/contracts/report-access.server'
import { repairEvidenceAllowed } from '~/domain/credit/repairs.server'
import { complaintFileAllowed } from '~/domain/complaints/complaints.server'
import type { Eligibility } from './eligibility'
import { agenciesEligibility } from './eligibility.server'
import { decide, supervises, type Decision, type RegistryAction, type RegistryFacts } from './registry-lifecycle'
import type { AgencyApplicationInput, ForcedExitInput, ReviewInput, StatusChangeInput, VoluntaryExitInput } from './schemas'
import { checkCertificate, PDF_TRAILER_WINDOW, uploadProblemKeys } from './uploads'

type Tx = Db

const actorOf = (user: SessionUser): Actor => ({ userId: user.id, organisationId: user.organisationId })

/**
 * Open work of an agency: live bids on needs still being decided, and awards whose service is
 * not finished. (Contracts, when they arrive, extend this one check.)
 */
export async function countOpenWork(tx: Tx, organisationId: string): Promise<number> {
  const result = await tx.execute<{ n: number }>(sql`
    select (
      (select count(*) from bids b join needs n on n.id = b.need_id
        where b.agency_organisation_id = ${organisationId} and b.status = 'live'
          and n.state in ('open', 'evaluating', 'publicity'))
      +
      (select count(*) from awards a join needs n on n.id = a.need_id
        where a.agency_organisation_id = ${organisationId}
          and n.state in ('awarded', 'in_service', 'paused', 'delivered'))
    )::int as n`)
  const rows = (result as unknown as { rows: { n: number }[] }).rows
  return Number(rows[0]?.n ?? 0)
}

async function supervisedServiceTypeIds(tx: Tx, user: SessionUser): Promise<string[]> {
  if (user.role !== 'regulator' || !user.departmentId) return []
  const rows = await tx.select({ id: serviceTypes.id }).from(serviceTypes).where(eq(serviceTypes.departmentId, user.departmentId))
  return rows.map((r) => r.id)
}

async function loadAgency(tx: Tx, organisationId: string, lock = false) {
  const query = tx.select().from(organisations).where(and(eq(organisations.id, organisationId), eq(organisations.kind, 'agency')))
  const [org] = lock ? await query.for('update') : await query
  if (!org) throw new NotFound()
  const [offered, [lastExit], openWork] = await Promise.all([
    tx.select({ id: agencyServiceTypes.serviceTypeId }).from(agencyServiceTypes).where(eq(agencyServiceTypes.organisationId, organisationId)),
    tx.select().from(agencyExits).where(eq(agencyExits.organisationId, organisationId)).orderBy(desc(agencyExits.createdAt)).limit(1),
    countOpenWork(tx, organisationId),
  ])
  return { org, serviceTypeIds: offered.map((o) => o.id), reentryFrom: lastExit?.reentryFrom ?? null, openWork }
}

function neededKind(status: string): 'entry' | 'change' {
  return status === 'active' || status === 'suspended' ? 'change' : 'entry'
}

function applicationServiceTypes(payload: Record<string, unknown>): string[] {
  return Array.isArray(payload.serviceTypeIds) ? (payload.serviceTypeIds as string[]) : []
}

async function facts(
  tx: Tx,
  user: SessionUser,
  agency: Awaited<ReturnType<typeof loadAgency>>,
  application: typeof agencyApplications.$inferSelect | null,
): Promise<RegistryFacts> {
  return {
    actor: { role: user.role, organisationId: user.organisationId, supervisedServiceTypeIds: await supervisedServiceTypeIds(tx, user) },
    agency: {
      organisationId: agency.org.id,
      status: agency.org.status,
      serviceTypeIds: agency.serviceTypeIds,
      openWork: agency.openWork,
      reentryFrom: agency.reentryFrom,
    },
    application: application
      ? { kind: application.kind, status: application.status, serviceTypeIds: applicationServiceTypes(application.payload) }
      : null,
    today: shanghaiDate(now()),
  }
}

/** Turns a refusal into the typed error routes understand (403 / 404 / 409 / 422 with a message key). */
function enforce(decision: Decision): asserts decision is Extract<Decision, { ok: true }> {
  if (decision.ok) return
  const params = decision.params ?? {}
  switch (decision.reason) {
    case 'forbidden':
      throw new Forbidden()
    case 'notFound':
      throw new NotFound()
    case 'wrongState':
      throw new Conflict('agency.errors.wrongState')
    case 'reasonRequired':
      throw new RuleViolation('agency.validation.reasonRequired', params, 'reason')
    case 'openWork':
      throw new RuleViolation('agency.errors.openWork', params, 'reason')
    case 'coolingOff':
      throw new RuleViolation('agency.errors.coolingOff', params)
    case 'noServiceType':
      throw new RuleViolation('agency.validation.serviceTypeRequired', params, 'serviceTypeIds')
  }
}

async function notifyAgency(tx: Tx, organisationId: string, messageKey: string, params: Record<string, string | number>, link: string) {
  const members = await tx.select({ id: users.id }).from(users).where(eq(users.organisationId, organisationId))
  await notifyMany(tx, members.map((m) => m.id), messageKey, params, link)
}

async function notifyReviewers(tx: Tx, serviceTypeIds: string[], params: Record<string, string | number>, link: string) {
  if (!serviceTypeIds.length) return
  const depts = await tx
    .selectDistinct({ id: serviceTypes.departmentId })
    .from(serviceTypes)
    .where(inArray(serviceTypes.id, serviceTypeIds))
  const reviewers = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(users.role, 'regulator'),
        inArray(
          organisations.departmentId,
          depts.map((d) => d.id),
        ),
      ),
    )
  await notifyMany(tx, reviewers.map((r) => r.id), 'notifications.applicationSubmitted', params, link)
}

// ── The agency's own application ─────────────────────────────────────────────

/**
 * The application an edit continues: the open one, or a rejected one of the same kind (so the
 * reviewer sees the diff); a rejected application of the other kind (e.g. a change before an
 * exit) is history, and an edit starts a new one.
 */
function continuedApplication<A extends { status: string; kind: string }>(latest: A | null, kind: 'entry' | 'change'): A | null {
  return latest && (['draft', 'pending'].includes(latest.status) || (latest.status === 'rejected' && latest.kind === kind)) ? latest : null
}

export type SelfAction = 'edit' | 'submit' | 'withdraw' | 'exitVoluntary'

/**
 * What the agency may do to its own registry record now, asked of the state machine with the
 * same facts its actions use (for showing forms; the actions re-check): editing the application,
 * submitting or withdrawing it, leaving the platform. `coolingOffUntil` is the first day a new
 * entry may be made when a cooling-off period is what refuses the edit.
 */
export async function selfActions(db: Db, user: SessionUser) {
  const agency = await loadAgency(db, user.organisationId)
  const latest = await currentApplication(db, user.organisationId)
  const open = continuedApplication(latest, neededKind(agency.org.status))
  const [editFacts, latestFacts] = await Promise.all([facts(db, user, agency, open), facts(db, user, agency, latest)])
  const decisions: Record<SelfAction, Decision> = {
    edit: decide('edit', editFacts),
    submit: decide('submit', latestFacts),
    withdraw: decide('withdraw', latestFacts),
    exitVoluntary: decide('exitVoluntary', latestFacts),
  }
  const edit = decisions.edit
  return {
    actions: (Object.keys(decisions) as SelfAction[]).filter((a) => decisions[a].ok),
    coolingOffUntil: !edit.ok && edit.reason === 'coolingOff' ? String(edit.params?.date ?? '') || null : null,
    openWork: agency.openWork,
    /** What a new application would be: a change of the live profile, or an entry. */
    kind: neededKind(agency.org.status),
  }
}

/** The agency's open (draft/pending) application, else its latest one. */
export async function currentApplication(db: Db, organisationId: string) {
  const [row] = await db
    .select()
    .from(agencyApplications)
    .where(eq(agencyApplications.organisationId, organisationId))
    .orderBy(desc(agencyApplications.createdAt))
    .limit(1)
  return row ?? null
}

/** The live (approved) profile as an application payload: the starting point of a change application. */
export async function livePayload(db: Db, organisationId: string): Promise<AgencyApplicationInput | null> {
  const org = await db.query.organisations.findFirst({
    where: eq(organisations.id, organisationId),
    with: { profile: true, serviceTypes: true, qualifications: true, practitioners: true },
  })
  if (!org?.profile) return null
  return {
    name: org.name,
    nameEn: org.nameEn,
    region: org.regionCode ?? org.regionLegacy,
    address: org.profile.address,
    legalRepresentative: org.profile.legalRepresentative,
    contactName: org.profile.contactName,
    contactPhone: org.profile.contactPhone,
    serviceTypeIds: org.serviceTypes.map((s) => s.serviceTypeId).sort(),
    qualifications: org.qualifications.map((q) => ({
      qualificationTypeId: q.qualificationTypeId,
      levelId: q.levelId,
      certificateNo: q.certificateNo,
      issuer: q.issuer,
      validFrom: q.validFrom,
      validUntil: q.validUntil,
      ...(q.fileId ? { fileId: q.fileId } : {}),
    })),
    practitioners: org.practitioners.map(({ name, certificateType, certificateNo }) => ({ name, certificateType, certificateNo })),
    feeStandard: org.profile.feeStandard,
    commitment: org.profile.commitment,
  }
}

async function assertReferences(tx: Tx, organisationId: string, input: AgencyApplicationInput) {
  const types = await tx
    .select({ id: serviceTypes.id })
    .from(serviceTypes)
    .where(and(inArray(serviceTypes.id, input.serviceTypeIds), eq(serviceTypes.active, true)))
  if (types.length !== new Set(input.serviceTypeIds).size) throw new RuleViolation('validation.choose', {}, 'serviceTypeIds')
  for (const [i, q] of input.qualifications.entries()) {
    const [level] = await tx
      .select({ id: qualificationLevels.id })
      .from(qualificationLevels)
      .where(and(eq(qualificationLevels.id, q.levelId), eq(qualificationLevels.qualificationTypeId, q.qualificationTypeId)))
    if (!level) throw new RuleViolation('agency.validation.levelMismatch', {}, `qualifications[${i}].levelId`)
    if (q.fileId) {
      const [file] = await tx
        .select({ id: storedFiles.id })
        .from(storedFiles)
        .where(and(eq(storedFiles.id, q.fileId), eq(storedFiles.organisationId, organisationId)))
      if (!file) throw new RuleViolation('validation.choose', {}, `qualifications[${i}].fileId`)
    }
  }
}

/** Saves the agency's application as a draft (a new one, or the open/rejected one edited). */
export async function saveApplication(db: Db, user: SessionUser, input: AgencyApplicationInput) {
  return db.transaction(async (tx) => {
    const agency = await loadAgency(tx, user.organisationId, true)
    const latest = await currentApplication(tx, user.organisationId)
    // What the agency needs now: an active one changes its data, anyone else applies to enter.
    const kind = neededKind(agency.org.status)
    const open = continuedApplication(latest, kind)
    enforce(decide('edit', await facts(tx, user, agency, open)))
    await assertReferences(tx, user.organisationId, input)
    const payload = { ...input, serviceTypeIds: [...new Set(input.serviceTypeIds)].sort() } as Record<string, unknown>
    let id: string
    if (open) {
      await tx.update(agencyApplications).set({ payload, status: 'draft', updatedAt: now() }).where(eq(agencyApplications.id, open.id))
      id = open.id
    } else {
      const [row] = await tx
        .insert(agencyApplications)
        .values({ organisationId: user.organisationId, kind, status: 'draft', payload, createdAt: now(), updatedAt: now() })
        .returning({ id: agencyApplications.id })
      id = row.id
    }
    await recordAudit(tx, { actor: actorOf(user), action: 'agency.application.saved', entityType: 'agency_application', entityId: id, payload: { kind, payload } })
    return id
  })
}

export async function submitApplication(db: Db, user: SessionUser) {
  return db.transaction(async (tx) => {
    const agency = await loadAgency(tx, user.organisationId, true)
    const app = await currentApplication(tx, user.organisationId)
    if (!app) throw new Conflict('agency.errors.noApplication')
    enforce(decide('submit', await facts(tx, user, agency, app)))
    const revision = app.revision + 1
    const at = now()
    await tx.update(agencyApplications).set({ status: 'pending', revision, submittedAt: at, updatedAt: at }).where(eq(agencyApplications.id, app.id))
    await tx.insert(agencyApplicationSubmissions).values({ applicationId: app.id, revision, payload: app.payload, submittedAt: at })
    await notifyReviewers(tx, applicationServiceTypes(app.payload), { organisation: agency.org.name, organisationEn: agency.org.nameEn }, `/review/applications/${app.id}`)
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'agency.application.submitted',
      entityType: 'agency_application',
      entityId: app.id,
      payload: { kind: app.kind, revision },
    })
  })
}

export async function withdrawApplication(db: Db, user: SessionUser) {
  return db.transaction(async (tx) => {
    const agency = await loadAgency(tx, user.organisationId, true)
    const app = await currentApplication(tx, user.organisationId)
    enforce(decide('withdraw', await facts(tx, user, agency, app)))
    await tx.update(agencyApplications).set({ status: 'draft', updatedAt: now() }).where(eq(agencyApplications.id, app!.id))
    await recordAudit(tx, { actor: actorOf(user), action: 'agency.application.withdrawn', entityType: 'agency_application', entityId: app!.id, payload: {} })
  })
}

// ── Review ───────────────────────────────────────────────────────────────────

/** Pending applications the reviewer may decide (regulator: its department's service types; admin: all). */
export async function reviewQueue(db: Db, user: SessionUser) {
  const supervised = await supervisedServiceTypeIds(db, user)
  const rows = await db
    .select({ application: agencyApplications, organisation: { id: organisations.id, name: organisations.name, status: organisations.status } })
    .from(agencyApplications)
    .innerJoin(organisations, eq(organisations.id, agencyApplications.organisationId))
    .where(eq(agencyApplications.status, 'pending'))
    .orderBy(agencyApplications.submittedAt)
  return rows.filter((r) => user.role === 'admin' || applicationServiceTypes(r.application.payload).some((id) => supervised.includes(id)))
}

/** One application for a reviewer, with the previous submission (or the live profile) to compare with. */
export async function applicationForReview(db: Db, user: SessionUser, applicationId: string) {
  const [app] = await db.select().from(agencyApplications).where(eq(agencyApplications.id, applicationId))
  if (!app) throw new NotFound()
  const supervised = await supervisedServiceTypeIds(db, user)
  const allowed = user.role === 'admin' || applicationServiceTypes(app.payload).some((id) => supervised.includes(id))
  if (!allowed) throw new NotFound()
  const submissions = await db
    .select()
    .from(agencyApplicationSubmissions)
    .where(eq(agencyApplicationSubmissions.applicationId, app.id))
    .orderBy(desc(agencyApplicationSubmissions.revision))
  const previous = submissions[1]?.payload ?? (app.kind === 'change' ? await livePayload(db, app.organisationId) : null)
  const [organisation] = await db.select().from(organisations).where(eq(organisations.id, app.organisationId))
  return { application: app, organisation, previous: previous as Record<string, unknown> | null, submissions }
}

async function applyPayload(tx: Tx, organisationId: string, payload: AgencyApplicationInput) {
  const at = now()
  // A payload saved before the regions catalogue may hold free text: resolved as migration 0009 did.
  const region = resolveRegion(payload.region)
  await tx
    .update(organisations)
    .set({ name: payload.name, nameEn: payload.nameEn ?? '', regionCode: region.code, regionLegacy: region.legacy })
    .where(eq(organisations.id, organisationId))
  const profile = {
    address: payload.address,
    legalRepresentative: payload.legalRepresentative,
    contactName: payload.contactName,
    contactPhone: payload.contactPhone,
    feeStandard: payload.feeStandard,
    commitment: payload.commitment,
    approvedAt: at,
  }
  await tx.insert(agencyProfiles).values({ organisationId, ...profile }).onConflictDoUpdate({ target: agencyProfiles.organisationId, set: profile })
  await tx.delete(agencyServiceTypes).where(eq(agencyServiceTypes.organisationId, organisationId))
  if (payload.serviceTypeIds.length) {
    await tx.insert(agencyServiceTypes).values(payload.serviceTypeIds.map((serviceTypeId) => ({ organisationId, serviceTypeId })))
  }
  await tx.delete(agencyQualifications).where(eq(agencyQualifications.organisationId, organisationId))
  if (payload.qualifications.length) {
    await tx.insert(agencyQualifications).values(payload.qualifications.map((q) => ({ ...q, fileId: q.fileId ?? null, organisationId, createdAt: at })))
  }
  await tx.delete(agencyPractitioners).where(eq(agencyPractitioners.organisationId, organisationId))
  if (payload.practitioners.length) {
    await tx.insert(agencyPractitioners).values(payload.practitioners.map((p) => ({ ...p, organisationId })))
  }
}

export async function reviewApplication(db: Db, user: SessionUser, applicationId: string, input: ReviewInput) {
  return db.transaction(async (tx) => {
    const [app] = await tx.select().from(agencyApplications).where(eq(agencyApplications.id, applicationId)).for('update')
    if (!app) throw new NotFound()
    const agency = await loadAgency(tx, app.organisationId, true)
    const decision = decide(input.decision, await facts(tx, user, agency, app), { reason: input.reason })
    if (!decision.ok && decision.reason === 'forbidden') throw new NotFound() // do not reveal applications outside one's remit
    enforce(decision)
    const at = now()
    if (input.decision === 'approve') await applyPayload(tx, app.organisationId, app.payload as unknown as AgencyApplicationInput)
    await tx
      .update(agencyApplications)
      .set({ status: decision.applicationStatus!, decidedAt: at, decidedBy: user.id, decisionReason: input.reason || null, updatedAt: at })
      .where(eq(agencyApplications.id, app.id))
    await tx.update(organisations).set({ status: decision.agencyStatus }).where(eq(organisations.id, app.organisationId))
    await tx.insert(agencyRegistryEvents).values({
      organisationId: app.organisationId,
      kind: decision.event!,
      reason: input.reason || null,
      actorUserId: user.id,
      actorOrganisationId: user.organisationId,
      at,
    })
    await notifyAgency(
      tx,
      app.organisationId,
      `notifications.${decision.notify}`,
      { reason: input.reason || '-', kind: app.kind },
      '/agency/application',
    )
    await recordAudit(tx, {
      actor: actorOf(user),
      action: `agency.application.${input.decision === 'approve' ? 'approved' : 'rejected'}`,
      entityType: 'agency_application',
      entityId: app.id,
      payload: { organisationId: app.organisationId, kind: app.kind, revision: app.revision, reason: input.reason || null, agencyStatus: decision.agencyStatus },
    })
  })
}

/** Whether the reviewer may approve and reject this application now (for showing the form; the decision re-checks). */
export async function reviewActions(db: Db, user: SessionUser, applicationId: string) {
  const [app] = await db.select().from(agencyApplications).where(eq(agencyApplications.id, applicationId))
  if (!app) throw new NotFound()
  const f = await facts(db, user, await loadAgency(db, app.organisationId), app)
  return (['approve', 'reject'] as const).filter((a) => decide(a, f, { reason: 'x' }).ok)
}

// ── Status: suspension, exit ─────────────────────────────────────────────────

async function transition(db: Db, user: SessionUser, organisationId: string, action: RegistryAction, reason: string, extra: { category?: ForcedExitInput['category'] } = {}) {
  return db.transaction(async (tx) => {
    const agency = await loadAgency(tx, organisationId, true)
    const decision = decide(action, await facts(tx, user, agency, null), { reason })
    enforce(decision)
    const at = now()
    await tx.update(organisations).set({ status: decision.agencyStatus }).where(eq(organisations.id, organisationId))
    await tx.insert(agencyRegistryEvents).values({ organisationId, kind: decision.event!, reason, actorUserId: user.id, actorOrganisationId: user.organisationId, at })
    let exitRecord: typeof agencyExits.$inferSelect | undefined
    if (decision.event === 'exited') {
      const exitedOn = shanghaiDate(at)
      const forced = action === 'forceExit'
      const cooling = forced ? registryConfig.coolingOffDaysAfterForcedExit : registryConfig.coolingOffDaysAfterVoluntaryExit
      ;[exitRecord] = await tx
        .insert(agencyExits)
        .values({
          organisationId,
          type: forced ? 'forced' : 'voluntary',
          category: forced ? extra.category! : 'voluntary',
          reason,
          exitedOn,
          reentryFrom: addCalendarDays(exitedOn, cooling),
          actorUserId: user.id,
          actorOrganisationId: user.organisationId,
          createdAt: at,
        })
        .returning()
      // An exit closes any open application.
      await tx
        .update(agencyApplications)
        .set({ status: 'rejected', decisionReason: reason, decidedAt: at, updatedAt: at })
        .where(and(eq(agencyApplications.organisationId, organisationId), or(eq(agencyApplications.status, 'draft'), eq(agencyApplications.status, 'pending'))))
    }
    await notifyAgency(tx, organisationId, `notifications.${decision.notify}`, { reason }, '/agency')
    await recordAudit(tx, {
      actor: actorOf(user),
      action: `agency.${action}`,
      entityType: 'organisation',
      entityId: organisationId,
      payload: { reason, from: agency.org.status, to: decision.agencyStatus, ...(exitRecord ? { exit: { id: exitRecord.id, type: exitRecord.type, category: exitRecord.category, reentryFrom: exitRecord.reentryFrom } } : {}) },
    })
    return exitRecord ?? null
  })
}

export function changeStatus(db: Db, user: SessionUser, organisationId: string, input: StatusChangeInput) {
  return transition(db, user, organisationId, input.action, input.reason)
}

export function forceExit(db: Db, user: SessionUser, organisationId: string, input: ForcedExitInput) {
  return transition(db, user, organisationId, 'forceExit', input.reason, { category: input.category })
}

export function exitVoluntarily(db: Db, user: SessionUser, input: VoluntaryExitInput) {
  return transition(db, user, user.organisationId, 'exitVoluntary', input.reason)
}

/** What a regulator or admin may do to an agency now (for showing buttons; the actions re-check). */
export async function allowedStatusActions(db: Db, user: SessionUser, organisationId: string) {
  const agency = await loadAgency(db, organisationId)
  const f = await facts(db, user, agency, null)
  return (['suspend', 'reinstate', 'forceExit'] as const).filter((a) => decide(a, f, { reason: 'x' }).ok)
}

// ── Certificates ─────────────────────────────────────────────────────────────

/** A certificate upload as read from the request: the form, its file part, and whether the body went over the budget. */
export interface CertificateUpload {
  form: FormData
  file: FormDataEntryValue | null
  /** The body was larger than any accepted scan could make it, and was not read. */
  overflow: boolean
}

/**
 * Stores a certificate scan after checking its size and its real type (from its bytes). Nothing
 * is stored on refusal: a body over the budget (413, above the form), no file or a file that
 * fails the checks (422 at the `file` field, with the limit).
 */
export async function uploadCertificate(db: Db, user: SessionUser, upload: Pick<CertificateUpload, 'file' | 'overflow'>) {
  if (user.role !== 'agency') throw new Forbidden()
  const max = registryConfig.maxUploadBytes / 1024 / 1024
  if (upload.overflow) throw new PayloadTooLarge(uploadProblemKeys.tooLarge, { max })
  const file = upload.file
  if (!(file instanceof File)) throw new RuleViolation('agencyApp.upload.noFile', {}, 'file')
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer())
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - PDF_TRAILER_WINDOW)).arrayBuffer())
  const check = checkCertificate({ name: file.name, size: file.size, head, tail })
  if (!check.ok) throw new RuleViolation(uploadProblemKeys[check.problem], { max }, 'file')
  const bytes = new Uint8Array(await file.arrayBuffer())
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(storedFiles)
      .values({
        organisationId: user.organisationId,
        fileName: file.name.slice(0, 200) || 'certificate',
        mimeType: check.mime,
        size: file.size,
        sha256,
        bytes,
        uploadedBy: user.id,
        createdAt: now(),
      })
      .returning({ id: storedFiles.id, sha256: storedFiles.sha256, fileName: storedFiles.fileName, mimeType: storedFiles.mimeType, size: storedFiles.size })
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'agency.certificate.uploaded',
      entityType: 'stored_file',
      entityId: row.id,
      payload: { fileName: row.fileName, mimeType: row.mimeType, size: row.size, sha256 },
    })
    return row
  })
}

export async function listCertificates(db: Db, organisationId: string) {
  return db
    .select({ id: storedFiles.id, fileName: storedFiles.fileName, mimeType: storedFiles.mimeType, size: storedFiles.size, sha256: storedFiles.sha256, createdAt: storedFiles.createdAt })
    .from(storedFiles)
    .where(
      and(
        eq(storedFiles.organisationId, organisationId),
        // The agency's delivered reports are the contracts' files, not certificate scans.
        notExists(db.select({ id: contractDeliveries.id }).from(contractDeliveries).where(eq(contractDeliveries.fileId, storedFiles.id))),
      ),
    )
    .orderBy(desc(storedFiles.createdAt))
}

/**
 * A stored file for download: its owner agency, admin, and a regulator whose department
 * supervises the agency — the review screens' remit (registry-lifecycle `supervises`): one of the
 * agency's live service types or of its applications' service types. Anyone else gets the same
 * 404 as for a missing file. A report delivered on a contract is the contract's
 * (`reportDownloadAllowed`).
 */
export async function fileForDownload(db: Db, user: SessionUser, fileId: string) {
  const [file] = await db.select().from(storedFiles).where(eq(storedFiles.id, fileId))
  if (!file) throw new NotFound()
  // A delivered report follows its contract's rule (owner, agency, supervising regulator, admin).
  const report = await reportDownloadAllowed(db, user, file.id)
  if (report !== null) {
    if (report) return file
    throw new NotFound()
  }
  // A complaint's attachment follows the complaint's rule (complainant, target agency, supervising regulator, admin).
  const evidence = await complaintFileAllowed(db, user, file.id)
  if (evidence !== null) {
    if (evidence) return file
    throw new NotFound()
  }
  // A repair application's evidence follows the application's rule (the agency, the regulators who decide it, admin).
  const repair = await repairEvidenceAllowed(db, user, file.id)
  if (repair !== null) {
    if (repair) return file
    throw new NotFound()
  }
  if (file.organisationId === user.organisationId || user.role === 'admin') return file
  if (user.role !== 'regulator') throw new NotFound()
  const [offered, applications, supervised] = await Promise.all([
    db.select({ id: agencyServiceTypes.serviceTypeId }).from(agencyServiceTypes).where(eq(agencyServiceTypes.organisationId, file.organisationId)),
    db.select({ payload: agencyApplications.payload }).from(agencyApplications).where(eq(agencyApplications.organisationId, file.organisationId)),
    supervisedServiceTypeIds(db, user),
  ])
  const serviceTypeIds = [...offered.map((o) => o.id), ...applications.flatMap((a) => applicationServiceTypes(a.payload))]
  const actor = { role: user.role, organisationId: user.organisationId, supervisedServiceTypeIds: supervised }
  if (!supervises(actor, serviceTypeIds)) throw new NotFound()
  return file
}

// ── Eligibility ──────────────────────────────────────────────────────────────

/** Eligibility of one agency for one service type, from the live data (one query, eligibility.server.ts). */
export async function agencyEligibility(db: Db, organisationId: string, serviceTypeId: string, maxLevelRank?: number): Promise<Eligibility> {
  const result = (await agenciesEligibility(db, [organisationId], serviceTypeId, { rank: maxLevelRank })).get(organisationId)
  if (!result) throw new NotFound()
  return result
}

