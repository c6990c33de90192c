/**
 * The admin-editable marketplace configuration on the real database (PGlite and PostgreSQL):
 * the admin screen (/admin/marketplace) saves overrides into app_settings with an audit event,
 * `getMarketplaceConfig` returns them on the next call, and the rules apply them — `publishNeed`
 * refuses a window the new minimum no longer allows, `tick()` without a config uses the new
 * publicity period. Bad input is a 400 with field errors and the typed values; other roles and
 * forged origins get 403; none of them writes anything. An unreadable stored value falls back
 * to the defaults with a warning. Time: a fixed clock on Monday 2 March 2026 (no holidays).
 */
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '#db/client.server'
import { appSettings, auditEvents, needs, selectionRounds } from '#db/schema'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { resetClock } from '~/domain/now'
import { marketplaceConfig } from '~/domain/config'
import { PublishRefused, publishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { NeedDraftSchema, publishViolationParams } from '~/domain/needs/schemas'
import { tick } from '~/domain/timed-work/tick.server'
import { configToForm } from '~/domain/settings/marketplace-config'
import { getMarketplaceConfig, MARKETPLACE_CONFIG_KEY } from '~/domain/settings/marketplace-config.server'
import { en as needsEn, zh as needsZh } from '~/i18n/areas/needs'
import * as route from '~/routes/admin+/marketplace'
import { at, bidOn, insertOpenNeed, setupMarketplace, shanghaiNoon, type Marketplace } from '#test/support/needs-fixtures'
import { callRoute, formRequest, getRequest, sessionCookie } from '#test/support/routes'

const PATH = '/admin/marketplace'
const MONDAY = '2026-03-02'
/** Friday: four working days after Monday (Monday not counted) — enough for 3, not for 5. */
const FRIDAY = '2026-03-06'

type Role = 'admin' | 'owner' | 'agency' | 'regulator'
let m: Marketplace<'a' | 'b' | 'c'>
const cookies = {} as Record<Role, string>

const defaultsForm = configToForm(marketplaceConfig)
const saveForm = (over: Record<string, string> = {}) => {
  const fields: Record<string, string> = { intent: 'save' }
  for (const [k, v] of Object.entries({ ...defaultsForm, ...over })) if (v !== '') fields[k] = v
  return fields
}

async function snapshot() {
  const db = await getDb()
  return {
    setting: (await db.select().from(appSettings).where(eq(appSettings.key, MARKETPLACE_CONFIG_KEY)))[0] ?? null,
    audit: (await db.select({ n: count() }).from(auditEvents))[0].n,
  }
}

const draft = () =>
  NeedDraftSchema.parse({
    projectId: m.projectId,
    serviceTypeId: m.serviceTypeId,
    approvalItemId: m.approvalItemId,
    title: '环评报告编制',
    scope: '编制环境影响报告书',
    priceCeiling: '50000',
    qualificationTypeId: m.qualificationTypeId,
    minLevelId: m.levelIds.B,
    serviceDays: '20',
    method: 'random',
    registrationClosesOn: FRIDAY,
  })

const render = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? `{{${k}}}`))

const post = (fields: Record<string, string>, role: Role = 'admin', headers: Record<string, string> = {}) =>
  callRoute(route.action, formRequest(PATH, fields, { cookie: cookies[role], headers }))

beforeAll(async () => {
  at(shanghaiNoon(MONDAY))
  const db = await getDb()
  m = await setupMarketplace(db, { agencies: ['a', 'b', 'c'] })
  cookies.admin = await sessionCookie(m.admin.user.id)
  cookies.owner = await sessionCookie(m.owner.user.id)
  cookies.agency = await sessionCookie(m.agencies.a.user.id)
  cookies.regulator = await sessionCookie(m.regulator.user.id)
})

afterAll(() => resetClock())

