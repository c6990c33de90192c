/**
 * Complaints' database work (SPEC §8, issue 14 §5).
 *
 * Filing (`fileComplaint`): an owner about the agency of its own contract, or about a need's
 * procedure — the need's owner, or an agency that bid on it (optionally naming an agency whose
 * part the caller may see: the owner any bidder once the window closed, an agency the selected
 * winners). It goes to the regulators supervising the need's service type, with the answer's
 * deadlines computed on the working-day calendar. A forged or foreign contract/need is 404, a
 * party that may not file this kind 403; bad input is a field error; nothing is written then.
 *
 * Every later step goes through `actOnComplaint`: one transaction that locks the complaint row,
 * decides who the caller is to it (complainant, supervising regulator, target agency; anyone
 * else 404), asks `decideComplaint` (complaint-rules.ts) and hands an allowed decision to
 * `applyComplaintDecision` — the one place its effects are carried out (the guarded state
 * change, the credit event, the blacklisting, notices, audit).
 */
import { createHash } from 'node:crypto'
import { and, asc, desc, eq, inArray, isNotNull, or, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '#db/client.server'
import {
  bids,
  complaintFiles,
  complaints,
  contracts,
  needs,
  organisations,
  selectionRounds,
  serviceTypes,
  storedFiles,
  users,
} from '#db/schema'
import {
  checkCertificate,
  PDF_TRAILER_WINDOW,
  uploadProblemKeys,
  type AcceptedMime,
  type UploadProblem,
} from '~/domain/agencies/uploads'
import { listAgencyIn } from '~/domain/blacklist/blacklist.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { complaintConfig } from '~/domain/config'
import { recordCreditEvent } from '~/domain/credit/ledger.server'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import { Conflict, Forbidden, NotFound, RuleViolation } from '~/domain/errors'
import { readNeed, supervisedServiceTypeIds, UUID } from '~/domain/needs/need-access.server'
import { now } from '~/domain/now'
import type { QueueItem } from '~/domain/workspace/queue'
import { recordAudit, type Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { notifyMany } from '~/utils/notifications.server'
import {
  complaintDeadlines,
  decideComplaint,
  isComplaintOverdue,
  nextDue,
  type ComplaintAction,
  type ComplaintActor,
  type ComplaintDecision,
  type ComplaintRecipient,
  type ComplaintRefusal,
  type ComplaintStatus,
} from './complaint-rules'
import { listingOf, type FileComplaintInput, type UpholdInput } from './schemas'

type Tx = Db
type ComplaintRow = typeof complaints.$inferSelect

const actorOf = (user: SessionUser): Actor => ({ userId: user.id, organisationId: user.organisationId })
const recordPath = (id: string) => `/complaints/${id}`

/** An attachment as the route read it: its file part, and whether the body went over the budget. */
export interface ComplaintUpload {
  file: FormDataEntryValue | null
  overflow: boolean
}

// ── Who is who ───────────────────────────────────────────────────────────────

async function activeUserIds(tx: Tx, organisationId: string | null): Promise<string[]> {
  if (!organisationId) return []
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true)))
  return rows.map((r) => r.id)
}

/** The active regulators of the department supervising the service type. */
async function supervisingRegulatorIds(tx: Tx, serviceTypeId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .innerJoin(serviceTypes, eq(serviceTypes.departmentId, organisations.departmentId))
    .where(and(eq(serviceTypes.id, serviceTypeId), eq(users.role, 'regulator'), eq(users.active, true)))
  return rows.map((r) => r.id)
}

/** Who the caller is to the complaint; NotFound for anyone who may not see it. */
async function viewerOf(
  tx: Tx,
  user: SessionUser,
  complaint: Pick<ComplaintRow, 'complainantOrganisationId' | 'targetAgencyOrganisationId'>,
  serviceTypeId: string,
): Promise<ComplaintActor> {
  if ((user.role === 'owner' || user.role === 'agency') && complaint.complainantOrganisationId === user.organisationId)
    return 'complainant'
  if (user.role === 'agency' && complaint.targetAgencyOrganisationId === user.organisationId) return 'target'
  if (user.role === 'regulator' && (await supervisedServiceTypeIds(tx, user)).includes(serviceTypeId))
    return 'regulator'
  throw new NotFound()
}

