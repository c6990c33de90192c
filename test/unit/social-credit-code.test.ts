import { describe, expect, it } from 'vitest'
import {
  CREDIT_CODE_ALPHABET,
  checkCreditCode,
  creditCodeCheckChar,
  isValidCreditCode,
  makeCreditCode,
} from '~/domain/organisations/social-credit-code'

/*
 * Worked examples. Alphabet values: 0-9 → 0-9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20
 * M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30. Weights: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
 *
 * 91350100M000100Y4? (well-known example code):
 *   9*1 + 1*3 + 3*9 + 5*27 + 0*19 + 1*26 + 0*16 + 0*17 + M21*20 + 0*29 + 0*25 + 0*13
 *   + 1*8 + 0*24 + 0*10 + Y30*30 + 4*28
 *   = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640
 *   1640 mod 31 = 1640 - 52*31 = 28 → (31 - 28) mod 31 = 3 → '3'  ⇒ 91350100M000100Y43
 *
 * 91110108MA01C5XK4? (Beijing Haidian, 'MA…' style, constructed):
 *   9*1 + 1*3 + 1*9 + 1*27 + 0*19 + 1*26 + 0*16 + 8*17 + M21*20 + A10*29 + 0*25 + 1*13
 *   + C12*8 + 5*24 + X29*10 + K19*30 + 4*28
 *   = 9 + 3 + 9 + 27 + 26 + 136 + 420 + 290 + 13 + 96 + 120 + 290 + 570 + 112 = 2121
 *   2121 mod 31 = 2121 - 68*31 = 13 → 31 - 13 = 18 → 'J'  ⇒ 91110108MA01C5XK4J
 *
 * 53100000500021676? (social organisation registered by civil affairs, constructed):
 *   5*1 + 3*3 + 1*9 + 5*20 + 2*8 + 1*24 + 6*10 + 7*30 + 6*28 (other terms are 0)
 *   = 5 + 9 + 9 + 100 + 16 + 24 + 60 + 210 + 168 = 601
 *   601 mod 31 = 601 - 19*31 = 12 → 31 - 12 = 19 → 'K'  ⇒ 53100000500021676K
 *
 * 913200000000000RL? (= makeCreditCode({ serial: 795 }), since 795 = R25*31 + L20):
 *   9*1 + 1*3 + 3*9 + 2*27 + R25*30 + L20*28 = 9 + 3 + 27 + 54 + 750 + 560 = 1403
 *   1403 mod 31 = 1403 - 45*31 = 8 → 31 - 8 = 23 → 'P'  ⇒ 913200000000000RLP
 *
 * 91320000000000000? (= makeCreditCode({ serial: 0 })):
 *   9 + 3 + 27 + 54 = 93 = 3*31 → mod 31 = 0 → (31 - 0) mod 31 = 0 → '0'  ⇒ 913200000000000000
 */
const VALID = [
  '91350100M000100Y43',
  '91110108MA01C5XK4J',
  '53100000500021676K',
  '913200000000000RLP',
  '913200000000000000',
]

describe('creditCodeCheckChar', () => {
  it('computes the worked examples', () => {
    for (const code of VALID) expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17])
  })

  it('rejects input that is not 17 alphabet characters', () => {
    expect(() => creditCodeCheckChar('91350100M000100Y')).toThrow()
    expect(() => creditCodeCheckChar('91350100M000100YI')).toThrow()
  })
})

describe('checkCreditCode', () => {
  it('accepts the worked examples', () => {
    for (const code of VALID) {
      expect(checkCreditCode(code)).toEqual({ ok: true, code })
      expect(isValidCreditCode(code)).toBe(true)
    }
  })

  it('accepts lowercase and surrounding whitespace, returning the normalised code', () => {
    expect(checkCreditCode('  91350100m000100y43\n')).toEqual({
      ok: true,
      code: '91350100M000100Y43',
    })
    expect(isValidCreditCode('91110108ma01c5xk4j')).toBe(true)
  })

  it('reports length', () => {
    expect(checkCreditCode('')).toEqual({ ok: false, problem: 'length' })
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, problem: 'length' })
    expect(checkCreditCode('91350100M000100Y433')).toEqual({ ok: false, problem: 'length' })
    // length is reported before charset
    expect(checkCreditCode('91350100M000100YI')).toEqual({ ok: false, problem: 'length' })
  })

  it('reports charset for I, O, Z, S, V, punctuation and inner spaces', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V', '-', '*']) {
      const code = `91350100M000100Y4${bad}`
      expect(checkCreditCode(code)).toEqual({ ok: false, problem: 'charset' })
    }
    expect(checkCreditCode('91350100M0001 0Y43')).toEqual({ ok: false, problem: 'charset' })
    // charset is reported before region
    expect(checkCreditCode('9135010AM000100YI3')).toEqual({ ok: false, problem: 'charset' })
  })

  it('reports region when positions 3-8 are not all digits', () => {
    expect(checkCreditCode('9135010AM000100Y43')).toEqual({ ok: false, problem: 'region' })
    expect(checkCreditCode('91A50100M000100Y43')).toEqual({ ok: false, problem: 'region' })
  })

  it('reports check for a wrong check character or a typo', () => {
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, problem: 'check' })
    expect(checkCreditCode('91350100M000100Y4A')).toEqual({ ok: false, problem: 'check' })
    // single-character substitution in the body
    expect(checkCreditCode('91350100M000200Y43')).toEqual({ ok: false, problem: 'check' })
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false)
  })

  it('does not validate the inner GB 11714 check character', () => {
    // 913200000000000RLP was built without regard to GB 11714 and is still accepted
    expect(isValidCreditCode('913200000000000RLP')).toBe(true)
  })
})

describe('makeCreditCode', () => {
  it('matches the worked examples', () => {
    expect(makeCreditCode({ serial: 0 })).toBe('913200000000000000')
    expect(makeCreditCode({ serial: 795 })).toBe('913200000000000RLP')
  })

  it('yields valid, distinct codes for serials 0..999', () => {
    const codes = new Set<string>()
    for (let serial = 0; serial < 1000; serial++) {
      const code = makeCreditCode({ serial })
      expect(code).toHaveLength(18)
      expect(isValidCreditCode(code)).toBe(true)
      expect(code.startsWith('91320000')).toBe(true)
      codes.add(code)
    }
    expect(codes.size).toBe(1000)
  })

  it('honours registration, category and region', () => {
    const code = makeCreditCode({
      registration: '5',
      category: '3',
      region: '110108',
      serial: 12345,
    })
    expect(code.slice(0, 8)).toBe('53110108')
    expect(isValidCreditCode(code)).toBe(true)
  })

  it('is deterministic and uses only alphabet characters', () => {
    const a = makeCreditCode({ serial: 31 ** 9 - 1 })
    expect(a).toBe(makeCreditCode({ serial: 31 ** 9 - 1 }))
    expect(a.slice(8, 17)).toBe('YYYYYYYYY')
    for (const ch of a) expect(CREDIT_CODE_ALPHABET).toContain(ch)
    expect(isValidCreditCode(a)).toBe(true)
  })

  it('rejects bad seeds', () => {
    expect(() => makeCreditCode({ serial: -1 })).toThrow()
    expect(() => makeCreditCode({ serial: 1.5 })).toThrow()
    expect(() => makeCreditCode({ serial: 31 ** 9 })).toThrow()
    expect(() => makeCreditCode({ region: '32000A', serial: 1 })).toThrow()
    expect(() => makeCreditCode({ registration: 'B', serial: 1 })).toThrow()
    expect(() => makeCreditCode({ category: 'I', serial: 1 })).toThrow()
  })
})
