import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'
import { conductEvents, contracts } from './contracts'
import { needs, objections } from './needs'

/** Where a credit event comes from (issue 14 §2). */
export const creditSource = pgEnum('credit_source', [
  'rating',
  'contract',
  'objection',
  'complaint',
  'violation',
  'repair',
  'commendation',
])

/** What happened; the points per kind live in app/domain/credit/credit.ts (a rating's are computed from its scores). */
export const creditEventKind = pgEnum('credit_event_kind', [
  'overdue_day',
  'overdue_violation',
  'contract_lapsed',
  'terminated_at_fault',
  'objection_upheld',
  'owner_rating',
  'department_rating',
  'violation_recorded',
  'commendation',
  'repair',
  'complaint_upheld',
])

/**
 * The credit ledger (SPEC §8): append-only (a trigger refuses UPDATE, DELETE and TRUNCATE). Each
 * row carries the points actually applied (caps applied when it is written), so an agency's score
 * is the base plus the sum of its rows. `fact_key` names the source fact (the conduct event, the
 * objection, the contract's 10-day violation), so a replay or a concurrent tick adds it once.
 */
export const creditEvents = pgTable(
  'credit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    kind: creditEventKind('kind').notNull(),
    source: creditSource('source').notNull(),
    points: integer('points').notNull(),
    /** What a person wrote (the ruling's reason, the termination's reason); null for the timed work's events. */
    reason: text('reason'),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    contractId: uuid('contract_id').references(() => contracts.id, { onDelete: 'restrict' }),
    needId: uuid('need_id').references(() => needs.id, { onDelete: 'restrict' }),
    objectionId: uuid('objection_id').references(() => objections.id, { onDelete: 'restrict' }),
    conductEventId: bigint('conduct_event_id', { mode: 'number' }).references(() => conductEvents.id, {
      onDelete: 'restrict',
    }),
    factKey: text('fact_key').notNull().unique('credit_events_fact_once'),
    /** The Asia/Shanghai calendar date the fact happened. */
    onDate: date('on_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('credit_events_agency').on(t.agencyOrganisationId, t.id),
    // The score at an instant (the base plus the points of the rows written by then: selection's score at the window's close).
    index('credit_events_agency_created').on(t.agencyOrganisationId, t.createdAt),
    index('credit_events_contract').on(t.contractId, t.kind),
    uniqueIndex('credit_events_conduct_once').on(t.conductEventId),
    index('credit_events_objection').on(t.objectionId),
  ],
)

/** Each agency's current score, maintained in the transaction that adds a ledger row (no ledger scan per page view). */
export const agencyCredit = pgTable(
  'agency_credit',
  {
    agencyOrganisationId: uuid('agency_organisation_id')
      .primaryKey()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    score: integer('score').notNull(),
    tier: text('tier').notNull(),
    eventCount: integer('event_count').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    check('agency_credit_tier', sql`${t.tier} in ('A', 'B', 'C', 'D')`),
    index('agency_credit_tier_idx').on(t.tier),
  ],
)