// ── Filing ───────────────────────────────────────────────────────────────────

/**
 * The agencies a complainant may name in a complaint about a need's procedure, without seeing
 * more than the sealed-bid rule lets it: none while the window is open or after a cancellation
 * before it closed; the owner, once the bids are unsealed, any bidder; an agency, the selected
 * winners of the need's rounds (published with the result) — never itself.
 */
async function nameableAgencies(tx: Tx, user: SessionUser, need: typeof needs.$inferSelect): Promise<string[]> {
  if (need.state === 'draft' || need.state === 'open') return []
  if (need.state === 'cancelled') {
    const [round] = await tx
      .select({ id: selectionRounds.id })
      .from(selectionRounds)
      .where(eq(selectionRounds.needId, need.id))
      .limit(1)
    if (!round) return []
  }
  if (user.role === 'owner') {
    const rows = await tx.selectDistinct({ id: bids.agencyOrganisationId }).from(bids).where(eq(bids.needId, need.id))
    return rows.map((r) => r.id)
  }
  const rows = await tx
    .selectDistinct({ id: bids.agencyOrganisationId })
    .from(selectionRounds)
    .innerJoin(bids, eq(bids.id, selectionRounds.chosenBidId))
    .where(and(eq(selectionRounds.needId, need.id), isNotNull(selectionRounds.chosenBidId)))
  return rows.map((r) => r.id).filter((id) => id !== user.organisationId)
}

interface FilingSubject {
  subject: 'contract' | 'need'
  need: typeof needs.$inferSelect
  contractId: string | null
  /** The agency complained about: the contract's agency; for a need, only one the caller may name. */
  targetAgencyId: string | null
  /** For a need: the agencies the caller may name. */
  nameable: string[]
}

/** The subject of a complaint `user` may file, or the refusal: 404 for what it has no part in, 403 for a role that may not file it. */
async function filingSubject(
  tx: Tx,
  user: SessionUser,
  ref: { contractId?: string; needId?: string },
): Promise<FilingSubject> {
  if (user.role !== 'owner' && user.role !== 'agency') throw new Forbidden()
  if (ref.contractId !== undefined) {
    if (!UUID.test(ref.contractId)) throw new NotFound()
    const [contract] = await tx.select().from(contracts).where(eq(contracts.id, ref.contractId))
    if (!contract) throw new NotFound()
    // The contract's agency sees its contract but may not complain about its own conduct here.
    if (user.role === 'agency' && contract.agencyOrganisationId === user.organisationId) throw new Forbidden()
    if (user.role !== 'owner' || contract.ownerOrganisationId !== user.organisationId) throw new NotFound()
    const need = await readNeed(tx, contract.needId)
    return {
      subject: 'contract',
      need,
      contractId: contract.id,
      targetAgencyId: contract.agencyOrganisationId,
      nameable: [],
    }
  }
  const need = await readNeed(tx, ref.needId ?? '')
  if (user.role === 'owner') {
    if (need.ownerOrganisationId !== user.organisationId) throw new NotFound()
  } else {
    const [bid] = await tx
      .select({ id: bids.id })
      .from(bids)
      .where(and(eq(bids.needId, need.id), eq(bids.agencyOrganisationId, user.organisationId)))
      .limit(1)
    if (!bid) throw new NotFound()
  }
  if (need.state === 'draft') throw new Conflict('complaints.errors.needNotPublished')
  return {
    subject: 'need',
    need,
    contractId: null,
    targetAgencyId: null,
    nameable: await nameableAgencies(tx, user, need),
  }
}

type ReadAttachment =
  | { file: null; problem: null }
  | { file: null; problem: UploadProblem }
  | { file: File; mime: AcceptedMime; problem: null }

