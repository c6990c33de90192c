/**
 * The blacklist's database work (SPEC §8). Each change is one transaction that asks the entry's
 * state machine (blacklist-rules.ts) first, writes with a condition on the state it saw (so two
 * racing requests or ticks change an entry once), notifies and appends the audit event.
 *
 * - `listAgency`: a regulator whose department supervises one of the agency's service types lists
 *   it; the agency's live bids in scope on needs whose window is still open are disqualified with
 *   a notification (bids on needs past their window stay live and are excluded at assessment by
 *   the one eligibility function, with the reason `blacklisted`).
 * - `liftEntry` (a supervising regulator, reason required), `expireDueEntries` (the timed work),
 *   `fileAppeal` (the agency, once per entry), `decideAppeal` (the platform's admin office).
 */
import { and, asc, desc, eq, inArray, lt, ne, type SQL } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyServiceTypes, bids, blacklistEntries, needs, organisations, serviceTypes, users } from '#db/schema'
import { shanghaiDate, type CalendarDate } from '~/domain/dates'
import { Conflict, Forbidden, NotFound, RuleViolations } from '~/domain/errors'
import { now } from '~/domain/now'
import { recordAudit, systemActor, type Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { notifyMany } from '~/utils/notifications.server'
import { decideEntry, defaultEndsOn, scopeCovers, type EntryAction, type EntryRefusal } from './blacklist-rules'
import type { ListingInput } from './schemas'

type Tx = Db
type EntryRow = typeof blacklistEntries.$inferSelect

const actorOf = (user: SessionUser): Actor => ({ userId: user.id, organisationId: user.organisationId })

async function supervisedServiceTypeIds(tx: Tx, user: SessionUser): Promise<string[]> {
  if (user.role !== 'regulator' || !user.departmentId) return []
  const rows = await tx
    .select({ id: serviceTypes.id })
    .from(serviceTypes)
    .where(eq(serviceTypes.departmentId, user.departmentId))
  return rows.map((r) => r.id)
}

async function offeredServiceTypeIds(tx: Tx, organisationId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: agencyServiceTypes.serviceTypeId })
    .from(agencyServiceTypes)
    .where(eq(agencyServiceTypes.organisationId, organisationId))
  return rows.map((r) => r.id)
}

/** The regulator's remit over an agency: its department supervises one of the agency's service types. */
async function regulatorSupervises(
  tx: Tx,
  user: SessionUser,
  organisationId: string,
): Promise<{ supervised: string[] } | null> {
  if (user.role !== 'regulator') return null
  const [supervised, offered] = await Promise.all([
    supervisedServiceTypeIds(tx, user),
    offeredServiceTypeIds(tx, organisationId),
  ])
  return offered.some((id) => supervised.includes(id)) ? { supervised } : null
}

async function agencyUserIds(tx: Tx, organisationId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true)))
  return rows.map((r) => r.id)
}

async function adminUserIds(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
  return rows.map((r) => r.id)
}

function refused(refusal: EntryRefusal): never {
  throw new Conflict(`blacklist.refusals.${refusal}`)
}

function decide(entry: EntryRow, action: EntryAction) {
  const decision = decideEntry(entry, action)
  if (!decision.ok) refused(decision.refusal)
  return decision
}

async function lockedEntry(tx: Tx, entryId: string): Promise<EntryRow> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entryId)) throw new NotFound()
  const [entry] = await tx.select().from(blacklistEntries).where(eq(blacklistEntries.id, entryId)).for('update')
  if (!entry) throw new NotFound()
  return entry
}

// ── Listing ──────────────────────────────────────────────────────────────────

export interface ListingResult {
  entryId: string
  /** The bids disqualified by the listing (live, in scope, on needs whose window is open). */
  disqualifiedBidIds: string[]
}

export async function listAgency(db: Db, user: SessionUser, input: ListingInput): Promise<ListingResult> {
  if (user.role !== 'regulator') throw new Forbidden()
  return db.transaction((tx) => listAgencyIn(tx, user, input))
}

