import { asc, count } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, calendarOverrides, calendarYears } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { getCalendar, saveOverride } from '~/domain/calendar/calendar.server'
import { MAX_IMPORT_BYTES } from '~/domain/calendar/schemas'
import { fixedClock, resetClock, setClock } from '~/domain/now'
import { verifyAuditLog } from '~/domain/transparency/verify-log.server'
import { decodeMessage } from '~/utils/intent-reply'
import * as calendarRoute from '~/routes/admin+/calendar'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '#test/support/routes'
import { complete2027 } from '#test/support/calendar-2027'
import { zh as calendarYearsZh, en as calendarYearsEn } from '~/i18n/areas/calendarYears'

let cookies: Record<'admin' | 'owner' | 'agency' | 'regulator', string>

async function snapshot() {
  const db = await getDb()
  return {
    overrides: await db.select().from(calendarOverrides).orderBy(asc(calendarOverrides.date)),
    years: await db.select().from(calendarYears).orderBy(asc(calendarYears.year)),
    audit: (await db.select({ n: count() }).from(auditEvents))[0].n,
  }
}

beforeAll(async () => {
  const db = await getDb()
  const [admin, owner, agency, regulator] = await Promise.all([
    createAccount(db, 'platform'),
    createAccount(db, 'owner'),
    createAccount(db, 'agency'),
    createAccount(db, 'regulator'),
  ])
  cookies = {
    admin: await sessionCookie(admin.user.id),
    owner: await sessionCookie(owner.user.id),
    agency: await sessionCookie(agency.user.id),
    regulator: await sessionCookie(regulator.user.id),
  }
})

const PATH = '/admin/calendar'

/** A Friday that the shipped data treats as an ordinary working day. */
const FRIDAY = '2025-11-21'

const saveFields = (over: Record<string, string> = {}) => ({
  intent: 'save',
  date: FRIDAY,
  kind: 'holiday',
  nameZh: '地方假日',
  nameEn: 'Local holiday',
  source: '测试通知〔2025〕1号',
  ...over,
})

const year2027 = complete2027

/** A multipart import POST, as the browser sends the import form. */
function importRequest(content: string, options: { cookie?: string; name?: string } = {}) {
  const body = new FormData()
  body.append('intent', 'import')
  body.append('file', new File([content], options.name ?? 'y2027.json', { type: 'application/json' }))
  return new Request(new URL(PATH, ORIGIN), {
    method: 'POST',
    body,
    headers: { Origin: ORIGIN, ...(options.cookie ? { Cookie: options.cookie } : {}) },
  })
}

const callAction = (request: Request) => callRoute(calendarRoute.action, request)

