import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson, GENESIS_HASH, hashAuditRow, verifyChain, type ChainedAuditRow } from '~/domain/audit/chain'

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}')
  })
  it('keeps non-ASCII text as is', () => {
    expect(canonicalJson({ name: '生态环境局' })).toBe('{"name":"生态环境局"}')
  })
  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow()
  })
})

describe('the hash chain', () => {
  const base = {
    occurredAt: new Date('2026-01-05T02:03:04.005Z'),
    actorUserId: null,
    actorOrganisationId: null,
    action: 'catalogue.department.created',
    entityType: 'department',
    entityId: 'd1',
    payload: { after: { code: 'DEP-EE' } },
  }

  it('is SHA-256 over the previous hash, a newline and the canonical row (documented vector)', () => {
    const canonical =
      '{"action":"catalogue.department.created","actorOrganisationId":null,"actorUserId":null,"entityId":"d1","entityType":"department","occurredAt":"2026-01-05T02:03:04.005Z","payload":{"after":{"code":"DEP-EE"}}}'
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`).digest('hex')
    expect(hashAuditRow(GENESIS_HASH, base)).toBe(expected)
  })

  function chain(n: number): ChainedAuditRow[] {
    const rows: ChainedAuditRow[] = []
    let prev = GENESIS_HASH
    for (let i = 1; i <= n; i++) {
      const row = { ...base, entityId: `d${i}` }
      const hash = hashAuditRow(prev, row)
      rows.push({ ...row, id: i, prevHash: prev, hash })
      prev = hash
    }
    return rows
  }

  it('verifies an intact chain and reports its head', () => {
    const rows = chain(5)
    expect(verifyChain(rows)).toEqual({ ok: true, count: 5, head: rows[4].hash })
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH })
  })

  it('finds an edited row, a removed row and a reordered chain', () => {
    const rows = chain(5)
    expect(verifyChain(rows.map((r, i) => (i === 2 ? { ...r, action: 'x' } : r)))).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash' })
    expect(verifyChain(rows.filter((_, i) => i !== 1))).toMatchObject({ ok: false, brokenAt: 3, reason: 'prev_hash' })
    expect(verifyChain([rows[1], rows[0]])).toMatchObject({ ok: false, brokenAt: 2 })
  })
})
