/**
 * The service phase on a real contract (issue 13 items 5–7), through the contract page's action
 * (`/contracts/:id`) on both databases: a full run with the clock moved — start, a pause asked by
 * the agency and confirmed by the owner, resume, an extension of C, a PDF delivered, returned
 * with reasons, redelivered (version 2), accepted (the transfer's outbox row), submitted for
 * approval, decided — with the clock's state at each step; overdue days as conduct events,
 * exactly the clock's and idempotent across ticks; acceptance reminders and the regulators'
 * escalation, once; bad input refused at its field with nothing written (no stored file
 * either); wrong role, wrong organisation and outsiders refused with nothing written; who may
 * download a delivered report.
 *
 * The contract comes from `awardedContract` (test/support/contract-fixtures.ts: award → both
 * sign); the payment is set as held directly (no Stripe here) and the system starts the service.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import {
  auditEvents,
  conductEvents,
  contractClockEvents,
  contractDeliveries,
  contractPayments,
  contracts,
  deliveryReminders,
  needs,
  notifications,
  outbox,
  storedFiles,
} from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { serviceConfig } from '~/domain/config'
import { actOnContractAsSystem } from '~/domain/contracts/contract-actions.server'
import { contractPage } from '~/domain/contracts/contract-views.server'
import { listCertificates } from '~/domain/agencies/registry.server'
import { resetClock } from '~/domain/now'
import { recordAllOverdueDays } from '~/domain/timed-work/overdue-days.server'
import { sendAcceptanceReminders } from '~/domain/timed-work/acceptance-reminders.server'
import { tick } from '~/domain/timed-work/tick.server'
import type { SessionUser } from '~/utils/auth.server'
import { decodeMessage } from '~/utils/intent-reply'
import * as contractRoute from '~/routes/contracts+/$id'
import * as fileRoute from '~/routes/files.$id'
import { awardedContract, overdueDaysOf, type AwardedContract } from '#test/support/contract-fixtures'
import { at, shanghaiNoon } from '#test/support/needs-fixtures'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '#test/support/routes'

const PDF_BODY = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
const pdf = (name = 'report.pdf', body = PDF_BODY) => new File([new TextEncoder().encode(body)], name, { type: 'application/pdf' })

let k: AwardedContract

const path = (id: string) => `/contracts/${id}`

async function post(user: SessionUser, contractId: string, fields: Record<string, string>) {
  const cookie = await sessionCookie(user.id)
  return callRoute(contractRoute.action, formRequest(path(contractId), fields, { cookie }), { id: contractId })
}

async function upload(user: SessionUser, contractId: string, file: File | null, extra: Record<string, string> = {}) {
  const body = new FormData()
  body.append('intent', 'deliver')
  for (const [name, value] of Object.entries(extra)) body.append(name, value)
  if (file) body.append('file', file)
  const cookie = await sessionCookie(user.id)
  const request = new Request(new URL(path(contractId), ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookie } })
  return callRoute(contractRoute.action, request, { id: contractId })
}

async function download(user: SessionUser, fileId: string) {
  const cookie = await sessionCookie(user.id)
  return callRoute(fileRoute.loader, getRequest(`/files/${fileId}`, { cookie }), { id: fileId })
}

/** The field errors of a refusal, decoded to their message keys. */
function fieldKeys(result: { data: any }, field: string): string[] {
  return ((result.data?.result?.error?.[field] ?? []) as string[]).map((e) => decodeMessage(e).messageKey)
}

/** What a refused action must leave untouched. */
async function written(contractId: string) {
  const db = await getDb()
  const [files] = await db.select({ n: count() }).from(storedFiles)
  const [events] = await db.select({ n: count() }).from(contractClockEvents).where(eq(contractClockEvents.contractId, contractId))
  const [deliveries] = await db.select({ n: count() }).from(contractDeliveries).where(eq(contractDeliveries.contractId, contractId))
  const [audit] = await db.select({ n: count() }).from(auditEvents)
  const [payments] = await db.select({ n: count() }).from(contractPayments).where(eq(contractPayments.contractId, contractId))
  const [notes] = await db.select({ n: count() }).from(notifications)
  const [c] = await db.select().from(contracts).where(eq(contracts.id, contractId))
  const [need] = await db.select({ state: needs.state }).from(needs).where(eq(needs.id, c.needId))
  return { files: files.n, events: events.n, deliveries: deliveries.n, audit: audit.n, payments: payments.n, notes: notes.n, state: need.state, updatedAt: c.updatedAt.toISOString() }
}

