/**
 * Issue 11: needs whose deadlines reach a year without an official holiday arrangement can be
 * published, and say their dates are provisional; importing the official year later leaves the
 * announced dates alone and makes new computations official.
 */
import { eq } from 'drizzle-orm'
import { createInstance } from 'i18next'
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { needs } from '#db/schema'
import { NoticeFacts } from '~/components/notice-facts'
import { getCalendar, importYear } from '~/domain/calendar/calendar.server'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import { resetClock } from '~/domain/now'
import { publishNeed, saveNeedDraft } from '~/domain/needs/needs.server'
import { publicNotice, type PublicNotice } from '~/domain/needs/notices.server'
import { NeedDraftSchema } from '~/domain/needs/schemas'
import { i18nOptions } from '~/i18n/config'
import { complete2027 } from '#test/support/calendar-2027'
import { at, setupMarketplace, type Marketplace } from '#test/support/needs-fixtures'
import { callRoute, getRequest, sessionCookie } from '#test/support/routes'
import * as ownerNeed from '~/routes/owner+/needs.$id'
import * as needApi from '~/routes/api+/v1.needs.$id'

let m: Marketplace<never>

beforeAll(async () => {
  m = await setupMarketplace(await getDb(), { agencies: [] })
})

afterEach(() => resetClock())

const draft = (registrationClosesOn: string) =>
  NeedDraftSchema.parse({
    projectId: m.projectId,
    serviceTypeId: m.serviceTypeId,
    approvalItemId: m.approvalItemId,
    title: '环境影响报告表编制',
    scope: '编制项目环境影响报告表并配合审批。',
    priceCeiling: '50000',
    qualificationTypeId: m.qualificationTypeId,
    minLevelId: m.levelIds.B,
    serviceDays: '10',
    method: 'random',
    registrationClosesOn,
  })

async function renderFacts(notice: PublicNotice, lng: 'en' | 'zh-CN') {
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(NoticeFacts, { notice })))
}

describe('a need whose registration window reaches 2027', () => {
  it('publishes on 2026-12-02, marked provisional; after the official 2027 is imported it keeps its date and loses the mark', async () => {
    const db = await getDb()
    at('2026-12-02T02:00:00Z') // 10:00 in Shanghai
    const id = await saveNeedDraft(db, m.owner.user, draft('2027-02-15'))
    // Until issue 11 this was refused: the closing date was outside the calendar (2001–2026).
    expect((await publishNeed(db, m.owner.user, id)).state).toBe('open')

    const notice = await publicNotice(db, id)
    expect(notice.registrationClosesOn).toBe('2027-02-15')
    expect(notice.registrationProvisionalYears).toEqual([2027])
    expect(notice.calendarProvisionalYears[0]).toBe(2027)
    const en = await renderFacts(notice, 'en')
    expect(en).toContain('data-testid="provisional-note"')
    expect(en).toContain('data-provisional-years="2027"')
    expect(en).toContain('provisional')
    expect(await renderFacts(notice, 'zh-CN')).toContain('暂定')
    const api = await callRoute(needApi.loader, getRequest(`/api/v1/needs/${id}`), { id })
    expect(api.data.data).toMatchObject({ registrationClosesOn: '2027-02-15', registrationProvisionalYears: [2027] })
    // The owner's page gets the provisional years for its closing date and publicity marks.
    const cookie = await sessionCookie(m.owner.user.id)
    const ownerPage = await callRoute(ownerNeed.loader, getRequest(`/owner/needs/${id}`, { cookie }), { id })
    expect(provisionalYearsBetween(ownerPage.data.provisionalYears, ownerPage.data.need.registrationClosesOn)).toEqual([2027])

    // (02-01, 02-15] counted provisionally: 02-02…02-04 and 02-09…02-12, 02-15.
    expect((await getCalendar(db)).workingDaysBetween('2027-02-01', '2027-02-15')).toBe(8)

    await importYear(db, { userId: m.admin.user.id, organisationId: m.admin.organisationId }, complete2027)

    // The announced date stands (it is stored, not recomputed) and is no longer provisional.
    const [row] = await db.select({ closesOn: needs.registrationClosesOn }).from(needs).where(eq(needs.id, id))
    expect(row.closesOn).toBe('2027-02-15')
    const after = await publicNotice(db, id)
    expect(after.registrationClosesOn).toBe('2027-02-15')
    expect(after.registrationProvisionalYears).toEqual([])
    expect(after.calendarProvisionalYears[0]).toBe(2028)
    expect(await renderFacts(after, 'en')).not.toContain('provisional-note')
    // New computations use the official arrangement (02-05…02-12 off, Sunday 02-14 worked).
    expect((await getCalendar(db)).workingDaysBetween('2027-02-01', '2027-02-15')).toBe(5)
  })
})
