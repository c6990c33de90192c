import { date, pgEnum, pgTable, timestamp, unique, uuid } from 'drizzle-orm/pg-core'
import { contractDeliveries } from './contracts'

export const deliveryReminderKind = pgEnum('delivery_reminder_kind', ['owner_reminder', 'regulator_escalation'])

/**
 * The reminders sent about a delivery the owner has neither accepted nor returned (the timed
 * work app/domain/timed-work/acceptance-reminders.server.ts): one row per delivery, kind and
 * working day, so the owner is reminded at most once a working day however many ticks run; the
 * regulators' escalation is dated with the delivery's own day, so it happens once per delivery.
 */
export const deliveryReminders = pgTable(
  'delivery_reminders',
  {
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => contractDeliveries.id, { onDelete: 'cascade' }),
    kind: deliveryReminderKind('kind').notNull(),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('delivery_reminders_once').on(t.deliveryId, t.kind, t.onDate)],
)