/** The optional attachment judged: none given (an empty file part is none), or a refusal, or the file with its real type. */
async function readAttachment(upload: ComplaintUpload | undefined): Promise<ReadAttachment> {
  if (upload?.overflow) return { file: null, problem: 'tooLarge' }
  const file = upload?.file
  if (!(file instanceof File) || (file.size === 0 && !file.name)) return { file: null, problem: null }
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer())
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - PDF_TRAILER_WINDOW)).arrayBuffer())
  const check = checkCertificate({ name: file.name, size: file.size, head, tail })
  return check.ok ? { file, mime: check.mime, problem: null } : { file: null, problem: check.problem }
}

/**
 * Files a complaint (one transaction): the subject checked for the caller, the named agency
 * checked, the attachment judged (a PDF, JPEG or PNG by its content, at most
 * `complaintConfig.maxAttachmentBytes`) and stored for the complainant, the deadlines computed,
 * the regulators and the agency complained about told, the audit event appended.
 */
export async function fileComplaint(
  db: Db,
  user: SessionUser,
  input: FileComplaintInput,
  upload?: ComplaintUpload,
): Promise<{ complaintId: string }> {
  if (user.role !== 'owner' && user.role !== 'agency') throw new Forbidden()
  const attachment = await readAttachment(upload)
  return db.transaction(async (tx) => {
    const subject = await filingSubject(tx, user, input)
    let target = subject.targetAgencyId
    if (subject.subject === 'need' && input.targetAgencyId !== undefined) {
      if (!subject.nameable.includes(input.targetAgencyId.toLowerCase()))
        throw new RuleViolation('complaints.validation.target', {}, 'targetAgencyId')
      target = input.targetAgencyId.toLowerCase()
    }
    if (attachment.problem)
      throw new RuleViolation(
        uploadProblemKeys[attachment.problem],
        { max: complaintConfig.maxAttachmentBytes / 1024 / 1024 },
        'file',
      )
    const at = now()
    const filedOn = shanghaiDate(at)
    const calendar = await getCalendar(tx)
    const due = complaintDeadlines(filedOn, (d, n) => calendar.addWorkingDays(d, n), complaintConfig)
    const [row] = await tx
      .insert(complaints)
      .values({
        subject: subject.subject,
        needId: subject.need.id,
        contractId: subject.contractId,
        complainantOrganisationId: user.organisationId,
        filedByUserId: user.id,
        targetAgencyOrganisationId: target,
        text: input.text,
        filedAt: at,
        filedOn,
        ...due,
      })
      .returning({ id: complaints.id })
    let fileId: string | null = null
    if (attachment.file !== null) {
      const bytes = new Uint8Array(await attachment.file.arrayBuffer())
      const [stored] = await tx
        .insert(storedFiles)
        .values({
          organisationId: user.organisationId,
          fileName: attachment.file.name.slice(0, 200),
          mimeType: attachment.mime,
          size: attachment.file.size,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          bytes,
          uploadedBy: user.id,
          createdAt: at,
        })
        .returning({ id: storedFiles.id })
      fileId = stored.id
      await tx.insert(complaintFiles).values({ complaintId: row.id, fileId })
    }
    const params = { title: subject.need.title, answerDueOn: due.answerDueOn }
    await notifyMany(
      tx,
      await supervisingRegulatorIds(tx, subject.need.serviceTypeId),
      'complaints.notify.filed',
      params,
      recordPath(row.id),
    )
    await notifyMany(tx, await activeUserIds(tx, target), 'complaints.notify.filedAboutYou', params, recordPath(row.id))
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'complaint.filed',
      entityType: 'complaint',
      entityId: row.id,
      payload: {
        subject: subject.subject,
        needId: subject.need.id,
        contractId: subject.contractId,
        targetAgencyId: target,
        fileId,
        ...due,
      },
    })
    return { complaintId: row.id }
  })
}

// ── The steps after filing ───────────────────────────────────────────────────

interface ComplaintContext {
  complaint: ComplaintRow
  need: typeof needs.$inferSelect
  viewer: ComplaintActor
}

async function lockComplaint(tx: Tx, user: SessionUser, complaintId: string): Promise<ComplaintContext> {
  if (!UUID.test(complaintId)) throw new NotFound()
  const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, complaintId)).for('update')
  if (!complaint) throw new NotFound()
  const need = await readNeed(tx, complaint.needId)
  const viewer = await viewerOf(tx, user, complaint, need.serviceTypeId)
  return { complaint, need, viewer }
}

