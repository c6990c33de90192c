/**
 * Complaints on the real database (PGlite and PostgreSQL): filing by the right parties only
 * (forged, foreign and sealed attempts refused with nothing written), the attachment's checks and
 * who may download it, each step by the supervising regulator only, the upholding's credit event
 * (once, also under two concurrent upholds), the upholding with a blacklisting in one transaction
 * (and nothing of it when the listing is refused), withdrawal, who sees what, the public's upheld
 * list, the deadlines and the regulator's queue.
 */
import { count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  agencyCredit,
  auditEvents,
  bids,
  blacklistEntries,
  complaintFiles,
  complaints,
  creditEvents,
  notifications,
  storedFiles,
} from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { fileForDownload } from '~/domain/agencies/registry.server'
import {
  actOnComplaint,
  complaintCounts,
  complaintQueue,
  complaintRecord,
  complaintsFor,
  fileComplaint,
  filingForm,
  upheldComplaintsOf,
  type ComplaintUpload,
} from '~/domain/complaints/complaints.server'
import { FileComplaintSchema, UpholdSchema, type UpholdInput } from '~/domain/complaints/schemas'
import { creditBase, creditPoints } from '~/domain/credit/credit'
import { resetClock } from '~/domain/now'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'
import { awardedContract, type AwardedContract } from '../support/contract-fixtures'
import { at, bidOn, insertOpenNeed, shanghaiNoon } from '../support/needs-fixtures'

let c: AwardedContract
/** An agency that never bid on the contract's need. */
let stranger: SessionUser

const TEXT = '中介机构未按合同约定的时间提交报告，多次催告仍未答复。'
const REASONS = '经调查核实，投诉事项属实，予以支持。'
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])

beforeAll(async () => {
  const db = await getDb()
  c = await awardedContract(db, { signed: true })
  stranger = await loadSessionUser(db, (await createAccount(db, 'agency')).user.id)
})
afterEach(() => resetClock())

const upholdInput = (over: Record<string, unknown> = {}): UpholdInput =>
  UpholdSchema.parse({ reasons: REASONS, confirm: 'yes', ...over })

async function written() {
  const db = await getDb()
  const [complaintRows] = await db.select({ n: count() }).from(complaints)
  const [files] = await db.select({ n: count() }).from(storedFiles)
  const [audits] = await db.select({ n: count() }).from(auditEvents)
  return { complaints: complaintRows.n, files: files.n, audits: audits.n }
}

async function scoreOf(agencyId: string) {
  const db = await getDb()
  const [row] = await db.select().from(agencyCredit).where(eq(agencyCredit.agencyOrganisationId, agencyId))
  return row?.score ?? creditBase
}

/** The owner's complaint about the contract's agency, accepted by the regulator unless told otherwise. */
async function contractComplaint(accept = true) {
  const db = await getDb()
  const { complaintId } = await fileComplaint(db, c.ownerUser, { contractId: c.contractId, text: TEXT, confirm: 'yes' })
  if (accept) await actOnComplaint(db, c.regulatorUser, complaintId, { kind: 'accept' })
  return complaintId
}

