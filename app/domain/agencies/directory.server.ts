/**
 * The public agency directory: search, the public profile and the exit records. Public fields
 * only. Pending and rejected agencies (never approved) are never shown; an agency once approved
 * stays public as active, suspended or exited.
 *
 * The search is written for the organisations indexes: equality on kind and status (and region code)
 * and ORDER BY name (or created_at) follow (kind, status, name) / (kind, status, created_at); the
 * name filter is a plain ILIKE on the column, which the pg_trgm GIN index serves; the service
 * type and qualification filters are EXISTS subqueries served by (service_type_id,
 * organisation_id) and (qualification_type_id, valid_until). No function wraps an indexed column.
 */
import { and, asc, count, desc, eq, exists, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  agencyExits,
  agencyPractitioners,
  agencyProfiles,
  agencyQualifications,
  agencyRegistryEvents,
  agencyServiceTypes,
  organisations,
  qualificationLevels,
  qualificationTypes,
  serviceTypes,
} from '#db/schema'
import { regionValue } from '~/domain/organisations/region.server'
import { now } from '~/domain/now'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import { NotFound } from '~/domain/errors'
import { resolveRegion } from '~/domain/organisations/regions'
import { qualificationValidity, type QualificationValidity } from './eligibility'
import { isCreditTier, type CreditTier } from '~/domain/credit/credit'
import { creditStandings, hasCreditTier } from '~/domain/credit/standings.server'

export const DIRECTORY_PAGE_SIZE = 20
export const EXITS_PAGE_SIZE = 20

/** Statuses the public may see; pending and rejected agencies were never approved. */
export const publicStatuses = ['active', 'suspended', 'exited'] as const
export type PublicStatus = (typeof publicStatuses)[number]
export const directorySorts = ['name', 'newest'] as const
export type DirectorySort = (typeof directorySorts)[number]

/** Registry events shown on the public profile (application rejections stay between agency and reviewer). */
const publicEventKinds = ['approved', 'change_approved', 'suspended', 'reinstated', 'exited'] as const

