/**
 * Credit repair's database work (信用修复, issue 14 §4; the rules are in repair-rules.ts).
 *
 * Every change of an agency's repair applications runs under its `agency_credit` row lock (the
 * lock `recordCreditEvent` takes), so two applications for one event, or two decisions of one
 * application, take turns and the second sees what the first wrote: one pending application per
 * event, one compensating event per grant. The partial unique indexes of `repair_applications`
 * say the same at the database.
 *
 * - `applyForRepair`: the agency, for its own eligible event, with text and one evidence file
 *   (checked like a certificate scan); `addEvidence` adds more files while pending.
 * - `withdrawRepair`: the agency, while pending.
 * - `decideRepairApplication`: a regulator of the event's remit grants (a `repair` ledger event of
 *   the opposite points, fact key `repair:<id>`) or refuses, with reasons.
 * - views for the agency and the regulator, and `repairQueue` for the workspace.
 */
import { createHash } from 'node:crypto'
import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  agencyCredit,
  agencyServiceTypes,
  blacklistEntries,
  creditEvents,
  needs,
  organisations,
  repairApplications,
  repairEvidence,
  serviceTypes,
  storedFiles,
} from '#db/schema'
import { checkCertificate, PDF_TRAILER_WINDOW, uploadProblemKeys } from '~/domain/agencies/uploads'
import { isUuid } from '~/domain/agencies/directory.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import type { WorkingDayCalendar } from '~/domain/calendar/types'
import { registryConfig, repairConfig } from '~/domain/config'
import { addCalendarDays, shanghaiDate, type CalendarDate } from '~/domain/dates'
import { Conflict, Forbidden, NotFound, PayloadTooLarge, RuleViolation } from '~/domain/errors'
import { now } from '~/domain/now'
import type { QueueItem } from '~/domain/workspace/queue'
import { recordAudit } from '~/utils/audit.server'
import { actorOf, type SessionUser } from '~/utils/auth.server'
import { notifyMany } from '~/utils/notifications.server'
import type { RepairApplicationInput, RepairDecisionInput } from './action-schemas'
import { agencyCreditLedger } from './credit-views.server'
import { recordCreditEvent } from './ledger.server'
import { agenciesInRemit, agencyInRemit, departmentRegulatorIds, needInRemit, organisationUserIds } from './remit.server'
import {
  decideRepair,
  repairEligibility,
  type RepairAction,
  type RepairEffect,
  type RepairEligibility,
  type RepairStatus,
} from './repair-rules'

type Tx = Db
type EventRow = typeof creditEvents.$inferSelect
type ApplicationRow = typeof repairApplications.$inferSelect

/** The working-day sum, or (outside the calendar's years) the same span in calendar days at 7 per 5 working days. */
function addWorkingDaysOr(calendar: WorkingDayCalendar, start: CalendarDate, n: number): CalendarDate {
  try {
    return calendar.addWorkingDays(start, n)
  } catch {
    return addCalendarDays(start, Math.ceil((n * 7) / 5))
  }
}

/** The first day the agency may apply to repair an event of `onDate`. */
export const earliestRepairOn = (calendar: WorkingDayCalendar, onDate: CalendarDate) =>
  addWorkingDaysOr(calendar, onDate, repairConfig.waitWorkingDays)

/** Locks the agency's credit row (it exists once the agency has an event): its repairs take turns. */
async function lockAgency(tx: Tx, agencyId: string) {
  await tx
    .select({ id: agencyCredit.agencyOrganisationId })
    .from(agencyCredit)
    .where(eq(agencyCredit.agencyOrganisationId, agencyId))
    .for('update')
}

async function hasBlacklistInForce(tx: Tx, agencyId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: blacklistEntries.id })
    .from(blacklistEntries)
    .where(and(eq(blacklistEntries.agencyOrganisationId, agencyId), eq(blacklistEntries.status, 'in_force')))
    .limit(1)
  return Boolean(row)
}

