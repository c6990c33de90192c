import { asc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyQualifications, organisations, serviceTypes } from '#db/schema'
import { now } from '~/domain/clock'
import { calendarDaysBetween, shanghaiDate } from '~/domain/dates'
import type { SessionUser } from '~/utils/auth.server'
import { listNotifications } from '~/utils/notifications.server'

/** Days before expiry from which a qualification is flagged. */
export const EXPIRY_WARNING_DAYS = 30

export type QualificationValidity = 'valid' | 'expiring' | 'expired'

export function qualificationValidity(validUntil: string, today: string): QualificationValidity {
  const left = calendarDaysBetween(today, validUntil)
  if (left < 0) return 'expired'
  return left <= EXPIRY_WARNING_DAYS ? 'expiring' : 'valid'
}

/** What every workspace home shows: the organisation and the latest messages. */
export async function workspaceSummary(db: Db, user: SessionUser) {
  const [organisation] = await db
    .select({ name: organisations.name, kind: organisations.kind, status: organisations.status, creditCode: organisations.creditCode })
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
