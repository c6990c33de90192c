import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'
import { storedFiles } from './agencies'
import { contracts } from './contracts'
import { creditEvents } from './credit'
import { needs } from './needs'

/**
 * The list of negative behaviours (负面行为清单, issue 14 §2; Hukou's list, research/next-wave.md
 * §1.6): admin-editable data. A regulator records a violation by choosing an active behaviour; the
 * behaviour's points are copied onto the violation and its ledger event when written, so editing
 * the list never changes a recorded event. Never deleted (a used row is referenced): deactivated.
 * Bounds of `points` are app/domain/credit/credit.ts `behaviourPointsBounds` (also checked here).
 */
export const negativeBehaviours = pgTable(
  'negative_behaviours',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    points: integer('points').notNull(),
    proposesBlacklisting: boolean('proposes_blacklisting').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('negative_behaviours_points', sql`${t.points} between -50 and -1`)],
)

/**
 * A violation a regulator recorded against an agency (issue 14 §2): the behaviour chosen, its
 * points as they were, the facts, the date it happened and optionally the need (and its contract)
 * in the regulator's remit. Its ledger event has the fact key `violation:<id>`.
 */
export const recordedViolations = pgTable(
  'recorded_violations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    behaviourId: uuid('behaviour_id')
      .notNull()
      .references(() => negativeBehaviours.id, { onDelete: 'restrict' }),
    points: integer('points').notNull(),
    facts: text('facts').notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    needId: uuid('need_id').references(() => needs.id, { onDelete: 'restrict' }),
    contractId: uuid('contract_id').references(() => contracts.id, { onDelete: 'restrict' }),
    recordedByUserId: uuid('recorded_by_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('recorded_violations_agency').on(t.agencyOrganisationId, t.recordedAt)],
)

/** A commendation a regulator recorded (issue 14 §2); its ledger event has the fact key `commendation:<id>`. */
export const commendations = pgTable(
  'commendations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    reason: text('reason').notNull(),
    points: integer('points').notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    recordedByUserId: uuid('recorded_by_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('commendations_agency').on(t.agencyOrganisationId, t.recordedAt)],
)

/** A repair application's state (app/domain/credit/repair-rules.ts): pending → granted | refused | withdrawn. */
export const repairStatus = pgEnum('repair_status', ['pending', 'granted', 'refused', 'withdrawn'])

/**
 * Credit repair (信用修复, issue 14 §4): the agency applies for one negative ledger event with text
 * and evidence; the supervising regulator grants (a compensating ledger event, fact key
 * `repair:<id>`) or refuses with reasons. At most one pending and one granted application per
 * event, enforced by partial unique indexes as well as by the rule.
 */
export const repairApplications = pgTable(
  'repair_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    creditEventId: bigint('credit_event_id', { mode: 'number' })
      .notNull()
      .references(() => creditEvents.id, { onDelete: 'restrict' }),
    status: repairStatus('status').notNull().default('pending'),
    text: text('text').notNull(),
    filedByUserId: uuid('filed_by_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    /** The Asia/Shanghai date by which the regulator should decide (repairConfig.decisionWorkingDays). */
    decideBy: date('decide_by', { mode: 'string' }).notNull(),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionReasons: text('decision_reasons'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    index('repair_applications_agency').on(t.agencyOrganisationId, t.filedAt),
    index('repair_applications_status').on(t.status, t.decideBy),
    uniqueIndex('repair_applications_one_pending')
      .on(t.creditEventId)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex('repair_applications_one_granted')
      .on(t.creditEventId)
      .where(sql`${t.status} = 'granted'`),
  ],
)

/** The evidence files of a repair application (stored with the agency's uploads, checked like certificate scans). */
export const repairEvidence = pgTable(
  'repair_evidence',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => repairApplications.id, { onDelete: 'restrict' }),
    fileId: uuid('file_id')
      .notNull()
      .references(() => storedFiles.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.fileId] })],
)