function refused(refusal: ComplaintRefusal): never {
  if (refusal === 'notRegulator' || refusal === 'notComplainant') throw new Forbidden(`complaints.refusals.${refusal}`)
  if (refusal === 'reasonsRequired') throw new RuleViolation('complaints.validation.reasonsRequired', {}, 'reasons')
  if (refusal === 'noTargetToBlacklist')
    throw new RuleViolation('complaints.refusals.noTargetToBlacklist', {}, 'blacklist')
  throw new Conflict(`complaints.refusals.${refusal}`)
}

/** What an action brings from its form: the reasons; for an upholding, the blacklisting asked for. */
export type ComplaintActionInput =
  | { kind: 'accept' }
  | { kind: 'reject_invalid'; reasons: string }
  | { kind: 'dismiss'; reasons: string }
  | { kind: 'uphold'; input: UpholdInput }
  | { kind: 'withdraw' }

function actionOf(input: ComplaintActionInput): ComplaintAction {
  if (input.kind === 'uphold') return { kind: 'uphold', reasons: input.input.reasons, blacklist: input.input.blacklist }
  return input
}

export interface AppliedComplaintDecision {
  status: ComplaintStatus
  creditPoints: number | null
  blacklistEntryId: string | null
}

/**
 * Carries out an allowed decision — the ONE place a complaint's effects happen, in the caller's
 * transaction: the guarded state change first (a second racing request finds the state moved
 * and changes nothing), then each effect in the order the decision lists them.
 */
async function applyComplaintDecision(
  tx: Tx,
  user: SessionUser,
  ctx: ComplaintContext,
  input: ComplaintActionInput,
  decision: Extract<ComplaintDecision, { ok: true }>,
): Promise<AppliedComplaintDecision> {
  const { complaint, need } = ctx
  const at = now()
  const reasons = 'reasons' in input ? input.reasons : input.kind === 'uphold' ? input.input.reasons : null
  const patch: Partial<typeof complaints.$inferInsert> =
    decision.next === 'accepted'
      ? { acceptedByUserId: user.id, acceptedAt: at }
      : decision.next === 'withdrawn'
        ? { withdrawnByUserId: user.id, withdrawnAt: at }
        : { decidedByUserId: user.id, decidedAt: at, decisionReasons: reasons }
  const moved = await tx
    .update(complaints)
    .set({ ...patch, status: decision.next })
    .where(and(eq(complaints.id, complaint.id), eq(complaints.status, complaint.status)))
    .returning({ id: complaints.id })
  if (moved.length !== 1) throw new Conflict('complaints.refusals.closed')

  const applied: AppliedComplaintDecision = { status: decision.next, creditPoints: null, blacklistEntryId: null }
  const recipients = async (to: ComplaintRecipient) => {
    switch (to) {
      case 'complainant':
        return activeUserIds(tx, complaint.complainantOrganisationId)
      case 'target':
        return activeUserIds(tx, complaint.targetAgencyOrganisationId)
      case 'regulators':
        return supervisingRegulatorIds(tx, need.serviceTypeId)
    }
  }
  for (const effect of decision.effects) {
    switch (effect.kind) {
      case 'credit': {
        if (!complaint.targetAgencyOrganisationId) throw new Error('complaint credit without an agency')
        applied.creditPoints = await recordCreditEvent(tx, {
          agencyId: complaint.targetAgencyOrganisationId,
          kind: 'complaint_upheld',
          factKey: `complaint:${complaint.id}`,
          onDate: shanghaiDate(at),
          reason: reasons,
          actorUserId: user.id,
          contractId: complaint.contractId,
          needId: complaint.needId,
        })
        break
      }
      case 'blacklist': {
        if (input.kind !== 'uphold' || !complaint.targetAgencyOrganisationId)
          throw new Error('complaint blacklisting without an upholding of a complaint about an agency')
        const listing = listingOf(input.input, complaint.targetAgencyOrganisationId)
        if (!listing) throw new Error('complaint blacklisting without its listing')
        const { entryId } = await listAgencyIn(tx, user, listing).catch((error: unknown) => {
          // The agency offers none of the service types this department supervises: the listing is not this regulator's.
          if (error instanceof NotFound)
            throw new RuleViolation('complaints.refusals.agencyOutOfRemit', {}, 'blacklist')
          throw error
        })
        await tx.update(complaints).set({ blacklistEntryId: entryId }).where(eq(complaints.id, complaint.id))
        applied.blacklistEntryId = entryId
        break
      }
      case 'notify':
        await notifyMany(
          tx,
          await recipients(effect.to),
          effect.messageKey,
          { title: need.title },
          recordPath(complaint.id),
        )
        break
      case 'audit':
        await recordAudit(tx, {
          actor: actorOf(user),
          action: effect.action,
          entityType: 'complaint',
          entityId: complaint.id,
          payload: {
            from: complaint.status,
            to: decision.next,
            reasons,
            creditPoints: applied.creditPoints,
            blacklistEntryId: applied.blacklistEntryId,
          },
        })
        break
      default:
        assertNever(effect)
    }
  }
  return applied
}