describe('/admin/marketplace', () => {
  it('shows the admin every setting at its default while nothing is stored', async () => {
    const page = await callRoute(route.loader, getRequest(PATH, { cookie: cookies.admin }))
    expect(page.status).toBe(200)
    expect(page.data).toEqual({ current: defaultsForm, defaults: defaultsForm, updatedAt: null, unreadable: false })
    expect(await getMarketplaceConfig(await getDb())).toEqual(marketplaceConfig)
  })

  it('refuses the owner, the agency and the regulator (403) and writes nothing', async () => {
    const before = await snapshot()
    for (const role of ['owner', 'agency', 'regulator'] as const) {
      expect((await callRoute(route.loader, getRequest(PATH, { cookie: cookies[role] }))).status, role).toBe(403)
      expect((await post(saveForm({ minRegistrationWorkingDays: '9' }), role)).status, role).toBe(403)
      expect((await post({ intent: 'reset', confirm: 'yes' }, role)).status, role).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
    expect(before.setting).toBeNull()
  })

  it('refuses a forged cross-site save by the admin (403) and writes nothing', async () => {
    const before = await snapshot()
    const forged = await post(saveForm({ minRegistrationWorkingDays: '9' }), 'admin', { Origin: 'https://evil.example' })
    expect(forged.status).toBe(403)
    expect(forged.data).toMatchObject({ messageKey: 'errors.crossOrigin' })
    expect(await snapshot()).toEqual(before)
  })

  it('bad input: 400 with translated field errors, the typed values kept, nothing written', async () => {
    const before = await snapshot()
    const typed = {
      minRegistrationWorkingDays: '0',
      publicityWorkingDays: '31',
      minValidBidsRandom: 'drei',
      directSelectionThreshold: '12.345',
      abnormallyLowPercent: '101',
      defaultRating: '5.5',
    }
    const res = await post(saveForm(typed))
    expect(res.status).toBe(400)
    const { error, initialValue } = res.data.result
    expect(error).toMatchObject({
      minRegistrationWorkingDays: ['settings.validation.windowDays'],
      publicityWorkingDays: ['settings.validation.publicityDays'],
      minValidBidsRandom: ['settings.validation.minValidBids'],
      directSelectionThreshold: ['settings.validation.threshold'],
      abnormallyLowPercent: ['settings.validation.percent'],
      defaultRating: ['settings.validation.rating'],
    })
    expect(error.contractSigningWorkingDays).toBeUndefined()
    expect(initialValue).toMatchObject(typed)
    // A missing value is "required", not a silent default.
    const missing = await post(saveForm({ contractSigningWorkingDays: '' }))
    expect(missing.status).toBe(400)
    expect(missing.data.result.error).toMatchObject({ contractSigningWorkingDays: ['validation.required'] })
    // An unknown intent is a bad request too.
    expect((await post({ intent: 'delete' })).status).toBe(400)
    expect(await snapshot()).toEqual(before)
  })

  it('the admin saves a longer minimum window: the next publish refuses a need that was publishable, with the new number', async () => {
    const db = await getDb()
    const owner = m.owner.user
    // Two identical drafts; the first publishes under the defaults (4 working days ≥ 3).
    const first = await saveNeedDraft(db, owner, draft())
    const second = await saveNeedDraft(db, owner, draft())
    expect((await publishNeed(db, owner, first)).state).toBe('open')

    const saved = await post(saveForm({ minRegistrationWorkingDays: '5', publicityWorkingDays: '4' }))
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe(PATH)

    // Read back on the next call (no cache), stored as overrides of the defaults only.
    expect(await getMarketplaceConfig(db)).toEqual({ ...marketplaceConfig, minRegistrationWorkingDays: 5, publicityWorkingDays: 4 })
    const { setting } = await snapshot()
    expect(setting?.value).toEqual({ minRegistrationWorkingDays: 5, publicityWorkingDays: 4 })
    const page = await callRoute(route.loader, getRequest(PATH, { cookie: cookies.admin }))
    expect(page.data.current).toMatchObject({ minRegistrationWorkingDays: '5', publicityWorkingDays: '4' })
    expect(page.data.defaults).toMatchObject({ minRegistrationWorkingDays: '3', publicityWorkingDays: '3' })
    expect(page.data.updatedAt).toMatch(/^2026-03-02 10:00:00$/)

    // The audit event shows before and after, by the admin.
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'settings.marketplace.updated'), eq(auditEvents.entityId, MARKETPLACE_CONFIG_KEY)))
    expect(event.actorUserId).toBe(m.admin.user.id)
    expect(event.payload).toMatchObject({
      before: { minRegistrationWorkingDays: 3, publicityWorkingDays: 3 },
      after: { minRegistrationWorkingDays: 5, publicityWorkingDays: 4 },
      overrides: { minRegistrationWorkingDays: 5, publicityWorkingDays: 4 },
    })

    // The same draft is now refused, and the message carries the new minimum.
    const error = await publishNeed(db, owner, second).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(PublishRefused)
    const window = (error as PublishRefused).violations.find((v) => v.key === 'needs.publish.windowTooShort')
    expect(window).toMatchObject({ params: { closesOn: FRIDAY, days: 4, minDays: 5 } })
    const params = publishViolationParams(window!)
    expect(render(needsZh.publish.windowTooShort, params)).toContain('至少需要 5 个工作日')
    expect(render(needsEn.publish.windowTooShort, params)).toContain('at least 5 are required')
    const [row] = await db.select({ state: needs.state }).from(needs).where(eq(needs.id, second))
    expect(row.state).toBe('draft')
  })

  it('tick() without a config argument uses the stored publicity period', async () => {
    const db = await getDb()
    at(shanghaiNoon(MONDAY))
    const need = await insertOpenNeed(db, m, { method: 'random', closesOn: FRIDAY })
    await bidOn(db, m, need.id, { a: 800_000, b: 810_000, c: 820_000 })
    const selectionDay = '2026-03-09'
    at(shanghaiNoon(selectionDay))
    const summary = await tick(db)
    expect(summary.selected).toBeGreaterThanOrEqual(1)
    const [round] = await db.select().from(selectionRounds).where(eq(selectionRounds.needId, need.id))
    const calendar = await getCalendar(db)
    expect(round.publicityEndsOn).toBe(calendar.addWorkingDays(selectionDay, 4))
    expect(round.publicityEndsOn).not.toBe(calendar.addWorkingDays(selectionDay, marketplaceConfig.publicityWorkingDays))
    at(shanghaiNoon(MONDAY))
  })

  it('an unreadable stored value falls back to the defaults with a warning; reset makes it clean again', async () => {
    const db = await getDb()
    await db
      .update(appSettings)
      .set({ value: { minRegistrationWorkingDays: 'many', publicityWorkingDays: 0 } })
      .where(eq(appSettings.key, MARKETPLACE_CONFIG_KEY))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect(await getMarketplaceConfig(db)).toEqual(marketplaceConfig)
      expect(warn).toHaveBeenCalled()
      expect(String(warn.mock.calls[0]?.[0])).toContain(MARKETPLACE_CONFIG_KEY)
      const page = await callRoute(route.loader, getRequest(PATH, { cookie: cookies.admin }))
      expect(page.data).toMatchObject({ current: defaultsForm, unreadable: true })

      // Resetting overwrites every setting: without the confirmation, a field error and nothing written.
      const before = await snapshot()
      const unconfirmed = await post({ intent: 'reset' })
      expect(unconfirmed.status).toBe(400)
      expect(unconfirmed.data.intent).toBe('reset')
      expect(unconfirmed.data.result.error.confirm).toEqual(['confirm.required'])
      expect(await snapshot()).toEqual(before)
      const reset = await post({ intent: 'reset', confirm: 'yes' })
      expect(reset.status).toBe(302)
      const { setting } = await snapshot()
      expect(setting?.value).toEqual({})
      const [event] = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'settings.marketplace.reset'), eq(auditEvents.entityId, MARKETPLACE_CONFIG_KEY)))
      expect(event.payload).toMatchObject({ after: marketplaceConfig, overrides: {}, beforeWasUnreadable: true })
      warn.mockClear()
      expect(await getMarketplaceConfig(db)).toEqual(marketplaceConfig)
      expect(warn).not.toHaveBeenCalled()
    } finally {
      warn.mockRestore()
    }
  })

  it('after a reset the need refused under the longer minimum publishes again', async () => {
    const db = await getDb()
    at(shanghaiNoon(MONDAY))
    await post(saveForm({ minRegistrationWorkingDays: '5' }))
    const id = await saveNeedDraft(db, m.owner.user, draft())
    await expect(publishNeed(db, m.owner.user, id)).rejects.toBeInstanceOf(PublishRefused)
    expect((await post({ intent: 'reset', confirm: 'yes' })).status).toBe(302)
    expect((await publishNeed(db, m.owner.user, id)).state).toBe('open')
  })
})