/**
 * The listing inside the caller's transaction (an upheld complaint lists its agency on the same
 * screen, complaints.server.ts): the same checks, writes, notices and audit as `listAgency`.
 */
export async function listAgencyIn(tx: Tx, user: SessionUser, input: ListingInput): Promise<ListingResult> {
  if (user.role !== 'regulator') throw new Forbidden()
  // The agency row locked: two listings of one agency take turns, and a bid being submitted or
  // revised (which holds this row FOR SHARE from before its eligibility check to its commit,
  // bids.server.ts) either commits first — and is found below — or waits and is refused with
  // `blacklisted`. Lock order agency → need → bid: here agency → bids, never a need (an upheld
  // complaint's transaction locks only its complaint row before this).
  const [agency] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.id, input.agencyId), eq(organisations.kind, 'agency')))
    .for('update')
  if (!agency) throw new NotFound()
  const remit = await regulatorSupervises(tx, user, agency.id)
  if (!remit) throw new NotFound()

  const today = shanghaiDate(now())
  const problems = []
  const scopeIds = input.scope === 'all' ? [] : [...new Set(input.serviceTypeIds)]
  if (scopeIds.some((id) => !remit.supervised.includes(id)))
    problems.push({ field: 'serviceTypeIds', messageKey: 'blacklist.validation.serviceTypeOutOfRemit' })
  if (input.endsOn !== undefined && input.endsOn < today)
    problems.push({ field: 'endsOn', messageKey: 'blacklist.validation.endsBeforeToday', params: { today } })
  if (problems.length > 0) throw new RuleViolations('blacklist.validation.invalid', {}, problems)

  const endsOn: CalendarDate | null = input.permanent ? null : (input.endsOn ?? defaultEndsOn(today))
  const at = now()
  const [entry] = await tx
    .insert(blacklistEntries)
    .values({
      agencyOrganisationId: agency.id,
      reason: input.reason,
      legalBasis: input.legalBasis,
      scope: input.scope,
      serviceTypeIds: scopeIds,
      startsOn: today,
      endsOn,
      listedByUserId: user.id,
      listedAt: at,
    })
    .returning()

  // Live bids on needs still taking bids, in scope: disqualified now, each with a notice.
  const live = await tx
    .select({ id: bids.id, needId: bids.needId, serviceTypeId: needs.serviceTypeId, title: needs.title })
    .from(bids)
    .innerJoin(needs, eq(needs.id, bids.needId))
    .where(and(eq(bids.agencyOrganisationId, agency.id), eq(bids.status, 'live'), eq(needs.state, 'open')))
  const inScope = live.filter((b) => scopeCovers(entry, b.serviceTypeId))
  if (inScope.length > 0) {
    await tx
      .update(bids)
      .set({ status: 'disqualified', statusReason: 'blacklisted', updatedAt: at })
      .where(
        and(
          inArray(
            bids.id,
            inScope.map((b) => b.id),
          ),
          eq(bids.status, 'live'),
        ),
      )
  }
  const recipients = await agencyUserIds(tx, agency.id)
  await notifyMany(tx, recipients, 'blacklist.notify.listed', { endsOn: endsOn ?? '—' }, '/agency/blacklist')
  for (const bid of inScope) {
    await notifyMany(
      tx,
      recipients,
      'blacklist.notify.bidDisqualified',
      { title: bid.title },
      { kind: 'need', needId: bid.needId },
    )
  }
  await recordAudit(tx, {
    actor: actorOf(user),
    action: 'blacklist.entry_listed',
    entityType: 'blacklist_entry',
    entityId: entry.id,
    payload: {
      agencyId: agency.id,
      scope: input.scope,
      serviceTypeIds: scopeIds,
      startsOn: today,
      endsOn,
      disqualifiedBidIds: inScope.map((b) => b.id),
    },
  })
  return { entryId: entry.id, disqualifiedBidIds: inScope.map((b) => b.id) }
}

// ── Lifting early ────────────────────────────────────────────────────────────