/** Every step after filing: lock, who is who, decide, apply — one transaction. */
export async function actOnComplaint(
  db: Db,
  user: SessionUser,
  complaintId: string,
  input: ComplaintActionInput,
): Promise<AppliedComplaintDecision> {
  return db.transaction(async (tx) => {
    const ctx = await lockComplaint(tx, user, complaintId)
    const decision = decideComplaint(
      { status: ctx.complaint.status, actor: ctx.viewer, hasTarget: ctx.complaint.targetAgencyOrganisationId !== null },
      actionOf(input),
    )
    if (!decision.ok) refused(decision.refusal)
    return applyComplaintDecision(tx, user, ctx, input, decision)
  })
}

// ── Reads ────────────────────────────────────────────────────────────────────

const complainantOrg = alias(organisations, 'complainant_org')
const targetOrg = alias(organisations, 'target_org')

async function complaintRows(db: Db, where: SQL | undefined) {
  return db
    .select({
      complaint: complaints,
      needTitle: needs.title,
      serviceTypeId: needs.serviceTypeId,
      complainantName: complainantOrg.name,
      complainantNameEn: complainantOrg.nameEn,
      targetName: targetOrg.name,
      targetNameEn: targetOrg.nameEn,
    })
    .from(complaints)
    .innerJoin(needs, eq(needs.id, complaints.needId))
    .innerJoin(complainantOrg, eq(complainantOrg.id, complaints.complainantOrganisationId))
    .leftJoin(targetOrg, eq(targetOrg.id, complaints.targetAgencyOrganisationId))
    .where(where)
    .orderBy(desc(complaints.filedAt), desc(complaints.id))
}

type Row = Awaited<ReturnType<typeof complaintRows>>[number]

const iso = (d: Date | null) => d?.toISOString() ?? null

function summaryOf(r: Row, today: CalendarDate) {
  const c = r.complaint
  return {
    id: c.id,
    subject: c.subject,
    needId: c.needId,
    needTitle: r.needTitle,
    contractId: c.contractId,
    status: c.status,
    filedAt: c.filedAt.toISOString(),
    filedOn: c.filedOn,
    acceptDueOn: c.acceptDueOn,
    answerDueOn: c.answerDueOn,
    due: nextDue(c),
    overdue: isComplaintOverdue(c, today),
    complainant: { id: c.complainantOrganisationId, name: r.complainantName, nameEn: r.complainantNameEn },
    target:
      c.targetAgencyOrganisationId && r.targetName !== null
        ? { id: c.targetAgencyOrganisationId, name: r.targetName, nameEn: r.targetNameEn ?? '' }
        : null,
  }
}
export type ComplaintSummary = ReturnType<typeof summaryOf>

/**
 * The caller's complaints: an owner or agency, those its organisation filed and (an agency)
 * those about it; a regulator, those in its remit, open ones first by due date.
 */