/** The repair state of each of an agency's events: pending and granted applications. */
async function applicationStates(tx: Tx, agencyId: string) {
  const rows = await tx
    .select({ creditEventId: repairApplications.creditEventId, status: repairApplications.status })
    .from(repairApplications)
    .where(
      and(
        eq(repairApplications.agencyOrganisationId, agencyId),
        inArray(repairApplications.status, ['pending', 'granted']),
      ),
    )
  return {
    pending: new Set(rows.filter((r) => r.status === 'pending').map((r) => r.creditEventId)),
    granted: new Set(rows.filter((r) => r.status === 'granted').map((r) => r.creditEventId)),
  }
}

function eligibilityOf(
  event: Pick<EventRow, 'id' | 'kind' | 'points' | 'onDate'>,
  states: Awaited<ReturnType<typeof applicationStates>>,
  blacklisted: boolean,
  calendar: WorkingDayCalendar,
  today: CalendarDate,
): RepairEligibility {
  return repairEligibility({
    event,
    repaired: states.granted.has(event.id),
    pending: states.pending.has(event.id),
    blacklisted,
    today,
    earliestOn: earliestRepairOn(calendar, event.onDate),
  })
}

function refusedEligibility(e: Exclude<RepairEligibility, { ok: true }>): never {
  throw new RuleViolation(`creditActions.ineligible.${e.reason}`, e.earliestOn ? { date: e.earliestOn } : {})
}

// ── The agency's side ────────────────────────────────────────────────────────

/** An evidence file as the route read it (multipart, against the certificate budget). */
export interface EvidenceUpload {
  file: FormDataEntryValue | null
  overflow: boolean
}

/** The checks of a certificate scan (PDF, JPEG or PNG by content, size, name): 413 over budget, 422 at `file`. */
async function readEvidence(upload: EvidenceUpload) {
  const max = registryConfig.maxUploadBytes / 1024 / 1024
  if (upload.overflow) throw new PayloadTooLarge(uploadProblemKeys.tooLarge, { max })
  const file = upload.file
  if (!(file instanceof File) || (file.size === 0 && file.name === ''))
    throw new RuleViolation('creditActions.validation.evidenceRequired', {}, 'file')
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer())
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - PDF_TRAILER_WINDOW)).arrayBuffer())
  const check = checkCertificate({ name: file.name, size: file.size, head, tail })
  if (!check.ok) throw new RuleViolation(uploadProblemKeys[check.problem], { max }, 'file')
  const bytes = new Uint8Array(await file.arrayBuffer())
  return { name: file.name.slice(0, 200) || 'evidence', mime: check.mime, size: file.size, bytes }
}

async function storeEvidence(tx: Tx, user: SessionUser, applicationId: string, evidence: Awaited<ReturnType<typeof readEvidence>>) {
  const sha256 = createHash('sha256').update(evidence.bytes).digest('hex')
  const [file] = await tx
    .insert(storedFiles)
    .values({
      organisationId: user.organisationId,
      fileName: evidence.name,
      mimeType: evidence.mime,
      size: evidence.size,
      sha256,
      bytes: evidence.bytes,
      uploadedBy: user.id,
      createdAt: now(),
    })
    .returning({ id: storedFiles.id })
  await tx.insert(repairEvidence).values({ applicationId, fileId: file.id })
  return { fileId: file.id, sha256 }
}

/** The agency's own event (404 for another agency's or a forged id). */
async function ownEvent(tx: Tx, user: SessionUser, eventId: string): Promise<EventRow> {
  const id = Number(eventId)
  if (!/^[1-9][0-9]{0,15}$/.test(eventId) || !Number.isSafeInteger(id)) throw new NotFound()
  const [event] = await tx.select().from(creditEvents).where(eq(creditEvents.id, id))
  if (!event || event.agencyOrganisationId !== user.organisationId) throw new NotFound()
  return event
}

