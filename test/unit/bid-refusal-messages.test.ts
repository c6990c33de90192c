/**
 * The bid form's server-side refusals (price ceiling, C ≤ S) are shown at their field as a
 * translated sentence in both languages, never the raw key (issue 12).
 */
import { describe, expect, it } from 'vitest'
import { en } from '~/i18n/en'
import { zhCN as zh } from '~/i18n/zh-CN'

function lookup(dict: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], dict)
}

describe('bid refusal messages', () => {
  for (const key of ['needs.bids.validation.quoteAboveCeiling', 'needs.bids.validation.daysAboveLimit']) {
    it(`${key} translates in zh-CN and English`, () => {
      const zhText = lookup(zh, key)
      const enText = lookup(en, key)
      expect(typeof zhText).toBe('string')
      expect(typeof enText).toBe('string')
      expect(zhText).not.toBe(enText)
      expect(String(enText)).not.toContain('needs.')
    })
  }
})
