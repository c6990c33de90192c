/**
 * Who may download a delivered report (a stored file that is a contract delivery): the
 * contract's owner and agency, the regulator supervising the need's service type (the contract
 * page's viewers, `viewerOf`), and admin. Anyone else gets the same 404 as for a missing file.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { contractDeliveries, contracts } from '#db/schema'
import { NotFound } from '~/domain/errors'
import { readNeed } from '~/domain/needs/need-access.server'
import type { SessionUser } from '~/utils/auth.server'
import { viewerOf } from './contract-actions.server'

/** null when the file is no report (the certificate rules apply); else whether `user` may download it. */
export async function reportDownloadAllowed(db: Db, user: SessionUser, fileId: string): Promise<boolean | null> {
  const rows = await db
    .select({ contract: contracts })
    .from(contractDeliveries)
    .innerJoin(contracts, eq(contracts.id, contractDeliveries.contractId))
    .where(eq(contractDeliveries.fileId, fileId))
    .limit(1)
  const contract = rows[0]?.contract
  if (!contract) return null
  if (user.role === 'admin') return true
  try {
    await viewerOf(db, user, contract, await readNeed(db, contract.needId))
    return true
  } catch (error) {
    if (error instanceof NotFound) return false
    throw error
  }
}