export async function complaintsFor(db: Db, user: SessionUser) {
  const today = shanghaiDate(now())
  if (user.role === 'owner' || user.role === 'agency') {
    const rows = await complaintRows(
      db,
      or(
        eq(complaints.complainantOrganisationId, user.organisationId),
        eq(complaints.targetAgencyOrganisationId, user.organisationId),
      ),
    )
    const all = rows.map((r) => summaryOf(r, today))
    return {
      role: user.role,
      today,
      filed: all.filter((c) => c.complainant.id === user.organisationId),
      about: all.filter((c) => c.target?.id === user.organisationId),
    }
  }
  if (user.role !== 'regulator') throw new Forbidden()
  const remit = await supervisedServiceTypeIds(db, user)
  const rows = remit.length === 0 ? [] : await complaintRows(db, inArray(needs.serviceTypeId, remit))
  const all = rows.map((r) => summaryOf(r, today))
  const open = all
    .filter((c) => c.due !== null)
    .sort((a, b) => (a.due!.dueOn < b.due!.dueOn ? -1 : a.due!.dueOn > b.due!.dueOn ? 1 : 0))
  return { role: user.role, today, open, closed: all.filter((c) => c.due === null) }
}

/** The whole record for its complainant, its target agency and the supervising regulator (anyone else 404), with what the caller may do now. */
export async function complaintRecord(db: Db, user: SessionUser, complaintId: string) {
  if (!UUID.test(complaintId)) throw new NotFound()
  const [row] = await complaintRows(db, eq(complaints.id, complaintId))
  if (!row) throw new NotFound()
  const viewer = await viewerOf(db, user, row.complaint, row.serviceTypeId)
  const c = row.complaint
  const files = await db
    .select({ id: storedFiles.id, fileName: storedFiles.fileName, size: storedFiles.size })
    .from(complaintFiles)
    .innerJoin(storedFiles, eq(storedFiles.id, complaintFiles.fileId))
    .where(eq(complaintFiles.complaintId, c.id))
    .orderBy(asc(storedFiles.createdAt))
  const facts = { status: c.status, actor: viewer, hasTarget: c.targetAgencyOrganisationId !== null }
  // What the page offers: the actions the state machine allows this viewer now (reasons are the form's to give).
  const actions = (['accept', 'reject_invalid', 'dismiss', 'uphold', 'withdraw'] as const).filter((kind) => {
    const action: ComplaintAction =
      kind === 'uphold'
        ? { kind, reasons: 'x', blacklist: false }
        : kind === 'reject_invalid' || kind === 'dismiss'
          ? { kind, reasons: 'x' }
          : { kind }
    return decideComplaint(facts, action).ok
  })
  // The regulator's choices for a blacklisting on the same screen: the service types it supervises.
  const remitTypes =
    viewer === 'regulator' && actions.includes('uphold') && c.targetAgencyOrganisationId
      ? await db
          .select({ id: serviceTypes.id, nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn })
          .from(serviceTypes)
          .where(inArray(serviceTypes.id, await supervisedServiceTypeIds(db, user)))
      : []
  return {
    viewer,
    complaint: {
      ...summaryOf(row, shanghaiDate(now())),
      text: c.text,
      acceptedAt: iso(c.acceptedAt),
      decidedAt: iso(c.decidedAt),
      decisionReasons: c.decisionReasons,
      withdrawnAt: iso(c.withdrawnAt),
      blacklistEntryId: c.blacklistEntryId,
    },
    files,
    actions,
    serviceTypes: remitTypes,
  }
}

/** What the filing form shows: the subject's title and, for a need, the agencies the caller may name. Refused as filing would be. */
export async function filingForm(db: Db, user: SessionUser, ref: { contractId?: string; needId?: string }) {
  const subject = await filingSubject(db, user, ref)
  const named = [...new Set([...subject.nameable, ...(subject.targetAgencyId ? [subject.targetAgencyId] : [])])]
  const agencies =
    named.length === 0
      ? []
      : await db
          .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
          .from(organisations)
          .where(inArray(organisations.id, named))
          .orderBy(asc(organisations.name))
  return {
    subject: subject.subject,
    needId: subject.need.id,
    needTitle: subject.need.title,
    contractId: subject.contractId,
    target: agencies.find((a) => a.id === subject.targetAgencyId) ?? null,
    nameable: agencies.filter((a) => subject.nameable.includes(a.id)),
    answerWorkingDays: complaintConfig.answerWorkingDays,
    maxAttachmentMb: complaintConfig.maxAttachmentBytes / 1024 / 1024,
  }
}