/** The regulators who decide an event's repair: the department of its need's service type, else those supervising the agency. */
async function deciderDepartments(tx: Tx, event: Pick<EventRow, 'needId' | 'agencyOrganisationId'>): Promise<string[]> {
  if (event.needId) {
    const [row] = await tx
      .select({ departmentId: serviceTypes.departmentId })
      .from(needs)
      .innerJoin(serviceTypes, eq(serviceTypes.id, needs.serviceTypeId))
      .where(eq(needs.id, event.needId))
    return row ? [row.departmentId] : []
  }
  const rows = await tx
    .selectDistinct({ departmentId: serviceTypes.departmentId })
    .from(agencyServiceTypes)
    .innerJoin(serviceTypes, eq(serviceTypes.id, agencyServiceTypes.serviceTypeId))
    .where(eq(agencyServiceTypes.organisationId, event.agencyOrganisationId))
  return rows.map((r) => r.departmentId)
}

export async function applyForRepair(
  db: Db,
  user: SessionUser,
  eventId: string,
  input: RepairApplicationInput,
  upload: EvidenceUpload,
): Promise<{ applicationId: string }> {
  if (user.role !== 'agency') throw new Forbidden()
  // The event first (a forged or foreign id is 404 before the file is judged), then the file.
  await ownEvent(db, user, eventId)
  const evidence = await readEvidence(upload)
  return db.transaction(async (tx) => {
    await lockAgency(tx, user.organisationId)
    const event = await ownEvent(tx, user, eventId)
    const calendar = await getCalendar(tx)
    const today = shanghaiDate(now())
    const eligibility = eligibilityOf(
      event,
      await applicationStates(tx, user.organisationId),
      await hasBlacklistInForce(tx, user.organisationId),
      calendar,
      today,
    )
    if (!eligibility.ok) refusedEligibility(eligibility)
    const at = now()
    const [application] = await tx
      .insert(repairApplications)
      .values({
        agencyOrganisationId: user.organisationId,
        creditEventId: event.id,
        status: 'pending',
        text: input.text,
        filedByUserId: user.id,
        filedAt: at,
        decideBy: addWorkingDaysOr(calendar, today, repairConfig.decisionWorkingDays),
      })
      .returning()
    const stored = await storeEvidence(tx, user, application.id, evidence)
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'credit.repair_applied',
      entityType: 'repair_application',
      entityId: application.id,
      payload: { creditEventId: event.id, kind: event.kind, points: event.points, evidence: [stored] },
    })
    await notifyMany(
      tx,
      await departmentRegulatorIds(tx, await deciderDepartments(tx, event)),
      'creditActions.notify.repairApplied',
      {},
      `/regulator/repairs/${application.id}`,
    )
    return { applicationId: application.id }
  })
}

async function lockedApplication(tx: Tx, applicationId: string): Promise<ApplicationRow> {
  if (!isUuid(applicationId)) throw new NotFound()
  const [found] = await tx.select().from(repairApplications).where(eq(repairApplications.id, applicationId))
  if (!found) throw new NotFound()
  await lockAgency(tx, found.agencyOrganisationId)
  const [row] = await tx.select().from(repairApplications).where(eq(repairApplications.id, applicationId)).for('update')
  return row
}

/** More evidence for a pending application (up to repairConfig.maxEvidenceFiles). */
export async function addEvidence(db: Db, user: SessionUser, applicationId: string, upload: EvidenceUpload) {
  if (user.role !== 'agency') throw new Forbidden()
  const evidence = await readEvidence(upload)
  await db.transaction(async (tx) => {
    const application = await lockedApplication(tx, applicationId)
    if (application.agencyOrganisationId !== user.organisationId) throw new NotFound()
    if (application.status !== 'pending') throw new Conflict('creditActions.refusals.notPending')
    const files = await tx.select().from(repairEvidence).where(eq(repairEvidence.applicationId, application.id))
    if (files.length >= repairConfig.maxEvidenceFiles)
      throw new RuleViolation('creditActions.validation.tooManyFiles', { max: repairConfig.maxEvidenceFiles }, 'file')
    const stored = await storeEvidence(tx, user, application.id, evidence)
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'credit.repair_evidence_added',
      entityType: 'repair_application',
      entityId: application.id,
      payload: stored,
    })
  })
}

