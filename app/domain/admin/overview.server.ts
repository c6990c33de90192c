import { count, desc } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { approvalItems, auditEvents, departments, organisations, qualificationTypes, serviceTypes } from '#db/schema'

const kinds = ['owner', 'agency', 'regulator', 'platform'] as const

/** Figures for the admin overview: catalogue sizes, organisations by kind, latest audit events. */
export async function adminOverview(db: Db) {
  const [[st], [ai], [qt], [dp], byKind, events] = await Promise.all([
    db.select({ n: count() }).from(serviceTypes),
    db.select({ n: count() }).from(approvalItems),
    db.select({ n: count() }).from(qualificationTypes),
    db.select({ n: count() }).from(departments),
    db.select({ kind: organisations.kind, n: count() }).from(organisations).groupBy(organisations.kind),
    db
      .select({
        id: auditEvents.id,
        occurredAt: auditEvents.occurredAt,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
      })
      .from(auditEvents)
      .orderBy(desc(auditEvents.id))
      .limit(20),
  ])
  const perKind = new Map(byKind.map((r) => [r.kind, r.n]))
  return {
    catalogue: { serviceTypes: st.n, approvalItems: ai.n, qualificationTypes: qt.n, departments: dp.n },
    organisations: kinds.map((kind) => ({ kind, n: perKind.get(kind) ?? 0 })),
    events,
  }
}
