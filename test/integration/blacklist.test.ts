/**
 * Blacklists on the real database (PGlite and PostgreSQL): listing (remit, field errors,
 * disqualifying live bids in scope on open needs, out-of-scope bids untouched, closed bids
 * excluded at assessment), the refusal to bid, expiry exactly once under concurrent timed work,
 * lifting early, the appeal and its decision.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyServiceTypes, auditEvents, bids, blacklistEntries, needs, notifications } from '#db/schema'
import { submitBid } from '~/domain/bidding/bids.server'
import {
  decideAppeal,
  expireDueEntries,
  fileAppeal,
  liftEntry,
  listAgency,
  publicBlacklist,
  regulatorBlacklist,
} from '~/domain/blacklist/blacklist.server'
import { ListingSchema, type ListingInput } from '~/domain/blacklist/schemas'
import { saveServiceType } from '~/domain/catalogue/catalogue.server'
import { eligibilityFor } from '~/domain/needs/notices.server'
import { resetClock } from '~/domain/now'
import { assessBids } from '~/domain/selection/bid-assessment.server'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { systemActor } from '~/utils/audit.server'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '../support/needs-fixtures'

type K = 'a' | 'b' | 'c' | 'd'
let m: Marketplace<K>
/** A second service type of the same department; agencies a and b offer it too. */
let otherTypeId: string

beforeAll(async () => {
  const db = await getDb()
  m = await setupMarketplace(db, { agencies: ['a', 'b', 'c', 'd'] })
  otherTypeId = (
    await saveServiceType(db, systemActor, {
      code: 'ST-SURVEY',
      nameZh: '测绘',
      nameEn: 'Surveying',
      departmentId: m.departmentId,
      qualificationTypeIds: [],
      descriptionZh: '',
      descriptionEn: '',
      active: true,
    })
  ).id
  for (const key of ['a', 'b'] as const)
    await db
      .insert(agencyServiceTypes)
      .values({ organisationId: m.agencies[key].organisationId, serviceTypeId: otherTypeId })
})
afterEach(() => resetClock())

const listing = (key: K, over: Partial<ListingInput> = {}): ListingInput => ({
  agencyId: m.agencies[key].organisationId,
  reason: '提交虚假材料，情节严重',
  legalBasis: '《中介服务管理办法》第二十条',
  scope: 'service_types',
  serviceTypeIds: [m.serviceTypeId],
  endsOn: undefined,
  permanent: false,
  confirm: 'yes',
  ...over,
})

async function entryCount() {
  const db = await getDb()
  return (await db.select({ n: count() }).from(blacklistEntries))[0].n
}

async function bidStatus(id: string) {
  const db = await getDb()
  return (await db.select({ status: bids.status, reason: bids.statusReason }).from(bids).where(eq(bids.id, id)))[0]
}