describe('filing', () => {
  it('the form refuses bad input at its fields', () => {
    const fields = (input: Record<string, unknown>) => {
      const parsed = FileComplaintSchema.safeParse(input)
      expect(parsed.success).toBe(false)
      return Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]))
    }
    expect(fields({ contractId: 'nope', text: '太短' })).toEqual({
      contractId: 'validation.choose',
      text: 'confirm.reasonTooShort',
      confirm: 'confirm.required',
    })
    expect(fields({ contractId: c.contractId, text: ' ', confirm: 'yes' })).toEqual({
      text: 'complaints.validation.textRequired',
    })
    expect(fields({ text: TEXT, confirm: 'yes' })).toEqual({ text: 'complaints.validation.subject' })
    expect(
      fields({ contractId: c.contractId, targetAgencyId: c.m.agencies.b.organisationId, text: TEXT, confirm: 'yes' }),
    ).toEqual({
      targetAgencyId: 'complaints.validation.targetOnContract',
    })
    expect(fields({ needId: c.needId, text: 'x'.repeat(4001), confirm: 'yes' })).toEqual({ text: 'validation.tooLong' })
  })

  it('the owner complains about its contract’s agency; the regulators and the agency are told; the deadlines count working days', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-04-01')) // a Wednesday; Qingming (4–6 April 2026) falls inside the answer time
    const { complaintId } = await fileComplaint(db, c.ownerUser, {
      contractId: c.contractId,
      text: TEXT,
      confirm: 'yes',
    })
    const [row] = await db.select().from(complaints).where(eq(complaints.id, complaintId))
    expect(row).toMatchObject({
      subject: 'contract',
      needId: c.needId,
      contractId: c.contractId,
      complainantOrganisationId: c.m.owner.organisationId,
      targetAgencyOrganisationId: c.m.agencies.a.organisationId,
      status: 'pending',
      filedOn: '2026-04-01',
      acceptDueOn: '2026-04-07', // Thursday 2, Friday 3, (Qingming 4–6 off) Tuesday 7
      answerDueOn: '2026-04-16',
    })
    const told = await db.select().from(notifications).where(eq(notifications.messageKey, 'complaints.notify.filed'))
    expect(told.map((n) => n.userId)).toEqual([c.regulatorUser.id])
    expect(told[0].link).toBe(`/complaints/${complaintId}`)
    const aboutYou = await db
      .select()
      .from(notifications)
      .where(eq(notifications.messageKey, 'complaints.notify.filedAboutYou'))
    expect(aboutYou.map((n) => n.userId)).toEqual([c.agencyUser.id])
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.entityId, complaintId))
    expect(audit).toMatchObject({ action: 'complaint.filed', entityType: 'complaint' })
  })

  it('refuses anyone else, forged and foreign ids, with nothing written', async () => {
    const db = await getDb()
    const before = await written()
    const text = { text: TEXT, confirm: 'yes' as const }
    const refusedWith = (user: SessionUser, ref: { contractId?: string; needId?: string; targetAgencyId?: string }) =>
      fileComplaint(db, user, { ...ref, ...text })
    // About a contract: only its owner.
    await expect(refusedWith(c.agencyUser, { contractId: c.contractId })).rejects.toMatchObject({ status: 403 })
    await expect(refusedWith(c.regulatorUser, { contractId: c.contractId })).rejects.toMatchObject({ status: 403 })
    await expect(refusedWith(c.m.admin.user, { contractId: c.contractId })).rejects.toMatchObject({ status: 403 })
    await expect(refusedWith(c.otherOwnerUser, { contractId: c.contractId })).rejects.toMatchObject({ status: 404 })
    await expect(refusedWith(c.otherAgencyUser, { contractId: c.contractId })).rejects.toMatchObject({ status: 404 })
    await expect(refusedWith(c.ownerUser, { contractId: 'not-a-uuid' })).rejects.toMatchObject({ status: 404 })
    await expect(
      refusedWith(c.ownerUser, { contractId: '5b0e8f52-9d6c-4a43-8f0e-6f6f5b9d2c11' }),
    ).rejects.toMatchObject({ status: 404 })
    // About a need: its owner or an agency that bid on it.
    await expect(refusedWith(c.otherOwnerUser, { needId: c.needId })).rejects.toMatchObject({ status: 404 })
    await expect(refusedWith(stranger, { needId: c.needId })).rejects.toMatchObject({ status: 404 })
    await expect(refusedWith(c.ownerUser, { needId: '5b0e8f52-9d6c-4a43-8f0e-6f6f5b9d2c11' })).rejects.toMatchObject({
      status: 404,
    })
    // An agency names only an agency the result published (the winner), never a loser it cannot see.
    await expect(
      refusedWith(c.otherAgencyUser, { needId: c.needId, targetAgencyId: c.m.agencies.c.organisationId }),
    ).rejects.toMatchObject({ status: 422, field: 'targetAgencyId' })
    await expect(
      refusedWith(c.otherAgencyUser, { needId: c.needId, targetAgencyId: stranger.organisationId }),
    ).rejects.toMatchObject({ status: 422, field: 'targetAgencyId' })
    expect(await written()).toEqual(before)
  })

  it('about a need’s procedure: a bidder names the published winner, the owner any bidder; none while the bids are sealed', async () => {
    const db = await getDb()
    const form = await filingForm(db, c.otherAgencyUser, { needId: c.needId })
    expect(form.nameable.map((a) => a.id)).toEqual([c.m.agencies.a.organisationId])
    const ownerForm = await filingForm(db, c.ownerUser, { needId: c.needId })
    expect(ownerForm.nameable.map((a) => a.id).sort()).toEqual(
      [c.m.agencies.a.organisationId, c.m.agencies.b.organisationId, c.m.agencies.c.organisationId].sort(),
    )
    const { complaintId } = await fileComplaint(db, c.otherAgencyUser, {
      needId: c.needId,
      targetAgencyId: c.m.agencies.a.organisationId,
      text: TEXT,
      confirm: 'yes',
    })
    const [row] = await db.select().from(complaints).where(eq(complaints.id, complaintId))
    expect(row).toMatchObject({
      subject: 'need',
      contractId: null,
      targetAgencyOrganisationId: c.m.agencies.a.organisationId,
    })

    // An open need: a bidder may complain about its procedure, but names no one (the bids are sealed).
    at(shanghaiNoon('2026-05-04'))
    const open = await insertOpenNeed(db, c.m, { method: 'random', closesOn: '2026-05-20' })
    await bidOn(db, c.m, open.id, { a: 500_000, b: 600_000 })
    expect((await filingForm(db, c.ownerUser, { needId: open.id })).nameable).toEqual([])
    expect((await filingForm(db, c.otherAgencyUser, { needId: open.id })).nameable).toEqual([])
    await expect(
      fileComplaint(db, c.otherAgencyUser, {
        needId: open.id,
        targetAgencyId: c.m.agencies.a.organisationId,
        text: TEXT,
        confirm: 'yes',
      }),
    ).rejects.toMatchObject({ status: 422, field: 'targetAgencyId' })
    const procedure = await fileComplaint(db, c.otherAgencyUser, { needId: open.id, text: TEXT, confirm: 'yes' })
    const [plain] = await db.select().from(complaints).where(eq(complaints.id, procedure.complaintId))
    expect(plain.targetAgencyOrganisationId).toBeNull()
  })

  it('judges the attachment by its content; stores a good one; only those who see the complaint download it', async () => {
    const db = await getDb()
    const before = await written()
    const fake: ComplaintUpload = {
      file: new File(['MZ not a pdf'], '证据.pdf', { type: 'application/pdf' }),
      overflow: false,
    }
    await expect(
      fileComplaint(db, c.ownerUser, { contractId: c.contractId, text: TEXT, confirm: 'yes' }, fake),
    ).rejects.toMatchObject({ status: 422, field: 'file', messageKey: 'agency.upload.type' })
    await expect(
      fileComplaint(
        db,
        c.ownerUser,
        { contractId: c.contractId, text: TEXT, confirm: 'yes' },
        { file: null, overflow: true },
      ),
    ).rejects.toMatchObject({ status: 422, field: 'file', messageKey: 'agency.upload.tooLarge' })
    expect(await written()).toEqual(before)

    const good: ComplaintUpload = { file: new File([PNG], '催告记录.png', { type: 'image/png' }), overflow: false }
    const { complaintId } = await fileComplaint(
      db,
      c.ownerUser,
      { contractId: c.contractId, text: TEXT, confirm: 'yes' },
      good,
    )
    const [link] = await db.select().from(complaintFiles).where(eq(complaintFiles.complaintId, complaintId))
    const [file] = await db.select().from(storedFiles).where(eq(storedFiles.id, link.fileId))
    expect(file).toMatchObject({
      mimeType: 'image/png',
      fileName: '催告记录.png',
      organisationId: c.m.owner.organisationId,
    })
    for (const user of [c.ownerUser, c.agencyUser, c.regulatorUser, c.m.admin.user])
      expect((await fileForDownload(db, user, file.id)).id).toBe(file.id)
    for (const user of [c.otherAgencyUser, c.otherOwnerUser, c.m.otherRegulator.user, stranger])
      await expect(fileForDownload(db, user, file.id)).rejects.toMatchObject({ status: 404 })
    expect((await complaintRecord(db, c.agencyUser, complaintId)).files).toEqual([
      { id: file.id, fileName: '催告记录.png', size: PNG.byteLength },
    ])
  })
})

