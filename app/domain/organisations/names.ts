/**
 * How an organisation and its region are named on screen, in the reader's language. Every screen
 * that shows an organisation goes through these two (queries return both names; the choice is made
 * here, at the edge). Pure module.
 */
import { isRegionCode, regionName } from './regions'

export { regionName } from './regions'

/** What an organisation is called: `name` is the registered Chinese name, `nameEn` its English name ('' when none). */
export interface OrganisationNames {
  name: string
  nameEn?: string | null
}

/** The English name on English screens; the Chinese name otherwise, and in English only when there is no English name. */
export function organisationName(org: OrganisationNames, locale: string): string {
  const en = org.nameEn?.trim()
  return locale === 'en' && en ? en : org.name
}

/**
 * An organisation's region: the catalogue region (`regionCode`) in the reader's language, else
 * the old free text no code matched (`region`, shown as written), else ''.
 */
export function organisationRegion(org: { regionCode: string | null; region?: string | null }, locale: string): string {
  return regionName(org.regionCode ?? org.region ?? '', locale)
}

/**
 * Stored message params (notifications) that name an organisation carry both names: `organisation`
 * and `organisationEn` (the same for any `x` / `xEn` pair). An English reader gets `xEn` in place of
 * `x` when it is non-empty; everyone else gets the params unchanged.
 */
export function localizedParams<T extends Record<string, unknown>>(params: T | null | undefined, locale: string): T {
  const out = { ...(params ?? {}) } as Record<string, unknown>
  if (locale !== 'en') return out as T
  for (const [key, value] of Object.entries(out)) {
    const en = out[`${key}En`]
    if (!key.endsWith('En') && typeof value === 'string' && typeof en === 'string' && en.trim()) out[key] = en
  }
  return out as T
}

/**
 * An organisation's region for the JSON API, which keeps both languages: `region` the Chinese name
 * (or legacy free text, as before the catalogue), `regionEn` the English one, `regionCode` the
 * GB/T 2260 code (null for legacy text or none).
 */
export function regionFields(value: string | null | undefined): {
  region: string
  regionEn: string
  regionCode: string | null
} {
  return {
    region: regionName(value, 'zh-CN'),
    regionEn: regionName(value, 'en'),
    regionCode: isRegionCode(value) ? value : null,
  }
}