export interface DirectoryFilters {
  /** Part of the name, case-insensitive. */
  q?: string
  /** Service type code or id. */
  serviceType?: string
  /** Qualification type code (or id) the agency must hold, valid today. */
  qualification?: string
  /** With `qualification`: the lowest acceptable level rank (1 is the highest). */
  maxLevelRank?: number
  /** A region code (or legacy free text, matched exactly). */
  region?: string
  status?: PublicStatus
  /** The agency's stored credit tier. */
  tier?: CreditTier
  sort?: DirectorySort
  /** 1-based. */
  page?: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

const MAX_PAGE = 10_000

/**
 * Reads the filters from a query string. Unusable values are left out and named in `invalid`
 * (the page ignores them, the JSON API answers 400). The level select sends `CODE:rank`, so the
 * form works without JavaScript; the API also takes a bare rank beside `qualification`.
 */
export function parseDirectoryFilters(params: URLSearchParams): { filters: DirectoryFilters; invalid: string[] } {
  const invalid: string[] = []
  const text = (name: string, max: number) => {
    const value = params.get(name)?.trim() ?? ''
    if (value.length > max) invalid.push(name)
    return value && value.length <= max ? value : undefined
  }
  const filters: DirectoryFilters = {}
  const q = text('q', 100)
  if (q) filters.q = q
  const serviceType = text('serviceType', 64)
  if (serviceType) filters.serviceType = serviceType
  const region = text('region', 64)
  if (region) filters.region = region
  let qualification = text('qualification', 64)
  const level = text('level', 80)
  if (level) {
    const m = /^(?:(.+):)?(\d{1,3})$/.exec(level)
    const rank = m ? Number(m[2]) : Number.NaN
    if (!m || rank < 1) invalid.push('level')
    // A `CODE:rank` value names its own type; it only applies to that type.
    else if (m[1] && qualification && m[1] !== qualification) invalid.push('level')
    else {
      qualification ??= m[1]
      if (qualification) filters.maxLevelRank = rank
      else invalid.push('level')
    }
  }
  if (qualification) filters.qualification = qualification
  const status = text('status', 20)
  if (status) {
    if ((publicStatuses as readonly string[]).includes(status)) filters.status = status as PublicStatus
    else invalid.push('status')
  }
  const tier = text('tier', 2)
  if (tier) {
    if (isCreditTier(tier)) filters.tier = tier
    else invalid.push('tier')
  }
  const sort = text('sort', 20)
  if (sort) {
    if ((directorySorts as readonly string[]).includes(sort)) filters.sort = sort as DirectorySort
    else invalid.push('sort')
  }
  const page = text('page', 6)
  if (page) {
    const n = /^\d+$/.test(page) ? Number(page) : 0
    if (n >= 1 && n <= MAX_PAGE) filters.page = n
    else invalid.push('page')
  }
  return { filters, invalid }
}

/** The directory URL for these filters at a page (defaults left out), for pagination links. */
export function directoryHref(filters: DirectoryFilters, page: number, path = '/agencies'): string {
  const params = new URLSearchParams()
  if (filters.q) params.set('q', filters.q)
  if (filters.serviceType) params.set('serviceType', filters.serviceType)
  if (filters.qualification) params.set('qualification', filters.qualification)
  if (filters.qualification && filters.maxLevelRank) params.set('level', `${filters.qualification}:${filters.maxLevelRank}`)
  if (filters.region) params.set('region', filters.region)
  if (filters.status && filters.status !== 'active') params.set('status', filters.status)
  if (filters.tier) params.set('tier', filters.tier)
  if (filters.sort && filters.sort !== 'name') params.set('sort', filters.sort)
  if (page > 1) params.set('page', String(page))
  const query = params.toString()
  return query ? `${path}?${query}` : path
}

/** `%` and `_` (and the escape character) match themselves in the user's text. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function pageOf(filters: DirectoryFilters) {
  return Math.min(Math.max(1, Math.trunc(filters.page ?? 1)), MAX_PAGE)
}

/** Service type / qualification type codes → ids (null = names nothing, so nothing matches). */
async function resolveCatalogueRefs(db: Db, filters: DirectoryFilters) {
  const byCodeOrId = async (table: typeof serviceTypes | typeof qualificationTypes, value: string | undefined) => {
    if (!value) return undefined
    const [row] = await db
      .select({ id: table.id })
      .from(table)
      .where(isUuid(value) ? eq(table.id, value) : eq(table.code, value))
      .limit(1)
    return row?.id ?? null
  }
  const [serviceTypeId, qualificationTypeId] = await Promise.all([
    byCodeOrId(serviceTypes, filters.serviceType),
    byCodeOrId(qualificationTypes, filters.qualification),
  ])
  return { serviceTypeId, qualificationTypeId }
}

/**
 * The region filter: a catalogue code — or a Chinese name the catalogue knows, as links made before
 * the catalogue carry (`region=南京市`) — matches that region exactly (the (kind, region_code)
 * index); any other text matches agencies whose legacy free text is exactly it.
 */
function regionCondition(region: string | undefined): SQL | undefined {
  if (!region) return undefined
  const { code, legacy } = resolveRegion(region)
  return code ? eq(organisations.regionCode, code) : eq(organisations.regionLegacy, legacy)
}

/**
 * The two statements a directory search runs — the page and the total — unexecuted, so tests
 * can EXPLAIN exactly what runs (`.toSQL()`).
 */
export async function directorySearchQueries(db: Db, filters: DirectoryFilters) {
  const { serviceTypeId, qualificationTypeId } = await resolveCatalogueRefs(db, filters)
  const today = shanghaiDate(now())
  const conditions: (SQL | undefined)[] = [
    eq(organisations.kind, 'agency'),
    eq(organisations.status, filters.status ?? 'active'),
    regionCondition(filters.region),
    filters.q ? ilike(organisations.name, `%${escapeLike(filters.q)}%`) : undefined,
    filters.tier ? hasCreditTier(organisations.id, filters.tier) : undefined,
  ]
  if (serviceTypeId === null || qualificationTypeId === null) conditions.push(sql`false`)
  if (serviceTypeId) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(agencyServiceTypes)
          .where(and(eq(agencyServiceTypes.serviceTypeId, serviceTypeId), eq(agencyServiceTypes.organisationId, organisations.id))),
      ),
    )
  }
  if (qualificationTypeId) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(agencyQualifications)
          .innerJoin(qualificationLevels, eq(qualificationLevels.id, agencyQualifications.levelId))
          .where(
            and(
              eq(agencyQualifications.organisationId, organisations.id),
              eq(agencyQualifications.qualificationTypeId, qualificationTypeId),
              gte(agencyQualifications.validUntil, today),
              filters.maxLevelRank ? lte(qualificationLevels.rank, filters.maxLevelRank) : undefined,
            ),
          ),
      ),
    )
  }
  const where = and(...conditions)
  const order =
    filters.sort === 'newest'
      ? [desc(organisations.createdAt), desc(organisations.id)]
      : [asc(organisations.name), asc(organisations.id)]
  const page = pageOf(filters)
  const rows = db
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      region: regionValue(),
      creditCode: organisations.creditCode,
      status: organisations.status,
    })
    .from(organisations)
    .where(where)
    .orderBy(...order)
    .limit(DIRECTORY_PAGE_SIZE)
    .offset((page - 1) * DIRECTORY_PAGE_SIZE)
  const total = db.select({ total: count() }).from(organisations).where(where)
  return { rows, total, page }
}

