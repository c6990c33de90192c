import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ClockTimeline } from '~/components/clock-timeline'
import { PageHeader } from '~/components/page-header'
import { officialCalendar } from '~/domain/calendar/working-days'
import { computeClock, type ClockEvent, type ClockLimits } from '~/domain/clock/bundled-clock'
import type { CalendarDate } from '~/domain/dates'
import { handle } from '~/utils/handler.server'
import { getT } from '~/utils/i18n.server'

export const meta: MetaFunction = () => [{ title: '捆绑审批时钟示例 · Bundled approval clock examples' }]

/** A fixed "today" so the examples read the same every day (they use the 2025 National Day arrangement). */
const DEMO_TODAY: CalendarDate = '2025-10-24'

type ExampleKey = 'running' | 'nationalDay' | 'revision' | 'approvalOver' | 'ownerPause'

interface Example {
  key: ExampleKey
  limits: ClockLimits
  events: ClockEvent[]
}

function examples(reason: (key: string) => string): Example[] {
  return [
    {
      key: 'running',
      limits: { committedDays: 20, serviceDays: 25, statutoryDays: 60, processingDays: 20 },
      events: [
        { type: 'started', date: '2025-10-13' },
        { type: 'pause_requested', date: '2025-10-23', reason: reason('siteAccess') },
      ],
    },
    {
      key: 'nationalDay',
      limits: { committedDays: 20, serviceDays: 25, statutoryDays: 60, processingDays: 20 },
      events: [
        { type: 'started', date: '2025-09-15' },
        { type: 'pause_requested', date: '2025-09-26', reason: reason('topographicMap') },
        { type: 'pause_confirmed', date: '2025-09-28' },
        { type: 'resumed', date: '2025-10-15' },
      ],
    },
    {
      key: 'revision',
      limits: { committedDays: 20, serviceDays: 25, statutoryDays: 60, processingDays: 20 },
      events: [
        { type: 'started', date: '2025-08-25' },
        { type: 'delivered', date: '2025-09-19' },
        { type: 'returned_for_revision', date: '2025-09-24', reason: reason('incompleteData') },
        { type: 'delivered', date: '2025-10-14' },
        { type: 'approval_submitted', date: '2025-10-16' },
      ],
    },
    {
      key: 'approvalOver',
      limits: { committedDays: 20, serviceDays: 30, statutoryDays: 60, processingDays: 20 },
      events: [
        { type: 'started', date: '2025-08-11' },
        { type: 'delivered', date: '2025-09-05' },
        { type: 'approval_submitted', date: '2025-09-08' },
      ],
    },
    {
      key: 'ownerPause',
      limits: { committedDays: 15, serviceDays: 20, statutoryDays: 40, processingDays: 15 },
      events: [
        { type: 'started', date: '2025-09-29' },
        { type: 'pause_recorded', date: '2025-10-20', reason: reason('designChange') },
      ],
    },
  ]
}

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  const t = await getT(request)
  const calendar = officialCalendar()
  const reason = (key: string) => t(`clock.demo.reason.${key}`)
  return {
    today: DEMO_TODAY,
    provisionalYears: calendar.provisionalYears,
    examples: examples(reason).map((e) => ({
      ...e,
      state: computeClock({ calendar, today: DEMO_TODAY, limits: e.limits, events: e.events }),
    })),
  }
})

export default function ClockDemoPage() {
  const { t } = useTranslation()
  const { today, provisionalYears, examples } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={t('clock.demo.title')} lead={t('clock.demo.lead')} />
      <p className="notice">{t('clock.demo.asOf', { date: today })}</p>
      {examples.map((e) => (
        <section key={e.key} className="card" style={{ marginTop: '1rem' }} aria-labelledby={`example-${e.key}`}>
          <h2 id={`example-${e.key}`} style={{ marginTop: 0 }}>
            {t(`clock.demo.example.${e.key}.title`)}
          </h2>
          <p>{t(`clock.demo.example.${e.key}.caption`)}</p>
          <p className="muted">
            {t('clock.demo.limits', {
              c: e.limits.committedDays,
              s: e.limits.serviceDays,
              p: e.limits.processingDays,
              l: e.limits.statutoryDays,
            })}
          </p>
          <ClockTimeline state={e.state} today={today} provisionalYears={provisionalYears} />
          <details style={{ marginTop: '0.6rem' }}>
            <summary>{t('clock.demo.events')}</summary>
            <ol>
              {e.events.map((ev, i) => (
                <li key={i}>
                  <span className="mono">{ev.date}</span> {t(`clock.event.${ev.type}`)}
                  {ev.reason ? ` · ${ev.reason}` : null}
                </li>
              ))}
            </ol>
          </details>
        </section>
      ))}
    </>
  )
}