// ── Decisions (one place applies their effects) ─────────────────────────────

async function applyRepairDecision(
  tx: Tx,
  user: SessionUser,
  application: ApplicationRow,
  event: EventRow,
  effects: readonly RepairEffect[],
  reasons: string | null,
) {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'compensate':
        await recordCreditEvent(tx, {
          agencyId: application.agencyOrganisationId,
          kind: 'repair',
          repairedPoints: event.points,
          factKey: `repair:${application.id}`,
          onDate: shanghaiDate(now()),
          reason: reasons,
          actorUserId: user.id,
          needId: event.needId,
          contractId: event.contractId,
        })
        break
      case 'notifyAgency':
        await notifyMany(
          tx,
          await organisationUserIds(tx, application.agencyOrganisationId),
          effect.messageKey,
          {},
          '/agency/credit',
        )
        break
      case 'notifyRegulators':
        await notifyMany(
          tx,
          await departmentRegulatorIds(tx, await deciderDepartments(tx, event)),
          effect.messageKey,
          {},
          `/regulator/repairs/${application.id}`,
        )
        break
      default: {
        const unknown: never = effect
        throw new Error(`unknown repair effect ${JSON.stringify(unknown)}`)
      }
    }
  }
}

/** Moves a pending application (conditional on `pending`, under the agency's lock) and applies the decision's effects. */
async function moveApplication(
  tx: Tx,
  user: SessionUser,
  application: ApplicationRow,
  action: RepairAction,
  reasons: string | null,
) {
  const decision = decideRepair(application.status as RepairStatus, action, user.role === 'agency' ? 'agency' : 'regulator')
  if (!decision.ok) {
    if (decision.refusal === 'forbidden') throw new Forbidden()
    throw new Conflict(`creditActions.refusals.${decision.refusal}`)
  }
  const at = now()
  const moved = await tx
    .update(repairApplications)
    .set(
      decision.status === 'withdrawn'
        ? { status: 'withdrawn', withdrawnAt: at }
        : { status: decision.status, decidedByUserId: user.id, decidedAt: at, decisionReasons: reasons },
    )
    .where(and(eq(repairApplications.id, application.id), eq(repairApplications.status, 'pending')))
    .returning({ id: repairApplications.id })
  if (moved.length === 0) throw new Conflict('creditActions.refusals.notPending')
  const [event] = await tx.select().from(creditEvents).where(eq(creditEvents.id, application.creditEventId))
  await applyRepairDecision(tx, user, application, event, decision.effects, reasons)
  await recordAudit(tx, {
    actor: actorOf(user),
    action:
      decision.status === 'granted'
        ? 'credit.repair_granted'
        : decision.status === 'refused'
          ? 'credit.repair_refused'
          : 'credit.repair_withdrawn',
    entityType: 'repair_application',
    entityId: application.id,
    payload: { creditEventId: event.id, reasons },
  })
  return decision.status
}

export async function withdrawRepair(db: Db, user: SessionUser, applicationId: string): Promise<void> {
  if (user.role !== 'agency') throw new Forbidden()
  await db.transaction(async (tx) => {
    const application = await lockedApplication(tx, applicationId)
    if (application.agencyOrganisationId !== user.organisationId) throw new NotFound()
    await moveApplication(tx, user, application, 'withdraw', null)
  })
}

