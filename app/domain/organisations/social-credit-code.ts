/**
 * China's Unified Social Credit Code (统一社会信用代码, GB 32100-2015).
 *
 * Layout of the 18 characters (1-based positions):
 *   1      registration authority code (登记管理部门代码: 1-9, A, N, Y)
 *   2      organisation category code (机构类别代码)
 *   3-8    administrative division code (登记管理机关行政区划码, 6 digits)
 *   9-17   organisation code (主体标识码, GB 11714; its own check char at 17 is NOT verified here)
 *   18     check character (校验码) computed over positions 1-17
 *
 * Pure module: no app imports.
 */

/** The 31 characters allowed in a credit code (no I, O, Z, S, V). */
export const CREDIT_CODE_ALPHABET: string = '0123456789ABCDEFGHJKLMNPQRTUWXY'

/** Weights for positions 1-17 (3^(i-1) mod 31). */
export const CREDIT_CODE_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
]

/** Registration authority codes defined by GB 32100-2015 (used only by makeCreditCode). */
const REGISTRATION_CODES = '123456789ANY'

const CODE_LENGTH = 18
const ORG_CODE_LENGTH = 9

export type CreditCodeProblem = 'length' | 'charset' | 'region' | 'check'

export type CreditCodeResult =
  { ok: true; code: string } | { ok: false; problem: CreditCodeProblem }

const valueOf = (ch: string): number => CREDIT_CODE_ALPHABET.indexOf(ch)

const inAlphabet = (s: string): boolean => {
  for (const ch of s) if (valueOf(ch) < 0) return false
  return true
}

/**
 * Check character for the first 17 characters of a code.
 * Throws if the input is not 17 characters from the alphabet.
 */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== CODE_LENGTH - 1 || !inAlphabet(first17)) {
    throw new Error(`creditCodeCheckChar: expected 17 alphabet characters, got '${first17}'`)
  }
  let sum = 0
  for (let i = 0; i < first17.length; i++) sum += valueOf(first17[i]) * CREDIT_CODE_WEIGHTS[i]
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]
}

/**
 * Validates a credit code (input is trimmed and uppercased first).
 * Problems are reported in order: length, charset, region (positions 3-8 digits), check.
 */
export function checkCreditCode(input: string): CreditCodeResult {
  const code = input.trim().toUpperCase()
  if (code.length !== CODE_LENGTH) return { ok: false, problem: 'length' }
  if (!inAlphabet(code)) return { ok: false, problem: 'charset' }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return { ok: false, problem: 'region' }
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, problem: 'check' }
  return { ok: true, code }
}

/** True when checkCreditCode accepts the input. */
export function isValidCreditCode(s: string): boolean {
  return checkCreditCode(s).ok
}

/**
 * Builds a deterministic valid code, for test factories and demo seeds.
 * The serial (0 ≤ serial < 31^9) is written in base 31 with the code alphabet,
 * zero-padded to the 9-character organisation code part; distinct serials give distinct codes.
 */
export function makeCreditCode(prefix17seed: {
  registration?: string
  category?: string
  region?: string
  serial: number
}): string {
  const { registration = '9', category = '1', region = '320000', serial } = prefix17seed
  const reg = registration.toUpperCase()
  const cat = category.toUpperCase()
  if (reg.length !== 1 || !REGISTRATION_CODES.includes(reg)) {
    throw new Error(`makeCreditCode: bad registration authority code '${registration}'`)
  }
  if (cat.length !== 1 || !inAlphabet(cat)) {
    throw new Error(`makeCreditCode: bad category code '${category}'`)
  }
  if (!/^[0-9]{6}$/.test(region)) throw new Error(`makeCreditCode: bad region code '${region}'`)
  const max = 31 ** ORG_CODE_LENGTH
  if (!Number.isSafeInteger(serial) || serial < 0 || serial >= max) {
    throw new Error(`makeCreditCode: serial must be an integer in [0, 31^9), got ${serial}`)
  }
  let org = ''
  let n = serial
  for (let i = 0; i < ORG_CODE_LENGTH; i++) {
    org = CREDIT_CODE_ALPHABET[n % 31] + org
    n = Math.floor(n / 31)
  }
  const first17 = reg + cat + region + org
  return first17 + creditCodeCheckChar(first17)
}