async function clockOf(user: SessionUser, contractId: string) {
  const page = await contractPage(await getDb(), user, contractId)
  return page
}

/** Signed (fixture), then the price held (set directly: no Stripe here) and the service started by the system on `day`. */
async function inService(options: { m?: AwardedContract['m']; start?: string; day: string }): Promise<AwardedContract> {
  const db = await getDb()
  const c = await awardedContract(db, { m: options.m, signed: true, start: options.start })
  at(shanghaiNoon(options.day))
  await db.transaction(async (tx) => {
    await tx.update(contracts).set({ heldFen: c.contract.priceFen, collectStatus: 'paid' }).where(eq(contracts.id, c.contractId))
    const started = await actOnContractAsSystem(tx, c.contractId, 'start_service')
    if (!started) throw new Error('start_service refused')
  })
  return c
}

async function overdueRows(contractId: string) {
  return overdueDaysOf(await getDb(), contractId)
}

beforeAll(async () => {
  // Awarded on Friday 2026-03-13 (bids Monday 2026-03-02), both sign; the service starts Monday 2026-03-16 (D0).
  k = await inService({ day: '2026-03-16' })
}, 60_000)

afterAll(() => resetClock())

describe('the service phase, step by step', () => {
  it('starts the working day after D0: nothing used, running, green, budget C = 15', async () => {
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.contract.state).toBe('in_service')
    expect(page.contract.startedOn).toBe('2026-03-16')
    expect(page.clock?.agency).toMatchObject({ used: 0, budget: 15, status: 'running', light: 'green' })
    expect(page.notStartedClock).toBeNull()
    expect(page.actions).toEqual(expect.arrayContaining(['pause', 'extend']))
    expect((await clockOf(k.agencyUser, k.contractId)).actions).toEqual(expect.arrayContaining(['request_pause', 'deliver']))
  })

  it('the agency asks for a pause (reason required); the request alone does not stop the clock', async () => {
    at(shanghaiNoon('2026-03-24'))
    const before = await written(k.contractId)
    const missing = await post(k.agencyUser, k.contractId, { intent: 'requestPause', reason: '  ' })
    expect(missing.status).toBe(400)
    expect(fieldKeys(missing, 'reason')).toEqual(['validation.required'])
    expect(await written(k.contractId)).toEqual(before)

    const asked = await post(k.agencyUser, k.contractId, { intent: 'requestPause', reason: '等待业主提供地勘资料' })
    expect(asked.status).toBe(302)
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.pauseRequested).toBe(true)
    expect(page.clock?.pendingPauseRequest).toEqual({ date: '2026-03-24', reason: '等待业主提供地勘资料' })
    // 17, 18, 19, 20, 23, 24 March.
    expect(page.clock?.agency).toMatchObject({ used: 6, status: 'running' })
  })

  it('the owner confirms it: paused from the request day; the agency cannot take the owner’s actions', async () => {
    at(shanghaiNoon('2026-03-26'))
    const before = await written(k.contractId)
    for (const intent of ['pause', 'extend', 'accept', 'return', 'submitApproval'] as const) {
      const result = await post(k.agencyUser, k.contractId, { intent, reason: '机构自己操作试试', days: '3', date: '2026-03-26' })
      expect(result.status, intent).toBe(403)
    }
    expect(await written(k.contractId)).toEqual(before)

    const confirmed = await post(k.ownerUser, k.contractId, { intent: 'pause', reason: '确认：地勘资料尚未提供' })
    expect(confirmed.status).toBe(302)
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.contract.state).toBe('paused')
    expect(page.clock?.agency).toMatchObject({ used: 6, status: 'paused' })
    expect(page.clock?.pauses).toEqual([
      expect.objectContaining({ from: '2026-03-24', to: null, source: 'confirmed', confirmedOn: '2026-03-26' }),
    ])
    expect(page.actions).toEqual(expect.arrayContaining(['resume', 'extend']))
  })

  it('the owner resumes: the pause (24 March, 31 March] is 5 working days, not counted', async () => {
    at(shanghaiNoon('2026-03-31'))
    const resumed = await post(k.ownerUser, k.contractId, { intent: 'resume', reason: '已提供地勘资料' })
    expect(resumed.status).toBe(302)
    const page = await clockOf(k.agencyUser, k.contractId)
    expect(page.contract.state).toBe('in_service')
    expect(page.clock?.pauses).toEqual([
      expect.objectContaining({ from: '2026-03-24', to: '2026-03-31', workingDays: 5, source: 'confirmed' }),
    ])
    expect(page.clock?.agency).toMatchObject({ used: 6, status: 'running' })
    const types = page.clockEvents.map((e) => e.type)
    expect(types).toEqual(['started', 'pause_requested', 'pause_confirmed', 'resumed'])
  })

  it('an extension: days must be a whole number from 1 to the maximum, with a reason; then C grows', async () => {
    at(shanghaiNoon('2026-04-01'))
    const before = await written(k.contractId)
    const zero = await post(k.ownerUser, k.contractId, { intent: 'extend', days: '0', reason: '地勘资料延误' })
    expect(zero.status).toBe(422)
    expect(fieldKeys(zero, 'days')).toEqual(['ownerSelection.refusals.extensionInvalid'])
    const tooMany = await post(k.ownerUser, k.contractId, {
      intent: 'extend',
      days: String(serviceConfig.maxExtensionWorkingDays + 1),
      reason: '地勘资料延误',
    })
    expect(tooMany.status).toBe(422)
    expect(fieldKeys(tooMany, 'days')).toEqual(['ownerSelection.refusals.extensionInvalid'])
    const notNumber = await post(k.ownerUser, k.contractId, { intent: 'extend', days: '1.5', reason: '地勘资料延误' })
    expect(notNumber.status).toBe(400)
    expect(fieldKeys(notNumber, 'days')).toEqual(['validation.integer'])
    const noReason = await post(k.ownerUser, k.contractId, { intent: 'extend', days: '3' })
    expect(noReason.status).toBe(400)
    expect(fieldKeys(noReason, 'reason')).toEqual(['validation.required'])
    expect(await written(k.contractId)).toEqual(before)

    const extended = await post(k.ownerUser, k.contractId, { intent: 'extend', days: '3', reason: '地勘资料延误' })
    expect(extended.status).toBe(302)
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.clock?.agencyBudget).toBe(18)
    expect(page.clock?.extensions).toEqual([{ date: '2026-04-01', days: 3, reason: '地勘资料延误', budgetAfter: 18 }])
    expect(page.clock?.agency).toMatchObject({ used: 7, budget: 18, light: 'green' })
  })

  it('a report that is not a PDF, empty, too large, cut off, or missing is refused at the file field; nothing is stored', async () => {
    at(shanghaiNoon('2026-04-10'))
    const before = await written(k.contractId)
    const cases: [string, File | null, string][] = [
      ['not a PDF (renamed text)', new File(['just some text'], 'report.pdf', { type: 'application/pdf' }), 'contractService.upload.notPdf'],
      ['empty', new File([], 'report.pdf', { type: 'application/pdf' }), 'contractService.upload.empty'],
      ['no %%EOF', pdf('report.pdf', '%PDF-1.7\n1 0 obj << >> endobj\n'), 'uploadChecks.pdfIncomplete'],
      ['a disguising name', pdf('report\u202Efdp.exe'), 'uploadChecks.fileName'],
      ['no file', null, 'contractService.upload.missing'],
    ]
    for (const [what, file, key] of cases) {
      const result = await upload(k.agencyUser, k.contractId, file)
      expect(result.status, what).toBe(422)
      expect(fieldKeys(result, 'file'), what).toEqual([key])
    }
    const big = new Uint8Array(serviceConfig.maxReportBytes + 1)
    big.set(new TextEncoder().encode('%PDF-1.7\n'))
    big.set(new TextEncoder().encode('%%EOF\n'), big.length - 6)
    const tooLarge = await upload(k.agencyUser, k.contractId, new File([big], 'big.pdf', { type: 'application/pdf' }))
    expect(tooLarge.status).toBe(422)
    expect(fieldKeys(tooLarge, 'file')).toEqual(['contractService.upload.tooLarge'])
    expect(decodeMessage(tooLarge.data.result.error.file[0]).params).toEqual({ max: serviceConfig.maxReportBytes / 1024 / 1024 })
    expect(await written(k.contractId)).toEqual(before)
  }, 60_000)

  it('a body over the budget is not read, and is refused the same way', async () => {
    const before = await written(k.contractId)
    const body = new FormData()
    body.append('intent', 'deliver')
    body.append('file', pdf())
    const cookie = await sessionCookie(k.agencyUser.id)
    const request = new Request(new URL(path(k.contractId), ORIGIN), {
      method: 'POST',
      body,
      headers: { Origin: ORIGIN, Cookie: cookie, 'Content-Length': String(serviceConfig.maxReportBytes + 2 * 1024 * 1024) },
    })
    const result = await callRoute(contractRoute.action, request, { id: k.contractId })
    expect(result.status).toBe(422)
    expect(fieldKeys(result, 'file')).toEqual(['contractService.upload.tooLarge'])
    const { files, events, deliveries, state } = await written(k.contractId)
    expect({ files, events, deliveries, state }).toEqual({ files: before.files, events: before.events, deliveries: before.deliveries, state: before.state })
  })

  it('the owner, a loser agency, another owner and another regulator cannot deliver; nothing is stored', async () => {
    const before = await written(k.contractId)
    expect((await upload(k.ownerUser, k.contractId, pdf())).status).toBe(403)
    expect((await upload(k.regulatorUser, k.contractId, pdf())).status).toBe(403)
    expect((await upload(k.otherAgencyUser, k.contractId, pdf())).status).toBe(404)
    expect((await upload(k.otherOwnerUser, k.contractId, pdf())).status).toBe(404)
    expect((await upload(k.m.otherRegulator.user, k.contractId, pdf())).status).toBe(404)
    expect(await written(k.contractId)).toEqual(before)
  })

  it('the agency delivers a PDF: version 1 with its SHA-256, stored for the agency; the agency segment stops', async () => {
    const delivered = await upload(k.agencyUser, k.contractId, pdf('环评报告书 v1.pdf'))
    expect(delivered.status).toBe(302)
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.contract.state).toBe('delivered')
    expect(page.deliveries).toHaveLength(1)
    const [v1] = page.deliveries
    const { createHash } = await import('node:crypto')
    expect(v1).toMatchObject({
      version: 1,
      fileName: '环评报告书 v1.pdf',
      size: PDF_BODY.length,
      sha256: createHash('sha256').update(PDF_BODY).digest('hex'),
      deliveredOn: '2026-04-10',
      outcome: 'pending',
    })
    // 1, 2, 3, 7, 8, 9, 10 April after the resume (4–6 April: Qingming): 6 + 7.
    expect(page.clock?.agency).toMatchObject({ used: 13, status: 'stopped' })
    expect(page.clock?.phase).toBe('owner_review')
    const db = await getDb()
    const [file] = await db.select().from(storedFiles).where(eq(storedFiles.id, v1.fileId))
    expect(file).toMatchObject({ organisationId: k.m.agencies.a.organisationId, mimeType: 'application/pdf', sha256: v1.sha256 })
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'need.delivered'), eq(auditEvents.entityId, k.needId)))
    expect(audit.payload).toMatchObject({ sha256: v1.sha256 })
    // A delivered report is no certificate scan.
    expect((await listCertificates(db, k.m.agencies.a.organisationId)).map((f) => f.id)).not.toContain(v1.fileId)
  })

  it('the report is downloadable by the owner, the agency, the supervising regulator and admin; 404 for anyone else', async () => {
    const page = await clockOf(k.ownerUser, k.contractId)
    const fileId = page.deliveries[0].fileId
    for (const user of [k.ownerUser, k.agencyUser, k.regulatorUser, k.m.admin.user]) {
      const result = await download(user, fileId)
      expect(result.status, user.role).toBe(200)
      expect(result.headers.get('Content-Type')).toBe('application/pdf')
      expect(result.data).toBe(PDF_BODY)
    }
    for (const user of [k.otherOwnerUser, k.otherAgencyUser, k.m.otherRegulator.user]) {
      expect((await download(user, fileId)).status, user.role).toBe(404)
    }
  })

  it('the owner returns it (reasons required); revision time counts against the agency', async () => {
    at(shanghaiNoon('2026-04-14'))
    const before = await written(k.contractId)
    const noReason = await post(k.ownerUser, k.contractId, { intent: 'return', reason: '' })
    expect(noReason.status).toBe(400)
    expect(fieldKeys(noReason, 'reason')).toEqual(['validation.required'])
    expect((await post(k.agencyUser, k.contractId, { intent: 'return', reason: '自己退回' })).status).toBe(403)
    expect((await post(k.otherOwnerUser, k.contractId, { intent: 'return', reason: '别人的合同' })).status).toBe(404)
    expect(await written(k.contractId)).toEqual(before)

    const returned = await post(k.ownerUser, k.contractId, { intent: 'return', reason: '第三章噪声预测缺少夜间数据' })
    expect(returned.status).toBe(302)
    const page = await clockOf(k.agencyUser, k.contractId)
    expect(page.contract.state).toBe('in_service')
    expect(page.deliveries[0]).toMatchObject({ outcome: 'returned', decisionReason: '第三章噪声预测缺少夜间数据' })
    expect(page.clock?.revisionRounds).toBe(1)
    // Owner review (10 April, 14 April] counts against nobody.
    expect(page.clock?.agency).toMatchObject({ used: 13, status: 'running' })
  })

  it('no overdue day while within C + extension (21 April: 18 of 18, yellow)', async () => {
    at(shanghaiNoon('2026-04-21'))
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.clock?.agency).toMatchObject({ used: 18, budget: 18, light: 'yellow' })
    await recordAllOverdueDays(await getDb())
    expect(await overdueRows(k.contractId)).toEqual([])
  })

  it('redelivery on 22 April is version 2, one working day past the budget: red, one overdue day', async () => {
    at(shanghaiNoon('2026-04-22'))
    const delivered = await upload(k.agencyUser, k.contractId, pdf('环评报告书 v2.pdf', `${PDF_BODY}% v2\n%%EOF\n`))
    expect(delivered.status).toBe(302)
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.deliveries.map((d) => [d.version, d.outcome])).toEqual([
      [1, 'returned'],
      [2, 'pending'],
    ])
    expect(page.clock?.agency).toMatchObject({ used: 19, budget: 18, light: 'red', status: 'stopped' })
    expect(page.clock?.overdueDays).toEqual(['2026-04-22'])
  })

  it('overdue days: exactly the clock’s, idempotent across ticks, audited once', async () => {
    const db = await getDb()
    const auditCount = async () =>
      (await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, 'need.overdue_days_recorded')))[0].n
    expect(await recordAllOverdueDays(db)).toBe(1)
    expect(await overdueRows(k.contractId)).toEqual(['2026-04-22'])
    expect(await auditCount()).toBe(1)
    await tick(db)
    await tick(db)
    expect(await recordAllOverdueDays(db)).toBe(0)
    expect(await overdueRows(k.contractId)).toEqual(['2026-04-22'])
    expect(await auditCount()).toBe(1)
    const [row] = await db.select().from(conductEvents).where(eq(conductEvents.contractId, k.contractId))
    expect(row).toMatchObject({ agencyOrganisationId: k.m.agencies.a.organisationId, kind: 'overdue_day' })
  })

  it('the owner accepts: the agency segment ends and the transfer is queued once (outbox + contract_payments)', async () => {
    at(shanghaiNoon('2026-04-23'))
    expect((await post(k.agencyUser, k.contractId, { intent: 'accept' })).status).toBe(403)
    const accepted = await post(k.ownerUser, k.contractId, { intent: 'accept' })
    expect(accepted.status).toBe(302)
    const db = await getDb()
    const key = `contract:${k.contractId}:transfer:acceptance`
    const rows = await db.select().from(outbox).where(eq(outbox.idempotencyKey, key))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ kind: 'stripe.transfer' })
    expect(rows[0].payload).toMatchObject({ contractId: k.contractId, amountFen: k.contract.priceFen, purpose: 'acceptance' })
    const payments = await db.select().from(contractPayments).where(eq(contractPayments.idempotencyKey, key))
    expect(payments).toHaveLength(1)
    const page = await clockOf(k.ownerUser, k.contractId)
    expect(page.contract.state).toBe('accepted')
    expect(page.contract.acceptedAt).not.toBeNull()
    expect(page.deliveries[1].outcome).toBe('accepted')
    expect(page.clock?.agency).toMatchObject({ used: 19, status: 'stopped' })
    // A second click: the state machine refuses (409), no second transfer.
    const again = await post(k.ownerUser, k.contractId, { intent: 'accept' })
    expect(again.status).toBe(409)
    expect(await db.select().from(outbox).where(eq(outbox.idempotencyKey, key))).toHaveLength(1)
  })

  it('submission for approval: a date after today is refused at the field; then the approval segment counts', async () => {
    at(shanghaiNoon('2026-04-27'))
    const before = await written(k.contractId)
    const future = await post(k.ownerUser, k.contractId, { intent: 'submitApproval', date: '2026-04-28' })
    expect(future.status).toBe(422)
    expect(fieldKeys(future, 'date')).toEqual(['ownerSelection.refusals.dateInvalid'])
    const bad = await post(k.ownerUser, k.contractId, { intent: 'submitApproval', date: '2026-02-30' })
    expect(bad.status).toBe(400)
    expect(fieldKeys(bad, 'date')).toEqual(['validation.date'])
    expect((await post(k.agencyUser, k.contractId, { intent: 'submitApproval', date: '2026-04-24' })).status).toBe(403)
    expect((await post(k.regulatorUser, k.contractId, { intent: 'submitApproval', date: '2026-04-24' })).status).toBe(403)
    expect(await written(k.contractId)).toEqual(before)

    const submitted = await post(k.ownerUser, k.contractId, { intent: 'submitApproval', date: '2026-04-24' })
    expect(submitted.status).toBe(302)
    const page = await clockOf(k.regulatorUser, k.contractId)
    expect(page.clock?.phase).toBe('approval')
    expect(page.clock?.submittedOn).toBe('2026-04-24')
    // (24 April, 27 April]: Monday 27 April.
    expect(page.clock?.approval).toMatchObject({ used: 1, budget: 30, status: 'running', light: 'green' })
    expect(page.clock?.total).toMatchObject({ used: 20, budget: 60 })
  })

  it('the decision: outcome and document number required, then recorded; the approval segment stops', async () => {
    at(shanghaiNoon('2026-04-30'))
    const before = await written(k.contractId)
    const noDoc = await post(k.ownerUser, k.contractId, { intent: 'recordApprovalDecision', date: '2026-04-30', outcome: 'approved' })
    expect(noDoc.status).toBe(400)
    expect(fieldKeys(noDoc, 'documentNo')).toEqual(['validation.required'])
    const noOutcome = await post(k.ownerUser, k.contractId, { intent: 'recordApprovalDecision', date: '2026-04-30', documentNo: '宁环审〔2026〕12号' })
    expect(noOutcome.status).toBe(400)
    expect(fieldKeys(noOutcome, 'outcome')).toEqual(['validation.choose'])
    const future = await post(k.ownerUser, k.contractId, {
      intent: 'recordApprovalDecision',
      date: '2026-05-06',
      outcome: 'approved',
      documentNo: '宁环审〔2026〕12号',
    })
    expect(future.status).toBe(422)
    expect(fieldKeys(future, 'date')).toEqual(['ownerSelection.refusals.dateInvalid'])
    expect(await written(k.contractId)).toEqual(before)

    const decided = await post(k.ownerUser, k.contractId, {
      intent: 'recordApprovalDecision',
      date: '2026-04-30',
      outcome: 'approved',
      documentNo: '宁环审〔2026〕12号',
    })
    expect(decided.status).toBe(302)
    const page = await clockOf(k.agencyUser, k.contractId)
    expect(page.contract).toMatchObject({ approvalOutcome: 'approved', approvalDocumentNo: '宁环审〔2026〕12号' })
    expect(page.clock?.phase).toBe('decided')
    expect(page.clock?.decidedOn).toBe('2026-04-30')
    // (24 April, 30 April]: 27, 28, 29, 30 April.
    expect(page.clock?.approval).toMatchObject({ used: 4, status: 'stopped' })
    expect(page.clock?.total).toMatchObject({ used: 23, budget: 60, light: 'green' })
    expect(page.clockEvents.map((e) => e.type)).toEqual([
      'started',
      'pause_requested',
      'pause_confirmed',
      'resumed',
      'extended',
      'delivered',
      'returned_for_revision',
      'delivered',
      'approval_submitted',
      'approval_decided',
    ])
  })
})

