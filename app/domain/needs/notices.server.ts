/**
 * Public notices (采购公告) of published needs and the agency's view of open needs (SPEC §5).
 * Public fields only: never a draft, never the draw seed, never a bid, its amount, its bidder or
 * even how many bids there are while the window is open (sealed bids).
 */
import { and, count, desc, eq, inArray, isNotNull, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyServiceTypes, approvalItems, needs, projects, qualificationLevels, selectionRounds, serviceTypes } from '#db/schema'
import { agencyEligibility } from '~/domain/agencies/registry.server'
import { agenciesEligibility } from '~/domain/agencies/eligibility.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import { shanghaiDate } from '~/domain/dates'
import { NotFound } from '~/domain/errors'
import type { SessionUser } from '~/utils/auth.server'
import { allows } from '../bidding/bid-visibility'
import { bidVisibilityOf } from '../bidding/bid-visibility.server'
import { bidsForAgency } from '../bidding/bids.server'
import { publicNeed } from './needs.server'

export const NOTICES_PAGE_SIZE = 20
const MAX_PAGE = 10_000

/** States listed publicly; drafts are never public. */
export const noticeStates = ['open', 'evaluating', 'publicity', 'awarded', 'failed', 'cancelled'] as const
export type NoticeState = (typeof noticeStates)[number]

