/** What changed between two versions of an application, for the reviewer (pure). */
export interface FieldChange {
  field: string
  before: unknown
  after: unknown
}

export interface ListChange {
  field: string
  added: unknown[]
  removed: unknown[]
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  )

export function diffApplications(before: Record<string, unknown> | null, after: Record<string, unknown>) {
  const fields: FieldChange[] = []
  const lists: ListChange[] = []
  for (const key of Object.keys(after)) {
    const a = before?.[key]
    const b = after[key]
    if (Array.isArray(b) || Array.isArray(a)) {
      const left = (Array.isArray(a) ? a : []).map(stable)
      const right = (Array.isArray(b) ? b : []).map(stable)
      const added = right.filter((x) => !left.includes(x)).map((x) => JSON.parse(x))
      const removed = left.filter((x) => !right.includes(x)).map((x) => JSON.parse(x))
      if (added.length || removed.length) lists.push({ field: key, added, removed })
    } else if (stable(a) !== stable(b)) {
      fields.push({ field: key, before: a ?? null, after: b })
    }
  }
  return { fields, lists, changed: fields.length + lists.length > 0 }
}
