import { describe, expect, it } from 'vitest'
import { parseYuanAmount, ProposeTerminationSchema, RuleTerminationSchema } from '~/domain/contracts/termination'

describe('parseYuanAmount: yuan as typed → integer fen, exactly', () => {
  it.each([
    ['1234.56', 123_456],
    ['1234.5', 123_450],
    ['0', 0],
    ['0.00', 0],
    ['0.01', 1],
    [' 7 ', 700],
    ['.5', 50],
    ['9000', 900_000],
    ['0.07', 7], // 0.07 * 100 is 7.000000000000001 in floating point
    ['1.13', 113], // 1.13 * 100 is 112.99999999999999
    ['90071992547409.91', 9_007_199_254_740_991],
  ])('%s → %i fen', (text, fen) => {
    expect(parseYuanAmount(text)).toEqual({ ok: true, fen })
  })

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['abc', 'notANumber'],
    ['1e3', 'notANumber'],
    ['1,000', 'notANumber'],
    ['12.', 'notANumber'],
    ['+1', 'notANumber'],
    ['¥12', 'notANumber'],
    ['1 000', 'notANumber'],
    ['-1', 'negative'],
    ['-0.01', 'negative'],
    ['-0', 'negative'],
    ['1.234', 'tooManyDecimals'],
    ['0.001', 'tooManyDecimals'],
    ['90071992547409.92', 'tooLarge'],
    ['99999999999999999', 'tooLarge'],
  ])('%j is refused: %s', (text, problem) => {
    expect(parseYuanAmount(text)).toEqual({ ok: false, problem })
  })
})

describe('termination form schemas', () => {
  const reason = '项目调整，双方同意提前终止。'
  it('a proposal carries the split in fen', () => {
    expect(ProposeTerminationSchema.parse({ reason, refundFen: '6000.5', releaseFen: '2999.50' })).toEqual({
      reason,
      refundFen: 600_050,
      releaseFen: 299_950,
    })
  })
  it('each amount problem is a message at its field', () => {
    const r = ProposeTerminationSchema.safeParse({ reason, refundFen: '-5', releaseFen: '1.999' })
    expect(r.success).toBe(false)
    const issues = r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message])
    expect(issues).toEqual([
      ['refundFen', 'contractTermination.errors.negative'],
      ['releaseFen', 'contractTermination.errors.tooManyDecimals'],
    ])
  })
  it('a ruling names the party at fault and is confirmed', () => {
    const ok = RuleTerminationSchema.safeParse({ reason, partyAtFault: 'both', refundFen: '1', releaseFen: '2', confirm: 'yes' })
    expect(ok.success && ok.data).toEqual({ reason, partyAtFault: 'both', refundFen: 100, releaseFen: 200, confirm: 'yes' })
    const bad = RuleTerminationSchema.safeParse({ reason, partyAtFault: 'regulator', refundFen: '1', releaseFen: '2' })
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'))
    expect(paths.sort()).toEqual(['confirm', 'partyAtFault'])
  })
})