export interface QualificationSummary {
  type: { code: string; nameZh: string; nameEn: string }
  level: { code: string; rank: number; nameZh: string; nameEn: string }
  validUntil: CalendarDate
  validity: QualificationValidity
}

async function qualificationsOf(db: Db, organisationIds: string[], today: CalendarDate) {
  if (!organisationIds.length) return []
  const rows = await db
    .select({
      organisationId: agencyQualifications.organisationId,
      certificateNo: agencyQualifications.certificateNo,
      issuer: agencyQualifications.issuer,
      validFrom: agencyQualifications.validFrom,
      validUntil: agencyQualifications.validUntil,
      type: { code: qualificationTypes.code, nameZh: qualificationTypes.nameZh, nameEn: qualificationTypes.nameEn },
      level: {
        code: qualificationLevels.code,
        rank: qualificationLevels.rank,
        nameZh: qualificationLevels.nameZh,
        nameEn: qualificationLevels.nameEn,
      },
    })
    .from(agencyQualifications)
    .innerJoin(qualificationTypes, eq(qualificationTypes.id, agencyQualifications.qualificationTypeId))
    .innerJoin(qualificationLevels, eq(qualificationLevels.id, agencyQualifications.levelId))
    .where(inArray(agencyQualifications.organisationId, organisationIds))
    .orderBy(asc(qualificationTypes.code), asc(qualificationLevels.rank), desc(agencyQualifications.validUntil))
  return rows.map((r) => ({ ...r, validity: qualificationValidity(r.validUntil, today) }))
}

async function serviceTypesOf(db: Db, organisationIds: string[]) {
  if (!organisationIds.length) return []
  return db
    .select({
      organisationId: agencyServiceTypes.organisationId,
      code: serviceTypes.code,
      nameZh: serviceTypes.nameZh,
      nameEn: serviceTypes.nameEn,
    })
    .from(agencyServiceTypes)
    .innerJoin(serviceTypes, eq(serviceTypes.id, agencyServiceTypes.serviceTypeId))
    .where(inArray(agencyServiceTypes.organisationId, organisationIds))
    .orderBy(asc(serviceTypes.code))
}

function groupBy<T extends { organisationId: string }>(rows: T[]) {
  const map = new Map<string, Omit<T, 'organisationId'>[]>()
  for (const { organisationId, ...rest } of rows) {
    const list = map.get(organisationId) ?? []
    list.push(rest)
    map.set(organisationId, list)
  }
  return map
}

