import { describe, expect, it } from 'vitest'
import { numberParam } from '~/domain/transparency/api-params'
import { parseSavedHead, verdictOf, type CheckResults, type EventOutcome } from '~/domain/transparency/browser-check'

describe('numberParam: the log API reads plain decimals only', () => {
  it.each([
    ['0', 0],
    ['17', 17],
    ['-1', -1],
    ['1.5', 1.5],
    ['99999999999999999999', 1e20],
  ])('%s → %s', (text, value) => expect(numberParam(text)).toBe(value))

  it.each([null, undefined, '', ' ', '1e3', '0x10', '+1', 'abc', '1 ', 'Infinity', '١'])('%j → NaN (never 0)', (text) =>
    expect(numberParam(text)).toBeNaN(),
  )
})

const head = { treeSize: 5, rootHash: 'ab'.repeat(32), timestamp: 1_700_000_000_000, signature: 'c2ln', keyId: 'k' }

describe('parseSavedHead', () => {
  it('reads a saved head; none is null; anything else is unreadable', () => {
    expect(parseSavedHead(JSON.stringify(head))).toEqual(head)
    expect(parseSavedHead(null)).toBeNull()
    for (const text of ['', '{', '[]', JSON.stringify({ ...head, rootHash: 'xyz' }), JSON.stringify({ ...head, treeSize: -1 }), JSON.stringify({ ...head, treeSize: 1.5 })])
      expect(parseSavedHead(text), text).toBe('unreadable')
  })
})

describe('verdictOf', () => {
  const event = (status: 'included' | 'afterHead'): EventOutcome => ({ leafIndex: 1, action: 'need.published', entityType: 'need', occurredAt: '', status })
  const failedEvent: EventOutcome = { leafIndex: 2, action: 'bid.submitted', entityType: 'bid', occurredAt: '', status: 'failed', reason: 'notIncluded' }
  const base: CheckResults = { signature: { ok: true }, notice: null, saved: null }

  it('verified when every check passed (an event after the head waits, it does not fail)', () => {
    expect(verdictOf(base)).toEqual({ kind: 'verified' })
    expect(verdictOf({ ...base, notice: { found: true, events: [event('included'), event('afterHead')] }, saved: { ok: true, head } })).toEqual({ kind: 'verified' })
  })

  it('inconsistent when the saved head does not lead to the latest — whatever else failed', () => {
    expect(verdictOf({ ...base, saved: { ok: false, reason: 'notConsistent', head } })).toEqual({ kind: 'inconsistent' })
    expect(verdictOf({ signature: { ok: false, reason: 'badSignature' }, notice: null, saved: { ok: false, reason: 'notConsistent', head } })).toEqual({
      kind: 'inconsistent',
    })
  })

  it('failed with the first reason: signature, notice, an event, the saved head', () => {
    expect(verdictOf({ ...base, signature: { ok: false, reason: 'unknownKey' } })).toEqual({ kind: 'failed', reason: 'unknownKey' })
    expect(verdictOf({ ...base, notice: { found: false } })).toEqual({ kind: 'failed', reason: 'noticeNotFound' })
    expect(verdictOf({ ...base, notice: { found: true, events: [event('included'), failedEvent] } })).toEqual({ kind: 'failed', reason: 'notIncluded' })
    expect(verdictOf({ ...base, saved: { ok: false, reason: 'savedHeadUnreadable', head: null } })).toEqual({ kind: 'failed', reason: 'savedHeadUnreadable' })
  })
})