describe('before the service starts', () => {
  it('the page draws the limits with nothing counted (signed, not paid), for owner and agency alike', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m: k.m, signed: true, start: '2026-05-04' })
    for (const user of [c.ownerUser, c.agencyUser]) {
      const page = await clockOf(user, c.contractId)
      expect(page.clock).toBeNull()
      expect(page.notStartedClock).toMatchObject({
        phase: 'not_started',
        startedOn: null,
        agency: { used: 0, budget: c.contract.committedDays, status: 'not_started' },
        limits: { committedDays: c.contract.committedDays, statutoryDays: c.contract.statutoryDays },
      })
    }
  })
})

describe('the owner records a pause; the agency may resume; the clock refuses what it cannot place', () => {
  let c: AwardedContract
  beforeAll(async () => {
    c = await inService({ m: k.m, start: '2026-06-01', day: '2026-06-17' })
  }, 60_000)

  it('an owner-recorded pause starts on its own day; the agency resumes', async () => {
    at(shanghaiNoon('2026-06-22'))
    expect((await post(c.agencyUser, c.contractId, { intent: 'pause', reason: '机构自己暂停' })).status).toBe(403)
    expect((await post(c.ownerUser, c.contractId, { intent: 'requestPause', reason: '业主替机构申请' })).status).toBe(403)
    const recorded = await post(c.ownerUser, c.contractId, { intent: 'pause', reason: '业主未提供场地' })
    expect(recorded.status).toBe(302)
    at(shanghaiNoon('2026-06-24'))
    // Paused: no delivery.
    const before = await written(c.contractId)
    expect((await upload(c.agencyUser, c.contractId, pdf())).status).toBe(409)
    expect(await written(c.contractId)).toEqual(before)
    const resumed = await post(c.agencyUser, c.contractId, { intent: 'resume' })
    expect(resumed.status).toBe(302)
    const page = await clockOf(c.ownerUser, c.contractId)
    expect(page.clock?.pauses).toEqual([
      expect.objectContaining({ from: '2026-06-22', to: '2026-06-24', source: 'recorded', reason: '业主未提供场地' }),
    ])
    expect(page.contract.state).toBe('in_service')
  })
})

