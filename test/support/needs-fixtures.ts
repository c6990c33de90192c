/**
 * One marketplace for integration tests of needs, bids and selection: a supervising department
 * with a regulator (and a regulator of an unrelated department), a qualification type with
 * levels A > B > C, a service type that requires it, an approval item (L = 60, P = 30), an owner
 * with a project (and a second owner), and agencies that may bid (qualification A, valid to
 * 2033) unless told otherwise. Needs are inserted directly as published (with a seed
 * commitment); bids go through `submitBid`. Built on `db/seed/factories.ts`.
 *
 *   const m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'] })
 *   const need = await insertOpenNeed(db, m, { method: 'random', closesOn: '2026-03-06' })
 */
import { approvalItemServiceTypes, approvalItems, agencyQualifications, agencyServiceTypes, needs, projects } from '#db/schema'
import type { Db } from '#db/client.server'
import { createAccount } from '#db/seed/factories'
import { saveDepartment, saveQualificationType, saveServiceType } from '~/domain/catalogue/catalogue.server'
import { fixedClock, now, setClock } from '~/domain/now'
import { submitBid } from '~/domain/bidding/bids.server'
import { newCommitment } from '~/domain/selection/draw'
import { systemActor } from '~/utils/audit.server'
import { loadSessionUser, type SessionUser } from '~/utils/auth.server'

export interface FixtureAccount {
  user: SessionUser
  organisationId: string
}

export interface Marketplace<K extends string> {
  departmentId: string
  regulator: FixtureAccount
  /** A regulator of a department that does not supervise the service type. */
  otherRegulator: FixtureAccount
  owner: FixtureAccount
  /** An owner of another organisation. */
  otherOwner: FixtureAccount
  admin: FixtureAccount
  projectId: string
  serviceTypeId: string
  approvalItemId: string
  qualificationTypeId: string
  levelIds: { A: string; B: string; C: string }
  agencies: Record<K, FixtureAccount>
}

export interface MarketplaceOptions<K extends string> {
  agencies: readonly K[]
  /** Per agency: the qualification's last valid day (default 2033-12-31). */
  validUntil?: Partial<Record<K, string>>
  /** Per agency: the qualification level held (default A). */
  level?: Partial<Record<K, 'A' | 'B' | 'C'>>
  /** A unique suffix for catalogue codes when one file sets up more than one marketplace. */
  tag?: string
}

/** Sets the one injectable clock to a fixed instant. */
export const at = (instant: Date | string) => setClock(fixedClock(instant))

/** 10:00 in Shanghai on a calendar date. */
export const shanghaiNoon = (date: string) => new Date(`${date}T10:00:00+08:00`)

async function account(db: Db, kind: 'owner' | 'agency' | 'regulator' | 'platform', overrides = {}) {
  const created = await createAccount(db, kind, overrides)
  return { user: await loadSessionUser(db, created.user.id), organisationId: created.organisation.id }
}

