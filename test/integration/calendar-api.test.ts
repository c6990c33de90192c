import { count } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, calendarOverrides } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { deleteOverride, getCalendar, importYear, saveOverride } from '~/domain/calendar/calendar.server'
import { verifyAuditChain } from '~/utils/audit.server'
import * as day from '~/routes/api+/v1.calendar.day.$date'
import * as add from '~/routes/api+/v1.calendar.add'
import * as between from '~/routes/api+/v1.calendar.between'
import { callRoute, getRequest } from '#test/support/routes'

const en = { headers: { 'Accept-Language': 'en' } }

describe('GET /api/v1/calendar/day/:date', () => {
  it('answers holidays, make-up workdays, weekends and workdays', async () => {
    const call = (date: string) => callRoute(day.loader, getRequest(`/api/v1/calendar/day/${date}`), { date })
    expect((await call('2025-10-01')).data).toEqual({
      date: '2025-10-01',
      working: false,
      kind: 'holiday',
      name: { zh: '国庆中秋', en: 'National Day and Mid-Autumn Festival' },
    })
    expect((await call('2025-09-28')).data).toMatchObject({ working: true, kind: 'makeup_workday' })
    expect((await call('2025-11-22')).data).toEqual({ date: '2025-11-22', working: false, kind: 'weekend', name: null })
    expect((await call('2025-11-24')).data).toEqual({ date: '2025-11-24', working: true, kind: 'workday', name: null })
  })

  it('400 names the parameter for a bad date; 422 names the known range for an unknown year', async () => {
    const bad = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2025-02-30', en), { date: '2025-02-30' })
    expect(bad.status).toBe(400)
    expect(bad.data.error).toMatchObject({ code: 'invalid_parameter', parameter: 'date' })
    expect(bad.data.error.message).toContain('YYYY-MM-DD')
    const unknown = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2031-01-02'), { date: '2031-01-02' })
    expect(unknown.status).toBe(422)
    expect(unknown.data.error).toMatchObject({ code: 'unknown_year', knownRange: { firstYear: 2001, lastYear: 2026 } })
    expect(unknown.data.error.message).toContain('2001–2026')
  })
})

describe('GET /api/v1/calendar/add and /between', () => {
  it('adds working days without counting the start day, and counts (from, to]', async () => {
    const r = await callRoute(add.loader, getRequest('/api/v1/calendar/add?start=2025-09-30&days=3'))
    expect(r.data).toEqual({ start: '2025-09-30', days: 3, date: '2025-10-11' })
    const zero = await callRoute(add.loader, getRequest('/api/v1/calendar/add?start=2025-10-03&days=0'))
    expect(zero.data.date).toBe('2025-10-03')
    const b = await callRoute(between.loader, getRequest('/api/v1/calendar/between?from=2025-09-26&to=2025-10-12'))
    expect(b.data).toEqual({ from: '2025-09-26', to: '2025-10-12', workingDays: 6 })
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

  it('422 when the answer would fall after the known years', async () => {
    const r = await callRoute(add.loader, getRequest('/api/v1/calendar/add?start=2026-12-28&days=10'))
    expect(r.status).toBe(422)
    expect(r.data.error.knownRange).toEqual({ firstYear: 2001, lastYear: 2026 })
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
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it('importing 2027 extends the known range; re-importing replaces the year', async () => {
    const db = await getDb()
    const { user, organisation } = await createAccount(db, 'platform')
    const actor = { userId: user.id, organisationId: organisation.id }
    const file = {
      year: 2027,
      source: '国办发明电〔2026〕测试号',
      days: [
        { date: '2027-01-01', kind: 'holiday' as const, nameZh: '元旦', nameEn: "New Year's Day" },
        { date: '2027-02-06', kind: 'makeup_workday' as const, nameZh: '春节', nameEn: 'Spring Festival' },
      ],
    }
    expect(await importYear(db, actor, file)).toEqual({ imported: 2, replaced: 0, extendsRange: true })
    const r = await callRoute(day.loader, getRequest('/api/v1/calendar/day/2027-02-06'), { date: '2027-02-06' })
    expect(r.data).toMatchObject({ working: true, kind: 'makeup_workday' })
    expect(await importYear(db, actor, { ...file, days: file.days.slice(0, 1) })).toEqual({ imported: 1, replaced: 2, extendsRange: true })
    const rows = await db.select().from(calendarOverrides)
    expect(rows.map((d) => d.date)).toContain('2027-01-01')
    expect(rows.map((d) => d.date)).not.toContain('2027-02-06')
  })
})
