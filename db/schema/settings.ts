import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Platform-wide settings kept in the database so every instance sees the same values. */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})
