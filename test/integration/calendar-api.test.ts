import { count } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, calendarOverrides } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { deleteOverride, getCalendar, importYear, saveOverride } from '~/domain/calendar/calendar.server'
import { RuleViolation } from '~/domain/errors'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import * as day from '~/routes/api+/v1.calendar.day.$date'
import * as add from '~/routes/api+/v1.calendar.add'
import * as between from '~/routes/api+/v1.calendar.between'
import { callRoute, getRequest } from '#test/support/routes'
import { complete2027 } from '#test/support/calendar-2027'

const official = { provisional: false, provisionalYears: [] }

const en = { headers: { 'Accept-Language': 'en' } }

describe('GET /api/v1/calendar/day/:date', () => {
  it('answers holidays, make-up workdays, weekends and workdays', async () => {
    const call = (date: string) => callRoute(day.loader, getRequest(`/api/v1/calendar/day/${date}`), { date })
    expect((await call('2025-10-01')).data).toEqual({
      date: '2025-10-01',
      working: false,
      kind: 'holiday',
      name: { zh: '国庆中秋', en: 'National Day and Mid-Autumn Festival' },
      ...official,
    })
    expect((await call('2025-09-28')).data).toMatchObject({ working: true, kind: 'makeup_workday' })
    expect((await call('2025-11-22')).data).toEqual({ date: '2025-11-22', working: false, kind: 'weekend', name: null, ...official })
    expect((await call('2025-11-24')).data).toEqual({ date: '2025-11-24', working: true, kind: 'workday', name: null, ...official })
  })

  it('a day of a year without an official arrangement is answered provisionally', async () => {
    const call = (date: string) => callRoute(day.loader, getRequest(`/api/v1/calendar/day/${date}`), { date })
    expect((await call('2027-02-05')).data).toEqual({
      date: '2027-02-05',
      working: false,
      kind: 'holiday',
      name: { zh: '春节', en: 'Spring Festival' },
      provisional: true,
      provisionalYears: [2027],
    })
    expect((await call('2031-01-02')).data).toMatchObject({ working: true, kind: 'workday', provisional: true, provisionalYears: [2031] })
  })

  // Until issue 11 every date after 2026 was 422 unknown_year; now the years up to ten after the
  // last official one are provisional, and only dates outside 2001–2036 are refused.
  it('400 names the parameter for a bad date; 422 names the supported range for a year outside it', async () => {
    const bad = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2025-02-30', en), { date: '2025-02-30' })
    expect(bad.status).toBe(400)
    expect(bad.data.error).toMatchObject({ code: 'invalid_parameter', parameter: 'date' })
    expect(bad.data.error.message).toContain('YYYY-MM-DD')
    const unknown = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2037-01-02'), { date: '2037-01-02' })
    expect(unknown.status).toBe(422)
    expect(unknown.data.error).toMatchObject({ code: 'unknown_year', knownRange: { firstYear: 2001, lastYear: 2036 } })
    expect(unknown.data.error.message).toContain('2001–2036')
    const early = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2000-12-29'), { date: '2000-12-29' })
    expect(early.status).toBe(422)
  })
})

describe('GET /api/v1/calendar/add and /between', () => {
  it('adds working days without counting the start day, and counts (from, to]', async () => {
    const r = await callRoute(add.loader, getRequest('/api/v1/calendar/add?start=2025-09-30&days=3'))
    expect(r.data).toEqual({ start: '2025-09-30', days: 3, date: '2025-10-11', ...official })
    const zero = await callRoute(add.loader, getRequest('/api/v1/calendar/add?start=2025-10-03&days=0'))
    expect(zero.data.date).toBe('2025-10-03')
    const b = await callRoute(between.loader, getRequest('/api/v1/calendar/between?from=2025-09-26&to=2025-10-12'))
    expect(b.data).toEqual({ from: '2025-09-26', to: '2025-10-12', workingDays: 6, ...official })
  })

  it('counts through a provisional year and says which', async () => {
    const r = await callRoute(add.loader, getRequest('/api/v1/calendar/add?start=2026-12-30&days=5'))
    expect(r.data).toEqual({ start: '2026-12-30', days: 5, date: '2027-01-07', provisional: true, provisionalYears: [2027] })
    const b = await callRoute(between.loader, getRequest('/api/v1/calendar/between?from=2027-12-20&to=2028-02-01'))
    expect(b.status).toBe(200)
    expect(b.data).toMatchObject({ provisional: true, provisionalYears: [2027, 2028] })
  })

  it('refuses missing, negative and non-numeric days and bad dates with 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['start=2025-01-02', 'days'],
      ['start=2025-01-02&days=-1', 'days'],
      ['start=2025-01-02&days=two', 'days'],
      ['days=3', 'start'],
      ['start=2025-13-01&days=3', 'start'],
    ]) {
      const r = await callRoute(add.loader, getRequest(`/api/v1/calendar/add?${query}`))
      expect(r.status, query).toBe(400)
      expect(r.data.error.parameter, query).toBe(parameter)
    }
    const r = await callRoute(between.loader, getRequest('/api/v1/calendar/between?from=2025-01-02'))
    expect(r.status).toBe(400)
    expect(r.data.error.parameter).toBe('to')
  })

  it('422 when the answer would fall after the supported years', async () => {
    const r = await callRoute(add.loader, getRequest('/api/v1/calendar/add?start=2036-12-28&days=10'))
    expect(r.status).toBe(422)
    expect(r.data.error.knownRange).toEqual({ firstYear: 2001, lastYear: 2036 })
  })
})