export async function liftEntry(db: Db, user: SessionUser, entryId: string, input: { reason: string }): Promise<void> {
  if (user.role !== 'regulator') throw new Forbidden()
  await db.transaction(async (tx) => {
    const entry = await lockedEntry(tx, entryId)
    if (!(await regulatorSupervises(tx, user, entry.agencyOrganisationId))) throw new NotFound()
    decide(entry, { kind: 'lift' })
    const at = now()
    const moved = await tx
      .update(blacklistEntries)
      .set({ status: 'lifted', liftedByUserId: user.id, liftReason: input.reason, liftedAt: at })
      .where(and(eq(blacklistEntries.id, entry.id), eq(blacklistEntries.status, 'in_force')))
      .returning({ id: blacklistEntries.id })
    if (moved.length === 0) refused('notInForce')
    await notifyMany(
      tx,
      await agencyUserIds(tx, entry.agencyOrganisationId),
      'blacklist.notify.entryLifted',
      {},
      '/agency/blacklist',
    )
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'blacklist.entry_lifted',
      entityType: 'blacklist_entry',
      entityId: entry.id,
      payload: { reason: input.reason },
    })
  })
}

// ── Expiry (timed work) ──────────────────────────────────────────────────────

/** Entries in force whose last day is before `today`. */
export async function entriesToExpire(db: Db, today: CalendarDate): Promise<string[]> {
  const rows = await db
    .select({ id: blacklistEntries.id })
    .from(blacklistEntries)
    .where(and(eq(blacklistEntries.status, 'in_force'), lt(blacklistEntries.endsOn, today)))
    .orderBy(asc(blacklistEntries.endsOn))
  return rows.map((r) => r.id)
}

/**
 * Expires one entry if it is due: the conditional update moves it once however many ticks run
 * at the same time (the second waits for the first's row lock, then finds it no longer in force).
 * Returns whether THIS call expired it.
 */
export async function expireEntry(db: Db, entryId: string, today: CalendarDate): Promise<boolean> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(blacklistEntries)
      .set({ status: 'expired', expiredAt: now() })
      .where(
        and(
          eq(blacklistEntries.id, entryId),
          eq(blacklistEntries.status, 'in_force'),
          lt(blacklistEntries.endsOn, today),
        ),
      )
      .returning()
    const entry = moved[0]
    if (!entry) return false
    await notifyMany(
      tx,
      await agencyUserIds(tx, entry.agencyOrganisationId),
      'blacklist.notify.entryExpired',
      {},
      '/agency/blacklist',
    )
    await recordAudit(tx, {
      actor: systemActor,
      action: 'blacklist.entry_expired',
      entityType: 'blacklist_entry',
      entityId: entry.id,
      payload: { endsOn: entry.endsOn },
    })
    return true
  })
}

/** The timed work's step: expires every due entry; returns how many THIS call expired. */
export async function expireDueEntries(db: Db, today: CalendarDate): Promise<number> {
  let expired = 0
  for (const id of await entriesToExpire(db, today)) {
    try {
      if (await expireEntry(db, id, today)) expired += 1
    } catch (error) {
      console.error(`tick: blacklist expiry failed for entry ${id}`, error)
    }
  }
  return expired
}

// ── Appeal ───────────────────────────────────────────────────────────────────

export async function fileAppeal(db: Db, user: SessionUser, entryId: string, input: { text: string }): Promise<void> {
  if (user.role !== 'agency') throw new Forbidden()
  await db.transaction(async (tx) => {
    const entry = await lockedEntry(tx, entryId)
    // Another organisation's entry: the same 404 as a missing one.
    if (entry.agencyOrganisationId !== user.organisationId) throw new NotFound()
    decide(entry, { kind: 'appeal' })
    const moved = await tx
      .update(blacklistEntries)
      .set({ appealStatus: 'pending', appealText: input.text, appealFiledByUserId: user.id, appealFiledAt: now() })
      .where(and(eq(blacklistEntries.id, entry.id), eq(blacklistEntries.appealStatus, 'not_filed')))
      .returning({ id: blacklistEntries.id })
    if (moved.length === 0) refused('alreadyAppealed')
    await notifyMany(tx, await adminUserIds(tx), 'blacklist.notify.appealFiled', {}, `/admin/blacklist/${entry.id}`)
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'blacklist.appealed',
      entityType: 'blacklist_entry',
      entityId: entry.id,
      payload: {},
    })
  })
}

