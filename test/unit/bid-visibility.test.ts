/**
 * bidVisibility over every need state × viewer, row for row the table of docs/sealed-bids.md
 * (o = owner, b = the bidder's own bid, a = another agency, r = regulator, ad = admin, p = public).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allows, bidPhase, bidViewers, bidVisibility, type BidVisibility, type BidVisibilityFacts } from '~/domain/bidding/bid-visibility'
import { needStates } from '~/domain/needs/need-lifecycle'

type Row = [label: string, facts: BidVisibilityFacts, o: BidVisibility, b: BidVisibility, a: BidVisibility, r: BidVisibility, ad: BidVisibility, p: BidVisibility]

const afterClose = (state: BidVisibilityFacts['state']): Row => [state, { state }, 'all', 'all', 'result', 'result', 'result', 'result']

const TABLE: Row[] = [
  ['draft', { state: 'draft' }, 'count', 'all', 'none', 'none', 'none', 'none'],
  ['open', { state: 'open' }, 'count', 'all', 'none', 'none', 'none', 'none'],
  afterClose('evaluating'),
  afterClose('publicity'),
  afterClose('awarded'),
  afterClose('in_service'),
  afterClose('paused'),
  afterClose('delivered'),
  afterClose('accepted'),
  afterClose('closed'),
  afterClose('failed'),
  afterClose('terminated'),
  ['cancelled from draft', { state: 'cancelled', cancelledFrom: 'draft' }, 'count', 'all', 'count', 'count', 'count', 'count'],
  ['cancelled from open', { state: 'cancelled', cancelledFrom: 'open' }, 'count', 'all', 'count', 'count', 'count', 'count'],
  ['cancelled, from unknown', { state: 'cancelled', cancelledFrom: null }, 'count', 'all', 'count', 'count', 'count', 'count'],
  ['cancelled, from not given', { state: 'cancelled' }, 'count', 'all', 'count', 'count', 'count', 'count'],
  ['cancelled from evaluating', { state: 'cancelled', cancelledFrom: 'evaluating' }, 'all', 'all', 'count', 'result', 'count', 'count'],
]

describe('bidVisibility', () => {
  it.each(TABLE)('%s', (_label, facts, ...expected) => {
    expect(bidViewers.map((viewer) => bidVisibility(facts, viewer))).toEqual(expected)
  })

  it('covers every need state', () => {
    const covered = new Set(TABLE.map(([, facts]) => facts.state))
    expect([...covered].sort()).toEqual([...needStates].sort())
  })

  it('only the owner and each bidder ever see more than the published result; nobody but the bidder sees a bid before the close or after a cancel before it', () => {
    for (const [, facts] of TABLE) {
      for (const viewer of bidViewers) {
        const v = bidVisibility(facts, viewer)
        if (v === 'all') expect(['owner', 'bidder']).toContain(viewer)
        const sealed = ['draft', 'sealed', 'cancelledSealed'].includes(bidPhase(facts))
        if (sealed && viewer !== 'bidder') expect(allows(v, 'result')).toBe(false)
        if (facts.state === 'cancelled' && viewer !== 'owner' && viewer !== 'bidder' && viewer !== 'regulator')
          expect(v).toBe('count')
      }
    }
  })

  it('allows orders none < count < result < all', () => {
    expect(allows('all', 'result')).toBe(true)
    expect(allows('result', 'result')).toBe(true)
    expect(allows('count', 'result')).toBe(false)
    expect(allows('none', 'count')).toBe(false)
    expect(allows('count', 'none')).toBe(true)
  })

  it('matches the table in docs/sealed-bids.md', () => {
    const doc = readFileSync(new URL('../../docs/sealed-bids.md', import.meta.url), 'utf8')
    const docRows = new Map(
      doc
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => {
          const cells = line.split('|').slice(1, -1).map((c) => c.trim().replace(/`/g, ''))
          return [cells[0], cells.slice(1, 7)] as const
        }),
    )
    const expectedDoc: [string, BidVisibilityFacts][] = [
      ['draft', { state: 'draft' }],
      ['open', { state: 'open' }],
      ['evaluating', { state: 'evaluating' }],
      ['publicity', { state: 'publicity' }],
      ['awarded … closed, terminated', { state: 'awarded' }],
      ['failed', { state: 'failed' }],
      ['cancelled before the close', { state: 'cancelled', cancelledFrom: 'open' }],
      ['cancelled after the close', { state: 'cancelled', cancelledFrom: 'evaluating' }],
    ]
    for (const [label, facts] of expectedDoc) {
      expect(docRows.get(label), label).toEqual(bidViewers.map((v) => bidVisibility(facts, v)))
    }
  })
})
