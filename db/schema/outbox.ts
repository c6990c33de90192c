import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

export const outboxStatus = pgEnum('outbox_status', ['pending', 'delivering', 'done', 'failed'])

/**
 * Calls to the outside world that must never run inside a database transaction
 * (docs/decisions/009-outbox.md). A row is written in the same transaction as the state change
 * that wants the call; the timed work delivers it later, at least once, with the row's
 * idempotency key so the remote end applies it exactly once.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: outboxStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** The lease of the delivery in progress; once past, the row is claimable again (a crash after claim). */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    result: jsonb('result').$type<unknown>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('outbox_status_next_attempt').on(t.status, t.nextAttemptAt)],
)
