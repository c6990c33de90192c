import { and, count, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { approvalItems, organisations, serviceTypes } from '#db/schema'

/** Figures for the home page; all from the database, nothing invented. */
export async function platformStats(db: Db) {
  const [[st], [ai], [agencies], [owners]] = await Promise.all([
    db.select({ n: count() }).from(serviceTypes).where(eq(serviceTypes.active, true)),
    db.select({ n: count() }).from(approvalItems).where(eq(approvalItems.active, true)),
    db.select({ n: count() }).from(organisations).where(and(eq(organisations.kind, 'agency'), eq(organisations.status, 'active'))),
    db.select({ n: count() }).from(organisations).where(eq(organisations.kind, 'owner')),
  ])
  return { serviceTypes: st.n, approvalItems: ai.n, agencies: agencies.n, owners: owners.n }
}
