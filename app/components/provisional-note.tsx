import { createContext, useContext, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import { formatList } from '~/utils/format'


const noteStyle = {
  display: 'inline-block',
  marginLeft: '0.35rem',
  padding: '0 0.4rem',
  border: '1px dashed currentColor',
  borderRadius: '0.3rem',
  fontSize: '0.75rem',
  fontWeight: 'normal',
  cursor: 'help',
} as const

/**
 * The "provisional" marker beside a date or count computed through a year whose official
 * holiday arrangement is not loaded yet (statutory holidays and weekends only). The tooltip and
 * the screen-reader text explain it. Renders nothing when `years` is empty.
 */
export function ProvisionalNote({ years }: { years: readonly number[] | null | undefined }) {
  const { t, i18n } = useTranslation()
  if (!years || years.length === 0) return null
  const list = formatList(years, i18n.language)
  return (
    <small
      className="provisional-note"
      style={noteStyle}
      title={t('calendarYears.provisional.explain', { years: list })}
      data-testid="provisional-note"
      data-provisional-years={years.join(',')}
    >
      {t('calendarYears.provisional.label')}
      <span className="visually-hidden"> {t('calendarYears.provisional.title', { years: list })}</span>
    </small>
  )
}

/** The calendar's range: the official years and, when there are any, the provisional ones after them. */
export function CalendarRange({
  knownRange,
  provisionalYears,
}: {
  knownRange: { firstYear: number; lastYear: number }
  provisionalYears: readonly number[]
}) {
  const { t } = useTranslation()
  const { firstYear, lastYear } = knownRange
  const firstProvisional = provisionalYears[0]
  return (
    <p className="muted" data-testid="calendar-known-range">
      {firstProvisional === undefined
        ? t('calendarYears.rangeAllOfficial', { firstYear, lastYear })
        : t('calendarYears.range', {
            firstYear,
            lastOfficialYear: firstProvisional - 1,
            firstProvisionalYear: firstProvisional,
            lastYear,
          })}
    </p>
  )
}

const ProvisionalYearsContext = createContext<readonly number[]>([])

/** Gives the calendar's provisional years (from the loader) to every ProvisionalDate below. */
export function ProvisionalYears({ years, children }: { years: readonly number[]; children: ReactNode }) {
  return <ProvisionalYearsContext.Provider value={years}>{children}</ProvisionalYearsContext.Provider>
}

/** The provisional years given by the nearest ProvisionalYears ([] outside one). */
export function useProvisionalYears(): readonly number[] {
  return useContext(ProvisionalYearsContext)
}

/** The provisional marker for a date (or the span of dates) counted in working days, under ProvisionalYears. */
export function ProvisionalDate({ dates }: { dates: readonly (string | null | undefined)[] }) {
  const provisional = useContext(ProvisionalYearsContext)
  return <ProvisionalNote years={provisionalYearsBetween(provisional, ...dates)} />
}
