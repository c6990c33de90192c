/**
 * The bid-quote commitment of the audit log (docs/bid-commitments.md): SHA-256 over
 * `bid:<bidId>:r<revision>:q<quoteFen>:d<committedDays>:n<nonceHex>`, without the `:n…` part for
 * versions written before the nonce existed (nonce null). One formula for the bids that write it
 * and the public result that reveals it.
 */
import { createHash } from 'node:crypto'

/** The exact string a bid version's commitment is the SHA-256 of. */
export function committedString(
  bidId: string,
  revision: number,
  quoteFen: number,
  committedDays: number,
  nonce: string | null,
): string {
  const base = `bid:${bidId}:r${revision}:q${quoteFen}:d${committedDays}`
  return nonce === null ? base : `${base}:n${nonce}`
}

/** The SHA-256 commitment (hex) recorded in the audit log instead of the quote. */
export function quoteCommitment(
  bidId: string,
  revision: number,
  quoteFen: number,
  committedDays: number,
  nonce: string | null,
): string {
  return createHash('sha256').update(committedString(bidId, revision, quoteFen, committedDays, nonce)).digest('hex')
}
