/**
 * The contract (issue 13 §1) on the real database (PGlite and PostgreSQL): the award drafts
 * exactly one contract at the winning bid with C, S, L, P and the signing deadline; each party
 * signs with its password asked again (an audit event carrying the SHA-256 of the text signed);
 * a wrong password, an outsider, the regulator and a late signature are refused with nothing
 * written; the admin's templates are validated and versioned, and a contract already drafted
 * keeps its text; the public summary shows the hash and no report content.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, awards, contracts, contractDeliveries, contractTemplates, storedFiles } from '#db/schema'
import { TEST_PASSWORD } from '#db/seed/factories'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { actOnContract } from '~/domain/contracts/contract-actions.server'
import { sha256Hex } from '~/domain/contracts/contract-text'
import { publicContract } from '~/domain/contracts/public-contract.server'
import { signContract } from '~/domain/contracts/signing.server'
import {
  contractTemplateForEdit,
  listContractTemplates,
  resetContractTemplate,
  saveContractTemplate,
} from '~/domain/contracts/templates.server'
import { addCalendarDays } from '~/domain/dates'
import { Conflict, Forbidden, NotFound, RuleViolation, RuleViolations } from '~/domain/errors'
import { contractDue } from '~/domain/needs/publish-rules'
import { now, resetClock } from '~/domain/now'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { actorOf } from '~/utils/auth.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import * as publicNeedRoute from '~/routes/_public+/needs.$id'
import { awardedContract, type AwardedContract, type ContractAgency } from '../support/contract-fixtures'
import { at, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'
import { callRoute, getRequest } from '../support/routes'

/** The client address the signing password's throttle keys on (the load context's, in life). */
const ADDRESS = '198.51.100.7'

let m: Marketplace<ContractAgency>

beforeAll(async () => {
  m = (await awardedContract(await getDb())).m
})
afterEach(() => resetClock())

const contractRow = async (id: string) => (await (await getDb()).select().from(contracts).where(eq(contracts.id, id)))[0]

async function auditOf(entityId: string, action: string) {
  const db = await getDb()
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)))
}

/** Everything signing could write: the contract row and the need's audit trail. */
async function snapshot(c: AwardedContract) {
  const db = await getDb()
  const [audits] = await db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.entityId, c.needId))
  return { contract: await contractRow(c.contractId), audits: audits.n }
}

describe('the award drafts the contract', () => {
  it('exactly one contract at the winning quote with C, S, L, P, the default template and the signing deadline', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m, priceFen: 777_700, committedDays: 12, serviceDays: 25 })
    const rows = await db.select().from(contracts).where(eq(contracts.needId, c.needId))
    expect(rows).toHaveLength(1)
    const [award] = await db.select().from(awards).where(eq(awards.needId, c.needId))
    const row = rows[0]
    expect(row).toMatchObject({
      bidId: award.bidId,
      ownerOrganisationId: m.owner.organisationId,
      agencyOrganisationId: m.agencies.a.organisationId,
      priceFen: 777_700,
      committedDays: 12,
      serviceDays: 25,
      statutoryDays: 60,
      processingDays: 30,
      templateVersion: 0,
      ownerSignedAt: null,
      agencySignedAt: null,
      collectStatus: 'unpaid',
    })
    const expectedDue = contractDue(c.awardedOn, await getMarketplaceConfig(db), await getCalendar(db))
    expect(row.signDueOn).toBe(expectedDue)
    expect(row.signDueOn > c.awardedOn).toBe(true)
    // The hash is the SHA-256 of the stored canonical text, which has both languages and the facts.
    expect(row.textSha256).toBe(sha256Hex(row.canonicalText))
    expect(row.canonicalText).toContain('7777.00')
    expect(row.canonicalText).toContain('12 个工作日')
    expect(row.canonicalText).toContain('within 12 working days')
    expect(row.canonicalText).toContain(expectedDue)
    // The award's audit event names the contract and its hash.
    const [awarded] = await auditOf(c.needId, 'need.awarded')
    expect(awarded.payload).toMatchObject({ contractId: row.id, contractSha256: row.textSha256, signDueOn: expectedDue })
  })
})

