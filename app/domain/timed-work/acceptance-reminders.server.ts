/**
 * Timed work — acceptance reminders (SPEC §7, issue 13 item 6): a delivery the owner has neither
 * accepted nor returned for more than `serviceConfig.acceptanceReviewWorkingDays` working days
 * (counted after the delivery day, on the official calendar) gets the owner a reminder on each
 * working day from then on, at most one a day; once it has waited more than
 * `acceptanceReviewWorkingDays + acceptanceEscalationWorkingDays` working days the supervising
 * regulators are notified, once per delivery, and the escalation is audited.
 *
 * Idempotency: each reminder is a `delivery_reminders` row (delivery, kind, day) inserted with
 * ON CONFLICT DO NOTHING before its notification is sent, in the same transaction — a second
 * tick the same day, or a concurrent one, inserts nothing and sends nothing. The owner's rows are
 * dated with the day they were sent; the escalation's with the delivery's own day, so there is
 * only ever one. Nothing is sent on a weekend or holiday (the working-day count does not move).
 */
import { and, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contractDeliveries, contracts, deliveryReminders, needs } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { serviceConfig } from '~/domain/config'
import type { CalendarDate } from '~/domain/dates'
import { now } from '~/domain/now'
import { lockNeed } from '~/domain/needs/need-access.server'
import { recipientUserIds } from '~/domain/needs/need-effects.server'
import { recordAudit, systemActor } from '~/utils/audit.server'
import { notifyMany } from '~/utils/notifications.server'

/** Deliveries waiting for the owner's answer (the need delivered, the latest version pending). */
export async function pendingDeliveries(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: contractDeliveries.id })
    .from(contractDeliveries)
    .innerJoin(contracts, eq(contracts.id, contractDeliveries.contractId))
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .where(and(eq(contractDeliveries.outcome, 'pending'), eq(needs.state, 'delivered')))
  return rows.map((r) => r.id)
}

export interface ReminderOutcome {
  reminded: boolean
  escalated: boolean
}

const groups = { bidders: [], winner: null, objector: null }

/** Sends what is due today about one pending delivery; says what THIS call sent. */
export async function remindAboutDelivery(db: Db, deliveryId: string, today: CalendarDate): Promise<ReminderOutcome> {
  return db.transaction(async (tx) => {
    const none: ReminderOutcome = { reminded: false, escalated: false }
    const [first] = await tx
      .select({ needId: contracts.needId })
      .from(contractDeliveries)
      .innerJoin(contracts, eq(contracts.id, contractDeliveries.contractId))
      .where(eq(contractDeliveries.id, deliveryId))
    if (!first) return none
    const need = await lockNeed(tx, first.needId)
    const [delivery] = await tx.select().from(contractDeliveries).where(eq(contractDeliveries.id, deliveryId))
    if (need.state !== 'delivered' || delivery.outcome !== 'pending') return none
    const calendar = await getCalendar(tx)
    if (!calendar.isWorkingDay(today)) return none
    const waited = calendar.workingDaysBetween(delivery.deliveredOn, today)
    const review = serviceConfig.acceptanceReviewWorkingDays
    if (waited <= review) return none
    const link = `/contracts/${delivery.contractId}`
    const params = { title: need.title, version: delivery.version, days: waited, deliveredOn: delivery.deliveredOn }
    const claim = (kind: 'owner_reminder' | 'regulator_escalation', onDate: CalendarDate) =>
      tx
        .insert(deliveryReminders)
        .values({ deliveryId, kind, onDate, createdAt: now() })
        .onConflictDoNothing()
        .returning({ deliveryId: deliveryReminders.deliveryId })
    const outcome = { ...none }
    if ((await claim('owner_reminder', today)).length > 0) {
      const owners = await recipientUserIds(tx, need, 'owner', groups)
      await notifyMany(tx, owners, 'contractService.notify.acceptanceReminder', params, link)
      outcome.reminded = true
    }
    if (waited > review + serviceConfig.acceptanceEscalationWorkingDays) {
      if ((await claim('regulator_escalation', delivery.deliveredOn)).length > 0) {
        const regulators = await recipientUserIds(tx, need, 'regulators', groups)
        await notifyMany(tx, regulators, 'contractService.notify.acceptanceEscalated', params, link)
        await recordAudit(tx, {
          actor: systemActor,
          action: 'need.acceptance_escalated',
          entityType: 'need',
          entityId: need.id,
          payload: { contractId: delivery.contractId, deliveryId, version: delivery.version, waitedWorkingDays: waited },
        })
        outcome.escalated = true
      }
    }
    return outcome
  })
}

/** The step: every pending delivery, each in its own transaction (an error is logged, the delivery retried next tick). */
export async function sendAcceptanceReminders(db: Db, today: CalendarDate): Promise<{ reminded: number; escalated: number }> {
  const sent = { reminded: 0, escalated: 0 }
  for (const id of await pendingDeliveries(db)) {
    try {
      const outcome = await remindAboutDelivery(db, id, today)
      if (outcome.reminded) sent.reminded += 1
      if (outcome.escalated) sent.escalated += 1
    } catch (error) {
      console.error(`tick: acceptance reminder failed for delivery ${id}`, error)
    }
  }
  return sent
}