/** One page of the directory with the total; each agency with its service types, qualifications and contact phone. */
export async function searchAgencies(db: Db, filters: DirectoryFilters) {
  const { rows: rowsQuery, total: totalQuery, page } = await directorySearchQueries(db, filters)
  const [rows, [{ total }]] = await Promise.all([rowsQuery, totalQuery])
  const ids = rows.map((r) => r.id)
  const today = shanghaiDate(now())
  const [types, quals, phones, credit] = await Promise.all([
    serviceTypesOf(db, ids),
    qualificationsOf(db, ids, today),
    ids.length
      ? db
          .select({ organisationId: agencyProfiles.organisationId, contactPhone: agencyProfiles.contactPhone })
          .from(agencyProfiles)
          .where(inArray(agencyProfiles.organisationId, ids))
      : [],
    creditStandings(db, ids),
  ])
  const typesById = groupBy(types)
  const qualsById = groupBy(quals)
  const phoneById = new Map(phones.map((p) => [p.organisationId, p.contactPhone]))
  return {
    page,
    pageSize: DIRECTORY_PAGE_SIZE,
    total,
    pageCount: Math.max(1, Math.ceil(total / DIRECTORY_PAGE_SIZE)),
    agencies: rows.map((r) => ({
      ...r,
      status: r.status as PublicStatus,
      contactPhone: phoneById.get(r.id) ?? null,
      credit: credit.get(r.id)!,
      serviceTypes: typesById.get(r.id) ?? [],
      qualifications: (qualsById.get(r.id) ?? []).map(
        ({ type, level, validUntil, validity }): QualificationSummary => ({ type, level, validUntil, validity }),
      ),
    })),
  }
}

export type DirectoryPage = Awaited<ReturnType<typeof searchAgencies>>
export type DirectoryAgency = DirectoryPage['agencies'][number]

/** What the search form offers: active service types, qualification types with their levels, regions in use. */
export async function directoryOptions(db: Db) {
  const [types, quals, levels, regions] = await Promise.all([
    db
      .select({ code: serviceTypes.code, nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn })
      .from(serviceTypes)
      .where(eq(serviceTypes.active, true))
      .orderBy(asc(serviceTypes.code)),
    db
      .select({ id: qualificationTypes.id, code: qualificationTypes.code, nameZh: qualificationTypes.nameZh, nameEn: qualificationTypes.nameEn })
      .from(qualificationTypes)
      .orderBy(asc(qualificationTypes.code)),
    db
      .select({
        qualificationTypeId: qualificationLevels.qualificationTypeId,
        rank: qualificationLevels.rank,
        nameZh: qualificationLevels.nameZh,
        nameEn: qualificationLevels.nameEn,
      })
      .from(qualificationLevels)
      .orderBy(asc(qualificationLevels.rank)),
    // Only regions of agencies the public can see: catalogue codes, and legacy text no code matched.
    db
      .selectDistinct({ region: regionValue() })
      .from(organisations)
      .where(and(eq(organisations.kind, 'agency'), inArray(organisations.status, [...publicStatuses]), sql`${regionValue()} <> ''`))
      .orderBy(asc(regionValue())),
  ])
  return {
    serviceTypes: types,
    qualificationTypes: quals.map(({ id, ...q }) => ({
      ...q,
      levels: levels.filter((l) => l.qualificationTypeId === id).map(({ rank, nameZh, nameEn }) => ({ rank, nameZh, nameEn })),
    })),
    regions: regions.map((r) => r.region),
  }
}

/** Shows only the last four characters of a personal certificate number. */
export function maskCertificateNo(certificateNo: string): string {
  const value = certificateNo.trim()
  if (value.length <= 4) return '*'.repeat(value.length || 4)
  return '*'.repeat(value.length - 4) + value.slice(-4)
}

