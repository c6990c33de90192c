/** The part of lunar-javascript's API this app uses (the package ships no types). */
declare module 'lunar-javascript' {
  export interface Holiday {
    /** 'YYYY-MM-DD' */
    getDay(): string
    /** Chinese name, e.g. 春节 */
    getName(): string
    /** true for a make-up workday (调休上班), false for a day off */
    isWork(): boolean
    /** the holiday's main date, 'YYYY-MM-DD' */
    getTarget(): string
  }
  export const HolidayUtil: {
    getHolidays(year: number): Holiday[]
    getHoliday(ymd: string): Holiday | null
  }
  /** A Gregorian date. */
  export interface Solar {
    /** 'YYYY-MM-DD' */
    toYmd(): string
  }
  /** A Chinese lunar date. */
  export interface Lunar {
    getSolar(): Solar
    /** The solar terms around this lunar year, by Chinese name (e.g. 清明). */
    getJieQiTable(): Record<string, Solar>
  }
  export const Lunar: {
    /** Lunar year, month (1–12; negative = leap month), day. */
    fromYmd(year: number, month: number, day: number): Lunar
  }
  export const Solar: {
    fromYmd(year: number, month: number, day: number): Solar
  }
}
