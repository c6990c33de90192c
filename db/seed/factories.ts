/**
 * Factories shared by the demo seed and the tests: unique, valid values by default, any field
 * overridable, and they write through whatever Db (or transaction) they are given.
 */
import { randomInt } from 'node:crypto'
import type { Db } from '../client.server'
import { organisations, users } from '../schema'
import { resolveRegion } from '~/domain/organisations/regions'
import { makeCreditCode } from '~/domain/organisations/social-credit-code'
import { hashPassword } from '~/utils/password.server'
import { now } from '~/domain/now'
import type { Role } from '~/utils/permissions'

let serial = randomInt(0, 1_000_000_000)
const next = () => (serial += 1)

export function uniqueCreditCode(region = '320000'): string {
  return makeCreditCode({ serial: next(), region })
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${next().toString(36)}@example.test`
}

type OrgKind = 'owner' | 'agency' | 'regulator' | 'platform'
type OrgInsert = typeof organisations.$inferInsert

/**
 * `region` is a convenience: a catalogue code or Chinese name sets `regionCode`, any other text
 * becomes legacy free text (`resolveRegion`, as migration 0009 matched old rows).
 */
export type OrganisationOverrides = Partial<OrgInsert> & { region?: string }

export async function createOrganisation(db: Db, kind: OrgKind, overrides: OrganisationOverrides = {}) {
  const { region, ...rest } = overrides
  const resolved = region === undefined ? undefined : resolveRegion(region)
  const [org] = await db
    .insert(organisations)
    .values({
      kind,
      name: `测试单位 ${next()}`,
      creditCode: uniqueCreditCode(),
      status: 'active',
      createdAt: now(),
      ...(resolved ? { regionCode: resolved.code, regionLegacy: resolved.legacy } : {}),
      ...rest,
    })
    .returning()
  return org
}

const roleOfKind: Record<OrgKind, Role> = { owner: 'owner', agency: 'agency', regulator: 'regulator', platform: 'admin' }

export const TEST_PASSWORD = 'correct-horse-battery'

/** Password hashes are slow on purpose; reuse one per password within a process. */
const hashes = new Map<string, Promise<string>>()
function cachedHash(password: string) {
  let h = hashes.get(password)
  if (!h) hashes.set(password, (h = hashPassword(password)))
  return h
}

export async function createUser(
  db: Db,
  organisation: { id: string; kind: OrgKind },
  overrides: Partial<typeof users.$inferInsert> & { password?: string } = {},
) {
  const { password = TEST_PASSWORD, ...rest } = overrides
  const [user] = await db
    .insert(users)
    .values({
      organisationId: organisation.id,
      email: uniqueEmail(organisation.kind),
      name: `用户 ${next()}`,
      role: roleOfKind[organisation.kind],
      passwordHash: await cachedHash(password),
      createdAt: now(),
      ...rest,
    })
    .returning()
  return { ...user, password }
}

/** An organisation with one user of the matching role. */
export async function createAccount(db: Db, kind: OrgKind, overrides: OrganisationOverrides = {}) {
  const organisation = await createOrganisation(db, kind, overrides)
  const user = await createUser(db, organisation)
  return { organisation, user }
}