describe('blacklisting', () => {
  it('the form refuses bad input at its fields', () => {
    const fieldsOf = (input: Record<string, unknown>) => {
      const parsed = ListingSchema.safeParse(input)
      expect(parsed.success).toBe(false)
      return Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]))
    }
    expect(fieldsOf({ agencyId: 'x', reason: '太短', legalBasis: ' ', scope: 'some', endsOn: '2027-02-30' })).toEqual({
      agencyId: 'validation.choose',
      reason: 'confirm.reasonTooShort',
      legalBasis: 'blacklist.validation.legalBasisRequired',
      scope: 'blacklist.validation.scope',
      endsOn: 'validation.date',
      confirm: 'confirm.required',
    })
    // The rules across fields, once each field is well formed.
    const valid = { ...listing('a'), confirm: 'yes' }
    expect(fieldsOf({ ...valid, serviceTypeIds: [], endsOn: '2027-01-01', permanent: 'on' })).toEqual({
      serviceTypeIds: 'blacklist.validation.serviceTypesRequired',
      endsOn: 'blacklist.validation.permanentOrEnd',
    })
    expect(ListingSchema.parse({ ...valid, scope: 'all', serviceTypeIds: [], endsOn: '' })).toMatchObject({
      scope: 'all',
      endsOn: undefined,
      permanent: false,
    })
  })

  it('only a regulator supervising the agency lists it; rule problems at their fields; nothing written when refused', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    await expect(listAgency(db, m.owner.user, listing('d'))).rejects.toMatchObject({ status: 403 })
    await expect(listAgency(db, m.agencies.a.user, listing('d'))).rejects.toMatchObject({ status: 403 })
    await expect(listAgency(db, m.admin.user, listing('d'))).rejects.toMatchObject({ status: 403 })
    await expect(listAgency(db, m.otherRegulator.user, listing('d'))).rejects.toMatchObject({ status: 404 })
    await expect(
      listAgency(db, m.regulator.user, listing('d', { agencyId: m.owner.organisationId })),
    ).rejects.toMatchObject({ status: 404 })
    await expect(listAgency(db, m.regulator.user, listing('d', { endsOn: '2026-03-01' }))).rejects.toMatchObject({
      status: 422,
      problems: [{ field: 'endsOn', messageKey: 'blacklist.validation.endsBeforeToday' }],
    })
    // A service type of another department (not in the regulator's remit).
    const foreign = await saveServiceType(db, systemActor, {
      code: 'ST-FOREIGN',
      nameZh: '外部门事项',
      nameEn: 'Foreign type',
      departmentId: m.otherRegulator.user.departmentId!,
      qualificationTypeIds: [],
      descriptionZh: '',
      descriptionEn: '',
      active: true,
    })
    await expect(
      listAgency(db, m.regulator.user, listing('d', { serviceTypeIds: [foreign.id] })),
    ).rejects.toMatchObject({
      problems: [{ field: 'serviceTypeIds', messageKey: 'blacklist.validation.serviceTypeOutOfRemit' }],
    })
    expect(await entryCount()).toBe(0)
  })

  it('disqualifies live bids in scope on open needs with a notice, leaves the others; closed bids are excluded at assessment; bidding is refused with the reason', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-02'))
    const open = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20' })
    const outOfScope = await insertOpenNeed(db, m, {
      method: 'random',
      closesOn: '2026-03-20',
      overrides: { serviceTypeId: otherTypeId, minLevelId: null },
    })
    const closed = await insertOpenNeed(db, m, { method: 'lowest_price', closesOn: '2026-03-04' })
    const later = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-20' })
    const inScopeBid = await bidOn(db, m, open.id, { a: 500_000, b: 600_000 })
    const otherBid = (await bidOn(db, m, outOfScope.id, { a: 500_000 })).a
    const closedBids = await bidOn(db, m, closed.id, { a: 500_000, b: 600_000, c: 700_000 })
    // The window of `closed` is over (the timed work would have moved it).
    await db.update(needs).set({ state: 'evaluating' }).where(eq(needs.id, closed.id))

    at(shanghaiNoon('2026-03-05'))
    const before = await db
      .select({ n: count() })
      .from(notifications)
      .where(eq(notifications.userId, m.agencies.a.user.id))
    const result = await listAgency(db, m.regulator.user, listing('a'))
    expect(result.disqualifiedBidIds).toEqual([inScopeBid.a])

    expect(await bidStatus(inScopeBid.a)).toEqual({ status: 'disqualified', reason: 'blacklisted' })
    expect(await bidStatus(inScopeBid.b)).toMatchObject({ status: 'live' })
    expect(await bidStatus(otherBid)).toMatchObject({ status: 'live' })
    expect(await bidStatus(closedBids.a)).toMatchObject({ status: 'live' })
    const notes = await db.select().from(notifications).where(eq(notifications.userId, m.agencies.a.user.id))
    expect(notes.length - before[0].n).toBe(2)
    expect(notes.map((n) => n.messageKey)).toEqual(
      expect.arrayContaining(['blacklist.notify.listed', 'blacklist.notify.bidDisqualified']),
    )
    expect(notes.find((n) => n.messageKey === 'blacklist.notify.bidDisqualified')).toMatchObject({
      params: { title: open.title },
      link: `/agency/needs/${open.id}`,
    })

    const [entry] = await db
      .select()
      .from(blacklistEntries)
      .where(eq(blacklistEntries.agencyOrganisationId, m.agencies.a.organisationId))
    expect(entry).toMatchObject({
      status: 'in_force',
      startsOn: '2026-03-05',
      endsOn: '2027-03-04',
      scope: 'service_types',
      serviceTypeIds: [m.serviceTypeId],
    })

    // The closed need's assessment leaves `a` out with the reason.
    const [closedRow] = await db.select().from(needs).where(eq(needs.id, closed.id))
    const assessment = await assessBids(db, closedRow, await getMarketplaceConfig(db))
    expect(assessment.ineligibleBids).toEqual([
      { bidId: closedBids.a, agencyId: m.agencies.a.organisationId, reason: 'blacklisted' },
    ])
    expect(assessment.eligible.map((b) => b.id).sort()).toEqual([closedBids.b, closedBids.c].sort())

    // Bidding in scope is refused with the reason (shown on the bid page); out of scope it is not.
    expect(await eligibilityFor(db, m.agencies.a.organisationId, later.id)).toBe('blacklisted')
    await expect(
      submitBid(db, m.agencies.a.user, later.id, { quoteFen: 500_000, committedDays: 15, note: '', team: '' }),
    ).rejects.toMatchObject({
      status: 422,
      messageKey: 'terms.ineligible.blacklisted',
    })
    expect(await eligibilityFor(db, m.agencies.a.organisationId, outOfScope.id)).toBeNull()
    expect(await eligibilityFor(db, m.agencies.b.organisationId, later.id)).toBeNull()

    // The regulator's page lists it; the public history too, without the appeal text.
    const page = await regulatorBlacklist(db, m.regulator.user)
    expect(page.entries.map((e) => e.id)).toContain(entry.id)
    const pub = await publicBlacklist(db)
    expect(pub.find((e) => e.id === entry.id)).toMatchObject({
      status: 'in_force',
      serviceTypes: [{ id: m.serviceTypeId }],
    })
  })

  it('scope all bars every service type; lifting early needs the supervising regulator and happens once', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-06'))
    const outOfScope = await insertOpenNeed(db, m, {
      method: 'random',
      closesOn: '2026-03-20',
      overrides: { serviceTypeId: otherTypeId, minLevelId: null },
    })
    const { entryId } = await listAgency(
      db,
      m.regulator.user,
      listing('b', { scope: 'all', serviceTypeIds: [], permanent: true }),
    )
    expect(await eligibilityFor(db, m.agencies.b.organisationId, outOfScope.id)).toBe('blacklisted')
    const [row] = await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId))
    expect(row.endsOn).toBeNull()

    await expect(
      liftEntry(db, m.otherRegulator.user, entryId, { reason: '整改完成，经复核予以移出' }),
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      liftEntry(db, m.agencies.b.user, entryId, { reason: '整改完成，经复核予以移出' }),
    ).rejects.toMatchObject({ status: 403 })
    expect((await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId)))[0].status).toBe(
      'in_force',
    )
    await liftEntry(db, m.regulator.user, entryId, { reason: '整改完成，经复核予以移出' })
    await expect(
      liftEntry(db, m.regulator.user, entryId, { reason: '整改完成，经复核予以移出' }),
    ).rejects.toMatchObject({
      status: 409,
      messageKey: 'blacklist.refusals.notInForce',
    })
    const [lifted] = await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId))
    expect(lifted).toMatchObject({
      status: 'lifted',
      liftReason: '整改完成，经复核予以移出',
      liftedByUserId: m.regulator.user.id,
    })
    expect(await eligibilityFor(db, m.agencies.b.organisationId, outOfScope.id)).toBeNull()
  })

  it('expires automatically exactly once under concurrent timed work', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-06'))
    const { entryId } = await listAgency(db, m.regulator.user, listing('c', { endsOn: '2026-03-10' }))
    at(shanghaiNoon('2026-03-10'))
    expect(await expireDueEntries(db, '2026-03-10')).toBe(0)
    at(shanghaiNoon('2026-03-11'))
    const runs = await Promise.all([
      expireDueEntries(db, '2026-03-11'),
      expireDueEntries(db, '2026-03-11'),
      expireDueEntries(db, '2026-03-11'),
    ])
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1)
    const [row] = await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId))
    expect(row.status).toBe('expired')
    expect(row.expiredAt).not.toBeNull()
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, entryId), eq(auditEvents.action, 'blacklist.entry_expired')))
    expect(audits).toHaveLength(1)
    const notes = await db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, m.agencies.c.user.id),
          eq(notifications.messageKey, 'blacklist.notify.entryExpired'),
        ),
      )
    expect(notes).toHaveLength(1)
    expect(await expireDueEntries(db, '2026-03-12')).toBe(0)
  })

  it('the agency appeals once; only the admin office decides; upheld lifts the entry', async () => {
    const db = await getDb()
    at(shanghaiNoon('2026-03-12'))
    const { entryId } = await listAgency(db, m.regulator.user, listing('d'))
    const appeal = { text: '所涉材料系工作人员笔误，已提交更正证明。' }
    await expect(fileAppeal(db, m.agencies.a.user, entryId, appeal)).rejects.toMatchObject({ status: 404 })
    await expect(fileAppeal(db, m.owner.user, entryId, appeal)).rejects.toMatchObject({ status: 403 })
    await expect(
      fileAppeal(db, m.agencies.d.user, '00000000-0000-0000-0000-000000000000', appeal),
    ).rejects.toMatchObject({ status: 404 })
    await expect(
      decideAppeal(db, m.admin.user, entryId, { decision: 'upheld', reasons: '经核实申诉理由成立' }),
    ).rejects.toMatchObject({
      status: 409,
      messageKey: 'blacklist.refusals.noPendingAppeal',
    })
    expect((await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId)))[0]).toMatchObject({
      appealStatus: 'not_filed',
      appealText: null,
      status: 'in_force',
    })

    await fileAppeal(db, m.agencies.d.user, entryId, appeal)
    await expect(fileAppeal(db, m.agencies.d.user, entryId, appeal)).rejects.toMatchObject({
      status: 409,
      messageKey: 'blacklist.refusals.alreadyAppealed',
    })
    await expect(
      decideAppeal(db, m.regulator.user, entryId, { decision: 'upheld', reasons: '经核实申诉理由成立' }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(
      decideAppeal(db, m.agencies.d.user, entryId, { decision: 'upheld', reasons: '经核实申诉理由成立' }),
    ).rejects.toMatchObject({ status: 403 })
    expect((await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId)))[0]).toMatchObject({
      appealStatus: 'pending',
      status: 'in_force',
    })

    at(shanghaiNoon('2026-03-13'))
    await decideAppeal(db, m.admin.user, entryId, { decision: 'upheld', reasons: '经核实申诉理由成立' })
    const [row] = await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId))
    expect(row).toMatchObject({
      appealStatus: 'upheld',
      status: 'lifted',
      appealReasons: '经核实申诉理由成立',
      liftReason: '经核实申诉理由成立',
      appealDecidedByUserId: m.admin.user.id,
    })
    await expect(
      decideAppeal(db, m.admin.user, entryId, { decision: 'rejected', reasons: '经核实申诉理由成立' }),
    ).rejects.toMatchObject({ status: 409 })
    await expect(fileAppeal(db, m.agencies.d.user, entryId, appeal)).rejects.toMatchObject({ status: 409 })

    // A rejected appeal leaves the entry in force.
    const second = await listAgency(db, m.regulator.user, listing('d'))
    await fileAppeal(db, m.agencies.d.user, second.entryId, appeal)
    await decideAppeal(db, m.admin.user, second.entryId, { decision: 'rejected', reasons: '证据不足，维持原决定' })
    expect((await db.select().from(blacklistEntries).where(eq(blacklistEntries.id, second.entryId)))[0]).toMatchObject({
      appealStatus: 'rejected',
      status: 'in_force',
    })

    // The public history keeps every entry, in each state, without the appeal's own text.
    const pub = await publicBlacklist(db)
    expect(new Set(pub.map((e) => e.status))).toEqual(new Set(['in_force', 'expired', 'lifted']))
    expect(pub.find((e) => e.id === entryId)).toMatchObject({
      appealStatus: 'upheld',
      appealReasons: '经核实申诉理由成立',
    })
    expect(JSON.stringify(pub)).not.toContain(appeal.text)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })
})