/** The public profile of an agency; 404 for a bad id, a non-agency, or an agency never approved. */
export async function agencyProfile(db: Db, id: string) {
  if (!isUuid(id)) throw new NotFound()
  const [org] = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      nameEn: organisations.nameEn,
      creditCode: organisations.creditCode,
      region: regionValue(),
      status: organisations.status,
    })
    .from(organisations)
    .where(and(eq(organisations.id, id), eq(organisations.kind, 'agency'), inArray(organisations.status, [...publicStatuses])))
  if (!org) throw new NotFound()
  const today = shanghaiDate(now())
  const [[profile], types, quals, practitioners, events, exits, credit] = await Promise.all([
    db
      .select({
        address: agencyProfiles.address,
        legalRepresentative: agencyProfiles.legalRepresentative,
        contactPhone: agencyProfiles.contactPhone,
        feeStandard: agencyProfiles.feeStandard,
        commitment: agencyProfiles.commitment,
        approvedAt: agencyProfiles.approvedAt,
      })
      .from(agencyProfiles)
      .where(eq(agencyProfiles.organisationId, id)),
    serviceTypesOf(db, [id]),
    qualificationsOf(db, [id], today),
    db
      .select({ name: agencyPractitioners.name, certificateType: agencyPractitioners.certificateType, certificateNo: agencyPractitioners.certificateNo })
      .from(agencyPractitioners)
      .where(eq(agencyPractitioners.organisationId, id))
      .orderBy(asc(agencyPractitioners.name), asc(agencyPractitioners.id)),
    db
      .select({ id: agencyRegistryEvents.id, kind: agencyRegistryEvents.kind, reason: agencyRegistryEvents.reason, at: agencyRegistryEvents.at })
      .from(agencyRegistryEvents)
      .where(and(eq(agencyRegistryEvents.organisationId, id), inArray(agencyRegistryEvents.kind, [...publicEventKinds])))
      .orderBy(desc(agencyRegistryEvents.at), desc(agencyRegistryEvents.id)),
    db
      .select({
        id: agencyExits.id,
        type: agencyExits.type,
        category: agencyExits.category,
        reason: agencyExits.reason,
        exitedOn: agencyExits.exitedOn,
        reentryFrom: agencyExits.reentryFrom,
      })
      .from(agencyExits)
      .where(eq(agencyExits.organisationId, id))
      .orderBy(desc(agencyExits.createdAt), desc(agencyExits.id)),
    creditStandings(db, [id]),
  ])
  return {
    ...org,
    status: org.status as PublicStatus,
    address: profile?.address ?? null,
    legalRepresentative: profile?.legalRepresentative ?? null,
    contactPhone: profile?.contactPhone ?? null,
    feeStandard: profile?.feeStandard ?? null,
    commitment: profile?.commitment ?? null,
    approvedAt: profile?.approvedAt.toISOString() ?? null,
    serviceTypes: types.map(({ code, nameZh, nameEn }) => ({ code, nameZh, nameEn })),
    qualifications: quals.map(({ organisationId: _, ...q }) => q),
    practitioners: practitioners.map((p) => ({ ...p, certificateNo: maskCertificateNo(p.certificateNo) })),
    registryHistory: events.map((e) => ({ kind: e.kind, reason: e.reason, at: e.at.toISOString() })),
    exits,
    credit: credit.get(id)!,
  }
}

export type AgencyProfile = Awaited<ReturnType<typeof agencyProfile>>

/** All exit records, newest first (agency_exits_created index), a page at a time. */
export async function listExits(db: Db, page = 1) {
  const p = Math.min(Math.max(1, Math.trunc(page)), MAX_PAGE)
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: agencyExits.id,
        organisationId: agencyExits.organisationId,
        agencyName: organisations.name,
        agencyNameEn: organisations.nameEn,
        type: agencyExits.type,
        category: agencyExits.category,
        reason: agencyExits.reason,
        exitedOn: agencyExits.exitedOn,
        reentryFrom: agencyExits.reentryFrom,
      })
      .from(agencyExits)
      .innerJoin(organisations, eq(organisations.id, agencyExits.organisationId))
      .orderBy(desc(agencyExits.createdAt), desc(agencyExits.id))
      .limit(EXITS_PAGE_SIZE)
      .offset((p - 1) * EXITS_PAGE_SIZE),
    db.select({ total: count() }).from(agencyExits),
  ])
  return { page: p, pageSize: EXITS_PAGE_SIZE, total, pageCount: Math.max(1, Math.ceil(total / EXITS_PAGE_SIZE)), exits: rows }
}