/**
 * The regulator's queue (issue 14 §6): the pending and accepted complaints in its remit, each due
 * by its next step's deadline (`nextDue`: a pending complaint's acceptance, an accepted one's
 * answer) — the same date `/complaints` and the regulator home count as overdue.
 */
export async function complaintQueue(db: Db, user: SessionUser): Promise<QueueItem[]> {
  if (user.role !== 'regulator') return []
  const remit = await supervisedServiceTypeIds(db, user)
  if (remit.length === 0) return []
  const rows = await db
    .select({
      id: complaints.id,
      status: complaints.status,
      acceptDueOn: complaints.acceptDueOn,
      answerDueOn: complaints.answerDueOn,
      title: needs.title,
    })
    .from(complaints)
    .innerJoin(needs, eq(needs.id, complaints.needId))
    .where(and(inArray(needs.serviceTypeId, remit), inArray(complaints.status, ['pending', 'accepted'])))
    .orderBy(asc(complaints.filedAt))
  return rows.map((r) => ({
    kind: 'complaint' as const,
    id: r.id,
    subject: r.title,
    dueActionKey: r.status === 'pending' ? 'complaints.queue.accept' : 'complaints.queue.answer',
    dueOn: nextDue(r)?.dueOn ?? r.answerDueOn,
    href: recordPath(r.id),
  }))
}

/** Open complaints in the regulator's remit, and how many are overdue (the regulator home's numbers). */
export async function complaintCounts(db: Db, user: SessionUser): Promise<{ open: number; overdue: number }> {
  const list = await complaintsFor(db, user)
  if (list.role !== 'regulator') return { open: 0, overdue: 0 }
  return { open: list.open.length, overdue: list.open.filter((c) => c.overdue).length }
}

/**
 * The upheld complaints about an agency, for its public profile and API: the day decided, the
 * subject (the need's title, contract or procedure) and the decision's reasons — never who
 * complained nor the complaint's own text.
 */
export async function upheldComplaintsOf(db: Db, agencyId: string) {
  if (!UUID.test(agencyId)) return []
  const rows = await db
    .select({
      id: complaints.id,
      subject: complaints.subject,
      needId: complaints.needId,
      needTitle: needs.title,
      decidedAt: complaints.decidedAt,
      reasons: complaints.decisionReasons,
    })
    .from(complaints)
    .innerJoin(needs, eq(needs.id, complaints.needId))
    .where(and(eq(complaints.targetAgencyOrganisationId, agencyId), eq(complaints.status, 'upheld')))
    .orderBy(desc(complaints.decidedAt), desc(complaints.id))
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    needId: r.needId,
    needTitle: r.needTitle,
    decidedOn: r.decidedAt ? shanghaiDate(r.decidedAt) : null,
    reasons: r.reasons ?? '',
  }))
}

/**
 * Whether `user` may download a stored file that is a complaint's attachment: whoever may see the
 * complaint (its complainant, its target agency, the supervising regulator) and admin. null when
 * the file is no complaint attachment (the other rules apply).
 */
export async function complaintFileAllowed(db: Db, user: SessionUser, fileId: string): Promise<boolean | null> {
  const rows = await db
    .select({ complaint: complaints, serviceTypeId: needs.serviceTypeId })
    .from(complaintFiles)
    .innerJoin(complaints, eq(complaints.id, complaintFiles.complaintId))
    .innerJoin(needs, eq(needs.id, complaints.needId))
    .where(eq(complaintFiles.fileId, fileId))
  if (rows.length === 0) return null
  if (user.role === 'admin') return true
  for (const row of rows) {
    try {
      await viewerOf(db, user, row.complaint, row.serviceTypeId)
      return true
    } catch (error) {
      if (!(error instanceof NotFound)) throw error
    }
  }
  return false
}

function assertNever(value: never): never {
  throw new Error(`unknown complaint effect ${JSON.stringify(value)}`)
}
