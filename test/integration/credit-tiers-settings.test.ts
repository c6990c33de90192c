/**
 * Admin-editable credit tier thresholds (issue 14 §2), on both databases: saving new lines on
 * /admin/marketplace re-tiers every stored standing in the same transaction (boundaries 89/90 etc.
 * under the new lines), the directory's tier filter agrees, `recordCreditEvent` tiers with the
 * lines in force; bad lines are 400 with translated field errors and nothing saved or re-tiered;
 * other roles get 403 and change nothing.
 */
import { count, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { agencyCredit, appSettings, auditEvents } from '#db/schema'
import { searchAgencies } from '~/domain/agencies/directory.server'
import { marketplaceConfig } from '~/domain/config'
import { tierOf } from '~/domain/credit/credit'
import { recordCreditEvent } from '~/domain/credit/ledger.server'
import { resetClock } from '~/domain/now'
import { configToForm } from '~/domain/settings/marketplace-config'
import { getMarketplaceConfig, MARKETPLACE_CONFIG_KEY } from '~/domain/settings/marketplace-config.server'
import * as route from '~/routes/admin+/marketplace'
import { at, setupMarketplace, shanghaiNoon, type Marketplace } from '#test/support/needs-fixtures'
import { callRoute, formRequest, sessionCookie } from '#test/support/routes'

const PATH = '/admin/marketplace'
type Key = 'a' | 'b' | 'c' | 'd' | 'e' | 'f'
let m: Marketplace<Key>
const cookies = {} as Record<'admin' | 'owner' | 'agency' | 'regulator', string>

/** Scores on both sides of the default lines and of the new ones (95 / 89 / 70). */
const scores: Record<Key, number> = { a: 95, b: 90, c: 89, d: 75, e: 70, f: 59 }

const saveForm = (over: Record<string, string> = {}) => ({ intent: 'save', ...configToForm(marketplaceConfig), ...over })
const post = (fields: Record<string, string>, role: keyof typeof cookies = 'admin') =>
  callRoute(route.action, formRequest(PATH, fields, { cookie: cookies[role] }))

async function stored() {
  const db = await getDb()
  const ids = Object.values(m.agencies).map((a) => a.organisationId)
  const rows = await db.select().from(agencyCredit).where(inArray(agencyCredit.agencyOrganisationId, ids))
  const byId = new Map(rows.map((r) => [r.agencyOrganisationId, r]))
  return Object.fromEntries(
    (Object.keys(scores) as Key[]).map((k) => [k, byId.get(m.agencies[k].organisationId)]),
  ) as Record<Key, (typeof rows)[number]>
}

async function snapshot() {
  const db = await getDb()
  return {
    setting: (await db.select().from(appSettings).where(eq(appSettings.key, MARKETPLACE_CONFIG_KEY)))[0] ?? null,
    audit: (await db.select({ n: count() }).from(auditEvents))[0].n,
    tiers: Object.fromEntries(Object.entries(await stored()).map(([k, r]) => [k, r.tier])),
  }
}

beforeAll(async () => {
  at(shanghaiNoon('2026-03-02'))
  const db = await getDb()
  m = await setupMarketplace(db, { agencies: Object.keys(scores) as Key[], tag: 'TS' })
  cookies.admin = await sessionCookie(m.admin.user.id)
  cookies.owner = await sessionCookie(m.owner.user.id)
  cookies.agency = await sessionCookie(m.agencies.a.user.id)
  cookies.regulator = await sessionCookie(m.regulator.user.id)
  // Each agency's score set through the one writer (a rating kind carries any points).
  for (const k of Object.keys(scores) as Key[]) {
    await db.transaction((tx) =>
      recordCreditEvent(tx, {
        agencyId: m.agencies[k].organisationId,
        kind: 'owner_rating',
        ratingPoints: scores[k] - 100,
        factKey: `test-tier:${k}`,
        onDate: '2026-03-02',
      }),
    )
  }
})

afterAll(() => resetClock())

describe('credit tier thresholds on /admin/marketplace', () => {
  it('starts on the default lines: 90 is A, 89 B, 75 B, 70 C, 59 D', async () => {
    const s = await stored()
    expect(Object.fromEntries(Object.entries(s).map(([k, r]) => [k, [r.score, r.tier]]))).toEqual({
      a: [95, 'A'],
      b: [90, 'A'],
      c: [89, 'B'],
      d: [75, 'B'],
      e: [70, 'C'],
      f: [59, 'D'],
    })
  })

  it('refuses the owner, the agency and the regulator (403): nothing saved, nothing re-tiered', async () => {
    const before = await snapshot()
    for (const role of ['owner', 'agency', 'regulator'] as const)
      expect((await post(saveForm({ tierA: '95', tierB: '89', tierC: '70' }), role)).status, role).toBe(403)
    expect(await snapshot()).toEqual(before)
  })

  it('bad lines: 400 with translated field errors and the typed values; nothing saved or re-tiered', async () => {
    const before = await snapshot()
    const cases: [Record<string, string>, Record<string, string[]>][] = [
      [{ tierA: '101', tierB: '0', tierC: 'x' }, { tierA: ['settings.validation.tier'], tierB: ['settings.validation.tier'], tierC: ['settings.validation.tier'] }],
      [{ tierA: '80', tierB: '80', tierC: '60' }, { tierB: ['settings.validation.tierBelowA'] }],
      [{ tierA: '90', tierB: '60', tierC: '75' }, { tierC: ['settings.validation.tierBelowB'] }],
      [{ tierA: '90.5' }, { tierA: ['settings.validation.tier'] }],
    ]
    for (const [typed, errors] of cases) {
      const res = await post(saveForm(typed))
      expect(res.status, JSON.stringify(typed)).toBe(400)
      expect(res.data.result.error).toEqual(errors)
      expect(res.data.result.initialValue).toMatchObject(typed)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('saving new lines re-tiers every agency in the save; the boundaries, the filter and new events follow them', async () => {
    const db = await getDb()
    const res = await post(saveForm({ tierA: '95', tierB: '89', tierC: '70' }))
    expect(res.status).toBe(302)
    const config = await getMarketplaceConfig(db)
    expect(config.creditTiers).toEqual({ a: 95, b: 89, c: 70 })
    const s = await stored()
    expect(Object.fromEntries(Object.entries(s).map(([k, r]) => [k, r.tier]))).toEqual({
      a: 'A', // 95 = the A line
      b: 'B', // 90: was A
      c: 'B', // 89 = the B line
      d: 'C', // 75: was B
      e: 'C', // 70 = the C line
      f: 'D',
    })
    for (const r of Object.values(s)) expect(r.tier).toBe(tierOf(r.score, config.creditTiers))
    // The directory's tier filter reads the same stored tier.
    for (const tier of ['A', 'B', 'C', 'D'] as const) {
      const found = await searchAgencies(db, { tier })
      const ours = new Set(found.agencies.map((x) => x.id))
      for (const k of Object.keys(scores) as Key[])
        expect(ours.has(m.agencies[k].organisationId), `${k} in ${tier}`).toBe(s[k].tier === tier)
    }
    // The save's audit event names what changed.
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'settings.marketplace.updated'))
      .orderBy(auditEvents.id)
    expect(audit.payload).toMatchObject({ after: { creditTiers: { a: 95, b: 89, c: 70 } }, retiered: 2 })
    // A new event tiers under the lines in force: 95 → 94 is B now (A under the defaults).
    await db.transaction((tx) =>
      recordCreditEvent(tx, { agencyId: m.agencies.a.organisationId, kind: 'contract_lapsed', factKey: 'test-tier:a2', onDate: '2026-03-02' }),
    )
    expect((await stored()).a).toMatchObject({ score: 90, tier: 'B' })
  })

  it('resetting to the defaults re-tiers back', async () => {
    const res = await post({ intent: 'reset', confirm: 'yes' })
    expect(res.status).toBe(302)
    const s = await stored()
    expect(s.b).toMatchObject({ score: 90, tier: 'A' })
    for (const r of Object.values(s)) expect(r.tier).toBe(tierOf(r.score))
  })
})
