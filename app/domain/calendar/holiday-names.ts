/** English names for the holiday names used in the official arrangements. */
const english: Record<string, string> = {
  元旦节: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Qingming Festival',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  中秋节: 'Mid-Autumn Festival',
  国庆节: 'National Day',
  国庆中秋: 'National Day and Mid-Autumn Festival',
  抗战胜利日: 'Victory Day',
}

export function holidayNameEn(nameZh: string): string {
  return english[nameZh] ?? nameZh
}
