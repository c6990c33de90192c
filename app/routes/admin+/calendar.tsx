import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ImportForm, OverrideForm, OverridesTable, YearsTable } from '~/components/admin/calendar'
import { PageHeader } from '~/components/page-header'
import { CalendarRange, ProvisionalNote } from '~/components/provisional-note'
import {
  deleteOverride,
  getCalendar,
  importYearFile,
  listCalendarYears,
  listOverrides,
  listOverrideYears,
  saveOverride,
  shippedLastYear,
} from '~/domain/calendar/calendar.server'
import { DeleteOverrideSchema, MAX_IMPORT_BYTES, OverrideSchema, YearImportFormSchema } from '~/domain/calendar/schemas'
import { now } from '~/domain/now'
import { shanghaiDate } from '~/domain/dates'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import { shanghaiDateTime } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '节假日调整 · Holiday overrides · 管理后台' }]

const FIRST_YEAR = 2001
const LAST_YEAR = 2100
/** Room for the multipart framing and the `intent` field around the file itself. */
const MULTIPART_OVERHEAD = 16 * 1024

const clampYear = (year: number) => Math.min(LAST_YEAR, Math.max(FIRST_YEAR, year))

/** A year's page, as an absolute link (the page may be rendered after a POST to another URL). */
const yearPage = (year: string | number) => `/admin/calendar?year=${year}`

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const thisYear = clampYear(Number(shanghaiDate(now()).slice(0, 4)))
  const raw = new URL(request.url).searchParams.get('year')?.trim()
  const asked = raw ? Number(raw) : Number.NaN
  const year = Number.isInteger(asked) ? clampYear(asked) : thisYear
  const db = await getDb()
  const [overrides, years, overrideYears, calendar] = await Promise.all([
    listOverrides(db, year),
    listCalendarYears(db),
    listOverrideYears(db),
    getCalendar(db),
  ])
  const provisional = new Set(calendar.provisionalYears)
  const imported = new Map(years.map((y) => [y.year, y]))
  const counts = new Map(overrideYears.map((y) => [y.year, y.count]))
  // Every year an admin has touched (imported, or with overrides), each linked to its page.
  const touched = [...new Set([...imported.keys(), ...counts.keys()])].sort((a, b) => a - b)
  return {
    year,
    thisYear,
    nav: {
      previous: year > FIRST_YEAR ? { year: year - 1, href: yearPage(year - 1) } : null,
      current: year !== thisYear ? { year: thisYear, href: yearPage(thisYear) } : null,
      next: year < LAST_YEAR ? { year: year + 1, href: yearPage(year + 1) } : null,
    },
    provisional: provisional.has(year),
    yearLinks: touched.map((y) => {
      const row = imported.get(y)
      return {
        year: y,
        href: yearPage(y),
        overrides: counts.get(y) ?? 0,
        source: row?.source ?? null,
        updatedAt: row ? shanghaiDateTime(row.updatedAt) : null,
        provisional: provisional.has(y),
      }
    }),
    overrides: overrides.map((o) => ({
      date: o.date,
      kind: o.kind,
      nameZh: o.nameZh,
      nameEn: o.nameEn,
      source: o.source,
      updatedAt: shanghaiDateTime(o.updatedAt),
    })),
    years: years.map((y) => ({ year: y.year, source: y.source, updatedAt: shanghaiDateTime(y.updatedAt) })),
    knownRange: { firstYear: calendar.firstYear, lastYear: calendar.lastYear },
    provisionalYears: calendar.provisionalYears,
    shippedLastYear: shippedLastYear(),
  }
})

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const actor = actorOf(user)
  const db = await getDb()

  // Only the import form is multipart; a body declaring more than a file may hold is refused
  // before it is read at all (413, not a form answer: there is no form to read).
  const multipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') ?? false
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (multipart && declared > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD) throw errorResponse(413, 'calendar.importTooLarge')

  return runIntents(request, {
    save: intent({
      schema: OverrideSchema,
      run: (value) => saveOverride(db, actor, value).then(() => value),
      done: (value) => redirectWithToast(yearPage(value.date.slice(0, 4)), { kind: 'success', messageKey: 'calendar.overrideSaved' }),
    }),
    delete: intent({
      schema: DeleteOverrideSchema,
      run: ({ date }) => deleteOverride(db, actor, date).then(() => date),
      done: (date) => redirectWithToast(yearPage(date.slice(0, 4)), { kind: 'success', messageKey: 'calendar.overrideDeleted' }),
    }),
    import: intent({
      schema: YearImportFormSchema,
      run: ({ file }) => importYearFile(db, actor, file),
      done: ({ year, imported }) =>
        redirectWithToast(yearPage(year), { kind: 'success', messageKey: 'calendar.importDone', params: { year, count: imported } }),
    }),
  })
})

export default function AdminCalendar() {
  const { t } = useTranslation()
  const { year, nav, overrides, yearLinks, knownRange, provisionalYears, provisional, shippedLastYear } =
    useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('calendar.overridesTitle')} lead={t('calendar.overridesLead', { lastYear: shippedLastYear })}>
        <nav className="inline-form" aria-label={t('calendar.year')}>
          {nav.previous ? <Link to={nav.previous.href}>← {nav.previous.year}</Link> : null}
          {nav.current ? <Link to={nav.current.href}>{nav.current.year}</Link> : null}
          {nav.next ? <Link to={nav.next.href}>{nav.next.year} →</Link> : null}
        </nav>
      </PageHeader>
      <CalendarRange knownRange={knownRange} provisionalYears={provisionalYears} />

      <section aria-labelledby="calendar-overrides" className="admin-section">
        <h2 id="calendar-overrides">
          {t('calendar.overridesOfYear', { year })} {provisional ? <ProvisionalNote years={[year]} /> : null}
        </h2>
        <OverridesTable overrides={overrides} />
        <p className="muted">{t('admin.timeZoneNote')}</p>
      </section>

      <section aria-labelledby="calendar-edit" className="admin-section">
        <h2 id="calendar-edit">{t('calendar.editTitle')}</h2>
        <OverrideForm />
      </section>

      <section aria-labelledby="calendar-import" className="admin-section">
        <h2 id="calendar-import">{t('calendar.importTitle')}</h2>
        <ImportForm />
      </section>

      <section aria-labelledby="calendar-years" className="admin-section">
        <h2 id="calendar-years">{t('calendarYears.yearsTitle')}</h2>
        <YearsTable years={yearLinks} />
      </section>
    </>
  )
}
