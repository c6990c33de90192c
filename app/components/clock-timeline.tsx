/**
 * The bundled approval clock as a picture (SPEC §6): one horizontal bar measured in working days
 * after the contract started. The agency's counted days (blue) and the approval's (purple) sit on
 * it in order, bordered in their light's colour; pauses are hatched and owner time is grey — both
 * take room on the bar but count against nobody — so the statutory limit L is marked where the
 * bundled count reaches (or, counting on from today, would reach) L working days. Today, the due
 * dates of C and P, and L are labelled below. When the owner extended C, the C mark and its due
 * date use the extended budget, and each extension is a small mark above the bar at the day it was
 * granted ("+N"). A table and a description list repeat every figure for screen readers and for
 * print (C, + extension, = the budget in force). Server-rendered; no browser-only APIs.
 */
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { ClockState, Light, SegmentState, TimelineSpan } from '~/domain/clock/bundled-clock'
import { ProvisionalNote, useProvisionalYears } from '~/components/provisional-note'
import { provisionalYearsBetween } from '~/domain/calendar/provisional'
import type { CalendarDate } from '~/domain/dates'

const COLOURS = {
  agency: '#2f6fdb',
  approval: '#7b3fc4',
  owner: '#c9ced6',
  pausedLine: '#a07800',
  pausedFill: '#fff4c8',
  track: '#eef0f3',
  trackLine: '#aab2bd',
  overLimit: '#fde3e0',
  ink: '#1f2328',
  muted: '#5f6670',
  green: '#1a7f37',
  yellow: '#bf8700',
  red: '#b3261e',
} as const

const lightColour = (light: Light): string => COLOURS[light]

const WIDTH = 760
const PAD = 14
const BAR_Y = 26
const BAR_H = 28
const ROWS = [BAR_Y + BAR_H + 18, BAR_Y + BAR_H + 36, BAR_Y + BAR_H + 54] as const
const HEIGHT = ROWS[2] + 10

type SegmentKey = 'agency' | 'approval' | 'total'
const SEGMENTS: readonly SegmentKey[] = ['agency', 'approval', 'total']

