import { asc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyQualifications, organisations, serviceTypes } from '#db/schema'
import { now } from '~/domain/now'
import { qualificationValidity } from '~/domain/agencies/eligibility'
import { shanghaiDate } from '~/domain/dates'
import type { SessionUser } from '~/utils/auth.server'
import { listNotifications } from '~/utils/notifications.server'

/** What every workspace home shows: the organisation and the latest messages. */
export async function workspaceSummary(db: Db, user: SessionUser) {
  const [organisation] = await db
    .select({ name: organisations.name, nameEn: organisations.nameEn, kind: organisations.kind, status: organisations.status, creditCode: organisations.creditCode })
    .from(organisations)
    .where(eq(organisations.id, user.organisationId))
  return { organisation, notifications: await listNotifications(db, user.id, 5) }
}

export async function agencyProfile(db: Db, organisationId: string) {
  const today = shanghaiDate(now())
  const org = await db.query.organisations.findFirst({
    where: eq(organisations.id, organisationId),
    with: {
      serviceTypes: { with: { serviceType: true } },
      qualifications: {
        orderBy: asc(agencyQualifications.validUntil),
        with: { qualificationType: true, level: true },
      },
    },
  })
  return {
    serviceTypes: org?.serviceTypes.map((s) => s.serviceType) ?? [],
    qualifications: (org?.qualifications ?? []).map((q) => ({
      id: q.id,
      type: q.qualificationType,
      level: q.level,
      certificateNo: q.certificateNo,
      validUntil: q.validUntil,
      validity: qualificationValidity(q.validUntil, today),
    })),
  }
}

export async function supervisedServiceTypes(db: Db, departmentId: string | null) {
  if (!departmentId) return []
  return db.select().from(serviceTypes).where(eq(serviceTypes.departmentId, departmentId)).orderBy(asc(serviceTypes.code))
}