describe('admin overrides change the answers everywhere', () => {
  it('a saved override changes the API answer; deleting it restores the official day; each is audited', async () => {
    const db = await getDb()
    const { user, organisation } = await createAccount(db, 'platform')
    const actor = { userId: user.id, organisationId: organisation.id }
    const [before] = await db.select({ n: count() }).from(auditEvents)
    await saveOverride(db, actor, { date: '2025-11-21', kind: 'holiday', nameZh: '地方假日', nameEn: 'Local holiday', source: '测试' })
    const r = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2025-11-21'), { date: '2025-11-21' })
    expect(r.data).toMatchObject({ working: false, kind: 'holiday', name: { zh: '地方假日', en: 'Local holiday' } })
    await deleteOverride(db, actor, '2025-11-21')
    expect((await getCalendar(db)).isWorkingDay('2025-11-21')).toBe(true)
    const [after] = await db.select({ n: count() }).from(auditEvents)
    expect(after.n).toBe(before.n + 2)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  it('an incomplete 2027 is refused naming the missing statutory holidays, and writes nothing', async () => {
    const db = await getDb()
    const { user, organisation } = await createAccount(db, 'platform')
    const actor = { userId: user.id, organisationId: organisation.id }
    const [before] = await db.select({ n: count() }).from(auditEvents)
    const oneDay = { ...complete2027, days: complete2027.days.filter((d) => d.date === '2027-01-01') }
    const error = await importYear(db, actor, oneDay).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(RuleViolation)
    expect(error).toMatchObject({ messageKey: 'calendarYears.importIncomplete', field: 'file' })
    expect((error as RuleViolation).params?.dates).toBe(
      '2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-04-05, 2027-05-01, 2027-05-02, 2027-06-09, 2027-09-15, 2027-10-01, 2027-10-02, 2027-10-03',
    )
    expect(await db.select().from(calendarOverrides)).toEqual([])
    expect((await db.select({ n: count() }).from(auditEvents))[0].n).toBe(before.n)
    const r = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2027-02-08'), { date: '2027-02-08' })
    expect(r.data).toMatchObject({ working: false, provisional: true })
  })

  it('importing a complete 2027 makes it official; re-importing replaces the year', async () => {
    const db = await getDb()
    const { user, organisation } = await createAccount(db, 'platform')
    const actor = { userId: user.id, organisationId: organisation.id }
    const span = '/api/v1/calendar/between?from=2027-02-01&to=2027-02-15'
    expect((await callRoute(between.loader, getRequest(span))).data).toMatchObject({ workingDays: 8, provisional: true })
    const n = complete2027.days.length
    expect(await importYear(db, actor, complete2027)).toEqual({ imported: n, replaced: 0, extendsRange: true })
    const r = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2027-02-14'), { date: '2027-02-14' })
    expect(r.data).toMatchObject({ working: true, kind: 'makeup_workday', provisional: false, provisionalYears: [] })
    // (02-01, 02-15]: 02-02…02-04, Sunday 02-14 (make-up) and 02-15 — the official count, no longer provisional.
    expect((await callRoute(between.loader, getRequest(span))).data).toMatchObject({ workingDays: 5, ...official })
    const shorter = { ...complete2027, days: complete2027.days.filter((d) => d.date !== '2027-02-14') }
    expect(await importYear(db, actor, shorter)).toEqual({ imported: n - 1, replaced: n, extendsRange: true })
    const rows = await db.select().from(calendarOverrides)
    expect(rows.map((d) => d.date)).toContain('2027-01-01')
    expect(rows.map((d) => d.date)).not.toContain('2027-02-14')
  })
})
