/**
 * Server glue shared by the agency workspace routes: the organisation's own record and latest
 * exit (what the registry domain does not export) and display formatting done on the server so
 * server and browser render the same text. (The certificate upload reader is in
 * app/utils/upload-form.server.ts: it reads a request, so it is no domain code.)
 */
import { desc, eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { agencyExits, organisations } from '#db/schema'
import { regionValue } from '~/domain/organisations/region.server'
import { registryConfig } from '~/domain/config'
import { NotFound } from '~/domain/errors'

/** The caller's organisation (name, region, status) and its latest exit record, if any. */
export async function agencyOrganisation(db: Db, organisationId: string) {
  const [org] = await db
    .select({
      name: organisations.name,
      nameEn: organisations.nameEn,
      region: regionValue(),
      status: organisations.status,
    })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  if (!org) throw new NotFound()
  const [lastExit] = await db
    .select({ type: agencyExits.type, exitedOn: agencyExits.exitedOn, reentryFrom: agencyExits.reentryFrom })
    .from(agencyExits)
    .where(eq(agencyExits.organisationId, organisationId))
    .orderBy(desc(agencyExits.createdAt))
    .limit(1)
  return { ...org, lastExit: lastExit ?? null }
}

/** An instant as "YYYY-MM-DD HH:mm" in Asia/Shanghai (fixed UTC+8, no daylight saving). */
export function shanghaiMinute(instant: Date | null | undefined): string | null {
  if (!instant) return null
  return new Date(instant.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ')
}

/** The largest certificate scan accepted, in MB (for the page's hint). */
export const MAX_UPLOAD_MB = registryConfig.maxUploadBytes / 1024 / 1024
