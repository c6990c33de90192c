import { relations, sql } from 'drizzle-orm'
import {
  boolean,
  check,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}

/** Government departments: approving departments and industry regulators (行业主管部门). */
export const departments = pgTable('departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  ...timestamps,
})

/** Kinds of practising qualification (资质) an agency can hold, e.g. 测绘资质. */
export const qualificationTypes = pgTable('qualification_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  issuerZh: text('issuer_zh').notNull().default(''),
  issuerEn: text('issuer_en').notNull().default(''),
  ...timestamps,
})

/** Levels of a qualification type; rank 1 is the highest (甲级). */
export const qualificationLevels = pgTable(
  'qualification_levels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    qualificationTypeId: uuid('qualification_type_id')
      .notNull()
      .references(() => qualificationTypes.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    rank: integer('rank').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [
    unique('qualification_levels_type_code').on(t.qualificationTypeId, t.code),
    unique('qualification_levels_type_rank').on(t.qualificationTypeId, t.rank),
    check('qualification_levels_rank_positive', sql`${t.rank} >= 1`),
  ],
)

/** Intermediary service types (中介服务事项). */
export const serviceTypes = pgTable('service_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionZh: text('description_zh').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  departmentId: uuid('department_id')
    .notNull()
    .references(() => departments.id, { onDelete: 'restrict' }),
  active: boolean('active').notNull().default(true),
  ...timestamps,
})

/** Qualification types a service type requires (any one of them qualifies). */
export const serviceTypeQualifications = pgTable(
  'service_type_qualifications',
  {
    serviceTypeId: uuid('service_type_id')
      .notNull()
      .references(() => serviceTypes.id, { onDelete: 'cascade' }),
    qualificationTypeId: uuid('qualification_type_id')
      .notNull()
      .references(() => qualificationTypes.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.serviceTypeId, t.qualificationTypeId] })],
)

/**
 * Approval items (审批事项). Limits are in working days:
 * L = statutory limit (法定时限), P = committed processing limit (承诺时限), P ≤ L.
 */
export const approvalItems = pgTable(
  'approval_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'restrict' }),
    statutoryDays: integer('statutory_days').notNull(),
    committedDays: integer('committed_days').notNull(),
    /** True while the limits are demo values nobody has confirmed against the legal source. */
    limitsAreDemo: boolean('limits_are_demo').notNull().default(true),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    check('approval_items_p_le_l', sql`${t.committedDays} <= ${t.statutoryDays}`),
    check('approval_items_p_positive', sql`${t.committedDays} >= 1`),
  ],
)

/** Service types whose reports feed an approval item. */
export const approvalItemServiceTypes = pgTable(
  'approval_item_service_types',
  {
    approvalItemId: uuid('approval_item_id')
      .notNull()
      .references(() => approvalItems.id, { onDelete: 'cascade' }),
    serviceTypeId: uuid('service_type_id')
      .notNull()
      .references(() => serviceTypes.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.approvalItemId, t.serviceTypeId] })],
)

export const departmentsRelations = relations(departments, ({ many }) => ({
  serviceTypes: many(serviceTypes),
  approvalItems: many(approvalItems),
}))

export const qualificationTypesRelations = relations(qualificationTypes, ({ many }) => ({
  levels: many(qualificationLevels),
}))

export const qualificationLevelsRelations = relations(qualificationLevels, ({ one }) => ({
  qualificationType: one(qualificationTypes, {
    fields: [qualificationLevels.qualificationTypeId],
    references: [qualificationTypes.id],
  }),
}))

export const serviceTypesRelations = relations(serviceTypes, ({ one, many }) => ({
  department: one(departments, { fields: [serviceTypes.departmentId], references: [departments.id] }),
  qualifications: many(serviceTypeQualifications),
  approvalItems: many(approvalItemServiceTypes),
}))

export const serviceTypeQualificationsRelations = relations(serviceTypeQualifications, ({ one }) => ({
  serviceType: one(serviceTypes, {
    fields: [serviceTypeQualifications.serviceTypeId],
    references: [serviceTypes.id],
  }),
  qualificationType: one(qualificationTypes, {
    fields: [serviceTypeQualifications.qualificationTypeId],
    references: [qualificationTypes.id],
  }),
}))

export const approvalItemsRelations = relations(approvalItems, ({ one, many }) => ({
  department: one(departments, { fields: [approvalItems.departmentId], references: [departments.id] }),
  serviceTypes: many(approvalItemServiceTypes),
}))

export const approvalItemServiceTypesRelations = relations(approvalItemServiceTypes, ({ one }) => ({
  approvalItem: one(approvalItems, {
    fields: [approvalItemServiceTypes.approvalItemId],
    references: [approvalItems.id],
  }),
  serviceType: one(serviceTypes, {
    fields: [approvalItemServiceTypes.serviceTypeId],
    references: [serviceTypes.id],
  }),
}))
