import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { HolidayUtil } from 'lunar-javascript'
import { useTranslation } from 'react-i18next'
import { EmptyState, PageHeader } from '~/components/page-header'
import { now } from '~/domain/clock'
import { shanghaiDate } from '~/domain/dates'
import { holidayNameEn } from '~/domain/calendar/holiday-names'
import { handle } from '~/utils/handler.server'

export const meta: MetaFunction = () => [{ title: '工作日历 · Working days' }]

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const thisYear = Number(shanghaiDate(now()).slice(0, 4))
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const year = Number.isInteger(asked) && asked >= 2001 && asked <= 2100 ? asked : thisYear
  const days = HolidayUtil.getHolidays(year).map((h) => ({
    date: h.getDay(),
    nameZh: h.getName(),
    nameEn: holidayNameEn(h.getName()),
    work: h.isWork(),
  }))
  return { year, days }
})

export default function CalendarPage() {
  const { t, i18n } = useTranslation()
  const { year, days } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('public.calendarTitle')} lead={t('public.calendarLead')}>
        <nav className="inline-form">
          <Link to={`?year=${year - 1}`}>← {year - 1}</Link>
          <Link to={`?year=${year + 1}`}>{year + 1} →</Link>
        </nav>
      </PageHeader>
      <h2>{t('public.holidaysOfYear', { year })}</h2>
      {days.length === 0 ? (
        <EmptyState>{t('public.calendarUnknownYear', { year })}</EmptyState>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('public.date')}</th>
              <th>{t('public.holidayName')}</th>
              <th>{t('public.kind')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.date} className={d.work ? 'makeup' : 'holiday'}>
                <td className="mono">{d.date}</td>
                <td>{i18n.language === 'en' ? d.nameEn : d.nameZh}</td>
                <td>{d.work ? t('calendar.makeup') : t('calendar.holiday')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted">{t('public.calendarSource')}</p>
    </>
  )
}