describe('signing', () => {
  it('each party signs with its password: signer, time and an audit event with the SHA-256', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m, payoutAccount: true })
    await signContract(db, c.ownerUser, c.contractId, { password: TEST_PASSWORD }, ADDRESS)
    let row = await contractRow(c.contractId)
    expect(row.ownerSignedBy).toBe(c.ownerUser.id)
    expect(row.ownerSignedAt?.getTime()).toBe(now().getTime())
    expect(row.agencySignedAt).toBeNull()

    at(new Date(now().getTime() + 3_600_000))
    await signContract(db, c.agencyUser, c.contractId, { password: TEST_PASSWORD }, ADDRESS)
    row = await contractRow(c.contractId)
    expect(row.agencySignedBy).toBe(c.agencyUser.id)
    expect(row.agencySignedAt?.getTime()).toBe(now().getTime())

    const signed = await auditOf(c.needId, 'need.contract_signed')
    expect(signed).toHaveLength(2)
    const byParty = Object.fromEntries(signed.map((e) => [(e.payload as { party: string }).party, e]))
    expect(byParty.owner.actorUserId).toBe(c.ownerUser.id)
    expect(byParty.owner.payload).toMatchObject({ sha256: row.textSha256, contractId: row.id, bothSigned: false })
    expect(byParty.agency.actorUserId).toBe(c.agencyUser.id)
    expect(byParty.agency.payload).toMatchObject({ sha256: row.textSha256, bothSigned: true })
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true })

    // Twice is refused.
    await expect(signContract(db, c.ownerUser, c.contractId, { password: TEST_PASSWORD }, ADDRESS)).rejects.toBeInstanceOf(Conflict)
  })

  it('a wrong password is refused at the password field and writes nothing', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m, payoutAccount: true })
    const before = await snapshot(c)
    for (const [user, password] of [
      [c.ownerUser, 'not-my-password'],
      [c.agencyUser, ''],
      [c.agencyUser, `${TEST_PASSWORD} `],
    ] as const) {
      const refused = await signContract(db, user, c.contractId, { password }, ADDRESS).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(RuleViolation)
      expect(refused).toMatchObject({ status: 422, field: 'password', messageKey: 'contractSigning.wrongPassword' })
    }
    expect(await snapshot(c)).toEqual(before)
  })

  it('outsiders get 404, the regulator 403, an agency without a payout account is told to open one; nothing written', async () => {
    const db = await getDb()
    // A marketplace of its own: its winning agency has no payout account yet.
    const c = await awardedContract(db)
    const before = await snapshot(c)
    for (const user of [c.otherOwnerUser, c.otherAgencyUser, c.m.otherRegulator.user, c.m.admin.user]) {
      await expect(signContract(db, user, c.contractId, { password: TEST_PASSWORD }, ADDRESS)).rejects.toBeInstanceOf(NotFound)
    }
    await expect(signContract(db, c.regulatorUser, c.contractId, { password: TEST_PASSWORD }, ADDRESS)).rejects.toBeInstanceOf(
      Forbidden,
    )
    // The regulator is refused before any password is looked at.
    await expect(signContract(db, c.regulatorUser, c.contractId, { password: 'wrong' }, ADDRESS)).rejects.toBeInstanceOf(Forbidden)
    await expect(signContract(db, c.agencyUser, c.contractId, { password: TEST_PASSWORD }, ADDRESS)).rejects.toMatchObject({
      messageKey: 'ownerSelection.refusals.payoutAccountMissing',
    })
    await expect(signContract(db, c.ownerUser, 'not-a-uuid', { password: TEST_PASSWORD }, ADDRESS)).rejects.toBeInstanceOf(NotFound)
    expect(await snapshot(c)).toEqual(before)
  })

  it('signing after the deadline is refused (and on the deadline itself allowed)', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m, payoutAccount: true })
    at(shanghaiNoon(c.contract.signDueOn))
    await signContract(db, c.ownerUser, c.contractId, { password: TEST_PASSWORD }, ADDRESS)
    at(shanghaiNoon(addCalendarDays(c.contract.signDueOn, 1)))
    const before = await snapshot(c)
    const refused = await signContract(db, c.agencyUser, c.contractId, { password: TEST_PASSWORD }, ADDRESS).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(Conflict)
    expect(refused).toMatchObject({ messageKey: 'ownerSelection.refusals.signingOver', params: { dueOn: c.contract.signDueOn } })
    expect(await snapshot(c)).toEqual(before)
  })
})

