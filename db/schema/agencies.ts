import { relations, sql } from 'drizzle-orm'
import {
  bigserial,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, users } from './accounts'
import { qualificationLevels, qualificationTypes, serviceTypes } from './catalogue'

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' })

/** Service types an agency offers (approved, live data). */
export const agencyServiceTypes = pgTable(
  'agency_service_types',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    serviceTypeId: uuid('service_type_id')
      .notNull()
      .references(() => serviceTypes.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.serviceTypeId] }), index('agency_service_types_type').on(t.serviceTypeId, t.organisationId)],
)

/** Uploaded documents (qualification certificate scans); bytes kept in the database so every instance sees them. */
export const storedFiles = pgTable(
  'stored_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('stored_files_org').on(t.organisationId)],
)

/** A qualification certificate an agency holds (approved, live data); dates are Asia/Shanghai calendar dates. */
export const agencyQualifications = pgTable(
  'agency_qualifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    qualificationTypeId: uuid('qualification_type_id')
      .notNull()
      .references(() => qualificationTypes.id, { onDelete: 'restrict' }),
    levelId: uuid('level_id')
      .notNull()
      .references(() => qualificationLevels.id, { onDelete: 'restrict' }),
    certificateNo: text('certificate_no').notNull(),
    issuer: text('issuer').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    fileId: uuid('file_id').references(() => storedFiles.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('agency_qualifications_org').on(t.organisationId),
    index('agency_qualifications_type_until').on(t.qualificationTypeId, t.validUntil),
  ],
)

/** Practitioners (执业人员) registered with an agency (approved, live data). */
export const agencyPractitioners = pgTable(
  'agency_practitioners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    certificateType: text('certificate_type').notNull(),
    certificateNo: text('certificate_no').notNull(),
  },
  (t) => [index('agency_practitioners_org').on(t.organisationId)],
)

/** The agency's public details beyond the organisation row (approved, live data). */
export const agencyProfiles = pgTable('agency_profiles', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  address: text('address').notNull(),
  legalRepresentative: text('legal_representative').notNull(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull(),
  feeStandard: text('fee_standard').notNull(),
  /** 服务承诺: promised time limits, one-time notification of missing materials, etc. */
  commitment: text('commitment').notNull(),
  approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
})

export const applicationKind = pgEnum('agency_application_kind', ['entry', 'change'])
export const applicationStatus = pgEnum('agency_application_status', ['draft', 'pending', 'approved', 'rejected'])

/**
 * An entry application (入驻申请) or a change to an active agency's registered data. The
 * payload is the whole desired profile; approving it replaces the live data in one transaction.
 * At most one open (draft or pending) application per agency.
 */
export const agencyApplications = pgTable(
  'agency_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: applicationKind('kind').notNull(),
    status: applicationStatus('status').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Number of times submitted; each submission is kept in agency_application_submissions. */
    revision: integer('revision').notNull().default(0),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('agency_applications_org').on(t.organisationId, t.createdAt),
    index('agency_applications_status').on(t.status, t.submittedAt),
    uniqueIndex('agency_applications_one_open').on(t.organisationId).where(sql`status in ('draft', 'pending')`),
  ],
)

/** Every submitted version of an application, so reviewers can see what changed. */
export const agencyApplicationSubmissions = pgTable(
  'agency_application_submissions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => agencyApplications.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('agency_application_submissions_rev').on(t.applicationId, t.revision)],
)

export const registryEventKind = pgEnum('agency_registry_event', [
  'approved',
  'rejected',
  'change_approved',
  'change_rejected',
  'suspended',
  'reinstated',
  'exited',
])

/** The agency's registry history (suspensions, reinstatements, approvals…), public on its profile. */
export const agencyRegistryEvents = pgTable(
  'agency_registry_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: registryEventKind('kind').notNull(),
    reason: text('reason'),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    actorOrganisationId: uuid('actor_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('agency_registry_events_org').on(t.organisationId, t.at)],
)

export const exitType = pgEnum('agency_exit_type', ['voluntary', 'forced'])
export const exitCategory = pgEnum('agency_exit_category', [
  'voluntary',
  'qualification_revoked_or_expired',
  'serious_violation',
  'fraud',
  'other',
])

/** Exit records (退出记录): immutable and public for good. */
export const agencyExits = pgTable(
  'agency_exits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'restrict' }),
    type: exitType('type').notNull(),
    category: exitCategory('category').notNull(),
    reason: text('reason').notNull(),
    /** Asia/Shanghai date of the exit. */
    exitedOn: date('exited_on', { mode: 'string' }).notNull(),
    /** First date a new entry application may be submitted. */
    reentryFrom: date('reentry_from', { mode: 'string' }).notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'restrict' }),
    actorOrganisationId: uuid('actor_organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('agency_exits_org').on(t.organisationId), index('agency_exits_created').on(t.createdAt)],
)

export const agencyServiceTypesRelations = relations(agencyServiceTypes, ({ one }) => ({
  organisation: one(organisations, { fields: [agencyServiceTypes.organisationId], references: [organisations.id] }),
  serviceType: one(serviceTypes, { fields: [agencyServiceTypes.serviceTypeId], references: [serviceTypes.id] }),
}))

export const agencyQualificationsRelations = relations(agencyQualifications, ({ one }) => ({
  organisation: one(organisations, { fields: [agencyQualifications.organisationId], references: [organisations.id] }),
  qualificationType: one(qualificationTypes, {
    fields: [agencyQualifications.qualificationTypeId],
    references: [qualificationTypes.id],
  }),
  level: one(qualificationLevels, { fields: [agencyQualifications.levelId], references: [qualificationLevels.id] }),
  file: one(storedFiles, { fields: [agencyQualifications.fileId], references: [storedFiles.id] }),
}))

export const agencyPractitionersRelations = relations(agencyPractitioners, ({ one }) => ({
  organisation: one(organisations, { fields: [agencyPractitioners.organisationId], references: [organisations.id] }),
}))

export const agencyProfilesRelations = relations(agencyProfiles, ({ one }) => ({
  organisation: one(organisations, { fields: [agencyProfiles.organisationId], references: [organisations.id] }),
}))

export const agencyApplicationsRelations = relations(agencyApplications, ({ one, many }) => ({
  organisation: one(organisations, { fields: [agencyApplications.organisationId], references: [organisations.id] }),
  submissions: many(agencyApplicationSubmissions),
}))

export const agencyApplicationSubmissionsRelations = relations(agencyApplicationSubmissions, ({ one }) => ({
  application: one(agencyApplications, {
    fields: [agencyApplicationSubmissions.applicationId],
    references: [agencyApplications.id],
  }),
}))

export const agencyRegistryEventsRelations = relations(agencyRegistryEvents, ({ one }) => ({
  organisation: one(organisations, { fields: [agencyRegistryEvents.organisationId], references: [organisations.id] }),
}))

export const agencyExitsRelations = relations(agencyExits, ({ one }) => ({
  organisation: one(organisations, { fields: [agencyExits.organisationId], references: [organisations.id] }),
}))
