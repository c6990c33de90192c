import { relations } from 'drizzle-orm'
import { date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { organisations } from './accounts'
import { qualificationLevels, qualificationTypes, serviceTypes } from './catalogue'

/** Service types an agency offers. */
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
  (t) => [primaryKey({ columns: [t.organisationId, t.serviceTypeId] }), index('agency_service_types_type').on(t.serviceTypeId)],
)

/** A qualification certificate an agency holds; dates are Asia/Shanghai calendar dates. */
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('agency_qualifications_org').on(t.organisationId),
    index('agency_qualifications_type_until').on(t.qualificationTypeId, t.validUntil),
  ],
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
}))
