import { NotFound } from '~/domain/errors'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The `$id` of an admin edit page: `new` (→ undefined, a new record) or a uuid. Anything else
 * is a 404 before it reaches PostgreSQL, which would throw on a malformed uuid.
 */
export function recordIdParam(id: string | undefined): string | undefined {
  if (id === 'new') return undefined
  if (!id || !UUID.test(id)) throw new NotFound()
  return id.toLowerCase()
}

/** An option row for selects and checkbox groups: only what the form needs. */
export function optionOf(row: { id: string; code: string; nameZh: string; nameEn: string }) {
  return { id: row.id, code: row.code, nameZh: row.nameZh, nameEn: row.nameEn }
}

/** An instant as "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai (fixed UTC+8, no daylight saving). */
export function shanghaiDateTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 60 * 60 * 1000).toISOString().slice(0, 19).replace('T', ' ')
}
