// Stripe's form encoding, as the stripe npm client writes it (qs-style):
// `metadata[key]=v`, `expand[]=a&expand[]=b`, `items[0][price]=p`. Values stay strings.

export type FormValue = string | FormValue[] | { [key: string]: FormValue }
export type Form = { [key: string]: FormValue }

export function parseForm(body: string): Form {
  const out: Form = {}
  if (!body) return out
  for (const pair of body.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const rawKey = decode(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1))
    const first = rawKey.indexOf('[')
    const path =
      first === -1
        ? [rawKey]
        : [rawKey.slice(0, first), ...[...rawKey.slice(first).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1])]
    assign(out, path, value)
  }
  return out
}

function decode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '))
}

function assign(target: Form | FormValue[], path: string[], value: string): void {
  const [head, ...rest] = path
  const container = target as Record<string, FormValue>
  if (rest.length === 0) {
    if (Array.isArray(target) && head === '') target.push(value)
    else container[head] = value
    return
  }
  const nextIsArray = rest[0] === '' || /^\d+$/.test(rest[0])
  const key = Array.isArray(target) && head === '' ? String(target.length) : head
  if (container[key] === undefined || typeof container[key] === 'string') container[key] = nextIsArray ? [] : {}
  assign(container[key] as Form | FormValue[], rest, value)
}

/** A string field, or undefined. */
export function str(form: Form, key: string): string | undefined {
  const v = form[key]
  return typeof v === 'string' ? v : undefined
}

/** The `metadata[...]` map (strings only), or {}. */
export function metadataOf(form: Form): Record<string, string> {
  const m = form.metadata
  if (!m || typeof m !== 'object' || Array.isArray(m)) return {}
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'))
}
