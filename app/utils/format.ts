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