describe('contract templates', () => {
  it('refuses unknown variables at their field, versions each save with an audit event; drafted contracts keep their text', async () => {
    const db = await getDb()
    const admin = actorOf(m.admin.user)
    const old = await awardedContract(db, { m })
    expect((await contractTemplateForEdit(db, m.serviceTypeId)).version).toBeNull()

    const bad = await saveContractTemplate(db, admin, m.serviceTypeId, {
      bodyZh: '合同 {{contractNo}} {{ownerNme}}',
      bodyEn: 'Contract {{contractNo}} {{price}} {{ price }} {{agencyName}}',
    }).catch((e: unknown) => e)
    expect(bad).toBeInstanceOf(RuleViolations)
    expect((bad as RuleViolations).problems).toEqual([
      { field: 'bodyZh', messageKey: 'contractSigning.templates.unknownVariables', params: { names: 'ownerNme' } },
      { field: 'bodyEn', messageKey: 'contractSigning.templates.unknownVariables', params: { names: 'price' } },
    ])
    expect(await db.select().from(contractTemplates)).toHaveLength(0)
    expect(await auditOf(m.serviceTypeId, 'catalogue.contractTemplate.saved')).toHaveLength(0)

    const body = { bodyZh: '合同 {{contractNo}}：价款 {{priceYuan}} 元', bodyEn: 'Contract {{contractNo}}: CNY {{priceYuan}}' }
    expect(await saveContractTemplate(db, admin, m.serviceTypeId, body)).toBe(1)
    expect(await saveContractTemplate(db, admin, m.serviceTypeId, { ...body, bodyEn: `${body.bodyEn}.` })).toBe(2)
    const saved = await auditOf(m.serviceTypeId, 'catalogue.contractTemplate.saved')
    expect(saved.map((e) => (e.payload as { version: number }).version).sort()).toEqual([1, 2])
    expect(saved[0].actorUserId).toBe(m.admin.user.id)
    expect((await listContractTemplates(db)).find((r) => r.id === m.serviceTypeId)?.version).toBe(2)

    // The contract drafted before keeps its text and hash.
    expect(await contractRow(old.contractId)).toEqual(old.contract)
    expect(old.contract.canonicalText).toContain('中介服务合同')

    // A new award drafts from version 2.
    const fresh = await awardedContract(db, { m, priceFen: 888_800 })
    expect(fresh.contract.templateVersion).toBe(2)
    expect(fresh.contract.canonicalText).toMatch(/^合同 HT-2026-[0-9A-F]{8}：价款 8888\.00 元\n\n---\n\nContract HT-2026-[0-9A-F]{8}: CNY 8888\.00\.\n$/)
    expect(fresh.contract.textSha256).toBe(sha256Hex(fresh.contract.canonicalText))

    // Reset to default: the row goes, an audit event, later contracts use the default again.
    await resetContractTemplate(db, admin, m.serviceTypeId)
    expect(await db.select().from(contractTemplates)).toHaveLength(0)
    expect(await auditOf(m.serviceTypeId, 'catalogue.contractTemplate.reset')).toHaveLength(1)
    const after = await awardedContract(db, { m })
    expect(after.contract.templateVersion).toBe(0)
    expect(fresh.contract).toEqual(await contractRow(fresh.contractId))
  })

  it('an unknown service type is 404', async () => {
    const db = await getDb()
    const admin = actorOf(m.admin.user)
    await expect(contractTemplateForEdit(db, crypto.randomUUID())).rejects.toBeInstanceOf(NotFound)
    await expect(saveContractTemplate(db, admin, 'x', { bodyZh: 'a', bodyEn: 'b' })).rejects.toBeInstanceOf(NotFound)
  })
})

describe('the public contract summary', () => {
  it('shows parties, price, signatures, the hash and report hashes — never the text, a report or its file', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m, signed: true })
    // A delivered report (written directly: delivery is the service work's).
    const [file] = await db
      .insert(storedFiles)
      .values({
        organisationId: m.agencies.a.organisationId,
        fileName: 'secret-findings-report.pdf',
        mimeType: 'application/pdf',
        size: 9,
        sha256: 'a'.repeat(64),
        bytes: Buffer.from('%PDF-1.4\n'),
        createdAt: now(),
      })
      .returning()
    await db.insert(contractDeliveries).values({
      contractId: c.contractId,
      version: 1,
      fileId: file.id,
      sha256: 'a'.repeat(64),
      deliveredOn: c.awardedOn,
      deliveredAt: now(),
    })
    const summary = await publicContract(db, c.needId)
    expect(summary).toMatchObject({
      sha256: c.contract.textSha256,
      signedByBoth: true,
      priceFen: 900_000,
      deliveries: [{ version: 1, deliveredOn: c.awardedOn, sha256: 'a'.repeat(64) }],
    })
    const page = await callRoute(publicNeedRoute.loader, getRequest(`/needs/${c.needId}`), { id: c.needId })
    expect(page.status).toBe(200)
    const json = JSON.stringify(page.data)
    expect(json).toContain(c.contract.textSha256)
    expect(json).toContain('a'.repeat(64))
    for (const secret of ['secret-findings-report', file.id, 'PDF-1.4', '中介服务合同', c.contract.canonicalText.slice(0, 40)])
      expect(json).not.toContain(secret)
    // Before the award there is no summary.
    expect(await publicContract(db, crypto.randomUUID())).toBeNull()
  })
})

describe('actOnContract for signing still decides under the lock', () => {
  it('two concurrent signatures by the same party: one signs, the other is refused', async () => {
    const db = await getDb()
    const c = await awardedContract(db, { m })
    const results = await Promise.allSettled([
      actOnContract(db, c.ownerUser, c.contractId, 'sign_contract'),
      actOnContract(db, c.ownerUser, c.contractId, 'sign_contract'),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await auditOf(c.needId, 'need.contract_signed')).toHaveLength(1)
  })
})
