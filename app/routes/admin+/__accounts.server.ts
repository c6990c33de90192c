import { asc } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { organisations, users } from '#db/schema'

/** Every organisation with its users, for the admin accounts screen; never a password hash. */
export function listOrganisationsWithUsers(db: Db) {
  return db.query.organisations.findMany({
    columns: { id: true, name: true, kind: true, status: true, creditCode: true },
    orderBy: [asc(organisations.kind), asc(organisations.name)],
    with: {
      department: { columns: { nameZh: true, nameEn: true } },
      users: {
        columns: { id: true, email: true, name: true, role: true, active: true },
        orderBy: asc(users.email),
      },
    },
  })
}
