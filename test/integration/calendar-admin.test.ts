import { asc, count } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server'
import { auditEvents, calendarOverrides, calendarYears } from '#db/schema'
import { createAccount } from '#db/seed/factories'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { MAX_IMPORT_BYTES } from '~/domain/calendar/schemas'
import { fixedClock, resetClock, setClock } from '~/domain/clock'
import { verifyAuditChain } from '~/utils/audit.server'
import * as calendarRoute from '~/routes/admin+/calendar'
import { callRoute, formRequest, getRequest, ORIGIN, sessionCookie } from '#test/support/routes'

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

const year2027 = {
  year: 2027,
  source: '国办发明电〔2026〕测试号',
  days: [
    { date: '2027-01-01', kind: 'holiday', nameZh: '元旦', nameEn: "New Year's Day" },
    { date: '2027-02-06', kind: 'makeup_workday', nameZh: '春节', nameEn: 'Spring Festival' },
    { date: '2027-02-11', kind: 'holiday', nameZh: '春节', nameEn: 'Spring Festival' },
  ],
}

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
      expect(page.knownRange).toEqual({ firstYear: 2001, lastYear: 2026 })
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
    expect((await verifyAuditChain(db)).ok).toBe(true)
  })

  it('deleting a day without an override, or a malformed date, is a 400 form error and writes nothing', async () => {
    const before = await snapshot()
    const missing = await callAction(formRequest(PATH, { intent: 'delete', date: '2025-11-24' }, { cookie: cookies.admin }))
    expect(missing.status).toBe(400)
    expect(missing.data).toMatchObject({ intent: 'delete', formError: { messageKey: 'calendar.noSuchOverride' } })
    const malformed = await callAction(formRequest(PATH, { intent: 'delete', date: '2025-13-01' }, { cookie: cookies.admin }))
    expect(malformed.status).toBe(400)
    expect(malformed.data).toMatchObject({ intent: 'delete', formError: { messageKey: 'validation.date' } })
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
  const refused = async (request: Request) => {
    const before = await snapshot()
    const result = await callAction(request)
    expect(result.status).toBe(400)
    expect(result.data.intent).toBe('import')
    expect(await snapshot()).toEqual(before)
    return result.data.formError as { messageKey: string; params?: Record<string, string> }
  }

  it('malformed JSON is refused with a short detail', async () => {
    const error = await refused(importRequest('{"year": 2027, "days": [', { cookie: cookies.admin }))
    expect(error.messageKey).toBe('calendar.importInvalid')
    expect(error.params?.detail).toMatch(/^JSON: /)
  })

  it('a file whose days fall outside the stated year is refused, naming the day', async () => {
    const file = { ...year2027, days: [...year2027.days, { date: '2028-01-01', kind: 'holiday', nameZh: '元旦' }] }
    const error = await refused(importRequest(JSON.stringify(file), { cookie: cookies.admin }))
    expect(error.messageKey).toBe('calendar.importInvalid')
    expect(error.params?.detail).toBe('days.3.date: date outside year')
  })

  it('a file of the wrong shape is refused', async () => {
    const error = await refused(importRequest(JSON.stringify({ ...year2027, source: '' }), { cookie: cookies.admin }))
    expect(error.messageKey).toBe('calendar.importInvalid')
    expect(error.params?.detail).toMatch(/^source: /)
  })

  it('an oversized file is refused before it is read, even when its content is valid', async () => {
    const padded = JSON.stringify(year2027) + ' '.repeat(MAX_IMPORT_BYTES)
    const error = await refused(importRequest(padded, { cookie: cookies.admin }))
    expect(error.messageKey).toBe('calendar.importTooLarge')
  })

  it('a multipart body declaring more than the limit is refused without being parsed', async () => {
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
    const error = await refused(request)
    expect(error.messageKey).toBe('calendar.importTooLarge')
  })

  it('no file chosen is refused', async () => {
    const body = new FormData()
    body.append('intent', 'import')
    const request = new Request(new URL(PATH, ORIGIN), { method: 'POST', body, headers: { Origin: ORIGIN, Cookie: cookies.admin } })
    const error = await refused(request)
    expect(error.messageKey).toBe('calendar.importNoFile')
  })

  it('a valid 2027 file extends the known range to 2027, in one audited change', async () => {
    const db = await getDb()
    expect((await getCalendar(db)).lastYear).toBe(2026)
    const before = await snapshot()
    const result = await callAction(importRequest(`\uFEFF${JSON.stringify(year2027)}`, { cookie: cookies.admin }))
    expect(result.status).toBe(302)
    expect(result.headers.get('Location')).toBe('/admin/calendar?year=2027')
    const calendar = await getCalendar(db)
    expect(calendar.lastYear).toBe(2027)
    expect(calendar.isWorkingDay('2027-02-06')).toBe(true) // a Saturday made a working day
    expect(calendar.isWorkingDay('2027-02-11')).toBe(false)
    const after = await snapshot()
    expect(after.audit).toBe(before.audit + 1)
    expect(after.years.map((y) => y.year)).toEqual([2027])
    expect(after.overrides.filter((o) => o.date.startsWith('2027-')).map((o) => o.date)).toEqual(['2027-01-01', '2027-02-06', '2027-02-11'])
    expect((await verifyAuditChain(db)).ok).toBe(true)

    const page = await callRoute(calendarRoute.loader, getRequest(`${PATH}?year=2027`, { cookie: cookies.admin }))
    expect(page.data.knownRange).toEqual({ firstYear: 2001, lastYear: 2027 })
    expect(page.data.years).toEqual([expect.objectContaining({ year: 2027, source: year2027.source })])
    expect(page.data.overrides).toHaveLength(3)
  })
})
