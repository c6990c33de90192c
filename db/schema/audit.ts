import { sql } from 'drizzle-orm'
import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

/**
 * The audit events: the private rows behind the public transparency log (docs/transparency-log.md).
 *
 * A business transaction inserts its event here and nothing else (`recordAudit`): no lock, no read
 * of another row. The sequencer later gives each committed event its place in the log — the
 * `leaf_index` — and the `leaf` text (the event's public form, whose UTF-8 bytes are the Merkle leaf),
 * once; a trigger refuses every other UPDATE, every DELETE and TRUNCATE, so a sequenced leaf never
 * changes. `salt` (private) keys the commitments that hide the private fields in the public form.
 *
 * Events written before the log (migration 0021) were a hash chain: `prev_hash`/`hash` (see
 * app/domain/audit/chain.ts) are set on those rows only, and each of their leaves carries its chain
 * hash, so the old chain's head is bound into the log (docs/transparency-log.md §8).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorOrganisationId: uuid('actor_organisation_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    /** 32 lowercase hex digits, random per event; never public. */
    salt: text('salt').notNull(),
    /** SHA-256 (hex) of salt + the canonical private content; set at insert (legacy rows: when sequenced). */
    contentHash: text('content_hash'),
    /** Legacy hash chain (events written before the log only). */
    prevHash: text('prev_hash').unique(),
    hash: text('hash').unique(),
    /** The event's position in the log, set once by the sequencer. */
    leafIndex: bigint('leaf_index', { mode: 'number' }).unique(),
    /** The public form's canonical JSON; its UTF-8 bytes are the leaf. Set with leaf_index. */
    leaf: text('leaf'),
  },
  (t) => [
    index('audit_events_entity').on(t.entityType, t.entityId),
    index('audit_events_unsequenced').on(t.id).where(sql`${t.leafIndex} is null`),
  ],
)

/**
 * The hash of every perfect subtree of the log's Merkle tree: node (level, idx) covers the leaves
 * [idx·2^level, (idx+1)·2^level); level 0 holds the leaf hashes. Written once by the sequencer,
 * never changed (trigger). Any root or proof is a fold of O(log n) of these.
 */
export const logNodes = pgTable(
  'log_nodes',
  {
    level: smallint('level').notNull(),
    idx: bigint('idx', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
)

/** The log's current size and root: one row, locked by the sequencer while it appends. */
export const logState = pgTable('log_state', {
  id: integer('id').primaryKey(),
  treeSize: bigint('tree_size', { mode: 'number' }).notNull(),
  rootHash: text('root_hash').notNull(),
})

/** Every signed tree head, kept for ever (trigger): one per size the log was signed at. */
export const logHeads = pgTable('log_heads', {
  treeSize: bigint('tree_size', { mode: 'number' }).primaryKey(),
  rootHash: text('root_hash').notNull(),
  /** Milliseconds since the Unix epoch, from the app clock when signed. */
  timestamp: bigint('timestamp', { mode: 'number' }).notNull(),
  /** Ed25519 signature (base64) over the head's message (docs/transparency-log.md §6). */
  signature: text('signature').notNull(),
  keyId: text('key_id').notNull(),
})

/**
 * The log's Ed25519 keys. `public_key` is the raw 32-byte key in base64; `key_id` its SHA-256 (hex).
 * `private_key` (PKCS#8 PEM) is kept only for the key generated at the zero-setup start; a key from
 * TRANSPARENCY_LOG_SIGNING_KEY is never stored.
 */
export const logKeys = pgTable(
  'log_keys',
  {
    keyId: text('key_id').primaryKey(),
    publicKey: text('public_key').notNull(),
    privateKey: text('private_key'),
    /** Always 1 for the generated key: at most one is ever generated, even by instances racing. */
    generated: smallint('generated'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex('log_keys_one_generated').on(t.generated)],
)
