import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '~/i18n/en'
import { keyFamilies } from '~/i18n/key-families'
import { zhCN } from '~/i18n/zh-CN'
import { keyUses, type KeyUse } from '../support/i18n-key-uses'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
}

function lookup(dict: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), dict)
}

// A key used with a count may exist as its i18next plural forms instead (`key_one` and `key_other`).
const existsIn = (dict: object, k: string) =>
  typeof lookup(dict, k) === 'string' || (typeof lookup(dict, `${k}_one`) === 'string' && typeof lookup(dict, `${k}_other`) === 'string')
const exists = (k: string) => existsIn(zhCN, k) && existsIn(en, k)

const appRoot = path.resolve(import.meta.dirname, '../../app')
let cached: KeyUse[] | undefined
/** Every key use in app/ (the dictionary and its key families excepted: they define, not use). */
function uses(): KeyUse[] {
  cached ??= keyUses(appRoot, new Set(Object.keys(zhCN)), (file) => file.startsWith(path.join(appRoot, 'i18n') + path.sep))
  return cached
}

/** The keys a declared pattern can produce: one list of values per `*`. */
function expand(pattern: string, values: readonly string[] | readonly (readonly string[])[]): string[] {
  const parts = pattern.split('*')
  const lists = (parts.length === 2 ? [values] : values) as readonly (readonly string[])[]
  if (lists.length !== parts.length - 1 || lists.some((l) => !Array.isArray(l))) throw new Error(`${pattern}: give one list of values per *`)
  return lists.reduce<string[]>((acc, list, i) => acc.flatMap((head) => list.map((v) => head + v + parts[i + 1])), [parts[0]])
}

/** The audit action or entity keys the code writes (`action: '…'`, `entityType: '…'` literals and declared templates). */
function auditKeys(prefix: 'auditEvents.action.' | 'auditEvents.entity.'): string[] {
  return uses().flatMap((u) => {
    if (u.kind === 'literal') return u.key.startsWith(prefix) ? [u.key] : []
    const family = keyFamilies[u.pattern]
    return u.pattern.startsWith(prefix) && u.pattern !== `${prefix}*` && Array.isArray(family) ? expand(u.pattern, family) : []
  })
}

describe('translations', () => {
  it('zh-CN and English have exactly the same keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
    for (const k of keys(zhCN)) {
      expect(String(lookup(zhCN, k)).trim(), k).not.toBe('')
      expect(String(lookup(en, k)).trim(), k).not.toBe('')
    }
  })

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
    for (const k of keys(zhCN)) expect(vars(String(lookup(en, k))), k).toEqual(vars(String(lookup(zhCN, k))))
  })

  it('every key the code can produce exists in both languages', { timeout: 60_000 }, () => {
    const problems: string[] = []
    for (const use of uses()) {
      if (use.kind === 'literal') {
        // A dotted string handed to the audit log through a variable is an audit action.
        if (!exists(use.key) && !exists(`auditEvents.action.${use.key}`)) problems.push(`missing key ${use.key} (app/${use.where})`)
      } else if (!(use.pattern in keyFamilies)) {
        problems.push(`template key ${use.pattern} (app/${use.where}) is not declared in app/i18n/key-families.ts`)
      }
    }
    for (const [pattern, values] of Object.entries(keyFamilies)) {
      const produced =
        values === 'auditActions' ? auditKeys('auditEvents.action.') : values === 'auditEntities' ? auditKeys('auditEvents.entity.') : expand(pattern, values)
      for (const k of produced) if (!exists(k)) problems.push(`missing key ${k} (from ${pattern})`)
    }
    expect([...new Set(problems)]).toEqual([])
  })

  it('declares only key families the code uses', { timeout: 60_000 }, () => {
    const used = new Set(uses().flatMap((u) => (u.kind === 'template' ? [u.pattern] : [])))
    expect(Object.keys(keyFamilies).filter((p) => !used.has(p))).toEqual([])
  })
})
