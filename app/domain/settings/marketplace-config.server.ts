/**
 * The marketplace configuration as the rules use it: the defaults of `app/domain/config.ts` with
 * the admin's overrides from `app_settings` (key `marketplace_config`, jsonb) merged over them.
 *
 * No cache in the process: several instances serve one database, and an admin's change must
 * apply on the next request everywhere. Reading it is one primary-key lookup per call.
 * A stored value that no longer parses (hand-edited, or written by an incompatible version) is
 * ignored with a console warning: the defaults apply until the admin saves again.
 * Saving re-tiers every agency's stored credit tier under the credit thresholds saved, in the
 * same transaction.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { appSettings } from '#db/schema'
import { now } from '~/domain/now'
import { marketplaceConfig, type MarketplaceConfig } from '~/domain/config'
import { retierAgencies } from '~/domain/credit/standings.server'
import { RuleViolation } from '~/domain/errors'
import { recordAudit, type Actor } from '~/utils/audit.server'
import {
  mergeConfig,
  MarketplaceOverridesSchema,
  overridesOf,
  type MarketplaceOverrides,
} from './marketplace-config'

export const MARKETPLACE_CONFIG_KEY = 'marketplace_config'

export interface MarketplaceSettings {
  /** The code's defaults. */
  defaults: Readonly<MarketplaceConfig>
  /** What the admin changed (only the values that differ from the defaults). */
  overrides: MarketplaceOverrides
  /** The defaults with the overrides: what the rules use. */
  config: MarketplaceConfig
  /** When the overrides were last saved (null: never). */
  updatedAt: Date | null
  /** The stored value could not be read; the defaults apply. */
  unreadable: boolean
}

function parseStored(value: unknown): { overrides: MarketplaceOverrides; unreadable: boolean } {
  const parsed = MarketplaceOverridesSchema.safeParse(value)
  if (parsed.success) return { overrides: parsed.data, unreadable: false }
  console.warn(
    `app_settings.${MARKETPLACE_CONFIG_KEY} is unreadable; using the default marketplace configuration:`,
    parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; '),
  )
  return { overrides: {}, unreadable: true }
}

async function read(db: Db, lock: boolean): Promise<MarketplaceSettings> {
  const query = db
    .select({ value: appSettings.value, updatedAt: appSettings.updatedAt })
    .from(appSettings)
    .where(eq(appSettings.key, MARKETPLACE_CONFIG_KEY))
  const [row] = lock ? await query.for('update') : await query
  const { overrides, unreadable } = row ? parseStored(row.value) : { overrides: {}, unreadable: false }
  return {
    defaults: marketplaceConfig,
    overrides,
    config: mergeConfig(marketplaceConfig, overrides),
    updatedAt: row?.updatedAt ?? null,
    unreadable,
  }
}

/** The configuration every rule takes: the defaults with the admin's overrides. */
export async function getMarketplaceConfig(db: Db): Promise<MarketplaceConfig> {
  return (await read(db, false)).config
}

/** The same, with the defaults and overrides apart (the admin screen). */
export function getMarketplaceSettings(db: Db): Promise<MarketplaceSettings> {
  return read(db, false)
}

async function write(db: Db, actor: Actor, config: MarketplaceConfig, action: string): Promise<MarketplaceConfig> {
  const overrides = overridesOf(marketplaceConfig, config)
  // The form schema already keeps every value within bounds; a caller that bypassed it is refused.
  if (!MarketplaceOverridesSchema.safeParse(overrides).success) throw new RuleViolation('settings.errors.invalid')
  return db.transaction(async (tx) => {
    const before = await read(tx, true)
    const at = now()
    await tx
      .insert(appSettings)
      .values({ key: MARKETPLACE_CONFIG_KEY, value: overrides, updatedAt: at })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: overrides, updatedAt: at } })
    const after = mergeConfig(marketplaceConfig, overrides)
    // agency_credit.tier is stored: it follows the thresholds in this same transaction.
    const retiered = await retierAgencies(tx, after.creditTiers)
    await recordAudit(tx, {
      actor,
      action,
      entityType: 'app_setting',
      entityId: MARKETPLACE_CONFIG_KEY,
      payload: {
        before: before.config,
        after,
        overrides,
        retiered,
        ...(before.unreadable ? { beforeWasUnreadable: true } : {}),
      },
    })
    return after
  })
}

/** Saves the admin's configuration (stored as the overrides of the defaults) with an audit event. */
export function saveMarketplaceConfig(db: Db, actor: Actor, input: MarketplaceConfig): Promise<MarketplaceConfig> {
  return write(db, actor, input, 'settings.marketplace.updated')
}

/** Drops every override: the defaults apply again (audited like a save). */
export function resetMarketplaceConfig(db: Db, actor: Actor): Promise<MarketplaceConfig> {
  return write(db, actor, { ...marketplaceConfig }, 'settings.marketplace.reset')
}
