import { getFormProps } from '@conform-to/react'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { Field, SelectField, SubmitButton } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { PageHeader } from '~/components/page-header'
import { CalendarRange, ProvisionalNote } from '~/components/provisional-note'
import {
  deleteOverride,
  getCalendar,
  importYear,
  listCalendarYears,
  listOverrides,
  listOverrideYears,
  saveOverride,
  shippedLastYear,
} from '~/domain/calendar/calendar.server'
import { importProblem, MAX_IMPORT_BYTES, OverrideSchema, YearImportFileSchema, type OverrideInput } from '~/domain/calendar/schemas'
import { now } from '~/domain/now'
import { shanghaiDate } from '~/domain/dates'
import { RuleViolation } from '~/domain/errors'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { readForm, submitForm } from '~/utils/forms.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { EmptyRow } from './__shared'
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

interface FormError {
  messageKey: string
  params?: Record<string, string | number>
}

/** A 400 with one form-level error for the delete or import form (nothing was written). */
function formError(intent: 'delete' | 'import', error: FormError) {
  return data({ intent, formError: error }, { status: 400 })
}

const DeleteSchema = OverrideSchema.pick({ date: true })

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const actor = actorOf(user)
  const db = await getDb()

  // Only the import form is multipart; a body declaring more than a file may hold is refused
  // before it is read at all.
  const multipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') ?? false
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (multipart && declared > MAX_IMPORT_BYTES + MULTIPART_OVERHEAD) {
    return formError('import', { messageKey: 'calendar.importTooLarge' })
  }

  // The save branch hands the untouched request to submitForm, so the intent is read from a copy.
  const form = await readForm(request.clone())
  const intent = form.get('intent')

  if (intent === 'save') {
    const outcome = await submitForm(request, OverrideSchema, (value) => saveOverride(db, actor, value).then(() => value))
    if (!outcome.ok) return outcome.response
    return redirectWithToast(yearPage(outcome.value.date.slice(0, 4)), { kind: 'success', messageKey: 'calendar.overrideSaved' })
  }

  if (intent === 'delete') {
    const parsed = DeleteSchema.safeParse({ date: form.get('date') ?? undefined })
    if (!parsed.success) return formError('delete', { messageKey: parsed.error.issues[0]?.message ?? 'validation.date' })
    const { date } = parsed.data
    try {
      await deleteOverride(db, actor, date)
    } catch (error) {
      if (error instanceof RuleViolation) return formError('delete', { messageKey: error.messageKey, params: error.params })
      throw error
    }
    return redirectWithToast(yearPage(date.slice(0, 4)), { kind: 'success', messageKey: 'calendar.overrideDeleted' })
  }

  if (intent === 'import') {
    const file = form.get('file')
    if (!file || typeof file === 'string' || file.size === 0) return formError('import', { messageKey: 'calendar.importNoFile' })
    if (file.size > MAX_IMPORT_BYTES) return formError('import', { messageKey: 'calendar.importTooLarge' })
    const text = (await file.text()).replace(/^\uFEFF/, '')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return formError('import', { messageKey: 'calendarYears.importErrors.json' })
    }
    const parsed = YearImportFileSchema.safeParse(json)
    if (!parsed.success) return formError('import', importProblem(parsed.error.issues, json))
    let result: Awaited<ReturnType<typeof importYear>>
    try {
      result = await importYear(db, actor, parsed.data)
    } catch (error) {
      if (error instanceof RuleViolation) return formError('import', { messageKey: error.messageKey, params: error.params })
      throw error
    }
    return redirectWithToast(yearPage(parsed.data.year), {
      kind: 'success',
      messageKey: 'calendar.importDone',
      params: { year: parsed.data.year, count: result.imported },
    })
  }

  throw errorResponse(400, 'errors.badRequest')
})

const kindOptions = [
  { value: 'holiday', key: 'calendar.kindHoliday' },
  { value: 'makeup_workday', key: 'calendar.kindMakeup' },
  { value: 'workday', key: 'calendar.kindWorkday' },
] as const

