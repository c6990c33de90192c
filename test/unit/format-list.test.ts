import { describe, expect, it } from 'vitest'
import { formatList } from '~/utils/format'

// Issue 12: English pages showed the Chinese '、' separator.
describe('formatList', () => {
  it('joins with 、 in Chinese and with commas in English', () => {
    expect(formatList(['甲', '乙', '丙'], 'zh-CN')).toBe('甲、乙、丙')
    expect(formatList(['A (1)', 'B (2)', 'C (3)'], 'en')).toBe('A (1), B (2), C (3)')
    expect(formatList([2027, 2028], 'en')).toBe('2027, 2028')
    expect(formatList([2027], 'zh-CN')).toBe('2027')
    expect(formatList([], 'en')).toBe('')
  })
})