export interface NoticeFilters {
  status?: NoticeState
  /** Service type code or id. */
  serviceType?: string
  page?: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Reads the filters; unusable values are left out and named in `invalid` (the API answers 400). */
export function parseNoticeFilters(params: URLSearchParams): { filters: NoticeFilters; invalid: string[] } {
  const invalid: string[] = []
  const filters: NoticeFilters = {}
  const status = params.get('status')?.trim() ?? ''
  if (status) {
    if ((noticeStates as readonly string[]).includes(status)) filters.status = status as NoticeState
    else invalid.push('status')
  }
  const serviceType = params.get('serviceType')?.trim() ?? ''
  if (serviceType) {
    if (serviceType.length <= 100) filters.serviceType = serviceType
    else invalid.push('serviceType')
  }
  const page = params.get('page')?.trim() ?? ''
  if (page) {
    const n = Number(page)
    if (/^\d+$/.test(page) && n >= 1 && n <= MAX_PAGE) filters.page = n
    else invalid.push('page')
  }
  return { filters, invalid }
}

export function noticesHref(filters: NoticeFilters, page: number): string {
  const params = new URLSearchParams()
  if (filters.status) params.set('status', filters.status)
  if (filters.serviceType) params.set('serviceType', filters.serviceType)
  if (page > 1) params.set('page', String(page))
  const qs = params.toString()
  return qs ? `/needs?${qs}` : '/needs'
}

/** Published needs, newest first, public fields only. */
export async function listNotices(db: Db, filters: NoticeFilters) {
  const where: SQL[] = [
    inArray(needs.state, filters.status ? [filters.status] : [...noticeStates]),
    isNotNull(needs.publishedAt),
  ]
  if (filters.serviceType) {
    where.push(
      UUID.test(filters.serviceType)
        ? eq(needs.serviceTypeId, filters.serviceType)
        : eq(serviceTypes.code, filters.serviceType),
    )
  }
  const condition = and(...where)
  const [{ total }] = await db
    .select({ total: count() })
    .from(needs)
    .innerJoin(serviceTypes, eq(serviceTypes.id, needs.serviceTypeId))
    .where(condition)
  const pageCount = Math.max(1, Math.ceil(total / NOTICES_PAGE_SIZE))
  const page = Math.min(filters.page ?? 1, pageCount)
  const rows = await db
    .select({
      id: needs.id,
      title: needs.title,
      state: needs.state,
      method: needs.method,
      priceCeilingFen: needs.priceCeilingFen,
      serviceDays: needs.serviceDays,
      registrationClosesOn: needs.registrationClosesOn,
      publishedAt: needs.publishedAt,
      projectName: projects.name,
      serviceType: { id: serviceTypes.id, code: serviceTypes.code, nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn },
    })
    .from(needs)
    .innerJoin(serviceTypes, eq(serviceTypes.id, needs.serviceTypeId))
    .innerJoin(projects, eq(projects.id, needs.projectId))
    .where(condition)
    .orderBy(desc(needs.publishedAt), desc(needs.id))
    .limit(NOTICES_PAGE_SIZE)
    .offset((page - 1) * NOTICES_PAGE_SIZE)
  return {
    notices: rows.map((r) => ({ ...r, publishedAt: r.publishedAt?.toISOString() ?? null })),
    page,
    pageCount,
    pageSize: NOTICES_PAGE_SIZE,
    total,
  }
}

/** Service types for the filter (active ones). */
export async function noticeServiceTypes(db: Db) {
  return db
    .select({ id: serviceTypes.id, code: serviceTypes.code, nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn })
    .from(serviceTypes)
    .where(eq(serviceTypes.active, true))
    .orderBy(serviceTypes.code)
}

/** The public notice of one need (404 for drafts and unknown ids), with names and whether a draw decided it. */
export async function publicNotice(db: Db, id: string) {
  const need = await publicNeed(db, id)
  const [st] = await db
    .select({ code: serviceTypes.code, nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn })
    .from(serviceTypes)
    .where(eq(serviceTypes.id, need.serviceTypeId))
  const [item] = await db
    .select({ code: approvalItems.code, nameZh: approvalItems.nameZh, nameEn: approvalItems.nameEn })
    .from(approvalItems)
    .where(eq(approvalItems.id, need.approvalItemId))
  const [draw] = await db
    .select({ round: selectionRounds.round })
    .from(selectionRounds)
    .where(and(eq(selectionRounds.needId, need.id), isNotNull(selectionRounds.drawTranscript)))
    .limit(1)
  if (!st || !item) throw new NotFound()
  const provisional = (await getCalendar(db)).provisionalYears
  // The draw page shows candidate bids: linked only while the public may see the result.
  const drawPublic = !!draw && allows(await bidVisibilityOf(db, need, 'public'), 'result')
  return {
    id: need.id,
    title: need.title,
    scope: need.scope,
    state: need.state,
    method: need.method,
    weights: need.weights,
    priceCeilingFen: need.priceCeilingFen,
    serviceDays: need.serviceDays,
    registrationClosesOn: need.registrationClosesOn,
    publishedAt: need.publishedAt?.toISOString() ?? null,
    seedHash: need.seedHash,
    round: need.round,
    project: need.project,
    owner: need.owner,
    serviceType: st,
    approvalItem: item,
    drawUrl: drawPublic ? `/draws/${need.id}` : null,
    /** Years without an official holiday arrangement yet: a date counted through one is provisional. */
    calendarProvisionalYears: provisional,
    /** The provisional years the registration window (publish day → closing date) was counted through. */
    registrationProvisionalYears: provisionalYearsBetween(
      provisional,
      need.publishedAt ? shanghaiDate(need.publishedAt) : null,
      need.registrationClosesOn,
    ),
  }
}

export type PublicNotice = Awaited<ReturnType<typeof publicNotice>>

async function levelRank(db: Db, minLevelId: string | null): Promise<number | undefined> {
  if (!minLevelId) return undefined
  const [level] = await db
    .select({ rank: qualificationLevels.rank })
    .from(qualificationLevels)
    .where(eq(qualificationLevels.id, minLevelId))
  return level?.rank
}

/** The agency's eligibility for a need, as a refusal reason (`terms.ineligible.<reason>`) or null. */
export async function eligibilityFor(db: Db, organisationId: string, needId: string): Promise<string | null> {
  const [need] = await db
    .select({ serviceTypeId: needs.serviceTypeId, minLevelId: needs.minLevelId })
    .from(needs)
    .where(eq(needs.id, needId))
  if (!need) throw new NotFound()
  const result = (await agenciesEligibility(db, [organisationId], need.serviceTypeId, { levelId: need.minLevelId })).get(organisationId)
  if (!result) throw new NotFound()
  return result.eligible ? null : result.reason
}

/** Open needs of the service types the agency offers, each with its eligibility and the agency's own bid. */
export async function openNeedsForAgency(db: Db, user: SessionUser) {
  const offered = await db
    .select({ id: agencyServiceTypes.serviceTypeId })
    .from(agencyServiceTypes)
    .where(eq(agencyServiceTypes.organisationId, user.organisationId))
  if (offered.length === 0) return []
  const rows = await db
    .select({
      id: needs.id,
      title: needs.title,
      method: needs.method,
      priceCeilingFen: needs.priceCeilingFen,
      serviceDays: needs.serviceDays,
      registrationClosesOn: needs.registrationClosesOn,
      minLevelId: needs.minLevelId,
      serviceTypeId: needs.serviceTypeId,
      serviceType: { nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn },
    })
    .from(needs)
    .innerJoin(serviceTypes, eq(serviceTypes.id, needs.serviceTypeId))
    .where(and(eq(needs.state, 'open'), inArray(needs.serviceTypeId, offered.map((o) => o.id))))
    .orderBy(desc(needs.publishedAt), desc(needs.id))
  const result = []
  for (const row of rows) {
    const eligibility = await agencyEligibility(db, user.organisationId, row.serviceTypeId, await levelRank(db, row.minLevelId))
    const own = (await bidsForAgency(db, user, row.id)).find((b) => b.status === 'live') ?? null
    result.push({
      id: row.id,
      title: row.title,
      method: row.method,
      priceCeilingFen: row.priceCeilingFen,
      serviceDays: row.serviceDays,
      registrationClosesOn: row.registrationClosesOn,
      serviceType: row.serviceType,
      ineligibleReason: eligibility.eligible ? null : eligibility.reason,
      ownBid: own && { quoteFen: own.quoteFen, committedDays: own.committedDays, revision: own.revision },
    })
  }
  return result
}
