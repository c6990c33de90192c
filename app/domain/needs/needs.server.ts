/**
 * Projects and needs: the database work of drafting, publishing and cancelling a need (SPEC §4).
 * Every change is one transaction that locks the need, asks the state machine (need-lifecycle.ts)
 * first, then writes, notifies and appends the audit event — so a refused request changes
 * nothing. Every read is scoped by the caller's organisation; the draw seed never leaves here.
 */
import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import {
  approvalItemServiceTypes,
  approvalItems,
  needs,
  organisations,
  projects,
  qualificationLevels,
  qualificationTypes,
  serviceTypeQualifications,
  serviceTypes,
} from '#db/schema'
import { regionValue } from '~/domain/organisations/region.server'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { now } from '~/domain/now'
import type { MarketplaceConfig } from '~/domain/config'
import { shanghaiDate } from '~/domain/dates'
import { Conflict, Forbidden, NotFound, RuleViolation } from '~/domain/errors'
import { getMarketplaceConfig } from '~/domain/settings/marketplace-config.server'
import { recordAudit, type Actor } from '~/utils/audit.server'
import type { SessionUser } from '~/utils/auth.server'
import { liveBidderIds, lockNeed, moveNeed, supervisedServiceTypeIds, UUID, type NeedRow } from './need-access.server'
import { applyNeedDecision } from './need-effects.server'
import { enforce, needFactsOf } from './need-decision'
import { decideNeed, type NeedAction, type NeedFacts } from './need-lifecycle'
import { PublishRefused } from './publish-refused'
import { checkPublish } from './publish-rules'
import type { NeedDraftInput, ProjectInput } from './schemas'

export { publishViolationParams } from './schemas'
export { PublishRefused } from './publish-refused'

type Tx = Db

const actorOf = (user: SessionUser): Actor => ({ userId: user.id, organisationId: user.organisationId })


function requireOwner(user: SessionUser) {
  if (user.role !== 'owner') throw new Forbidden()
}

/**
 * The need, locked (`lockNeed`), as the caller may act on it: an owner of another organisation
 * learns nothing (NotFound); other roles are left to the state machine (which refuses them).
 */
async function needForChange(tx: Tx, user: SessionUser, needId: string): Promise<NeedRow> {
  const need = await lockNeed(tx, needId)
  if (user.role === 'owner' && need.ownerOrganisationId !== user.organisationId) throw new NotFound()
  return need
}

async function needFacts(tx: Tx, user: SessionUser, need: NeedRow, extra: Partial<NeedFacts> = {}): Promise<NeedFacts> {
  const supervised = await supervisedServiceTypeIds(tx, user)
  const actor = { role: user.role, organisationId: user.organisationId, supervisedServiceTypeIds: supervised }
  return needFactsOf(actor, need, await liveBidderIds(tx, need.id), extra)
}

// ── Projects ─────────────────────────────────────────────────────────────────

export async function createProject(db: Db, user: SessionUser, input: ProjectInput) {
  requireOwner(user)
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.ownerOrganisationId, user.organisationId), eq(projects.projectCode, input.projectCode)))
    if (taken) throw new RuleViolation('needs.errors.projectCodeTaken', {}, 'projectCode')
    const [row] = await tx
      .insert(projects)
      .values({
        ownerOrganisationId: user.organisationId,
        name: input.name,
        projectCode: input.projectCode,
        location: input.location,
        industry: input.industry,
        totalInvestmentFen: input.totalInvestment,
        createdAt: now(),
      })
      .returning()
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'project.created',
      entityType: 'project',
      entityId: row.id,
      payload: { name: row.name, projectCode: row.projectCode, totalInvestmentFen: row.totalInvestmentFen },
    })
    return row
  })
}

export async function listOwnerProjects(db: Db, user: SessionUser) {
  requireOwner(user)
  return db
    .select()
    .from(projects)
    .where(eq(projects.ownerOrganisationId, user.organisationId))
    .orderBy(desc(projects.createdAt))
}

// ── Drafts ───────────────────────────────────────────────────────────────────

