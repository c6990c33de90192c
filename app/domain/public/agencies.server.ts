import { and, asc, eq, ilike } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { organisations } from '#db/schema'

/** Active agencies with the service types they offer (public fields only). */
export async function listActiveAgencies(db: Db, q?: string) {
  const where = and(
    eq(organisations.kind, 'agency'),
    eq(organisations.status, 'active'),
    q ? ilike(organisations.name, `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
  )
  return db.query.organisations.findMany({
    where,
    orderBy: asc(organisations.name),
    columns: { id: true, name: true, nameEn: true, region: true, creditCode: true },
    with: { serviceTypes: { with: { serviceType: { columns: { code: true, nameZh: true, nameEn: true } } } } },
    limit: 200,
  })
}