export default function AdminCalendar() {
  const { t, i18n } = useTranslation()
  const { year, nav, overrides, yearLinks, knownRange, provisionalYears, provisional, shippedLastYear } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const deleteError: FormError | null =
    actionData && 'intent' in actionData && actionData.intent === 'delete' ? actionData.formError : null
  const en = i18n.language === 'en'
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
        {deleteError ? (
          <p role="alert" className="field-errors">
            {t(deleteError.messageKey, deleteError.params)}
          </p>
        ) : null}
        <table className="table compact" data-testid="calendar-overrides">
          <thead>
            <tr>
              <th scope="col">{t('public.date')}</th>
              <th scope="col">{t('calendar.kind')}</th>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('calendar.source')}</th>
              <th scope="col">{t('calendar.updatedAt')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {overrides.length ? (
              overrides.map((o) => (
                <tr key={o.date}>
                  <td className="mono">{o.date}</td>
                  <td>{t(`terms.dayKind.${o.kind}`)}</td>
                  <td>{(en ? o.nameEn || o.nameZh : o.nameZh || o.nameEn) ?? ''}</td>
                  <td>{o.source}</td>
                  <td className="mono">{o.updatedAt}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="date" value={o.date} />
                      <button type="submit" className="button small" aria-label={`${t('calendar.deleteOverride')} ${o.date}`}>
                        {t('calendar.deleteOverride')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))
            ) : (
              <EmptyRow columns={6} />
            )}
          </tbody>
        </table>
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
        <table className="table compact" data-testid="calendar-years">
          <thead>
            <tr>
              <th scope="col">{t('calendar.year')}</th>
              <th scope="col">{t('calendarYears.overrideCount')}</th>
              <th scope="col">{t('calendar.source')}</th>
              <th scope="col">{t('calendar.updatedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {yearLinks.length ? (
              yearLinks.map((y) => (
                <tr key={y.year}>
                  <td>
                    <Link to={y.href} title={t('calendarYears.yearLinkTitle', { year: y.year })}>
                      {y.year}
                    </Link>{' '}
                    {y.provisional ? <ProvisionalNote years={[y.year]} /> : null}
                  </td>
                  <td>{y.overrides}</td>
                  <td>{y.source ?? ''}</td>
                  <td className="mono">{y.updatedAt ?? ''}</td>
                </tr>
              ))
            ) : (
              <EmptyRow columns={4} />
            )}
          </tbody>
        </table>
      </section>
    </>
  )
}

function OverrideForm() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm<OverrideInput>(OverrideSchema, {
    id: 'calendar-override',
    lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <Field label={t('public.date')} meta={fields.date} type="date" />
      <SelectField
        label={t('calendar.kind')}
        meta={fields.kind}
        options={kindOptions.map((o) => ({ value: o.value, label: t(o.key) }))}
        placeholder={t('admin.choose')}
      />
      <Field label={t('calendar.nameZh')} meta={fields.nameZh} />
      <Field label={t('calendar.nameEn')} meta={fields.nameEn} />
      <Field label={t('calendar.source')} meta={fields.source} />
      <SubmitButton>{t('calendar.addOverride')}</SubmitButton>
    </Form>
  )
}

function ImportForm() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const error: FormError | null = actionData && 'intent' in actionData && actionData.intent === 'import' ? actionData.formError : null
  return (
    <Form method="post" encType="multipart/form-data" className="admin-form" aria-describedby="calendar-import-hint">
      <input type="hidden" name="intent" value="import" />
      <div className="field">
        <label htmlFor="calendar-import-file">{t('calendar.importFile')}</label>
        <input
          id="calendar-import-file"
          type="file"
          name="file"
          accept="application/json,.json"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'calendar-import-error' : undefined}
        />
        {error ? (
          <ul id="calendar-import-error" className="field-errors" role="alert">
            <li>{t(error.messageKey, error.params)}</li>
          </ul>
        ) : null}
      </div>
      <p id="calendar-import-hint" className="hint muted">
        {t('calendar.importHint')}
      </p>
      <SubmitButton>{t('calendar.importSubmit')}</SubmitButton>
    </Form>
  )
}