describe('/admin/calendar refuses everyone but the platform admin', () => {
  for (const role of ['owner', 'agency', 'regulator'] as const) {
    it(`${role}: POST of every intent gets 403 and changes no row`, async () => {
      const before = await snapshot()
      const cookie = cookies[role]
      const attempts = [
        callAction(formRequest(PATH, saveFields(), { cookie })),
        callAction(formRequest(PATH, { intent: 'delete', date: FRIDAY }, { cookie })),
        callAction(importRequest(JSON.stringify(year2027), { cookie })),
      ]
      for (const result of await Promise.all(attempts)) expect(result.status).toBe(403)
      expect(await snapshot()).toEqual(before)
    })
  }

  it('non-admins cannot read the page', async () => {
    for (const role of ['owner', 'agency', 'regulator'] as const) {
      const result = await callRoute(calendarRoute.loader, getRequest(PATH, { cookie: cookies[role] }))
      expect(result.status, role).toBe(403)
    }
  })

  it('anonymous: redirected to log in, nothing changed', async () => {
    const before = await snapshot()
    for (const request of [formRequest(PATH, saveFields()), importRequest(JSON.stringify(year2027))]) {
      const result = await callAction(request)
      expect(result.status).toBe(302)
      expect(result.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    }
    const page = await callRoute(calendarRoute.loader, getRequest(PATH))
    expect(page.status).toBe(302)
    expect(page.headers.get('Location')).toMatch(/^\/login\?redirectTo=/)
    expect(await snapshot()).toEqual(before)
  })

  it('a forged cross-site POST by the admin is refused', async () => {
    const before = await snapshot()
    const result = await callAction(formRequest(PATH, saveFields(), { cookie: cookies.admin, headers: { Origin: 'https://evil.example' } }))
    expect(result.status).toBe(403)
    expect(await snapshot()).toEqual(before)
  })
})

describe('the page', () => {
  it('defaults to the current Shanghai year, clamps ?year= to 2001–2100 and shows the known range', async () => {
    // 16:30 UTC on 31 December is already 1 January in Shanghai.
    setClock(fixedClock('2025-12-31T16:30:00Z'))
    try {
      const call = async (query: string) =>
        (await callRoute(calendarRoute.loader, getRequest(`${PATH}${query}`, { cookie: cookies.admin }))).data
      const page = await call('')
      expect(page.year).toBe(2026)
      // Since issue 11 the years after the official data are provisional, up to ten after it.
      expect(page.knownRange).toEqual({ firstYear: 2001, lastYear: 2036 })
      expect(page.provisionalYears[0]).toBe(2027)
      expect(page.shippedLastYear).toBe(2026)
      expect((await call('?year=nonsense')).year).toBe(2026)
      expect((await call('?year=1990')).year).toBe(2001)
      expect((await call('?year=3000')).year).toBe(2100)
      expect((await call('?year=2030')).year).toBe(2030)
    } finally {
      resetClock()
    }
  })
})

describe('one override: save and delete', () => {
  it('bad input is a 400 with field errors and the typed values, and writes nothing', async () => {
    const before = await snapshot()
    const result = await callAction(
      formRequest(PATH, saveFields({ date: '2025-02-30', source: '', nameZh: '打错的日期' }), { cookie: cookies.admin }),
    )
    expect(result.status).toBe(400)
    expect(result.data.result.error.date).toEqual(['validation.date'])
    expect(result.data.result.error.source).toEqual(['validation.required'])
    expect(result.data.result.initialValue).toMatchObject({ date: '2025-02-30', nameZh: '打错的日期' })
    const noKind = await callAction(formRequest(PATH, saveFields({ kind: 'weekend', date: '1999-01-04' }), { cookie: cookies.admin }))
    expect(noKind.status).toBe(400)
    expect(noKind.data.result.error.kind).toEqual(['validation.choose'])
    expect(noKind.data.result.error.date).toEqual(['validation.calendarYear'])
    expect(await snapshot()).toEqual(before)
  })

  it('a valid save turns the working day into a holiday, audited; deleting it restores the day', async () => {
    const db = await getDb()
    expect((await getCalendar(db)).isWorkingDay(FRIDAY)).toBe(true)
    const before = await snapshot()

    const saved = await callAction(formRequest(PATH, saveFields(), { cookie: cookies.admin }))
    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe('/admin/calendar?year=2025')
    expect(saved.headers.get('Set-Cookie')).toContain('toast=')
    expect((await getCalendar(db)).isWorkingDay(FRIDAY)).toBe(false)
    const afterSave = await snapshot()
    expect(afterSave.audit).toBe(before.audit + 1)
    expect(afterSave.overrides.map((o) => o.date)).toContain(FRIDAY)

    const page = await callRoute(calendarRoute.loader, getRequest(`${PATH}?year=2025`, { cookie: cookies.admin }))
    expect(page.data.overrides).toEqual([
      expect.objectContaining({ date: FRIDAY, kind: 'holiday', nameZh: '地方假日', nameEn: 'Local holiday', source: '测试通知〔2025〕1号' }),
    ])

    const deleted = await callAction(formRequest(PATH, { intent: 'delete', date: FRIDAY }, { cookie: cookies.admin }))
    expect(deleted.status).toBe(302)
    expect((await getCalendar(db)).isWorkingDay(FRIDAY)).toBe(true)
    const afterDelete = await snapshot()
    expect(afterDelete.overrides).toEqual(before.overrides)
    expect(afterDelete.audit).toBe(before.audit + 2)
    expect((await verifyAuditLog(db)).ok).toBe(true)
  })

  // Decision 008: the malformed date is the form's schema (400), the missing override the domain's rule (422, was 400).
  it('deleting a day without an override (422) or a malformed date (400) is refused at the date and writes nothing', async () => {
    const before = await snapshot()
    const missing = await callAction(formRequest(PATH, { intent: 'delete', date: '2025-11-24' }, { cookie: cookies.admin }))
    expect(missing.status).toBe(422)
    expect(missing.data.intent).toBe('delete')
    expect(missing.data.result.error.date.map(decodeMessage)).toEqual([
      { messageKey: 'calendar.noSuchOverride', params: { date: '2025-11-24' } },
    ])
    const malformed = await callAction(formRequest(PATH, { intent: 'delete', date: '2025-13-01' }, { cookie: cookies.admin }))
    expect(malformed.status).toBe(400)
    expect(malformed.data.intent).toBe('delete')
    expect(malformed.data.result.error.date).toEqual(['validation.date'])
    expect(await snapshot()).toEqual(before)
  })

  it('an unknown or missing intent is a 400', async () => {
    const before = await snapshot()
    const bodies: Record<string, string>[] = [{ intent: 'drop-table', date: FRIDAY }, { date: FRIDAY }]
    for (const fields of bodies) {
      const result = await callAction(formRequest(PATH, fields, { cookie: cookies.admin }))
      expect(result.status).toBe(400)
    }
    expect(await snapshot()).toEqual(before)
  })
})

describe('importing a year from a JSON file', () => {
  /**
   * A refused import: the problem at the file field, nothing written. Decision 008: what the
   * form's schema refuses (no file, too big) is 400; what the domain finds in the file's content
   * is 422 (was 400).
   */
  const refused = async (request: Request, status = 422) => {
    const before = await snapshot()
    const result = await callAction(request)
    expect(result.status).toBe(status)
    expect(result.data.intent).toBe('import')
    expect(result.data.result.error.file).toHaveLength(1)
    expect(await snapshot()).toEqual(before)
    return decodeMessage(result.data.result.error.file[0]) as { messageKey: string; params?: Record<string, string | number> }
  }

  // The refusals are translated messages naming the place in the file (zod's English never shows).
  const text = (error: { messageKey: string; params?: Record<string, string | number> }, dict: object) => {
    const template = error.messageKey
      .replace(/^calendarYears\./, '')
      .split('.')
      .reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], dict) as string
    return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(error.params?.[k]))
  }

  it('malformed JSON is refused with a translated message', async () => {
    const error = await refused(importRequest('{"year": 2027, "days": [', { cookie: cookies.admin }))
    expect(error.messageKey).toBe('calendarYears.importErrors.json')
  })

  it('a file whose days fall outside the stated year is refused, naming the entry and the day', async () => {
    const n = year2027.days.length
    const file = { ...year2027, days: [...year2027.days, { date: '2028-01-01', kind: 'holiday', nameZh: '元旦' }] }
    const error = await refused(importRequest(JSON.stringify(file), { cookie: cookies.admin }))
    expect(error).toEqual({ messageKey: 'calendarYears.importErrors.outsideYear', params: { row: n + 1, date: '2028-01-01', year: 2027 } })
    expect(text(error, calendarYearsZh)).toBe(`days 第 ${n + 1} 条的日期 2028-01-01 不在 2027 年内。`)
    expect(text(error, calendarYearsEn)).toBe(`Entry ${n + 1} of days: 2028-01-01 is not in 2027.`)
  })

  it('a file of the wrong shape is refused with a field-level message for each kind of mistake', async () => {
    const cases: [unknown, string, Record<string, number>][] = [
      [{ ...year2027, source: '' }, 'calendarYears.importErrors.source', {}],
      [{ ...year2027, year: '2027' }, 'calendarYears.importErrors.year', {}],
      [{ ...year2027, days: 'all' }, 'calendarYears.importErrors.days', {}],
      [[1, 2], 'calendarYears.importErrors.shape', {}],
      [{ ...year2027, days: [year2027.days[0], 7] }, 'calendarYears.importErrors.day', { row: 2 }],
      [{ ...year2027, days: [{ ...year2027.days[0], date: '2027-02-30' }] }, 'calendarYears.importErrors.date', { row: 1 }],
      [{ ...year2027, days: [{ ...year2027.days[0], kind: 'weekend' }] }, 'calendarYears.importErrors.kind', { row: 1 }],
      [{ ...year2027, days: [year2027.days[0], year2027.days[0]] }, 'calendarYears.importErrors.duplicate', { row: 2 }],
      [{ ...year2027, source: '国办发明电\u0000' }, 'calendarYears.importErrors.controlCharacters', { row: 0 }],
      [{ ...year2027, days: [year2027.days[0], { ...year2027.days[1], nameZh: '春节\u0000' }] }, 'calendarYears.importErrors.controlCharacters', { row: 2 }],
    ]
    for (const [file, messageKey, params] of cases) {
      const error = await refused(importRequest(JSON.stringify(file), { cookie: cookies.admin }))
      expect(error.messageKey, messageKey).toBe(messageKey)
      expect(error.params, messageKey).toMatchObject(params)
      expect(text(error, calendarYearsEn), messageKey).not.toMatch(/\{\{|undefined/)
    }
  })

  it('a 2027 file missing statutory holidays is refused naming the missing dates, and writes nothing', async () => {
    // Before issue 11 this one-day file made all of 2027 "known" with Spring Festival as working days.
    const oneDay = { ...year2027, days: year2027.days.filter((d) => d.date === '2027-01-01') }
    const error = await refused(importRequest(JSON.stringify(oneDay), { cookie: cookies.admin }))
    expect(error.messageKey).toBe('calendarYears.importIncomplete')
    expect(error.params?.dates).toContain('2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-04-05')
    expect(text(error, calendarYearsEn)).toContain('these statutory holidays are missing: 2027-02-05,')
    const noDragonBoat = { ...year2027, days: year2027.days.filter((d) => d.date !== '2027-06-09') }
    const one = await refused(importRequest(JSON.stringify(noDragonBoat), { cookie: cookies.admin }))
    expect(one.params).toEqual({ year: 2027, dates: '2027-06-09' })
    expect((await getCalendar(await getDb())).provisionalYears[0]).toBe(2027)
  })

  it('an oversized file is refused before it is read, even when its content is valid', async () => {
    const padded = JSON.stringify(year2027) + ' '.repeat(MAX_IMPORT_BYTES)
    const error = await refused(importRequest(padded, { cookie: cookies.admin }), 400)
    expect(error.messageKey).toBe('calendar.importTooLarge')
  })

  it('a multipart body declaring more than the limit is refused without being parsed (413, the error page)', async () => {
    const before = await snapshot()
    const request = new Request(new URL(PATH, ORIGIN), {
      method: 'POST',
      body: 'not really multipart',
      headers: {
        Origin: ORIGIN,
        Cookie: cookies.admin,
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': String(MAX_IMPORT_BYTES * 2),
      },
    })
    const result = await callAction(request)
    expect(result.status).toBe(413)
    expect(result.data.messageKey).toBe('calendar.importTooLarge')
    expect(await snapshot()).toEqual(before)
  })

  it('no file chosen is refused', async () => {
    const body = new FormData()
    body.append('intent', 'import')
    const request = new Request(new URL(PATH, ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookies.admin } })
    const error = await refused(request, 400)
    expect(error.messageKey).toBe('calendar.importNoFile')
  })

  it('a complete 2027 file makes 2027 official, in one audited change', async () => {
    const db = await getDb()
    expect((await getCalendar(db)).lastYear).toBe(2036)
    const before = await snapshot()
    const result = await callAction(importRequest(`\uFEFF${JSON.stringify(year2027)}`, { cookie: cookies.admin }))
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/admin/calendar?year=2027')
    const calendar = await getCalendar(db)
    expect(calendar.lastYear).toBe(2037)
    expect(calendar.provisionalYears[0]).toBe(2028)
    expect(calendar.isWorkingDay('2027-02-14')).toBe(true) // a Sunday made a working day
    expect(calendar.isWorkingDay('2027-02-11')).toBe(false)
    const after = await snapshot()
    expect(after.audit).toBe(before.audit + 1)
    expect(after.years.map((y) => y.year)).toEqual([2027])
    expect(after.overrides.filter((o) => o.date.startsWith('2027-')).map((o) => o.date)).toEqual(
      year2027.days.map((d) => d.date).sort(),
    )
    expect((await verifyAuditLog(db)).ok).toBe(true)

    const page = await callRoute(calendarRoute.loader, getRequest(`${PATH}?year=2027`, { cookie: cookies.admin }))
    expect(page.data.knownRange).toEqual({ firstYear: 2001, lastYear: 2037 })
    expect(page.data.years).toEqual([expect.objectContaining({ year: 2027, source: year2027.source })])
    expect(page.data.overrides).toHaveLength(year2027.days.length)
  })
})