describe('the regulator’s steps', () => {
  it('only the supervising regulator accepts, rejects, upholds or dismisses; each refused move is named; nothing written when refused', async () => {
    const db = await getDb()
    const id = await contractComplaint(false)
    const before = await written()
    await expect(actOnComplaint(db, c.m.otherRegulator.user, id, { kind: 'accept' })).rejects.toMatchObject({
      status: 404,
    })
    await expect(actOnComplaint(db, c.otherAgencyUser, id, { kind: 'accept' })).rejects.toMatchObject({ status: 404 })
    await expect(actOnComplaint(db, c.m.admin.user, id, { kind: 'accept' })).rejects.toMatchObject({ status: 404 })
    await expect(actOnComplaint(db, c.agencyUser, id, { kind: 'accept' })).rejects.toMatchObject({
      status: 403,
      messageKey: 'complaints.refusals.notRegulator',
    })
    await expect(actOnComplaint(db, c.ownerUser, id, { kind: 'accept' })).rejects.toMatchObject({ status: 403 })
    await expect(
      actOnComplaint(db, c.regulatorUser, id, { kind: 'uphold', input: upholdInput() }),
    ).rejects.toMatchObject({
      status: 409,
      messageKey: 'complaints.refusals.notAccepted',
    })
    await expect(actOnComplaint(db, c.regulatorUser, id, { kind: 'dismiss', reasons: REASONS })).rejects.toMatchObject({
      status: 409,
    })
    await expect(
      actOnComplaint(db, c.regulatorUser, id, { kind: 'reject_invalid', reasons: ' ' }),
    ).rejects.toMatchObject({
      status: 422,
      field: 'reasons',
    })
    expect(await written()).toEqual(before)

    await actOnComplaint(db, c.regulatorUser, id, { kind: 'accept' })
    await expect(actOnComplaint(db, c.regulatorUser, id, { kind: 'accept' })).rejects.toMatchObject({
      status: 409,
      messageKey: 'complaints.refusals.notPending',
    })
    await expect(
      actOnComplaint(db, c.regulatorUser, id, { kind: 'reject_invalid', reasons: REASONS }),
    ).rejects.toMatchObject({
      status: 409,
    })
    const scoreBefore = await scoreOf(c.m.agencies.a.organisationId)
    expect(await actOnComplaint(db, c.regulatorUser, id, { kind: 'dismiss', reasons: REASONS })).toMatchObject({
      status: 'dismissed',
      creditPoints: null,
    })
    expect(await scoreOf(c.m.agencies.a.organisationId)).toBe(scoreBefore)
    const [row] = await db.select().from(complaints).where(eq(complaints.id, id))
    expect(row).toMatchObject({ status: 'dismissed', decisionReasons: REASONS, decidedByUserId: c.regulatorUser.id })
    await expect(
      actOnComplaint(db, c.regulatorUser, id, { kind: 'uphold', input: upholdInput() }),
    ).rejects.toMatchObject({
      status: 409,
      messageKey: 'complaints.refusals.closed',
    })
  })

  it('rejecting as invalid closes a pending complaint with its reasons', async () => {
    const db = await getDb()
    const id = await contractComplaint(false)
    await actOnComplaint(db, c.regulatorUser, id, { kind: 'reject_invalid', reasons: REASONS })
    const [row] = await db.select().from(complaints).where(eq(complaints.id, id))
    expect(row).toMatchObject({ status: 'invalid', decisionReasons: REASONS })
    const told = await db
      .select()
      .from(notifications)
      .where(eq(notifications.messageKey, 'complaints.notify.rejectedInvalid'))
    expect(told.map((n) => n.userId).sort()).toEqual([c.ownerUser.id, c.agencyUser.id].sort())
  })

  it('upholding adds exactly one credit event and moves the score; two concurrent upholds: one succeeds', async () => {
    const db = await getDb()
    const id = await contractComplaint()
    const agencyId = c.m.agencies.a.organisationId
    const before = await scoreOf(agencyId)
    const results = await Promise.allSettled([
      actOnComplaint(db, c.regulatorUser, id, { kind: 'uphold', input: upholdInput() }),
      actOnComplaint(db, c.regulatorUser, id, { kind: 'uphold', input: upholdInput() }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason).toMatchObject({ status: 409 })
    const events = await db
      .select()
      .from(creditEvents)
      .where(eq(creditEvents.factKey, `complaint:${id}`))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      agencyOrganisationId: agencyId,
      kind: 'complaint_upheld',
      source: 'complaint',
      points: creditPoints.complaintUpheld,
      reason: REASONS,
      actorUserId: c.regulatorUser.id,
      contractId: c.contractId,
      needId: c.needId,
    })
    expect(await scoreOf(agencyId)).toBe(before + creditPoints.complaintUpheld)
    const told = await db.select().from(notifications).where(eq(notifications.messageKey, 'complaints.notify.upheld'))
    expect(told.map((n) => n.userId).sort()).toEqual([c.ownerUser.id, c.agencyUser.id].sort())
    const audits = await db.select().from(auditEvents).where(eq(auditEvents.action, 'complaint.upheld'))
    expect(audits.filter((a) => a.entityId === id)).toHaveLength(1)
  })

  it('upholding with a blacklisting lists the agency in the same transaction: entry in force, live bids in scope disqualified, the link kept', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-06-01'))
    const open = await insertOpenNeed(db, c.m, { method: 'random', closesOn: '2026-06-19' })
    const bid = await bidOn(db, c.m, open.id, { a: 500_000, b: 600_000 })
    const id = await contractComplaint()
    const listing = {
      blacklist: 'on',
      listReason: '多次逾期且拒不整改，情节严重',
      legalBasis: '《中介服务管理办法》第二十条',
      scope: 'service_types',
      serviceTypeIds: [c.m.serviceTypeId],
    }

    // A listing the blacklist refuses (its last day before today): nothing of the upholding either.
    const before = await scoreOf(c.m.agencies.a.organisationId)
    await expect(
      actOnComplaint(db, c.regulatorUser, id, {
        kind: 'uphold',
        input: upholdInput({ ...listing, endsOn: '2026-05-01' }),
      }),
    ).rejects.toMatchObject({ status: 422, problems: [{ field: 'endsOn' }] })
    expect((await db.select().from(complaints).where(eq(complaints.id, id)))[0].status).toBe('accepted')
    expect(await scoreOf(c.m.agencies.a.organisationId)).toBe(before)
    expect(
      await db
        .select()
        .from(creditEvents)
        .where(eq(creditEvents.factKey, `complaint:${id}`)),
    ).toEqual([])

    const applied = await actOnComplaint(db, c.regulatorUser, id, { kind: 'uphold', input: upholdInput(listing) })
    expect(applied.blacklistEntryId).not.toBeNull()
    const [row] = await db.select().from(complaints).where(eq(complaints.id, id))
    expect(row).toMatchObject({ status: 'upheld', blacklistEntryId: applied.blacklistEntryId })
    const [entry] = await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, applied.blacklistEntryId!))
    expect(entry).toMatchObject({
      agencyOrganisationId: c.m.agencies.a.organisationId,
      status: 'in_force',
      scope: 'service_types',
      startsOn: '2026-06-01',
      reason: listing.listReason,
    })
    const statuses = await db
      .select({ id: bids.id, status: bids.status, reason: bids.statusReason })
      .from(bids)
      .where(eq(bids.needId, open.id))
    expect(statuses.find((b) => b.id === bid.a)).toMatchObject({ status: 'disqualified', reason: 'blacklisted' })
    expect(statuses.find((b) => b.id === bid.b)).toMatchObject({ status: 'live' })
    expect(await scoreOf(c.m.agencies.a.organisationId)).toBe(before + creditPoints.complaintUpheld)
    const record = await complaintRecord(db, c.agencyUser, id)
    expect(record.complaint.blacklistEntryId).toBe(applied.blacklistEntryId)
    // Lift it again so the other tests' bids are not refused.
    await db.update(blacklistEntries).set({ status: 'lifted' }).where(eq(blacklistEntries.id, entry.id))
  })

  it('a procedure complaint naming no agency is upheld without credit; it cannot blacklist anyone', async () => {
    const db = await getDb()
    const { complaintId } = await fileComplaint(db, c.ownerUser, { needId: c.needId, text: TEXT, confirm: 'yes' })
    await actOnComplaint(db, c.regulatorUser, complaintId, { kind: 'accept' })
    await expect(
      actOnComplaint(db, c.regulatorUser, complaintId, {
        kind: 'uphold',
        input: upholdInput({
          blacklist: 'on',
          listReason: '多次逾期且拒不整改，情节严重',
          legalBasis: '《中介服务管理办法》第二十条',
          scope: 'all',
        }),
      }),
    ).rejects.toMatchObject({ status: 422, field: 'blacklist', messageKey: 'complaints.refusals.noTargetToBlacklist' })
    expect(
      await actOnComplaint(db, c.regulatorUser, complaintId, { kind: 'uphold', input: upholdInput() }),
    ).toMatchObject({
      status: 'upheld',
      creditPoints: null,
    })
    expect(
      await db
        .select()
        .from(creditEvents)
        .where(eq(creditEvents.factKey, `complaint:${complaintId}`)),
    ).toEqual([])
  })
})