/** Whether the regulator decides this application's event (see repair-rules.ts "Who decides"). */
async function decidesEvent(tx: Tx, user: SessionUser, event: Pick<EventRow, 'needId' | 'agencyOrganisationId'>) {
  if (user.role !== 'regulator') return false
  if (event.needId) return needInRemit(tx, user, event.needId)
  return Boolean(await agencyInRemit(tx, user, event.agencyOrganisationId))
}

export async function decideRepairApplication(
  db: Db,
  user: SessionUser,
  applicationId: string,
  input: RepairDecisionInput,
): Promise<RepairStatus> {
  if (user.role !== 'regulator') throw new Forbidden()
  return db.transaction(async (tx) => {
    const application = await lockedApplication(tx, applicationId)
    const [event] = await tx.select().from(creditEvents).where(eq(creditEvents.id, application.creditEventId))
    if (!(await decidesEvent(tx, user, event))) throw new NotFound()
    return moveApplication(tx, user, application, input.decision, input.reasons)
  })
}

// ── Views ────────────────────────────────────────────────────────────────────

async function applicationRows(db: Db, where: ReturnType<typeof eq> | undefined) {
  return db
    .select({
      application: repairApplications,
      event: creditEvents,
      agencyName: organisations.name,
      agencyNameEn: organisations.nameEn,
      departmentId: serviceTypes.departmentId,
    })
    .from(repairApplications)
    .innerJoin(creditEvents, eq(creditEvents.id, repairApplications.creditEventId))
    .innerJoin(organisations, eq(organisations.id, repairApplications.agencyOrganisationId))
    .leftJoin(needs, eq(needs.id, creditEvents.needId))
    .leftJoin(serviceTypes, eq(serviceTypes.id, needs.serviceTypeId))
    .where(where)
    .orderBy(desc(repairApplications.filedAt), asc(repairApplications.id))
}

type ApplicationView = ReturnType<typeof applicationView>

function applicationView(r: Awaited<ReturnType<typeof applicationRows>>[number]) {
  const a = r.application
  return {
    id: a.id,
    agency: { id: a.agencyOrganisationId, name: r.agencyName, nameEn: r.agencyNameEn },
    event: { id: r.event.id, kind: r.event.kind, points: r.event.points, onDate: r.event.onDate, reason: r.event.reason },
    status: a.status,
    text: a.text,
    filedAt: a.filedAt.toISOString(),
    decideBy: a.decideBy,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decisionReasons: a.decisionReasons,
    withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
  }
}

/** The agency's credit page: its ledger, whether (or why not) each event may be repaired, and its applications. */
export async function agencyCreditActions(db: Db, user: SessionUser) {
  if (user.role !== 'agency') throw new Forbidden()
  const agencyId = user.organisationId
  const today = shanghaiDate(now())
  const [ledger, states, blacklisted, calendar, applications] = await Promise.all([
    agencyCreditLedger(db, agencyId),
    applicationStates(db, agencyId),
    hasBlacklistInForce(db, agencyId),
    getCalendar(db),
    applicationRows(db, eq(repairApplications.agencyOrganisationId, agencyId)),
  ])
  const repair = Object.fromEntries(
    ledger.events.map((e) => [e.id, eligibilityOf(e, states, blacklisted, calendar, today)]),
  ) as Record<number, RepairEligibility>
  return { ledger, repair, applications: applications.map(applicationView), today }
}

/** One of the agency's events, for the application form (404 if not its own). */
export async function repairFormFor(db: Db, user: SessionUser, eventId: string) {
  if (user.role !== 'agency') throw new Forbidden()
  const event = await ownEvent(db, user, eventId)
  const [states, blacklisted, calendar] = await Promise.all([
    applicationStates(db, user.organisationId),
    hasBlacklistInForce(db, user.organisationId),
    getCalendar(db),
  ])
  return {
    event: { id: event.id, kind: event.kind, points: event.points, onDate: event.onDate, reason: event.reason },
    eligibility: eligibilityOf(event, states, blacklisted, calendar, shanghaiDate(now())),
    maxUploadMb: registryConfig.maxUploadBytes / 1024 / 1024,
  }
}

