/**
 * Ending a contract (SPEC §4, issue 13 item 8): the forms' schemas and the money they carry.
 *
 * The split of what the platform holds is typed in yuan (元) on screen and kept in integer fen
 * underneath; the conversion is exact string arithmetic (no floating point). Each way an amount
 * can be wrong has its own message, at its field. Whether refund + pay add up to what is held now
 * is the state machine's check (`rulingInvalid`, under the need's lock): termination.server.ts
 * puts that refusal at the refund field with the amount held.
 *
 * The form fields are named `refundFen` / `releaseFen` — the values the state machine receives
 * and the field its refusal names — although the person types yuan into them.
 */
import { z } from 'zod'
import { yuanToFen } from '~/domain/needs/schemas'
import { confirmation, optionalText, publishedReason } from '~/domain/validation'

export type AmountProblem = 'required' | 'notANumber' | 'negative' | 'tooManyDecimals' | 'tooLarge'

/** The message key of each amount problem. */
export const amountMessages: Readonly<Record<AmountProblem, string>> = {
  required: 'validation.required',
  notANumber: 'contractTermination.errors.notANumber',
  negative: 'contractTermination.errors.negative',
  tooManyDecimals: 'contractTermination.errors.tooManyDecimals',
  tooLarge: 'contractTermination.errors.tooLarge',
}

const NUMBER = /^-?(\d+(\.\d+)?|\.\d+)$/

/**
 * A yuan amount as typed ('1234.56', '0', '12.5', ' 7 ') → integer fen; zero is allowed (one
 * side may get nothing). Refused, each with its reason: empty, not a plain decimal number
 * ('abc', '1e3', '1,000', '12.', '+1'), negative ('-1', '-0'), more than two decimals ('1.234'), beyond the
 * safe-integer range of fen.
 */
export function parseYuanAmount(text: string): { ok: true; fen: number } | { ok: false; problem: AmountProblem } {
  const v = text.trim()
  if (v === '') return { ok: false, problem: 'required' }
  if (!NUMBER.test(v)) return { ok: false, problem: 'notANumber' }
  if (v.startsWith('-')) return { ok: false, problem: 'negative' }
  const normalised = v.startsWith('.') ? `0${v}` : v
  const decimals = normalised.split('.')[1] ?? ''
  if (decimals.length > 2) return { ok: false, problem: 'tooManyDecimals' }
  const fen = yuanToFen(normalised)
  if (fen === null) return { ok: false, problem: 'tooLarge' }
  return { ok: true, fen }
}

/** A yuan amount field → integer fen, with a message per problem. */
export const yuanAmount = () =>
  z.string({ error: 'validation.required' }).transform((text, ctx) => {
    const parsed = parseYuanAmount(text)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: amountMessages[parsed.problem] })
      return z.NEVER
    }
    return parsed.fen
  })

export const partiesAtFault = ['owner', 'agency', 'both', 'none'] as const
export type PartyAtFault = (typeof partiesAtFault)[number]

/** A party's proposal to end the contract by agreement: why, and how what is held splits. */
export const ProposeTerminationSchema = z.object({
  reason: publishedReason(1000),
  refundFen: yuanAmount(),
  releaseFen: yuanAmount(),
})

/** The other party's "no" (or the proposer's withdrawal): a reason is optional. */
export const DeclineTerminationSchema = z.object({ reason: optionalText(1000) })

/** The other party's "yes": ends the contract, confirmed in the same form. */
export const AgreeTerminationSchema = z.object({ confirm: confirmation() })

/** The supervising regulator's ruling: reason, party at fault, the split; confirmed. */
export const RuleTerminationSchema = z.object({
  reason: publishedReason(1000),
  partyAtFault: z.enum(partiesAtFault, { error: 'validation.choose' }),
  refundFen: yuanAmount(),
  releaseFen: yuanAmount(),
  confirm: confirmation(),
})

export type ProposeTerminationInput = z.output<typeof ProposeTerminationSchema>
export type RuleTerminationInput = z.output<typeof RuleTerminationSchema>
export type DeclineTerminationInput = z.output<typeof DeclineTerminationSchema>