describe('withdrawal', () => {
  it('the complainant withdraws from pending or accepted, once; no one else may', async () => {
    const db = await getDb()
    const pending = await contractComplaint(false)
    await expect(actOnComplaint(db, c.agencyUser, pending, { kind: 'withdraw' })).rejects.toMatchObject({
      status: 403,
      messageKey: 'complaints.refusals.notComplainant',
    })
    await expect(actOnComplaint(db, c.regulatorUser, pending, { kind: 'withdraw' })).rejects.toMatchObject({
      status: 403,
    })
    await expect(actOnComplaint(db, c.otherOwnerUser, pending, { kind: 'withdraw' })).rejects.toMatchObject({
      status: 404,
    })
    expect(await actOnComplaint(db, c.ownerUser, pending, { kind: 'withdraw' })).toMatchObject({ status: 'withdrawn' })
    await expect(actOnComplaint(db, c.ownerUser, pending, { kind: 'withdraw' })).rejects.toMatchObject({
      status: 409,
      messageKey: 'complaints.refusals.closed',
    })
    const accepted = await contractComplaint(true)
    await actOnComplaint(db, c.ownerUser, accepted, { kind: 'withdraw' })
    const [row] = await db.select().from(complaints).where(eq(complaints.id, accepted))
    expect(row).toMatchObject({ status: 'withdrawn', withdrawnByUserId: c.ownerUser.id })
    await expect(
      actOnComplaint(db, c.regulatorUser, accepted, { kind: 'uphold', input: upholdInput() }),
    ).rejects.toMatchObject({
      status: 409,
    })
  })
})

