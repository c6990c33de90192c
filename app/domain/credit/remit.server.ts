/**
 * A regulator's remit over an agency for the credit actions (issue 14 §2, §4): its department
 * supervises one of the service types the agency offers — the same remit as listing it
 * (app/domain/blacklist) and as reading its uploaded files (fileForDownload). A need is in remit
 * when its service type is supervised by the regulator's department.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyServiceTypes, needs, organisations, serviceTypes, users } from '#db/schema'
import { isUuid } from '~/domain/agencies/directory.server'
import type { SessionUser } from '~/utils/auth.server'

type Tx = Db

export async function supervisedServiceTypeIds(tx: Tx, user: SessionUser): Promise<string[]> {
  if (user.role !== 'regulator' || !user.departmentId) return []
  const rows = await tx
    .select({ id: serviceTypes.id })
    .from(serviceTypes)
    .where(eq(serviceTypes.departmentId, user.departmentId))
  return rows.map((r) => r.id)
}

/** The agency (an agency organisation) if the regulator's department supervises one of its service types, else null. */
export async function agencyInRemit(tx: Tx, user: SessionUser, agencyId: string) {
  if (user.role !== 'regulator' || !isUuid(agencyId)) return null
  const supervised = await supervisedServiceTypeIds(tx, user)
  if (supervised.length === 0) return null
  const [row] = await tx
    .select({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .innerJoin(agencyServiceTypes, eq(agencyServiceTypes.organisationId, organisations.id))
    .where(
      and(
        eq(organisations.id, agencyId),
        eq(organisations.kind, 'agency'),
        inArray(agencyServiceTypes.serviceTypeId, supervised),
      ),
    )
    .limit(1)
  return row ?? null
}

/** The agencies in the regulator's remit, by name. */
export async function agenciesInRemit(db: Db, user: SessionUser) {
  const supervised = await supervisedServiceTypeIds(db, user)
  if (supervised.length === 0) return []
  return db
    .selectDistinct({ id: organisations.id, name: organisations.name, nameEn: organisations.nameEn })
    .from(organisations)
    .innerJoin(agencyServiceTypes, eq(agencyServiceTypes.organisationId, organisations.id))
    .where(and(eq(organisations.kind, 'agency'), inArray(agencyServiceTypes.serviceTypeId, supervised)))
    .orderBy(asc(organisations.name))
}

/** Whether the need's service type is supervised by the regulator's department. */
export async function needInRemit(tx: Tx, user: SessionUser, needId: string): Promise<boolean> {
  if (user.role !== 'regulator' || !user.departmentId || !isUuid(needId)) return false
  const [row] = await tx
    .select({ id: needs.id })
    .from(needs)
    .innerJoin(serviceTypes, eq(serviceTypes.id, needs.serviceTypeId))
    .where(and(eq(needs.id, needId), eq(serviceTypes.departmentId, user.departmentId)))
  return Boolean(row)
}

/** The active users of an organisation (to notify it). */
export async function organisationUserIds(tx: Tx, organisationId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.active, true)))
  return rows.map((r) => r.id)
}

/** The active regulators of a department (to notify it). */
export async function departmentRegulatorIds(tx: Tx, departmentIds: readonly string[]): Promise<string[]> {
  if (departmentIds.length === 0) return []
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(eq(users.role, 'regulator'), eq(users.active, true), inArray(organisations.departmentId, [...departmentIds])),
    )
  return rows.map((r) => r.id)
}