async function assertReferences(tx: Tx, input: NeedDraftInput) {
  const [st] = await tx
    .select({ id: serviceTypes.id })
    .from(serviceTypes)
    .where(and(eq(serviceTypes.id, input.serviceTypeId), eq(serviceTypes.active, true)))
  if (!st) throw new RuleViolation('validation.choose', {}, 'serviceTypeId')
  const [item] = await tx
    .select({ id: approvalItems.id })
    .from(approvalItems)
    .where(and(eq(approvalItems.id, input.approvalItemId), eq(approvalItems.active, true)))
  if (!item) throw new RuleViolation('validation.choose', {}, 'approvalItemId')
  const [serves] = await tx
    .select({ id: approvalItemServiceTypes.approvalItemId })
    .from(approvalItemServiceTypes)
    .where(
      and(
        eq(approvalItemServiceTypes.approvalItemId, input.approvalItemId),
        eq(approvalItemServiceTypes.serviceTypeId, input.serviceTypeId),
      ),
    )
  if (!serves) throw new RuleViolation('needs.errors.approvalItemServiceMismatch', {}, 'approvalItemId')
  if (input.qualificationTypeId) {
    const [qt] = await tx
      .select({ id: qualificationTypes.id })
      .from(qualificationTypes)
      .where(eq(qualificationTypes.id, input.qualificationTypeId))
    if (!qt) throw new RuleViolation('validation.choose', {}, 'qualificationTypeId')
  }
  if (input.minLevelId) {
    const [level] = await tx
      .select({ id: qualificationLevels.id })
      .from(qualificationLevels)
      .where(
        and(
          eq(qualificationLevels.id, input.minLevelId),
          eq(qualificationLevels.qualificationTypeId, input.qualificationTypeId ?? ''),
        ),
      )
    if (!level) throw new RuleViolation('needs.errors.levelMismatch', {}, 'minLevelId')
  }
}

/** Saves a draft: a new one, or the caller's own draft edited. Returns the need's id. */
export async function saveNeedDraft(db: Db, user: SessionUser, input: NeedDraftInput, needId?: string) {
  requireOwner(user)
  return db.transaction((tx) => saveDraftIn(tx, user, input, needId))
}

async function saveDraftIn(tx: Tx, user: SessionUser, input: NeedDraftInput, needId?: string) {
  const [project] = await tx
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, input.projectId), eq(projects.ownerOrganisationId, user.organisationId)))
  if (!project) throw new NotFound()
  const existing = needId ? await needForChange(tx, user, needId) : null
  if (existing && existing.state !== 'draft') throw new Conflict('needs.errors.wrongState', { state: existing.state })
  await assertReferences(tx, input)
  const fields = {
    projectId: input.projectId,
    serviceTypeId: input.serviceTypeId,
    approvalItemId: input.approvalItemId,
    title: input.title,
    scope: input.scope,
    priceCeilingFen: input.priceCeilingFen,
    qualificationTypeId: input.qualificationTypeId,
    minLevelId: input.minLevelId,
    serviceDays: input.serviceDays,
    method: input.method,
    weights: input.weights,
    registrationClosesOn: input.registrationClosesOn,
  }
  let id: string
  if (existing) {
    await moveNeed(tx, existing, 'draft', 'draft', fields)
    id = existing.id
  } else {
    const at = now()
    const [row] = await tx
      .insert(needs)
      .values({ ...fields, ownerOrganisationId: user.organisationId, state: 'draft', createdAt: at, updatedAt: at })
      .returning({ id: needs.id })
    id = row.id
  }
  await recordAudit(tx, {
    actor: actorOf(user),
    action: existing ? 'need.draft_updated' : 'need.draft_created',
    entityType: 'need',
    entityId: id,
    payload: fields,
  })
  return id
}

// ── Publish, cancel ──────────────────────────────────────────────────────────

async function publishCheckOf(tx: Tx, need: NeedRow, config: MarketplaceConfig) {
  const [item] = await tx
    .select({ statutoryDays: approvalItems.statutoryDays, committedDays: approvalItems.committedDays })
    .from(approvalItems)
    .where(and(eq(approvalItems.id, need.approvalItemId), eq(approvalItems.active, true)))
  const accepted = await tx
    .select({ id: serviceTypeQualifications.qualificationTypeId })
    .from(serviceTypeQualifications)
    .where(eq(serviceTypeQualifications.serviceTypeId, need.serviceTypeId))
  let maxLevelRank: number | null = null
  if (need.minLevelId) {
    const [level] = await tx
      .select({ rank: qualificationLevels.rank })
      .from(qualificationLevels)
      .where(eq(qualificationLevels.id, need.minLevelId))
    maxLevelRank = level?.rank ?? null
  }
  return checkPublish(
    {
      method: need.method,
      priceCeilingFen: need.priceCeilingFen,
      serviceLimitDays: need.serviceDays,
      registrationClosesOn: need.registrationClosesOn,
      serviceType: { id: need.serviceTypeId, qualificationTypeIds: accepted.map((a) => a.id) },
      qualification: need.qualificationTypeId ? { qualificationTypeId: need.qualificationTypeId, maxLevelRank } : null,
      weights: need.weights ?? null,
      afterFailedRound: need.afterFailedRound,
    },
    item ?? null,
    config,
    await getCalendar(tx),
    shanghaiDate(now()),
  )
}

/**
 * Publishes a draft: all publish rules or nothing. On success the need opens and, when a draw
 * may decide it, the seed commitment is made: SHA-256(seed) is public from now on, the seed
 * stays secret until the draw (it is not in the audit event).
 */