describe('who sees what', () => {
  it('the complainant, the target agency and the supervising regulator see the record; anyone else 404', async () => {
    const db = await getDb()
    const id = await contractComplaint(false)
    expect((await complaintRecord(db, c.ownerUser, id)).viewer).toBe('complainant')
    expect((await complaintRecord(db, c.ownerUser, id)).actions).toEqual(['withdraw'])
    const asTarget = await complaintRecord(db, c.agencyUser, id)
    expect(asTarget).toMatchObject({ viewer: 'target', actions: [], complaint: { text: TEXT } })
    const asRegulator = await complaintRecord(db, c.regulatorUser, id)
    expect(asRegulator.viewer).toBe('regulator')
    expect(asRegulator.actions).toEqual(['accept', 'reject_invalid'])
    for (const user of [c.otherAgencyUser, c.otherOwnerUser, c.m.otherRegulator.user, c.m.admin.user, stranger])
      await expect(complaintRecord(db, user, id)).rejects.toMatchObject({ status: 404 })
    await expect(complaintRecord(db, c.ownerUser, 'nope')).rejects.toMatchObject({ status: 404 })

    const mine = await complaintsFor(db, c.ownerUser)
    expect(mine.role === 'owner' && mine.filed.map((x) => x.id)).toContain(id)
    const about = await complaintsFor(db, c.agencyUser)
    expect(about.role === 'agency' && about.about.map((x) => x.id)).toContain(id)
    const other = await complaintsFor(db, c.otherOwnerUser)
    expect(other.role === 'owner' && [...other.filed, ...other.about]).toEqual([])
    const foreign = await complaintsFor(db, c.m.otherRegulator.user)
    expect(foreign.role === 'regulator' && [...foreign.open, ...foreign.closed]).toEqual([])
    await expect(complaintsFor(db, c.m.admin.user)).rejects.toMatchObject({ status: 403 })
  })

  it('the public sees only upheld complaints about the agency: date, subject, reasons — no complainant', async () => {
    const db = await getDb()
    const upheld = await upheldComplaintsOf(db, c.m.agencies.a.organisationId)
    const statuses = await db.select({ id: complaints.id, status: complaints.status }).from(complaints)
    const upheldIds = statuses.filter((s) => s.status === 'upheld').map((s) => s.id)
    expect(upheld.length).toBeGreaterThan(0)
    for (const item of upheld) {
      expect(upheldIds).toContain(item.id)
      expect(Object.keys(item).sort()).toEqual(['decidedOn', 'id', 'needId', 'needTitle', 'reasons', 'subject'])
    }
    expect(await upheldComplaintsOf(db, c.m.agencies.b.organisationId)).toEqual([])
    expect(await upheldComplaintsOf(db, 'nope')).toEqual([])
  })
})

