import { relations } from 'drizzle-orm'
import { date, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'

/** An entry's own state (app/domain/blacklist/blacklist-rules.ts): in force until it expires or is lifted. */
export const blacklistStatus = pgEnum('blacklist_status', ['in_force', 'expired', 'lifted'])
/** The agency's one appeal per entry, decided by the platform's admin office. */
export const blacklistAppealStatus = pgEnum('blacklist_appeal_status', ['not_filed', 'pending', 'upheld', 'rejected'])
/** All service types, or only those in `service_type_ids`. */
export const blacklistScope = pgEnum('blacklist_scope', ['all', 'service_types'])

/**
 * Blacklist entries (SPEC §8): listed by a regulator, kept forever (the public page shows the
 * whole history). In force from `starts_on` through `ends_on` (inclusive; null = permanent).
 */
export const blacklistEntries = pgTable(
  'blacklist_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyOrganisationId: uuid('agency_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    reason: text('reason').notNull(),
    legalBasis: text('legal_basis').notNull(),
    scope: blacklistScope('scope').notNull(),
    /** The service types in scope when `scope` is 'service_types'; empty for 'all'. */
    serviceTypeIds: uuid('service_type_ids').array().notNull().default([]),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    status: blacklistStatus('status').notNull().default('in_force'),
    listedByUserId: uuid('listed_by_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    listedAt: timestamp('listed_at', { withTimezone: true }).notNull(),
    liftedByUserId: uuid('lifted_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    liftReason: text('lift_reason'),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    expiredAt: timestamp('expired_at', { withTimezone: true }),
    appealStatus: blacklistAppealStatus('appeal_status').notNull().default('not_filed'),
    appealText: text('appeal_text'),
    appealFiledByUserId: uuid('appeal_filed_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    appealFiledAt: timestamp('appeal_filed_at', { withTimezone: true }),
    appealReasons: text('appeal_reasons'),
    appealDecidedByUserId: uuid('appeal_decided_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    appealDecidedAt: timestamp('appeal_decided_at', { withTimezone: true }),
  },
  (t) => [
    index('blacklist_entries_agency').on(t.agencyOrganisationId, t.status),
    index('blacklist_entries_status_ends').on(t.status, t.endsOn),
    index('blacklist_entries_listed').on(t.listedAt),
  ],
)

export const blacklistEntriesRelations = relations(blacklistEntries, ({ one }) => ({
  agency: one(organisations, { fields: [blacklistEntries.agencyOrganisationId], references: [organisations.id] }),
}))