export async function publishNeed(db: Db, user: SessionUser, needId: string) {
  return db.transaction((tx) => publishIn(tx, user, needId))
}

/**
 * Publish exactly what the owner has on screen: the draft's fields are saved and the need is
 * published in ONE transaction, so a refusal (a publish rule, a wrong state) writes nothing —
 * neither the save nor the publish — and speaks of the submitted values.
 */
export async function saveAndPublishNeed(db: Db, user: SessionUser, needId: string, input: NeedDraftInput) {
  requireOwner(user)
  return db.transaction(async (tx) => {
    await saveDraftIn(tx, user, input, needId)
    return publishIn(tx, user, needId)
  })
}

async function publishIn(tx: Tx, user: SessionUser, needId: string) {
  const need = await needForChange(tx, user, needId)
  // The admin's current configuration (minimum window, direct-selection threshold…).
  const config = await getMarketplaceConfig(tx)
  const check = await publishCheckOf(tx, need, config)
  const facts = await needFacts(tx, user, need, { publishCheck: check })
  const decision = decideNeed('publish', facts, config)
  if (!decision.ok && decision.reason === 'publishRules') throw new PublishRefused(check.violations)
  enforce(decision)
  // A direct selection commits no seed: the event says so (the draw.commitSeed follow-up fills them otherwise).
  const applied = await applyNeedDecision(
    tx,
    { need, facts, actor: actorOf(user), set: { publishedAt: now() }, audit: { seedHash: null, drawAlgorithm: null } },
    decision,
  )
  return { id: need.id, state: applied.state, seedHash: applied.set.seedHash ?? null }
}

async function transition(db: Db, user: SessionUser, needId: string, action: NeedAction, reason: string) {
  return db.transaction(async (tx) => {
    const need = await needForChange(tx, user, needId)
    const facts = await needFacts(tx, user, need, { reason })
    const decision = decideNeed(action, facts)
    enforce(decision)
    const set = action === 'cancel' ? { cancelReason: reason.trim() } : {}
    const applied = await applyNeedDecision(tx, { need, facts, actor: actorOf(user), set }, decision)
    return { id: need.id, state: applied.state }
  })
}

/** Cancels a need before selection (draft, open or evaluating); the reason is required. */
export function cancelNeed(db: Db, user: SessionUser, needId: string, reason: string) {
  return transition(db, user, needId, 'cancel', reason)
}

// ── Reads ────────────────────────────────────────────────────────────────────

/** A need as its owner sees it (never the draw seed). Another organisation gets NotFound. */
export async function getNeedForOwner(db: Db, user: SessionUser, id: string) {
  if (user.role !== 'owner' || !UUID.test(id)) throw new NotFound()
  const need = await db.query.needs.findFirst({
    where: and(eq(needs.id, id), eq(needs.ownerOrganisationId, user.organisationId)),
    columns: { seedSecret: false },
    with: { project: true },
  })
  if (!need) throw new NotFound()
  return need
}

/** The caller's organisation's needs, newest first (never the draw seed). */
export async function listOwnerNeeds(db: Db, user: SessionUser) {
  if (user.role !== 'owner') return []
  return db.query.needs.findMany({
    where: eq(needs.ownerOrganisationId, user.organisationId),
    columns: { seedSecret: false },
    with: { project: { columns: { id: true, name: true, projectCode: true } } },
    orderBy: [desc(needs.createdAt)],
  })
}

/** The public notice of a published need: public fields only, the seed's hash but never the seed. */
export async function publicNeed(db: Db, id: string) {
  if (!UUID.test(id)) throw new NotFound()
  const [row] = await db
    .select({
      id: needs.id,
      title: needs.title,
      scope: needs.scope,
      state: needs.state,
      serviceTypeId: needs.serviceTypeId,
      approvalItemId: needs.approvalItemId,
      priceCeilingFen: needs.priceCeilingFen,
      qualificationTypeId: needs.qualificationTypeId,
      minLevelId: needs.minLevelId,
      serviceDays: needs.serviceDays,
      method: needs.method,
      weights: needs.weights,
      registrationClosesOn: needs.registrationClosesOn,
      publishedAt: needs.publishedAt,
      seedHash: needs.seedHash,
      round: needs.round,
      project: {
        name: projects.name,
        projectCode: projects.projectCode,
        location: projects.location,
        industry: projects.industry,
        totalInvestmentFen: projects.totalInvestmentFen,
      },
      owner: { id: organisations.id, name: organisations.name, nameEn: organisations.nameEn, region: regionValue() },
    })
    .from(needs)
    .innerJoin(projects, eq(projects.id, needs.projectId))
    .innerJoin(organisations, eq(organisations.id, needs.ownerOrganisationId))
    .where(eq(needs.id, id))
  if (!row || row.state === 'draft' || row.publishedAt === null) throw new NotFound()
  return row
}