/** The applications a regulator decides (see "Who decides"), pending first. */
export async function regulatorRepairs(db: Db, user: SessionUser): Promise<ApplicationView[]> {
  if (user.role !== 'regulator') throw new Forbidden()
  const [rows, agencies] = await Promise.all([applicationRows(db, undefined), agenciesInRemit(db, user)])
  const inRemit = new Set(agencies.map((a) => a.id))
  const mine = rows
    .filter((r) => (r.event.needId ? r.departmentId === user.departmentId : inRemit.has(r.event.agencyOrganisationId)))
    .map(applicationView)
  return [...mine.filter((a) => a.status === 'pending'), ...mine.filter((a) => a.status !== 'pending')]
}

/** One application with its evidence files, for the agency that filed it or a regulator who decides it (else 404). */
export async function repairApplicationView(db: Db, user: SessionUser, applicationId: string) {
  if (!isUuid(applicationId)) throw new NotFound()
  const [row] = await applicationRows(db, eq(repairApplications.id, applicationId))
  if (!row) throw new NotFound()
  const mayRead =
    user.role === 'agency'
      ? row.application.agencyOrganisationId === user.organisationId
      : await decidesEvent(db, user, row.event)
  if (!mayRead) throw new NotFound()
  const files = await db
    .select({ id: storedFiles.id, fileName: storedFiles.fileName, size: storedFiles.size, sha256: storedFiles.sha256 })
    .from(repairEvidence)
    .innerJoin(storedFiles, eq(storedFiles.id, repairEvidence.fileId))
    .where(eq(repairEvidence.applicationId, applicationId))
    .orderBy(asc(storedFiles.createdAt))
  return { ...applicationView(row), files, maxFiles: repairConfig.maxEvidenceFiles }
}

/**
 * Who may download a repair application's evidence file (files.$id through `fileForDownload`):
 * null when the file is not repair evidence; else the agency that filed it, the admin office, and
 * a regulator who decides the application's event — the same rule as `repairApplicationView`, so
 * the deciding regulator reads the evidence even when the agency no longer offers the service type
 * of the event's need.
 */
export async function repairEvidenceAllowed(db: Db, user: SessionUser, fileId: string): Promise<boolean | null> {
  const rows = await db
    .select({ agencyId: repairApplications.agencyOrganisationId, eventId: repairApplications.creditEventId })
    .from(repairEvidence)
    .innerJoin(repairApplications, eq(repairApplications.id, repairEvidence.applicationId))
    .where(eq(repairEvidence.fileId, fileId))
  if (rows.length === 0) return null
  if (user.role === 'admin') return true
  for (const row of rows) {
    if (user.role === 'agency' && row.agencyId === user.organisationId) return true
    if (user.role !== 'regulator') continue
    const [event] = await db
      .select({ needId: creditEvents.needId, agencyOrganisationId: creditEvents.agencyOrganisationId })
      .from(creditEvents)
      .where(eq(creditEvents.id, row.eventId))
    if (event && (await decidesEvent(db, user, event))) return true
  }
  return false
}

/**
 * The workspace queue of repair applications (issue 14 §6): the pending applications the
 * regulator decides, each due by its decision date (repairConfig.decisionWorkingDays after filing).
 */
export async function repairQueue(db: Db, user: SessionUser): Promise<QueueItem[]> {
  if (user.role !== 'regulator') return []
  const en = user.locale === 'en'
  return (await regulatorRepairs(db, user))
    .filter((a) => a.status === 'pending')
    .map((a) => ({
      kind: 'repair' as const,
      id: a.id,
      subject: en && a.agency.nameEn ? a.agency.nameEn : a.agency.name,
      dueActionKey: 'creditActions.queue.decide',
      dueOn: a.decideBy,
      href: `/regulator/repairs/${a.id}`,
    }))
}