describe('acceptance reminders and the regulators’ escalation', () => {
  let c: AwardedContract
  let deliveredOn: string
  beforeAll(async () => {
    c = await inService({ m: k.m, start: '2026-09-01', day: '2026-09-16' })
    at(shanghaiNoon('2026-09-18'))
    expect((await upload(c.agencyUser, c.contractId, pdf())).status).toBe(302)
    deliveredOn = '2026-09-18'
  }, 60_000)

  async function reminders(kind: 'owner_reminder' | 'regulator_escalation') {
    const db = await getDb()
    return db
      .select({ onDate: deliveryReminders.onDate })
      .from(deliveryReminders)
      .innerJoin(contractDeliveries, eq(contractDeliveries.id, deliveryReminders.deliveryId))
      .where(and(eq(contractDeliveries.contractId, c.contractId), eq(deliveryReminders.kind, kind)))
  }
  async function notesFor(user: SessionUser, key: string) {
    const db = await getDb()
    return db.select().from(notifications).where(and(eq(notifications.userId, user.id), eq(notifications.messageKey, key)))
  }

  it('none within the review period; then one reminder a working day, however many ticks; then the regulators once', async () => {
    const db = await getDb()
    const calendar = await getCalendar(db)
    const review = serviceConfig.acceptanceReviewWorkingDays
    const escalation = serviceConfig.acceptanceEscalationWorkingDays
    const lastQuiet = calendar.addWorkingDays(deliveredOn, review)
    at(shanghaiNoon(lastQuiet))
    await sendAcceptanceReminders(db, lastQuiet)
    expect(await reminders('owner_reminder')).toEqual([])

    const first = calendar.addWorkingDays(deliveredOn, review + 1)
    at(shanghaiNoon(first))
    expect(await sendAcceptanceReminders(db, first)).toMatchObject({ reminded: 1, escalated: 0 })
    await tick(db)
    expect(await sendAcceptanceReminders(db, first)).toEqual({ reminded: 0, escalated: 0 })
    expect(await reminders('owner_reminder')).toEqual([{ onDate: first }])
    const ownerNotes = await notesFor(c.ownerUser, 'contractService.notify.acceptanceReminder')
    expect(ownerNotes).toHaveLength(1)
    expect(ownerNotes[0]).toMatchObject({ link: `/contracts/${c.contractId}`, params: expect.objectContaining({ version: 1, days: review + 1 }) })

    const second = calendar.addWorkingDays(deliveredOn, review + 2)
    at(shanghaiNoon(second))
    await tick(db)
    expect(await reminders('owner_reminder')).toHaveLength(2)
    expect(await reminders('regulator_escalation')).toEqual([])

    const escalate = calendar.addWorkingDays(deliveredOn, review + escalation + 1)
    at(shanghaiNoon(escalate))
    await tick(db)
    await tick(db)
    expect(await reminders('regulator_escalation')).toEqual([{ onDate: deliveredOn }])
    expect(await notesFor(c.regulatorUser, 'contractService.notify.acceptanceEscalated')).toHaveLength(1)
    expect(await notesFor(c.m.otherRegulator.user, 'contractService.notify.acceptanceEscalated')).toHaveLength(0)
    const later = calendar.addWorkingDays(escalate, 1)
    at(shanghaiNoon(later))
    await tick(db)
    expect(await notesFor(c.regulatorUser, 'contractService.notify.acceptanceEscalated')).toHaveLength(1)
    const [audits] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'need.acceptance_escalated'), eq(auditEvents.entityId, c.needId)))
    expect(audits.n).toBe(1)
  }, 60_000)

  it('nothing on a weekend; nothing once the owner has answered', async () => {
    const db = await getDb()
    const before = (await reminders('owner_reminder')).length
    // 2026-10-31 is a Saturday.
    at(shanghaiNoon('2026-10-31'))
    expect(await sendAcceptanceReminders(db, '2026-10-31')).toEqual({ reminded: 0, escalated: 0 })
    at(shanghaiNoon('2026-11-02'))
    expect((await post(c.ownerUser, c.contractId, { intent: 'accept' })).status).toBe(302)
    at(shanghaiNoon('2026-11-03'))
    expect(await sendAcceptanceReminders(db, '2026-11-03')).toEqual({ reminded: 0, escalated: 0 })
    expect(await reminders('owner_reminder')).toHaveLength(before)
  })
})