export async function setupMarketplace<K extends string>(
  db: Db,
  options: MarketplaceOptions<K>,
): Promise<Marketplace<K>> {
  const tag = options.tag ?? ''
  const dept = await saveDepartment(db, systemActor, {
    code: `DEP-EE${tag}`,
    nameZh: `生态环境局${tag}`,
    nameEn: `Ecology and Environment Bureau${tag}`,
  })
  const otherDept = await saveDepartment(db, systemActor, {
    code: `DEP-NR${tag}`,
    nameZh: `自然资源局${tag}`,
    nameEn: `Natural Resources Bureau${tag}`,
  })
  const qt = await saveQualificationType(db, systemActor, {
    code: `QT-EIA${tag}`,
    nameZh: `环境影响评价资质${tag}`,
    nameEn: `EIA qualification${tag}`,
    issuerZh: '',
    issuerEn: '',
    levels: [
      { code: 'A', nameZh: '甲级', nameEn: 'Grade A' },
      { code: 'B', nameZh: '乙级', nameEn: 'Grade B' },
      { code: 'C', nameZh: '丙级', nameEn: 'Grade C' },
    ],
  })
  const levels = await db.query.qualificationLevels.findMany({
    where: (l, { eq: is }) => is(l.qualificationTypeId, qt.id),
  })
  const levelId = (code: 'A' | 'B' | 'C') => levels.find((l) => l.code === code)!.id
  const serviceTypeId = (
    await saveServiceType(db, systemActor, {
      code: `ST-EIA${tag}`,
      nameZh: `环境影响评价${tag}`,
      nameEn: `Environmental impact assessment${tag}`,
      departmentId: dept.id,
      qualificationTypeIds: [qt.id],
      descriptionZh: '',
      descriptionEn: '',
      active: true,
    })
  ).id
  const [item] = await db
    .insert(approvalItems)
    .values({
      code: `AI-EIA${tag}`,
      nameZh: `环评审批${tag}`,
      nameEn: `EIA approval${tag}`,
      departmentId: dept.id,
      statutoryDays: 60,
      committedDays: 30,
    })
    .returning()
  // The approval item calls for the service type (a draft may pair only these, needs.server.ts).
  await db.insert(approvalItemServiceTypes).values({ approvalItemId: item.id, serviceTypeId })

  const owner = await account(db, 'owner')
  const [project] = await db
    .insert(projects)
    .values({
      ownerOrganisationId: owner.organisationId,
      name: '新建厂房项目',
      projectCode: `2026-320000-00-00-00000${tag || '1'}`,
      location: '江苏省南京市',
      industry: '制造业',
      totalInvestmentFen: 500_000_000,
      createdAt: now(),
    })
    .returning()

  const agencies = {} as Record<K, FixtureAccount>
  for (const key of options.agencies) {
    const agency = await account(db, 'agency')
    await db.insert(agencyServiceTypes).values({ organisationId: agency.organisationId, serviceTypeId })
    await db.insert(agencyQualifications).values({
      organisationId: agency.organisationId,
      qualificationTypeId: qt.id,
      levelId: levelId(options.level?.[key] ?? 'A'),
      certificateNo: `HP-${tag}${key}`,
      issuer: '江苏省生态环境厅',
      validFrom: '2025-01-01',
      validUntil: options.validUntil?.[key] ?? '2033-12-31',
    })
    agencies[key] = agency
  }

  return {
    departmentId: dept.id,
    regulator: await account(db, 'regulator', { departmentId: dept.id }),
    otherRegulator: await account(db, 'regulator', { departmentId: otherDept.id }),
    owner,
    otherOwner: await account(db, 'owner'),
    admin: await account(db, 'platform'),
    projectId: project.id,
    serviceTypeId,
    approvalItemId: item.id,
    qualificationTypeId: qt.id,
    levelIds: { A: levelId('A'), B: levelId('B'), C: levelId('C') },
    agencies,
  }
}

export interface OpenNeedOptions {
  method: 'direct' | 'random' | 'lowest_price' | 'comprehensive'
  /** The registration window's last day. */
  closesOn: string
  priceCeilingFen?: number | null
  serviceDays?: number
  weights?: { price: number; credit: number; rating: number; days: number } | null
  overrides?: Partial<typeof needs.$inferInsert>
}

/** A need as `publishNeed` leaves it (open, seed committed), inserted directly at the clock's now. */
export async function insertOpenNeed<K extends string>(db: Db, m: Marketplace<K>, options: OpenNeedOptions) {
  const commitment = await newCommitment()
  const at = now()
  const [row] = await db
    .insert(needs)
    .values({
      projectId: m.projectId,
      ownerOrganisationId: m.owner.organisationId,
      serviceTypeId: m.serviceTypeId,
      approvalItemId: m.approvalItemId,
      title: '环评报告编制',
      scope: '编制环境影响报告书',
      priceCeilingFen: options.priceCeilingFen === undefined ? 1_000_000 : options.priceCeilingFen,
      qualificationTypeId: m.qualificationTypeId,
      minLevelId: m.levelIds.B,
      serviceDays: options.serviceDays ?? 20,
      method: options.method,
      weights:
        options.weights === undefined
          ? options.method === 'comprehensive'
            ? { price: 40, credit: 20, rating: 20, days: 20 }
            : null
          : options.weights,
      registrationClosesOn: options.closesOn,
      state: 'open',
      publishedAt: at,
      seedHash: commitment.seedHash,
      seedSecret: commitment.seed,
      createdAt: at,
      updatedAt: at,
      ...options.overrides,
    })
    .returning()
  return row
}

/** Each named agency bids its quote (committed days 15 unless given) at the clock's now; returns the bid ids. */
export async function bidOn<K extends string>(
  db: Db,
  m: Marketplace<K>,
  needId: string,
  quotes: Partial<Record<K, number>>,
  committedDays: Partial<Record<K, number>> = {},
): Promise<Record<K, string>> {
  const ids = {} as Record<K, string>
  for (const [key, quoteFen] of Object.entries(quotes) as [K, number][]) {
    const { bidId } = await submitBid(db, m.agencies[key].user, needId, {
      quoteFen,
      committedDays: committedDays[key] ?? 15,
      note: '按期完成',
      team: '张伟',
    })
    ids[key] = bidId
  }
  return ids
}
