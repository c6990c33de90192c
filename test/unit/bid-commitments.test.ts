/**
 * The quote commitment formula as docs/bid-commitments.md specifies it: the worked example (§4),
 * and the committed string the public result reveals (`committedString`) hashing, by plain
 * SHA-256, to exactly what `quoteCommitment` records in the audit log, with and without the nonce.
 */
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { committedString, quoteCommitment } from '~/domain/bidding/bid-commitment'

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const bidId = '3f2a9c1e-7b4d-4e8a-9c61-2d5b8f0e4a17'
const nonce = '9b1f0c7e5a3d2e8f4c6a1b0d7e9f3a25'

describe('bid quote commitments (docs/bid-commitments.md)', () => {
  it('the worked example', () => {
    const committed = committedString(bidId, 2, 671_000, 13, nonce)
    expect(committed).toBe(`bid:${bidId}:r2:q671000:d13:n${nonce}`)
    expect(quoteCommitment(bidId, 2, 671_000, 13, nonce)).toBe(
      '3653c8913b3a911fdaf119d8996852c92625b1b26f55574b6f9ddec992156121',
    )
    expect(sha256(committed)).toBe('3653c8913b3a911fdaf119d8996852c92625b1b26f55574b6f9ddec992156121')
  })

  it('the example from before the nonce: no :n part', () => {
    const committed = committedString(bidId, 1, 682_345, 15, null)
    expect(committed).toBe(`bid:${bidId}:r1:q682345:d15`)
    expect(quoteCommitment(bidId, 1, 682_345, 15, null)).toBe(
      '52d6589b83c8ac1fc875597267232baff03f484beb49115601174a723825a839',
    )
    expect(sha256(committed)).toBe(quoteCommitment(bidId, 1, 682_345, 15, null))
  })

  it('the public committed string always hashes to the audit commitment', () => {
    for (const [revision, quoteFen, days, n] of [
      [1, 1, 1, 'ffffffffffffffffffffffffffffffff'],
      [7, 123_456_789, 365, nonce],
      [3, 100, 20, null],
    ] as const) {
      expect(sha256(committedString(bidId, revision, quoteFen, days, n))).toBe(
        quoteCommitment(bidId, revision, quoteFen, days, n),
      )
    }
  })
})