export function ClockTimeline({
  state,
  today,
  provisionalYears,
}: {
  state: ClockState
  today: CalendarDate
  /** Years without an official holiday arrangement (the calendar's); else those of an enclosing ProvisionalYears. */
  provisionalYears?: readonly number[]
}) {
  const { t } = useTranslation()
  const enclosing = useProvisionalYears()
  // A count or due date that runs through such a year is provisional (docs/decisions/004).
  const provisionalTo = (date: CalendarDate | null) =>
    provisionalYearsBetween(provisionalYears ?? enclosing, state.startedOn, today, date)
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '')
  const hatchId = `clock-hatch-${uid}`
  const tl = state.timeline
  const plot = WIDTH - 2 * PAD
  const px = (x: number) => PAD + (Math.min(Math.max(x, 0), tl.extent) / tl.extent) * plot
  const anchorAt = (x: number): { x: number; anchor: 'start' | 'end' } =>
    px(x) < WIDTH * 0.55 ? { x: px(x) + 9, anchor: 'start' } : { x: px(x) - 9, anchor: 'end' }

  const lightName = (light: Light) => t(`clock.light.${light}`)
  // The agency phase reads differently while the clock is paused.
  const phaseName = t(
    `clock.phase.${state.phase === 'agency' && state.agency.status === 'paused' ? 'paused' : state.phase}`,
  )
  const extended = state.extensionDays > 0
  const summary = (key: SegmentKey, seg: SegmentState) =>
    key === 'agency' && extended
      ? t('clock.segmentSummaryExtended', {
          segment: t(`clock.segment.${key}`),
          used: seg.used,
          committed: state.committedDays,
          extension: state.extensionDays,
          budget: seg.budget,
          light: lightName(seg.light),
        })
      : t('clock.segmentSummary', {
          segment: t(`clock.segment.${key}`),
          used: seg.used,
          budget: seg.budget,
          light: lightName(seg.light),
        })
  const extensionText = (e: { days: number; date: CalendarDate }) =>
    t('clock.extensionMark', { count: e.days, date: e.date })
  const label = [
    t('clock.pictureLabel', {
      phase: phaseName,
      agency: summary('agency', state.agency),
      approval: summary('approval', state.approval),
      total: summary('total', state.total),
    }),
    ...state.extensions.map(extensionText),
  ].join(' ')

  const spanFill = (s: TimelineSpan) =>
    s.kind === 'agency'
      ? COLOURS.agency
      : s.kind === 'approval'
        ? COLOURS.approval
        : s.kind === 'owner'
          ? COLOURS.owner
          : `url(#${hatchId})`
  const spanStroke = (s: TimelineSpan) =>
    s.kind === 'agency'
      ? lightColour(state.agency.light)
      : s.kind === 'approval'
        ? lightColour(state.approval.light)
        : s.kind === 'paused'
          ? COLOURS.pausedLine
          : COLOURS.trackLine

  const todayVisible = tl.todayX <= tl.extent
  const limitLabel = state.total.dueDate
    ? t('clock.limitDue', { days: state.limits.statutoryDays, date: state.total.dueDate })
    : t('clock.limit', { days: state.limits.statutoryDays })
  const agencyLabel = state.agency.dueDate
    ? t('clock.agencyDue', { date: state.agency.dueDate })
    : t('clock.agencyDueOpen')

  return (
    <div className="clock-timeline" style={{ margin: '0.5rem 0 1rem' }}>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: `${WIDTH}px`, display: 'block', fontSize: '12px', fontFamily: 'inherit' }}
      >
        <title>{label}</title>
        <defs>
          <pattern id={hatchId} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={COLOURS.pausedFill} />
            <line x1="0" y1="0" x2="0" y2="6" stroke={COLOURS.pausedLine} strokeWidth="2.5" />
          </pattern>
        </defs>

        {/* The budget L (projected where it is not reached yet) and, past it, the over-limit zone. */}
        <rect
          x={px(0)}
          y={BAR_Y}
          width={px(tl.limitX) - px(0)}
          height={BAR_H}
          fill={COLOURS.track}
          stroke={COLOURS.trackLine}
        />
        {tl.extent > tl.limitX ? (
          <rect
            x={px(tl.limitX)}
            y={BAR_Y}
            width={px(tl.extent) - px(tl.limitX)}
            height={BAR_H}
            fill={COLOURS.overLimit}
          />
        ) : null}

        {tl.spans.map((s) => {
          const x = px(s.x0)
          const w = Math.max(px(s.x1) - x, 1)
          const days = s.x1 - s.x0
          return (
            <g key={`${s.kind}-${s.x0}-${s.x1}`}>
              <rect
                x={x + 1}
                y={BAR_Y + 1.5}
                width={Math.max(w - 2, 1)}
                height={BAR_H - 3}
                fill={spanFill(s)}
                stroke={spanStroke(s)}
                strokeWidth={s.kind === 'agency' || s.kind === 'approval' ? 2.5 : 1}
                strokeDasharray={s.open ? '5 2' : undefined}
              >
                <title>{`${t(`clock.legend.${s.kind}`)}: ${s.from} → ${s.to} (${days})`}</title>
              </rect>
              {(s.kind === 'agency' || s.kind === 'approval') && w >= 24 ? (
                <text x={x + w / 2} y={BAR_Y + BAR_H / 2 + 4} textAnchor="middle" fill="#fff" fontWeight={700}>
                  {days}
                </text>
              ) : null}
            </g>
          )
        })}

        {/* Overdue agency days: a red band under the part of the blue spans beyond C. */}
        {tl.agencyOverdueFromX !== null
          ? tl.spans
              .filter((s) => s.kind === 'agency' && s.x1 > (tl.agencyOverdueFromX ?? 0))
              .map((s) => {
                const from = Math.max(s.x0, tl.agencyOverdueFromX ?? 0)
                return (
                  <rect
                    key={`overdue-${s.x0}`}
                    x={px(from) + 1}
                    y={BAR_Y + BAR_H - 7}
                    width={Math.max(px(s.x1) - px(from) - 2, 1)}
                    height={5}
                    fill={COLOURS.red}
                  />
                )
              })
          : null}

        {/* Due marks, each with its light chip, on its own row. */}
        {tl.agencyDueX !== null ? (
          <Mark
            x={px(tl.agencyDueX)}
            row={ROWS[0]}
            colour={COLOURS.agency}
            chip={lightColour(state.agency.light)}
            dashed={!state.agency.dueDate}
          >
            <text
              x={anchorAt(tl.agencyDueX).x}
              y={ROWS[0] + 4}
              textAnchor={anchorAt(tl.agencyDueX).anchor}
              fill={COLOURS.ink}
            >
              {agencyLabel}
            </text>
          </Mark>
        ) : null}
        {tl.approvalDueX !== null && state.approval.dueDate ? (
          <Mark
            x={px(tl.approvalDueX)}
            row={ROWS[1]}
            colour={COLOURS.approval}
            chip={lightColour(state.approval.light)}
          >
            <text
              x={anchorAt(tl.approvalDueX).x}
              y={ROWS[1] + 4}
              textAnchor={anchorAt(tl.approvalDueX).anchor}
              fill={COLOURS.ink}
            >
              {t('clock.approvalDue', { date: state.approval.dueDate })}
            </text>
          </Mark>
        ) : null}
        <Mark x={px(tl.limitX)} row={ROWS[2]} colour={COLOURS.ink} chip={lightColour(state.total.light)} width={3}>
          <text
            x={anchorAt(tl.limitX).x}
            y={ROWS[2] + 4}
            textAnchor={anchorAt(tl.limitX).anchor}
            fill={COLOURS.ink}
            fontWeight={700}
          >
            {limitLabel}
          </text>
        </Mark>

        {tl.pendingPauseX !== null && state.pendingPauseRequest ? (
          <path d={`M ${px(tl.pendingPauseX) - 5} ${BAR_Y - 7} h 10 l -5 6 z`} fill={COLOURS.pausedLine}>
            <title>{t('clock.pendingMark', { date: state.pendingPauseRequest.date })}</title>
          </path>
        ) : null}

        {/* Extensions of C: a small agency-coloured mark above the bar where each was granted. */}
        {tl.extensions.map((e, i) => (
          <g key={`extension-${i}`} className="clock-extension">
            <path
              d={`M ${px(e.x)} ${BAR_Y - 9} l 4 4 l -4 4 l -4 -4 z`}
              fill={COLOURS.agency}
              stroke="#fff"
              strokeWidth={1}
            >
              <title>{extensionText(e)}</title>
            </path>
            <text x={px(e.x) + 6} y={BAR_Y - 2} fill={COLOURS.agency} fontSize="10" fontWeight={700}>
              {t('clock.extensionTag', { days: e.days })}
            </text>
          </g>
        ))}

        {/* Today. */}
        {todayVisible ? (
          <g>
            <line
              x1={px(tl.todayX)}
              x2={px(tl.todayX)}
              y1={BAR_Y - 10}
              y2={BAR_Y + BAR_H + 4}
              stroke={COLOURS.ink}
              strokeWidth={1.5}
              strokeDasharray="3 2"
            />
            <text
              x={px(tl.todayX) < WIDTH * 0.55 ? px(tl.todayX) + 4 : px(tl.todayX) - 4}
              y={BAR_Y - 12}
              textAnchor={px(tl.todayX) < WIDTH * 0.55 ? 'start' : 'end'}
              fill={COLOURS.ink}
            >
              {t('clock.todayMark', { date: today })}
            </text>
          </g>
        ) : (
          <text x={WIDTH - PAD} y={BAR_Y - 12} textAnchor="end" fill={COLOURS.muted}>
            {t('clock.todayBeyond', { date: today })}
          </text>
        )}
      </svg>

      <Legend
        hatch={`repeating-linear-gradient(45deg, ${COLOURS.pausedLine} 0 2px, ${COLOURS.pausedFill} 2px 5px)`}
        extended={extended}
      />

      <table className="table compact" style={{ marginTop: '0.6rem' }}>
        <caption className="muted" style={{ captionSide: 'bottom', textAlign: 'left', paddingTop: '0.3rem' }}>
          {t('clock.unit')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('clock.columns.segment')}</th>
            <th scope="col" className="num">
              {t('clock.columns.used')}
            </th>
            <th scope="col" className="num">
              {t('clock.columns.budget')}
            </th>
            <th scope="col" className="num">
              {t('clock.columns.remaining')}
            </th>
            <th scope="col">{t('clock.columns.due')}</th>
            <th scope="col">{t('clock.columns.status')}</th>
            <th scope="col">{t('clock.columns.light')}</th>
          </tr>
        </thead>
        <tbody>
          {SEGMENTS.map((key) => {
            const seg = state[key]
            return (
              <tr key={key}>
                <th scope="row">
                  <Swatch
                    colour={key === 'agency' ? COLOURS.agency : key === 'approval' ? COLOURS.approval : COLOURS.ink}
                  />
                  {t(`clock.segment.${key}`)}
                </th>
                <td className="num">{seg.used}</td>
                <td className="num">
                  {key === 'agency' && extended ? (
                    <span
                      title={t('clock.budgetExtended', {
                        committed: state.committedDays,
                        extension: state.extensionDays,
                        budget: seg.budget,
                      })}
                    >
                      {seg.budget}{' '}
                      <span className="muted">
                        (
                        {t('clock.budgetExtended', {
                          committed: state.committedDays,
                          extension: state.extensionDays,
                          budget: seg.budget,
                        })}
                        )
                      </span>
                    </span>
                  ) : (
                    seg.budget
                  )}
                </td>
                <td className="num" style={seg.remaining < 0 ? { color: COLOURS.red, fontWeight: 700 } : undefined}>
                  {seg.remaining}
                </td>
                <td>
                  <span className="mono">{seg.dueDate ?? t('clock.noDate')}</span>
                  <ProvisionalNote years={provisionalTo(seg.dueDate)} />
                </td>
                <td>{t(`clock.status.${seg.status}`)}</td>
                <td>
                  <LightChip light={seg.light} name={lightName(seg.light)} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>

      <dl className="clock-details">
        <dt className="muted">{t('clock.phaseLabel')}</dt>
        <dd style={{ margin: 0 }}>{phaseName}</dd>
        <dt className="muted">{t('clock.pauses')}</dt>
        <dd style={{ margin: 0 }}>
          {state.pauses.length === 0 ? (
            t('clock.none')
          ) : (
            <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
              {state.pauses.map((p) => (
                <li key={p.from}>
                  {p.to
                    ? t('clock.pauseClosed', { from: p.from, to: p.to, days: p.workingDays })
                    : t('clock.pauseOpen', { from: p.from, days: p.workingDays })}
                  {' · '}
                  {p.source === 'confirmed'
                    ? t('clock.pauseSource.confirmed', { date: p.confirmedOn ?? p.from })
                    : t('clock.pauseSource.recorded')}
                  {p.reason ? ` · ${p.reason}` : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
        {state.pendingPauseRequest ? (
          <>
            <dt className="muted">{t('clock.pendingRequest')}</dt>
            <dd style={{ margin: 0 }}>
              {t('clock.pendingValue', { date: state.pendingPauseRequest.date })}
              {state.pendingPauseRequest.reason ? ` · ${state.pendingPauseRequest.reason}` : null}
            </dd>
          </>
        ) : null}
        {extended ? (
          <>
            <dt className="muted">{t('clock.extensions')}</dt>
            <dd style={{ margin: 0 }}>
              <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
                {state.extensions.map((e, i) => (
                  <li key={`${e.date}-${i}`} className="clock-extension-item">
                    {[extensionText(e), t('clock.extensionBudget', { budget: e.budgetAfter }), e.reason]
                      .filter(Boolean)
                      .join(' · ')}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt className="muted">{t('clock.revisionRounds')}</dt>
        <dd style={{ margin: 0 }}>{t('clock.revisionValue', { n: state.revisionRounds })}</dd>
        <dt className="muted">{t('clock.overdueDays')}</dt>
        <dd style={{ margin: 0 }}>
          {state.overdueDays.length === 0 ? (
            t('clock.none')
          ) : (
            <>
              {t('clock.overdueValue', { n: state.overdueDays.length })}{' '}
              <span className="mono">{state.overdueDays.join(', ')}</span>
            </>
          )}
        </dd>
      </dl>
    </div>
  )
}

function Mark({
  x,
  row,
  colour,
  chip,
  width = 2,
  dashed = false,
  children,
}: {
  x: number
  row: number
  colour: string
  chip: string
  width?: number
  dashed?: boolean
  children: React.ReactNode
}) {
  return (
    <g>
      <line
        x1={x}
        x2={x}
        y1={BAR_Y - 3}
        y2={row - 6}
        stroke={colour}
        strokeWidth={width}
        strokeDasharray={dashed ? '4 3' : undefined}
      />
      <circle cx={x} cy={row} r={5.5} fill={chip} stroke="#fff" strokeWidth={1.5} />
      {children}
    </g>
  )
}

function Swatch({ colour, background }: { colour?: string; background?: string }) {
  return (
    <span
      aria-hidden="true"
      style={{
        display: 'inline-block',
        width: '0.9em',
        height: '0.9em',
        marginRight: '0.35em',
        verticalAlign: '-0.1em',
        borderRadius: '2px',
        background: background ?? colour,
        border: '1px solid rgba(0,0,0,0.15)',
      }}
    />
  )
}

function LightChip({ light, name }: { light: Light; name: string }) {
  return (
    <span
      className={`clock-light clock-light-${light}`}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: '0.35em',
        padding: '0 0.5em',
        borderRadius: '999px',
        border: `1px solid ${lightColour(light)}`,
        color: lightColour(light),
        fontSize: '0.85rem',
        fontWeight: 600,
      }}
    >
      <span
        aria-hidden="true"
        style={{ width: '0.65em', height: '0.65em', borderRadius: '50%', background: lightColour(light) }}
      />
      {name}
    </span>
  )
}

function Legend({ hatch, extended }: { hatch: string; extended: boolean }) {
  const { t } = useTranslation()
  const items: [string, React.ReactNode][] = [
    ['agency', <Swatch key="a" colour={COLOURS.agency} />],
    ['approval', <Swatch key="p" colour={COLOURS.approval} />],
    ['paused', <Swatch key="h" background={hatch} />],
    ['owner', <Swatch key="o" colour={COLOURS.owner} />],
    ['overdue', <Swatch key="r" colour={COLOURS.red} />],
    ['overLimit', <Swatch key="x" colour={COLOURS.overLimit} />],
    ...(extended ? ([['extension', <Swatch key="e" colour={COLOURS.agency} />]] as [string, React.ReactNode][]) : []),
  ]
  return (
    <ul
      aria-label={t('clock.legend.title')}
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '0.2rem 1rem',
        listStyle: 'none',
        padding: 0,
        margin: '0.3rem 0 0',
        fontSize: '0.85rem',
      }}
    >
      {items.map(([key, swatch]) => (
        <li key={key}>
          {swatch}
          {t(`clock.legend.${key}`)}
        </li>
      ))}
      <li>
        <span
          aria-hidden="true"
          style={{
            display: 'inline-block',
            width: '1em',
            borderTop: `2px dashed ${COLOURS.ink}`,
            marginRight: '0.35em',
            verticalAlign: '0.2em',
          }}
        />
        {t('clock.legend.today')}
      </li>
    </ul>
  )
}
