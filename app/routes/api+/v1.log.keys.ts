import { getDb } from '#db/client.server'
import { publicKeys } from '~/domain/transparency/log.server'
import { apiHandle } from '~/utils/api.server'

/**
 * GET /api/v1/log/keys → `{keys:[{keyId, publicKey, algorithm:"Ed25519"}]}`: every key that ever
 * signed a head (`publicKey`: the raw 32 bytes, base64; `keyId`: hex SHA-256 of them). Not cached:
 * a new key may be added.
 */
export const loader = apiHandle(async () => ({ keys: await publicKeys(await getDb()) }))
