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
}
