import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '~/i18n/en'
import { zhCN } from '~/i18n/zh-CN'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
}

function lookup(dict: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), dict)
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|tsx)$/.test(name) ? [full] : []
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

  it('every literal key used in the app and every validation message exists', () => {
    const root = path.resolve(import.meta.dirname, '../../app')
    const used = new Set<string>()
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1])
      for (const m of text.matchAll(/'((?:validation|errors|auth|notifications|needs)\.[a-zA-Z][\w.]*)'/g)) used.add(m[1])
    }
    // A key used with a count may exist as its i18next plural forms instead (`key_one` and `key_other`).
    const exists = (dict: object, k: string) =>
      typeof lookup(dict, k) === 'string' ||
      (typeof lookup(dict, `${k}_one`) === 'string' && typeof lookup(dict, `${k}_other`) === 'string')
    const missing = [...used].filter((k) => !exists(zhCN, k) || !exists(en, k))
    expect(missing).toEqual([])
  })
})
