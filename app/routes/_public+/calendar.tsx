import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { PageHeader } from '~/components/page-header'
import { CalendarRange, ProvisionalNote } from '~/components/provisional-note'
import { getCalendar } from '~/domain/calendar/calendar.server'
import { monthGrid, runCalculator } from '~/domain/calendar/month'
import { now } from '~/domain/now'
import { shanghaiDate } from '~/domain/dates'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '工作日历 · Working-day calendar' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url)
  const calendar = await getCalendar(await getDb())
  const today = shanghaiDate(now())
  return {
    today,
    knownRange: { firstYear: calendar.firstYear, lastYear: calendar.lastYear },
    provisionalYears: calendar.provisionalYears,
    month: monthGrid(calendar, url.searchParams.get('month'), today),
    calculator: runCalculator(calendar, url.searchParams),
  }
})

export default function CalendarPage() {
  const { t, i18n } = useTranslation()
  const { today, knownRange, provisionalYears, month, calculator } = useLoaderData<typeof loader>()
  const en = i18n.language === 'en'
  const weekdays = t('calendar.weekdays').split(',')
  return (
    <>
      <PageHeader title={t('public.calendarTitle')} lead={t('public.calendarLead')} />
      <CalendarRange knownRange={knownRange} provisionalYears={provisionalYears} />
      <div className="calendar-layout">
        <section aria-labelledby="month-title" className="card">
          <header className="month-nav">
            {month.previous ? (
              <Link to={`?month=${month.previous}`} aria-label={t('calendar.previousMonth')}>
                ←
              </Link>
            ) : (
              <span />
            )}
            <h2 id="month-title">
              {t('calendar.month', { year: month.year, month: month.month })}
              {month.provisional ? <ProvisionalNote years={[month.year]} /> : null}
            </h2>
            {month.next ? (
              <Link to={`?month=${month.next}`} aria-label={t('calendar.nextMonth')}>
                →
              </Link>
            ) : (
              <span />
            )}
          </header>
          <table className="month" data-testid="month-grid">
            <thead>
              <tr>
                {weekdays.map((d) => (
                  <th key={d} scope="col">
                    {d}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {month.weeks.map((week, i) => (
                <tr key={i}>
                  {week.map((day, j) =>
                    day ? (
                      <td
                        key={day.date}
                        className={`day ${day.kind}${day.date === today ? ' today' : ''}`}
                        data-date={day.date}
                        title={`${t(`terms.dayKind.${day.kind}`)}${day.nameZh ? ` · ${en ? day.nameEn : day.nameZh}` : ''}`}
                      >
                        <span className="day-number">{Number(day.date.slice(8))}</span>
                        {day.kind === 'holiday' || day.kind === 'makeup_workday' ? (
                          <span className="day-label">{day.kind === 'makeup_workday' ? t('calendar.makeupShort') : t('calendar.holidayShort')}</span>
                        ) : null}
                      </td>
                    ) : (
                      <td key={`blank-${j}`} className="blank" />
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="legend" aria-label={t('calendar.legend')}>
            {(['workday', 'weekend', 'holiday', 'makeup_workday'] as const).map((k) => (
              <li key={k}>
                <span className={`swatch ${k}`} aria-hidden /> {t(`terms.dayKind.${k}`)}
              </li>
            ))}
          </ul>
          {month.specialDays.length ? (
            <ul className="special-days">
              {month.specialDays.map((d) => (
                <li key={d.date}>
                  <span className="mono">{d.date}</span> {t(`terms.dayKind.${d.kind}`)} · {en ? d.nameEn : d.nameZh}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section aria-labelledby="calculator-title" className="card">
          <h2 id="calculator-title">{t('calendar.calculator')}</h2>
          <Form method="get" className="calc-form">
            <input type="hidden" name="month" value={`${month.year}-${String(month.month).padStart(2, '0')}`} />
            <div className="field">
              <label htmlFor="calc-start">{t('calendar.start')}</label>
              <input id="calc-start" name="start" type="date" defaultValue={calculator.add.start ?? today} />
            </div>
            <div className="field">
              <label htmlFor="calc-days">{t('calendar.days')}</label>
              <input id="calc-days" name="days" type="number" min={0} max={3650} defaultValue={calculator.add.days ?? '20'} />
            </div>
            <button type="submit">{t('calendar.compute')}</button>
          </Form>
          <CalcOutcome outcome={calculator.add.outcome} testId="add-result" />
          <Form method="get" className="calc-form">
            <input type="hidden" name="month" value={`${month.year}-${String(month.month).padStart(2, '0')}`} />
            <div className="field">
              <label htmlFor="calc-from">{t('calendar.from')}</label>
              <input id="calc-from" name="from" type="date" defaultValue={calculator.between.from ?? today} />
            </div>
            <div className="field">
              <label htmlFor="calc-to">{t('calendar.to')}</label>
              <input id="calc-to" name="to" type="date" defaultValue={calculator.between.to ?? ''} />
            </div>
            <button type="submit">{t('calendar.compute')}</button>
          </Form>
          <CalcOutcome outcome={calculator.between.outcome} testId="between-result" />
          <p className="muted">
            <Link to="/calendar/clock-demo">{t('calendar.clockDemoLink')}</Link> · <a href="/api/v1/calendar/day/2025-10-01">API</a>
          </p>
        </section>
      </div>
    </>
  )
}

function CalcOutcome({
  outcome,
  testId,
}: {
  outcome: { messageKey: string; params: Record<string, string | number>; ok: boolean; provisionalYears: number[] } | null
  testId: string
}) {
  const { t } = useTranslation()
  if (!outcome) return null
  return (
    <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'calc-result' : 'field-errors'} data-testid={testId}>
      {t(outcome.messageKey, outcome.params)}
      <ProvisionalNote years={outcome.provisionalYears} />
    </p>
  )
}