export async function decideAppeal(
  db: Db,
  user: SessionUser,
  entryId: string,
  input: { decision: 'upheld' | 'rejected'; reasons: string },
): Promise<void> {
  if (user.role !== 'admin') throw new Forbidden()
  await db.transaction(async (tx) => {
    const entry = await lockedEntry(tx, entryId)
    const next = decide(entry, { kind: 'decideAppeal', decision: input.decision })
    const at = now()
    const lifts = next.status === 'lifted' && entry.status !== 'lifted'
    const moved = await tx
      .update(blacklistEntries)
      .set({
        appealStatus: next.appealStatus,
        appealReasons: input.reasons,
        appealDecidedByUserId: user.id,
        appealDecidedAt: at,
        ...(lifts
          ? { status: 'lifted' as const, liftedByUserId: user.id, liftReason: input.reasons, liftedAt: at }
          : {}),
      })
      .where(and(eq(blacklistEntries.id, entry.id), eq(blacklistEntries.appealStatus, 'pending')))
      .returning({ id: blacklistEntries.id })
    if (moved.length === 0) refused('noPendingAppeal')
    await notifyMany(
      tx,
      await agencyUserIds(tx, entry.agencyOrganisationId),
      input.decision === 'upheld' ? 'blacklist.notify.appealUpheld' : 'blacklist.notify.appealRejected',
      {},
      '/agency/blacklist',
    )
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'blacklist.appeal_decided',
      entityType: 'blacklist_entry',
      entityId: entry.id,
      payload: { decision: input.decision, reasons: input.reasons, lifted: lifts },
    })
  })
}

// ── Views ────────────────────────────────────────────────────────────────────

export interface BlacklistView {
  id: string
  agency: { id: string; name: string; nameEn: string }
  reason: string
  legalBasis: string
  scope: 'all' | 'service_types'
  serviceTypes: { id: string; nameZh: string; nameEn: string }[]
  startsOn: CalendarDate
  endsOn: CalendarDate | null
  status: EntryRow['status']
  listedAt: string
  liftedAt: string | null
  liftReason: string | null
  expiredAt: string | null
  appealStatus: EntryRow['appealStatus']
  appealFiledAt: string | null
  appealDecidedAt: string | null
  appealReasons: string | null
}

/** Entries (all, or those matching `where`), newest listing first, with names; public fields only. */
async function entryViews(db: Db, where?: SQL): Promise<(BlacklistView & { appealText: string | null })[]> {
  const rows = await db
    .select({ entry: blacklistEntries, name: organisations.name, nameEn: organisations.nameEn })
    .from(blacklistEntries)
    .innerJoin(organisations, eq(organisations.id, blacklistEntries.agencyOrganisationId))
    .where(where)
    .orderBy(desc(blacklistEntries.listedAt), desc(blacklistEntries.id))
  const typeIds = [...new Set(rows.flatMap((r) => r.entry.serviceTypeIds))]
  const types =
    typeIds.length === 0
      ? []
      : await db
          .select({ id: serviceTypes.id, nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn })
          .from(serviceTypes)
          .where(inArray(serviceTypes.id, typeIds))
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return rows.map(({ entry: e, name, nameEn }) => ({
    id: e.id,
    agency: { id: e.agencyOrganisationId, name, nameEn },
    reason: e.reason,
    legalBasis: e.legalBasis,
    scope: e.scope,
    serviceTypes: e.serviceTypeIds.flatMap((id) => types.filter((t) => t.id === id)),
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    status: e.status,
    listedAt: e.listedAt.toISOString(),
    liftedAt: iso(e.liftedAt),
    liftReason: e.liftReason,
    expiredAt: iso(e.expiredAt),
    appealStatus: e.appealStatus,
    appealFiledAt: iso(e.appealFiledAt),
    appealDecidedAt: iso(e.appealDecidedAt),
    appealReasons: e.appealReasons,
    appealText: e.appealText,
  }))
}

