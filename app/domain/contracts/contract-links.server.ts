/**
 * Where the parties find their contracts (issue 13 §1): the link from a need's page to its
 * contract, and the "contracts to sign" lists of the owner's and the agency's home pages. Each
 * scoped by the caller's organisation: a contract is linked only for its own owner and agency.
 */
import { and, asc, eq, gte, isNull } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contracts, needs } from '#db/schema'
import { shanghaiDate } from '~/domain/dates'
import { now } from '~/domain/now'
import type { SessionUser } from '~/utils/auth.server'
import { contractNumber } from './contracts.server'

export interface ContractLink {
  id: string
  number: string
  signDueOn: string
  signedByBoth: boolean
}

/** The contract of `needId` when the caller is its owner or its agency; null otherwise (or before the award). */
export async function contractLinkFor(db: Db, user: SessionUser, needId: string): Promise<ContractLink | null> {
  if (user.role !== 'owner' && user.role !== 'agency') return null
  const party = user.role === 'owner' ? contracts.ownerOrganisationId : contracts.agencyOrganisationId
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.needId, needId), eq(party, user.organisationId)))
  if (!row) return null
  return {
    id: row.id,
    number: contractNumber(row.id, row.createdAt),
    signDueOn: row.signDueOn,
    signedByBoth: row.ownerSignedAt !== null && row.agencySignedAt !== null,
  }
}

export interface ContractToSign {
  id: string
  number: string
  needId: string
  needTitle: string
  signDueOn: string
}

/**
 * The caller's organisation's contracts it has not signed yet whose signing deadline has not
 * passed (the need still awarded), the nearest deadline first.
 */
export async function contractsToSign(db: Db, user: SessionUser): Promise<ContractToSign[]> {
  if (user.role !== 'owner' && user.role !== 'agency') return []
  const owner = user.role === 'owner'
  const rows = await db
    .select({
      id: contracts.id,
      createdAt: contracts.createdAt,
      needId: needs.id,
      needTitle: needs.title,
      signDueOn: contracts.signDueOn,
    })
    .from(contracts)
    .innerJoin(needs, eq(needs.id, contracts.needId))
    .where(
      and(
        eq(owner ? contracts.ownerOrganisationId : contracts.agencyOrganisationId, user.organisationId),
        eq(needs.state, 'awarded'),
        isNull(owner ? contracts.ownerSignedAt : contracts.agencySignedAt),
        gte(contracts.signDueOn, shanghaiDate(now())),
      ),
    )
    .orderBy(asc(contracts.signDueOn), asc(contracts.createdAt))
  return rows.map((r) => ({
    id: r.id,
    number: contractNumber(r.id, r.createdAt),
    needId: r.needId,
    needTitle: r.needTitle,
    signDueOn: r.signDueOn,
  }))
}
