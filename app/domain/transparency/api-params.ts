/**
 * Numbers in the log API's paths and queries (`/api/v1/log/…`). Pure.
 */

/**
 * The number a parameter spells in plain decimal (`12`, `-1`, `1.5`), else NaN (missing, empty,
 * `1e3`, `0x10`, text). The log's reads (log.server.ts) then refuse anything that is not a whole
 * number in range with a RuleViolation naming the parameter — so `Number('')` never becomes 0.
 */
export function numberParam(text: string | null | undefined): number {
  if (text === null || text === undefined || !/^-?\d+(\.\d+)?$/.test(text)) return Number.NaN
  return Number(text)
}
