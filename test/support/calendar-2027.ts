/**
 * A complete 2027 arrangement as an admin would import it once the State Council publishes it
 * (made up for tests, shaped like the 2025–2026 notices): every statutory holiday of 2027 is a
 * holiday, with extra days off and make-up workdays (调休) around them.
 */
import { dateRange } from './test-calendar'

type Kind = 'holiday' | 'makeup_workday'
const days = (from: string, to: string, kind: Kind, nameZh: string, nameEn: string) =>
  dateRange(from, to).map((date) => ({ date, kind, nameZh, nameEn }))

export const complete2027 = {
  year: 2027,
  source: '国办发明电〔2026〕测试号',
  days: [
    ...days('2027-01-01', '2027-01-03', 'holiday', '元旦', "New Year's Day"),
    ...days('2027-02-05', '2027-02-12', 'holiday', '春节', 'Spring Festival'),
    ...days('2027-02-14', '2027-02-14', 'makeup_workday', '春节', 'Spring Festival'),
    ...days('2027-04-03', '2027-04-05', 'holiday', '清明节', 'Qingming Festival'),
    ...days('2027-05-01', '2027-05-05', 'holiday', '劳动节', 'Labour Day'),
    ...days('2027-04-25', '2027-04-25', 'makeup_workday', '劳动节', 'Labour Day'),
    ...days('2027-06-09', '2027-06-09', 'holiday', '端午节', 'Dragon Boat Festival'),
    ...days('2027-09-15', '2027-09-15', 'holiday', '中秋节', 'Mid-Autumn Festival'),
    ...days('2027-10-01', '2027-10-07', 'holiday', '国庆节', 'National Day'),
    ...days('2027-09-26', '2027-09-26', 'makeup_workday', '国庆节', 'National Day'),
    ...days('2027-10-09', '2027-10-09', 'makeup_workday', '国庆节', 'National Day'),
  ],
}
