/** Formatting at the edge: instants shown in Asia/Shanghai, money from integer fen. */
export function formatInstant(instant: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(instant))
}

export function formatFen(fen: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { style: 'currency', currency: 'CNY' }).format(fen / 100)
}

/** A list as one phrase in the reader's language: 甲、乙、丙 / A, B, C (never '、' in English). */
export function formatList(items: readonly (string | number)[], locale: string): string {
  return new Intl.ListFormat(locale === 'en' ? 'en-GB' : 'zh-CN', { type: 'conjunction', style: 'narrow' }).format(items.map(String))
}
