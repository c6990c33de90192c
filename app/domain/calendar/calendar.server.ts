/**
 * The working-day calendar as the app uses it: the shipped official data merged with the
 * admin's override table. Built once per process and rebuilt when any instance changes the
 * overrides (a version number in app_settings, bumped in the same transaction as the change).
 */
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server'
import { appSettings, calendarOverrides, calendarYears } from '#db/schema'
import { now } from '~/domain/now'
import { RuleViolation } from '~/domain/errors'
import { recordAudit, type Actor } from '~/utils/audit.server'
import { provisionalYearsBetween } from './provisional'
import type { OverrideInput, YearImportFile } from './schemas'
import type { WorkingDayCalendar } from './types'
import { readYearFile } from './year-file'
import { missingStatutoryHolidays, officialCalendar, officialSpecialDays, shippedDaysOf, type SpecialDay } from './working-days'

const VERSION_KEY = 'calendar_version'

let cached: { version: number; calendar: WorkingDayCalendar } | undefined

async function currentVersion(db: Db): Promise<number> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, VERSION_KEY))
  return typeof row?.value === 'number' ? row.value : 0
}

async function bumpVersion(tx: Db) {
  await tx
    .insert(appSettings)
    .values({ key: VERSION_KEY, value: 1, updatedAt: now() })
    .onConflictDoUpdate({
      target: appSettings.key,
      set: { value: sql`to_jsonb(coalesce((${appSettings.value})::text::int, 0) + 1)`, updatedAt: now() },
    })
}

export async function getCalendar(db: Db): Promise<WorkingDayCalendar> {
  const version = await currentVersion(db)
  if (cached && cached.version === version) return cached.calendar
  const [days, years] = await Promise.all([db.select().from(calendarOverrides), db.select().from(calendarYears)])
  const calendar = officialCalendar({ days, extraYears: years.map((y) => y.year) })
  cached = { version, calendar }
  return calendar
}

/** The provisional years among the years spanned by the given dates (nulls ignored), ascending. */
export async function provisionalYearsOf(db: Db, dates: readonly (string | null | undefined)[]): Promise<number[]> {
  return provisionalYearsBetween((await getCalendar(db)).provisionalYears, ...dates)
}

/** The last year of the shipped official data (later years need the admin). */
export function shippedLastYear(): number {
  return officialSpecialDays().lastYear
}

export async function listOverrides(db: Db, year: number) {
  return db
    .select()
    .from(calendarOverrides)
    .where(and(gte(calendarOverrides.date, `${year}-01-01`), lte(calendarOverrides.date, `${year}-12-31`)))
    .orderBy(asc(calendarOverrides.date))
}

export async function listCalendarYears(db: Db) {
  return db.select().from(calendarYears).orderBy(asc(calendarYears.year))
}

/** Each year that has overrides, with how many (ascending). */
export async function listOverrideYears(db: Db): Promise<{ year: number; count: number }[]> {
  const year = sql<number>`extract(year from ${calendarOverrides.date})::int`
  const rows = await db
    .select({ year, count: sql<number>`count(*)::int` })
    .from(calendarOverrides)
    .groupBy(year)
    .orderBy(year)
  return rows.map((r) => ({ year: Number(r.year), count: Number(r.count) }))
}

export async function saveOverride(db: Db, actor: Actor, input: OverrideInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarOverrides).where(eq(calendarOverrides.date, input.date))
    const values = {
      date: input.date,
      kind: input.kind,
      nameZh: input.nameZh || null,
      nameEn: input.nameEn || null,
      source: input.source,
      updatedBy: actor.userId,
      updatedAt: now(),
    }
    await tx.insert(calendarOverrides).values(values).onConflictDoUpdate({ target: calendarOverrides.date, set: values })
    await bumpVersion(tx)
    await recordAudit(tx, {
      actor,
      action: before ? 'calendar.override.updated' : 'calendar.override.created',
      entityType: 'calendar_day',
      entityId: input.date,
      payload: { before: before ? pickDay(before) : null, after: pickDay(values) },
    })
  })
}

export async function deleteOverride(db: Db, actor: Actor, date: string) {
  return db.transaction(async (tx) => {
    const [before] = await tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date)).returning()
    if (!before) throw new RuleViolation('calendar.noSuchOverride', { date }, 'date')
    await bumpVersion(tx)
    await recordAudit(tx, {
      actor,
      action: 'calendar.override.deleted',
      entityType: 'calendar_day',
      entityId: date,
      payload: { before: pickDay(before) },
    })
  })
}

/**
 * The statutory holidays an imported year would lack: for a year after the shipped data the
 * file is the whole arrangement; for a shipped year the file's days lie over the shipped ones.
 */
export function importMissingHolidays(file: YearImportFile): string[] {
  const byDate = new Map<string, Pick<SpecialDay, 'date' | 'kind'>>()
  for (const d of shippedDaysOf(file.year)) byDate.set(d.date, d)
  for (const d of file.days) byDate.set(d.date, d)
  return missingStatutoryHolidays(file.year, [...byDate.values()])
}

/**
 * Replaces a year's overrides with the file's days. The file must be a complete year: every
 * statutory holiday of the year a holiday (else RuleViolation naming the missing dates, nothing
 * written). A year after the shipped data becomes an official year (no longer provisional).
 */
export async function importYear(db: Db, actor: Actor, file: YearImportFile) {
  const missing = importMissingHolidays(file)
  if (missing.length) {
    throw new RuleViolation('calendarYears.importIncomplete', { year: file.year, dates: missing.join(', ') }, 'file')
  }
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(calendarOverrides)
      .where(and(gte(calendarOverrides.date, `${file.year}-01-01`), lte(calendarOverrides.date, `${file.year}-12-31`)))
      .returning({ date: calendarOverrides.date })
    if (file.days.length) {
      await tx.insert(calendarOverrides).values(
        file.days.map((d) => ({
          date: d.date,
          kind: d.kind,
          nameZh: d.nameZh || null,
          nameEn: d.nameEn || null,
          source: file.source,
          updatedBy: actor.userId,
          updatedAt: now(),
        })),
      )
    }
    const extendsRange = file.year > shippedLastYear()
    if (extendsRange) {
      const values = { year: file.year, source: file.source, updatedBy: actor.userId, updatedAt: now() }
      await tx.insert(calendarYears).values(values).onConflictDoUpdate({ target: calendarYears.year, set: values })
    }
    await bumpVersion(tx)
    await recordAudit(tx, {
      actor,
      action: 'calendar.year.imported',
      entityType: 'calendar_year',
      entityId: String(file.year),
      payload: { source: file.source, days: file.days, replaced: removed.length, extendsRange },
    })
    return { imported: file.days.length, replaced: removed.length, extendsRange }
  })
}

function pickDay(d: { date: string; kind: string; nameZh: string | null; nameEn: string | null; source: string }) {
  return { date: d.date, kind: d.kind, nameZh: d.nameZh, nameEn: d.nameEn, source: d.source }
}

/**
 * Imports a year from the admin's uploaded JSON file: its problems (unreadable JSON, the wrong
 * shape, a statutory holiday missing) are RuleViolations at the `file` field; nothing is written
 * then. Returns the year and what importYear returns.
 */
export async function importYearFile(db: Db, actor: Actor, file: Blob) {
  const year = readYearFile(await file.text())
  return { year: year.year, ...(await importYear(db, actor, year)) }
}
