/**
 * The admin calendar page's parts (app/routes/admin+/calendar.tsx): the year's overrides with a
 * delete button each, the form for one override, the year import, and the list of touched years.
 * Each form shows only its own intent's answer (useIntentReply).
 */
import { getFormProps } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EmptyRow } from '~/components/admin/shared'
import { ErrorList, Field, FormProblem, SelectField, SubmitButton, useIntentReply } from '~/components/forms'
import { ProvisionalNote } from '~/components/provisional-note'
import { useSchemaForm } from '~/components/use-schema-form'
import { OverrideSchema, type OverrideInput } from '~/domain/calendar/schemas'

export interface OverrideRow {
  date: string
  kind: string
  nameZh: string | null
  nameEn: string | null
  source: string
  updatedAt: string
}

export interface YearLink {
  year: number
  href: string
  overrides: number
  source: string | null
  updatedAt: string | null
  provisional: boolean
}

const kindOptions = [
  { value: 'holiday', key: 'calendar.kindHoliday' },
  { value: 'makeup_workday', key: 'calendar.kindMakeup' },
  { value: 'workday', key: 'calendar.kindWorkday' },
] as const

/** The year's overrides, each with its delete form; a refused delete is shown above the table. */
export function OverridesTable({ overrides }: { overrides: OverrideRow[] }) {
  const { t, i18n } = useTranslation()
  const refused = useIntentReply('delete')
  const en = i18n.language === 'en'
  return (
    <>
      <FormProblem problem={refused.formError} />
      <ErrorList errors={refused.lastResult?.error?.date} />
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
    </>
  )
}

export function OverrideForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('save')
  const [form, fields] = useSchemaForm<OverrideInput>(OverrideSchema, { id: 'calendar-override', lastResult })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <FormProblem problem={formError} />
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

/** The year import: a JSON file; what is wrong with it is shown at the file field. */
export function ImportForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('import')
  const errors = lastResult?.error?.file
  return (
    <Form method="post" encType="multipart/form-data" className="admin-form" aria-describedby="calendar-import-hint">
      <input type="hidden" name="intent" value="import" />
      <FormProblem problem={formError} />
      <div className="field">
        <label htmlFor="calendar-import-file">{t('calendar.importFile')}</label>
        <input
          id="calendar-import-file"
          type="file"
          name="file"
          accept="application/json,.json"
          required
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={errors?.length ? 'calendar-import-error' : undefined}
        />
        <ErrorList id="calendar-import-error" errors={errors} />
      </div>
      <p id="calendar-import-hint" className="hint muted">
        {t('calendar.importHint')}
      </p>
      <SubmitButton>{t('calendar.importSubmit')}</SubmitButton>
    </Form>
  )
}

/** Every year an admin has touched (imported, or with overrides), each linked to its page. */
export function YearsTable({ years }: { years: YearLink[] }) {
  const { t } = useTranslation()
  return (
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
        {years.length ? (
          years.map((y) => (
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
  )
}
