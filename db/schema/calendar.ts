import { date, integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './accounts'

export const calendarDayKind = pgEnum('calendar_day_kind', ['holiday', 'makeup_workday', 'workday'])

/**
 * Admin-entered days that replace the shipped official data for their date: corrections, and
 * every special day of years after the shipped data (2027 onwards).
 */
export const calendarOverrides = pgTable('calendar_overrides', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: calendarDayKind('kind').notNull(),
  nameZh: text('name_zh'),
  nameEn: text('name_en'),
  /** Where the day comes from, e.g. the State Council notice number. */
  source: text('source').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})

/** Years after the shipped data whose whole arrangement an admin has entered (they extend the known range). */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})
