import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '~/i18n/en'
import { zhCN } from '~/i18n/zh-CN'

/**
 * Every notification the need's state machine sends (`n('…')` in need-lifecycle.ts → the key
 * `needs.notify.…`) renders in both languages, with only the parameter notifyNeed gives it
 * (`{{title}}`): a missing key would show the raw key, an unknown variable an empty hole.
 */
const source = readFileSync(path.resolve(import.meta.dirname, '../../app/domain/needs/need-lifecycle.ts'), 'utf8')
const notifyKeys = [...new Set([...source.matchAll(/\bn\('([A-Za-z]+)'\)/g)].map((m) => m[1]!))].sort()

const notifyOf = (dict: { needs: { notify: Record<string, string> } }) => dict.needs.notify

describe("the need state machine's notifications", () => {
  it('finds the keys of the contract phase among them', () => {
    for (const key of [
      'contractSigned',
      'contractSignedByBoth',
      'paymentDue',
      'contractLapsed',
      'serviceStarted',
      'pauseRequested',
      'paused',
      'resumed',
      'extended',
      'delivered',
      'returnedForRevision',
      'accepted',
      'approvalSubmitted',
      'approvalDecided',
      'terminationProposed',
      'terminationDeclined',
      'terminated',
      'terminatedByAgreement',
    ])
      expect(notifyKeys).toContain(key)
  })

  it.each(notifyKeys)('needs.notify.%s exists in zh-CN and English and uses only {{title}}', (key) => {
    for (const dict of [zhCN, en]) {
      const text = notifyOf(dict)[key]
      expect(typeof text, `${key}`).toBe('string')
      expect(text!.trim()).not.toBe('')
      const vars = [...text!.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1])
      expect(vars.every((v) => v === 'title'), `${key}: ${text}`).toBe(true)
    }
  })
})
