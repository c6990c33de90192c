import { relations, sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import {
  agencyApplications,
  agencyExits,
  agencyPractitioners,
  agencyProfiles,
  agencyQualifications,
  agencyRegistryEvents,
  agencyServiceTypes,
} from './agencies'
import { departments } from './catalogue'

export const organisationKind = pgEnum('organisation_kind', ['owner', 'agency', 'regulator', 'platform'])
export const organisationStatus = pgEnum('organisation_status', [
  'pending',
  'active',
  'rejected',
  'suspended',
  'exited',
])
export const userRole = pgEnum('user_role', ['owner', 'agency', 'regulator', 'admin'])
export const locale = pgEnum('locale', ['zh-CN', 'en'])

/**
 * Administrative divisions by GB/T 2260 code, named in both languages. The rows come from
 * app/domain/organisations/regions.ts (migration 0009 inserted them; the seed upserts them).
 */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => regions.code, { onDelete: 'restrict' }),
  },
  (t) => [index('regions_parent').on(t.parentCode)],
)

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: organisationKind('kind').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull().default(''),
    /** 统一社会信用代码, 18 characters, GB 32100-2015 check character verified. */
    creditCode: text('credit_code').notNull().unique(),
    /** Where the organisation is registered: a row of the regions catalogue (null: not given, or only legacy text). */
    regionCode: text('region_code').references(() => regions.code, { onDelete: 'restrict' }),
    /**
     * Legacy free text from before the catalogue (column `region`): kept only for values migration
     * 0009 could not match to a region, shown as written in both languages; '' once a code is set.
     */
    regionLegacy: text('region').notNull().default(''),
    status: organisationStatus('status').notNull(),
    /** For regulators: the department this organisation acts for. */
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organisations_kind_status_name').on(t.kind, t.status, t.name),
    index('organisations_kind_status_created').on(t.kind, t.status, t.createdAt),
    index('organisations_kind_region_code').on(t.kind, t.regionCode),
    // fastupdate off: a bulk load must not leave rows in the GIN pending list, which makes the planner
    // prefer a sequential scan until vacuum runs.
    index('organisations_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`).with({ fastupdate: false }),
  ],
)

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: userRole('role').notNull(),
    locale: locale('locale').notNull().default('zh-CN'),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('users_organisation').on(t.organisationId)],
)

/** Server-side sessions; the cookie carries only the id. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user').on(t.userId)],
)

/**
 * Login attempts, kept to throttle guessing per address, per account and address, and per account
 * (app/domain/accounts/login-throttle.ts). `ip` is the client address from the server entry's load
 * context, never a request header. A row is written as failed before the password is checked and
 * turned into a success afterwards; refused (throttled) tries are not recorded.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // This account from this address (the pair rule and the known-address check).
    index('login_attempts_email_ip_at').on(t.email, t.ip, t.at),
    // This address across all accounts.
    index('login_attempts_ip_at').on(t.ip, t.at),
    // This account across all addresses.
    index('login_attempts_email_at').on(t.email, t.at),
  ],
)

export const organisationsRelations = relations(organisations, ({ one, many }) => ({
  users: many(users),
  serviceTypes: many(agencyServiceTypes),
  qualifications: many(agencyQualifications),
  practitioners: many(agencyPractitioners),
  profile: one(agencyProfiles, { fields: [organisations.id], references: [agencyProfiles.organisationId] }),
  applications: many(agencyApplications),
  registryEvents: many(agencyRegistryEvents),
  exits: many(agencyExits),
  department: one(departments, { fields: [organisations.departmentId], references: [departments.id] }),
  region: one(regions, { fields: [organisations.regionCode], references: [regions.code] }),
}))

export const regionsRelations = relations(regions, ({ one, many }) => ({
  parent: one(regions, { fields: [regions.parentCode], references: [regions.code], relationName: 'region_parent' }),
  children: many(regions, { relationName: 'region_parent' }),
  organisations: many(organisations),
}))

export const usersRelations = relations(users, ({ one, many }) => ({
  organisation: one(organisations, { fields: [users.organisationId], references: [organisations.id] }),
  sessions: many(sessions),
}))

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}))