describe('deadlines and the queue', () => {
  it('lists pending and accepted complaints in the remit, each due by its next step (accept, then answer); counts the overdue ones', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-07-01'))
    const id = await contractComplaint(false)
    const [row] = await db.select().from(complaints).where(eq(complaints.id, id))
    const queue = await complaintQueue(db, c.regulatorUser)
    expect(queue.find((q) => q.id === id)).toEqual({
      kind: 'complaint',
      id,
      subject: '环评报告编制',
      dueActionKey: 'complaints.queue.accept',
      // Pending: due by the acceptance deadline (3 working days), as /complaints and the home count it.
      dueOn: row.acceptDueOn,
      href: `/complaints/${id}`,
    })
    expect(row.acceptDueOn).toBe('2026-07-06')
    const statuses = await db.select({ id: complaints.id, status: complaints.status }).from(complaints)
    expect(queue.map((q) => q.id).sort()).toEqual(
      statuses
        .filter((s) => s.status === 'pending' || s.status === 'accepted')
        .map((s) => s.id)
        .sort(),
    )
    expect(await complaintQueue(db, c.m.otherRegulator.user)).toEqual([])
    expect(await complaintQueue(db, c.ownerUser)).toEqual([])

    await actOnComplaint(db, c.regulatorUser, id, { kind: 'accept' })
    expect((await complaintQueue(db, c.regulatorUser)).find((q) => q.id === id)).toMatchObject({
      dueActionKey: 'complaints.queue.answer',
      dueOn: row.answerDueOn,
    })

    const counts = await complaintCounts(db, c.regulatorUser)
    at(shanghaiNoon('2026-07-16')) // the 11th working day after 1 July: past the answer deadline (15 July)
    expect(row.answerDueOn).toBe('2026-07-15')
    const later = await complaintCounts(db, c.regulatorUser)
    expect(later.open).toBe(counts.open)
    expect(later.overdue).toBeGreaterThan(counts.overdue)
    const list = await complaintsFor(db, c.regulatorUser)
    expect(list.role === 'regulator' && list.open.find((x) => x.id === id)).toMatchObject({
      overdue: true,
      due: { step: 'answer' },
    })
  })
})
