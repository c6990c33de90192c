import { relations, sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'
import { approvalItems, qualificationLevels, qualificationTypes, serviceTypes } from './catalogue'

/** An owner's investment project (项目), the context of its needs. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerOrganisationId: uuid('owner_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    /** 项目代码 issued by the investment project online approval platform. */
    projectCode: text('project_code').notNull(),
    location: text('location').notNull(),
    industry: text('industry').notNull(),
    totalInvestmentFen: bigint('total_investment_fen', { mode: 'number' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('projects_owner_code').on(t.ownerOrganisationId, t.projectCode),
    check('projects_investment_positive', sql`${t.totalInvestmentFen} > 0`),
  ],
)

export const needState = pgEnum('need_state', [
  'draft',
  'open',
  'evaluating',
  'publicity',
  'awarded',
  'in_service',
  'paused',
  'delivered',
  'accepted',
  'closed',
  'cancelled',
  'failed',
  'terminated',
])

export const selectionMethod = pgEnum('selection_method', ['direct', 'random', 'lowest_price', 'comprehensive'])

/**
 * A need (采购需求). Only app/domain/needs/need-lifecycle.ts decides its state transitions.
 * The draw seed is secret until the draw: only its SHA-256 is public from publication on.
 */
export const needs = pgTable(
  'needs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'restrict' }),
    /** Denormalised from the project so every query can be scoped by the caller's organisation. */
    ownerOrganisationId: uuid('owner_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    serviceTypeId: uuid('service_type_id')
      .notNull()
      .references(() => serviceTypes.id, { onDelete: 'restrict' }),
    approvalItemId: uuid('approval_item_id')
      .notNull()
      .references(() => approvalItems.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    scope: text('scope').notNull(),
    /** 最高限价 in fen; may be absent only for direct selection. */
    priceCeilingFen: bigint('price_ceiling_fen', { mode: 'number' }),
    qualificationTypeId: uuid('qualification_type_id').references(() => qualificationTypes.id, { onDelete: 'restrict' }),
    minLevelId: uuid('min_level_id').references(() => qualificationLevels.id, { onDelete: 'restrict' }),
    /** Service time limit S in working days. */
    serviceDays: integer('service_days').notNull(),
    method: selectionMethod('method').notNull(),
    /** Comprehensive scoring weights {price, credit, rating, days} summing to 100. */
    weights: jsonb('weights').$type<{ price: number; credit: number; rating: number; days: number }>(),
    /** The registration window's last day (Asia/Shanghai). */
    registrationClosesOn: date('registration_closes_on', { mode: 'string' }).notNull(),
    state: needState('state').notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    seedHash: text('seed_hash'),
    /** Hex seed; never shown before the draw. */
    seedSecret: text('seed_secret'),
    /** Selection round: 1, then +1 for each redo after an upheld objection. */
    round: integer('round').notNull().default(1),
    afterFailedRound: boolean('after_failed_round').notNull().default(false),
    repostedFromId: uuid('reposted_from_id'),
    cancelReason: text('cancel_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('needs_state_closes').on(t.state, t.registrationClosesOn),
    index('needs_owner').on(t.ownerOrganisationId, t.createdAt),
    index('needs_service_type_state').on(t.serviceTypeId, t.state),
    check('needs_service_days_positive', sql`${t.serviceDays} > 0`),
    check('needs_ceiling_positive', sql`${t.priceCeilingFen} is null or ${t.priceCeilingFen} > 0`),
  ],
)

export const bidStatus = pgEnum('bid_status', ['live', 'withdrawn', 'disqualified'])

/** A sealed bid: nobody but the bidding agency sees it until the registration window closes. */
export const bids = pgTable(
  'bids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    needId: uuid('need_id')
      .notNull()
      .references(() => needs.id, { onDelete: 'restrict' }),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    quoteFen: bigint('quote_fen', { mode: 'number' }).notNull(),
    /** Committed service days C (≤ S). */
    committedDays: integer('committed_days').notNull(),
    note: text('note').notNull().default(''),
    team: text('team').notNull().default(''),
    status: bidStatus('status').notNull().default('live'),
    statusReason: text('status_reason'),
    revision: integer('revision').notNull().default(1),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // One live bid per agency per need.
    uniqueIndex('bids_one_live').on(t.needId, t.agencyOrganisationId).where(sql`status = 'live'`),
    index('bids_need').on(t.needId, t.status),
    index('bids_agency').on(t.agencyOrganisationId, t.submittedAt),
    check('bids_quote_positive', sql`${t.quoteFen} > 0`),
    check('bids_days_positive', sql`${t.committedDays} > 0`),
  ],
)

/**
 * Every version of a bid, the current one included: `submitBid` writes revision 1 with the bid
 * and each `reviseBid` adds the new revision, each with its commitment nonce; the earlier
 * versions are the rows whose revision is below `bids.revision`. Bids from before the nonce may
 * lack the row of their current version (see app/domain/bidding/bids.server.ts).
 */
export const bidRevisions = pgTable(
  'bid_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    quoteFen: bigint('quote_fen', { mode: 'number' }).notNull(),
    committedDays: integer('committed_days').notNull(),
    note: text('note').notNull(),
    team: text('team').notNull(),
    /** Random hex nonce mixed into this revision's quote commitment, so the audit log's commitment hides the quote. */
    commitmentNonce: text('commitment_nonce'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('bid_revisions_bid_revision').on(t.bidId, t.revision)],
)

/**
 * The result of one selection round: the method, the candidates, the chosen bid, and for
 * draws the full transcript (seed revealed) so anyone can recompute it; for scored methods the
 * per-bidder breakdown. One row per need and round.
 */
export const selectionRounds = pgTable(
  'selection_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    needId: uuid('need_id')
      .notNull()
      .references(() => needs.id, { onDelete: 'restrict' }),
    round: integer('round').notNull(),
    method: selectionMethod('method').notNull(),
    /** 'winner' | 'draw' | 'owner_pick' | 'failed' */
    outcome: text('outcome').notNull(),
    chosenBidId: uuid('chosen_bid_id').references(() => bids.id, { onDelete: 'restrict' }),
    /** runSelection's result: valid bids, flags, scores (public after selection). */
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    /** The draw transcript (im-draw-v1) when a draw decided the round. */
    drawTranscript: jsonb('draw_transcript').$type<Record<string, unknown>>(),
    /** Asia/Shanghai date on which publicity (公示) ends. */
    publicityEndsOn: date('publicity_ends_on', { mode: 'string' }),
    reason: text('reason'),
    /** Lowest price with an abnormally low winning quote: the winner's cost justification (成本说明). */
    justification: text('justification'),
    justifiedAt: timestamp('justified_at', { withTimezone: true }),
    justifiedBy: uuid('justified_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('selection_rounds_need_round').on(t.needId, t.round)],
)

export const objectionStatus = pgEnum('objection_status', ['pending', 'upheld', 'rejected', 'moot'])

/**
 * An objection (异议) filed by a bidder against the result of one selection round during its
 * publicity; a regulator supervising the service type upholds or rejects it with a reason. When
 * one is upheld the round's other pending objections become `moot` (the selection is redone).
 */
export const objections = pgTable(
  'objections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    needId: uuid('need_id')
      .notNull()
      .references(() => needs.id, { onDelete: 'restrict' }),
    round: integer('round').notNull(),
    objectorOrganisationId: uuid('objector_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    filedBy: uuid('filed_by').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull(),
    status: objectionStatus('status').notNull().default('pending'),
    rulingReason: text('ruling_reason'),
    /** Upheld because of the winner's own fault (counts against its credit). */
    winnerAtFault: boolean('winner_at_fault').notNull().default(false),
    ruledBy: uuid('ruled_by').references(() => users.id, { onDelete: 'set null' }),
    ruledAt: timestamp('ruled_at', { withTimezone: true }),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    /** Upheld at the winner's fault: when its credit event was written (in that transaction); null until then. */
    creditedAt: timestamp('credited_at', { withTimezone: true }),
  },
  (t) => [
    // One objection per bidder per publicity round.
    unique('objections_one_per_round').on(t.needId, t.round, t.objectorOrganisationId),
    index('objections_status').on(t.status, t.filedAt),
    // The carry's candidates: upheld at the winner's fault, not yet in the credit ledger.
    index('objections_uncredited')
      .on(t.id)
      .where(sql`status = 'upheld' and winner_at_fault and credited_at is null`),
  ],
)

/** The award: at most one per need, enforced by the primary key (exactly-once award). */
export const awards = pgTable('awards', {
  needId: uuid('need_id')
    .primaryKey()
    .references(() => needs.id, { onDelete: 'restrict' }),
  bidId: uuid('bid_id')
    .notNull()
    .references(() => bids.id, { onDelete: 'restrict' }),
  agencyOrganisationId: uuid('agency_organisation_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'restrict' }),
  round: integer('round').notNull(),
  awardedAt: timestamp('awarded_at', { withTimezone: true }).notNull(),
  awardedBy: uuid('awarded_by').references(() => users.id, { onDelete: 'set null' }),
})

export const projectsRelations = relations(projects, ({ one, many }) => ({
  owner: one(organisations, { fields: [projects.ownerOrganisationId], references: [organisations.id] }),
  needs: many(needs),
}))

export const needsRelations = relations(needs, ({ one, many }) => ({
  project: one(projects, { fields: [needs.projectId], references: [projects.id] }),
  serviceType: one(serviceTypes, { fields: [needs.serviceTypeId], references: [serviceTypes.id] }),
  approvalItem: one(approvalItems, { fields: [needs.approvalItemId], references: [approvalItems.id] }),
  qualificationType: one(qualificationTypes, { fields: [needs.qualificationTypeId], references: [qualificationTypes.id] }),
  minLevel: one(qualificationLevels, { fields: [needs.minLevelId], references: [qualificationLevels.id] }),
  bids: many(bids),
  selectionRounds: many(selectionRounds),
  award: one(awards, { fields: [needs.id], references: [awards.needId] }),
}))

export const bidsRelations = relations(bids, ({ one, many }) => ({
  need: one(needs, { fields: [bids.needId], references: [needs.id] }),
  agency: one(organisations, { fields: [bids.agencyOrganisationId], references: [organisations.id] }),
  revisions: many(bidRevisions),
}))

export const bidRevisionsRelations = relations(bidRevisions, ({ one }) => ({
  bid: one(bids, { fields: [bidRevisions.bidId], references: [bids.id] }),
}))

export const objectionsRelations = relations(objections, ({ one }) => ({
  need: one(needs, { fields: [objections.needId], references: [needs.id] }),
  objector: one(organisations, { fields: [objections.objectorOrganisationId], references: [organisations.id] }),
}))

export const selectionRoundsRelations = relations(selectionRounds, ({ one }) => ({
  need: one(needs, { fields: [selectionRounds.needId], references: [needs.id] }),
  chosenBid: one(bids, { fields: [selectionRounds.chosenBidId], references: [bids.id] }),
}))

export const awardsRelations = relations(awards, ({ one }) => ({
  need: one(needs, { fields: [awards.needId], references: [needs.id] }),
  bid: one(bids, { fields: [awards.bidId], references: [bids.id] }),
}))