/** The public history: every entry (in force, expired, lifted, appealed); the appeal's own text stays with the agency and the admin office. */
export async function publicBlacklist(db: Db): Promise<BlacklistView[]> {
  return (await entryViews(db)).map(({ appealText: _, ...view }) => view)
}

/**
 * One agency's public history (its profile and `GET /api/v1/agencies/:id`): every entry, in
 * force, expired, lifted or appealed, newest first, with scope (service-type names fetched in one
 * batch), dates, reason and legal basis; the appeal's own text left out as on the public page.
 */
export async function agencyBlacklistHistory(db: Db, agencyId: string): Promise<BlacklistView[]> {
  return (await entryViews(db, eq(blacklistEntries.agencyOrganisationId, agencyId))).map(
    ({ appealText: _, ...view }) => view,
  )
}

/** The agency's own entries, its appeal text included. */
export async function agencyBlacklist(db: Db, user: SessionUser) {
  if (user.role !== 'agency') throw new Forbidden()
  return entryViews(db, eq(blacklistEntries.agencyOrganisationId, user.organisationId))
}

/** One entry for the admin office (deciding the appeal). */
export async function entryForAdmin(db: Db, user: SessionUser, entryId: string) {
  if (user.role !== 'admin') throw new Forbidden()
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entryId)) throw new NotFound()
  const [entry] = await entryViews(db, eq(blacklistEntries.id, entryId))
  if (!entry) throw new NotFound()
  return entry
}

/** The admin office's queue: every entry with an appeal, pending first. */
export async function appealsForAdmin(db: Db, user: SessionUser) {
  if (user.role !== 'admin') throw new Forbidden()
  const all = await entryViews(db, ne(blacklistEntries.appealStatus, 'not_filed'))
  return [...all.filter((e) => e.appealStatus === 'pending'), ...all.filter((e) => e.appealStatus !== 'pending')]
}

/**
 * The regulator's page: the entries of agencies in its remit, the agencies it may list (active,
 * offering a supervised service type) and the supervised service types (the scope's choices).
 */
export async function regulatorBlacklist(db: Db, user: SessionUser) {
  if (user.role !== 'regulator') throw new Forbidden()
  const supervised = await supervisedServiceTypeIds(db, user)
  const agencies =
    supervised.length === 0
      ? []
      : await db
          .selectDistinct({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
          .from(organisations)
          .innerJoin(agencyServiceTypes, eq(agencyServiceTypes.organisationId, organisations.id))
          .where(and(eq(organisations.kind, 'agency'), inArray(agencyServiceTypes.serviceTypeId, supervised)))
          .orderBy(asc(organisations.name))
  const types =
    supervised.length === 0
      ? []
      : await db
          .select({ id: serviceTypes.id, nameZh: serviceTypes.nameZh, nameEn: serviceTypes.nameEn })
          .from(serviceTypes)
          .where(inArray(serviceTypes.id, supervised))
  const ids = new Set(agencies.map((a) => a.id))
  const entries = (await entryViews(db)).filter((e) => ids.has(e.agency.id))
  return {
    agencies,
    serviceTypes: types,
    entries,
    today: shanghaiDate(now()),
    defaultEndsOn: defaultEndsOn(shanghaiDate(now())),
  }
}

/** One entry for a regulator whose remit covers the agency (else 404). */
export async function entryForRegulator(db: Db, user: SessionUser, entryId: string) {
  if (user.role !== 'regulator') throw new Forbidden()
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entryId)) throw new NotFound()
  const [entry] = await entryViews(db, eq(blacklistEntries.id, entryId))
  if (!entry || !(await regulatorSupervises(db, user, entry.agency.id))) throw new NotFound()
  return entry
}