describe('the year links', () => {
  it('list every year with overrides or an import, each linking to its own page; the navigation links are absolute', async () => {
    const db = await getDb()
    const { user, organisation } = await createAccount(db, 'platform')
    await saveOverride(db, { userId: user.id, organisationId: organisation.id }, {
      date: '2024-11-22',
      kind: 'holiday',
      nameZh: '地方假日',
      nameEn: 'Local holiday',
      source: '测试',
    })
    setClock(fixedClock('2026-12-02T03:00:00Z'))
    try {
      const page = (await callRoute(calendarRoute.loader, getRequest(`${PATH}?year=2025`, { cookie: cookies.admin }))).data
      // 2024 has a correction but was never imported: it used to have no link at all.
      type YearLink = { year: number; href: string }
      const links = page.yearLinks as YearLink[]
      const byYear = Object.fromEntries(links.map((y) => [y.year, y]))
      expect(byYear[2024]).toMatchObject({ href: '/admin/calendar?year=2024', overrides: 1, source: null, provisional: false })
      expect(links.map((y) => y.year)).toEqual(links.map((y) => y.year).sort((a, b) => a - b))
      for (const y of links) expect(y.href).toBe(`/admin/calendar?year=${y.year}`)
      expect(page.nav).toEqual({
        previous: { year: 2024, href: '/admin/calendar?year=2024' },
        current: { year: 2026, href: '/admin/calendar?year=2026' },
        next: { year: 2026, href: '/admin/calendar?year=2026' },
      })
      const provisional = (await callRoute(calendarRoute.loader, getRequest(`${PATH}?year=2029`, { cookie: cookies.admin }))).data
      expect(provisional.provisional).toBe(true)
      const last = (await callRoute(calendarRoute.loader, getRequest(`${PATH}?year=2100`, { cookie: cookies.admin }))).data
      expect(last.nav.next).toBeNull()
    } finally {
      resetClock()
    }
  })
})
