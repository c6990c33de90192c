import { sql } from 'drizzle-orm'
import { check, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'
import { contracts } from './contracts'

/** Who rated: the contract's owner, or the supervising department after its approval decision. */
export const raterKind = pgEnum('rater_kind', ['owner', 'department'])

/**
 * A rating of an agency's work on one contract (SPEC §8, issue 14 item 1): at most one by each
 * rater kind per contract (the unique constraint is the last word on "once"). The owner scores
 * quality, timeliness, attitude and fee reasonableness; the department scores the report's
 * quality and timeliness; each 1–5. The agency may reply once to the owner's rating. A regulator
 * may hide the text (comment and reply) with a reason; the scores always stay.
 */
export const agencyRatings = pgTable(
  'agency_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'restrict' }),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    raterKind: raterKind('rater_kind').notNull(),
    raterUserId: uuid('rater_user_id').references(() => users.id, { onDelete: 'set null' }),
    raterOrganisationId: uuid('rater_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    /** Owner: quality, timeliness, attitude, fee reasonableness (1–5). */
    quality: integer('quality'),
    timeliness: integer('timeliness'),
    attitude: integer('attitude'),
    fee: integer('fee'),
    /** Department: the report's quality and timeliness (1–5). */
    reportQuality: integer('report_quality'),
    reportTimeliness: integer('report_timeliness'),
    comment: text('comment').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    replyText: text('reply_text'),
    replyBy: uuid('reply_by').references(() => users.id, { onDelete: 'set null' }),
    replyAt: timestamp('reply_at', { withTimezone: true }),
    hiddenBy: uuid('hidden_by').references(() => users.id, { onDelete: 'set null' }),
    hiddenReason: text('hidden_reason'),
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
  },
  (t) => [
    unique('agency_ratings_once').on(t.contractId, t.raterKind),
    index('agency_ratings_agency').on(t.agencyOrganisationId, t.createdAt),
    check(
      'agency_ratings_scores',
      sql`(${t.raterKind} = 'owner'
        and ${t.quality} between 1 and 5 and ${t.timeliness} between 1 and 5
        and ${t.attitude} between 1 and 5 and ${t.fee} between 1 and 5
        and ${t.reportQuality} is null and ${t.reportTimeliness} is null)
      or (${t.raterKind} = 'department'
        and ${t.reportQuality} between 1 and 5 and ${t.reportTimeliness} between 1 and 5
        and ${t.quality} is null and ${t.timeliness} is null and ${t.attitude} is null and ${t.fee} is null)`,
    ),
    check('agency_ratings_reply_owner_only', sql`${t.replyAt} is null or ${t.raterKind} = 'owner'`),
  ],
)
