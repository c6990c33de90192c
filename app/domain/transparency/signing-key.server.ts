/**
 * The log's Ed25519 signing key. TRANSPARENCY_LOG_SIGNING_KEY (a PKCS#8 PEM, or its base64 DER)
 * wins; without it the first instance to need a key generates one and keeps it in `log_keys`
 * (the zero-setup start), and every instance uses that one. The public key of every key that
 * ever signed is kept in `log_keys`, so old heads stay verifiable after a key change.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { logKeys } from '#db/schema'
import { now } from '~/domain/now'

export interface SigningKey {
  keyId: string
  /** Raw 32-byte public key, base64. */
  publicKey: string
  privateKey: KeyObject
}

/** The raw 32-byte Ed25519 public key of a key object. */
export function rawPublicKey(key: KeyObject): Buffer {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' })
  return der.subarray(der.length - 32)
}

export const keyIdOf = (raw: Buffer) => createHash('sha256').update(raw).digest('hex')

function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim()
  const key = trimmed.startsWith('-----')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' })
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('TRANSPARENCY_LOG_SIGNING_KEY must be an Ed25519 private key')
  return key
}

function fromKeyObject(privateKey: KeyObject): SigningKey {
  const raw = rawPublicKey(privateKey)
  return { keyId: keyIdOf(raw), publicKey: raw.toString('base64'), privateKey }
}

const cache = new WeakMap<object, SigningKey>()

/** The key that signs new heads (its public key recorded in `log_keys`). */
export async function signingKey(db: Db): Promise<SigningKey> {
  const cached = cache.get(db)
  if (cached) return cached
  const configured = process.env.TRANSPARENCY_LOG_SIGNING_KEY
  let key: SigningKey
  if (configured) {
    key = fromKeyObject(parsePrivateKey(configured))
    await db
      .insert(logKeys)
      .values({ keyId: key.keyId, publicKey: key.publicKey, privateKey: null, generated: null, createdAt: now() })
      .onConflictDoNothing()
  } else {
    const [stored] = await db.select().from(logKeys).where(eq(logKeys.generated, 1))
    if (stored?.privateKey) {
      key = fromKeyObject(createPrivateKey(stored.privateKey))
    } else {
      const { privateKey } = generateKeyPairSync('ed25519')
      const fresh = fromKeyObject(privateKey)
      await db
        .insert(logKeys)
        .values({
          keyId: fresh.keyId,
          publicKey: fresh.publicKey,
          privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          generated: 1,
          createdAt: now(),
        })
        .onConflictDoNothing()
      // Another instance may have generated one first: everybody uses the stored one.
      const [winner] = await db.select().from(logKeys).where(eq(logKeys.generated, 1))
      key = fromKeyObject(createPrivateKey(winner.privateKey!))
    }
  }
  cache.set(db, key)
  return key
}
