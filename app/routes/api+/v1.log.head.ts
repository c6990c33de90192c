import { getDb } from '#db/client.server'
import { NotFound } from '~/domain/errors'
import { latestHead } from '~/domain/transparency/log.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/log/head → the latest signed tree head `{treeSize, rootHash, timestamp, signature,
 * keyId}` (docs/transparency-log.md §6–7); 404 before the first head. Never cached: it moves on.
 */
export const loader = apiHandle(async () => {
  const head = await latestHead(await getDb())
  if (!head) throw new NotFound()
  return head
})
