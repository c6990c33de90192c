import type { Dictionary } from '../dictionary'

/**
 * Texts of provisional calendar years (years whose official holiday arrangement is not loaded
 * yet) and of the admin's year import (zh-CN is the source of the key set).
 */
export const zh = {
  provisional: {
    label: '暂定',
    title: '按暂定日历计算：{{years}} 年的国务院节假日安排尚未发布或尚未导入。',
    explain:
      '{{years}} 年的官方节假日安排尚未收录，该年按《全国年节及纪念日放假办法》规定的法定节假日和周末计算，不含调休。已公布的日期在官方安排导入后保持不变；之后的计算按官方安排进行。',
  },
  range:
    '工作日历：{{firstYear}}–{{lastOfficialYear}} 年按国务院节假日安排计算；{{firstProvisionalYear}}–{{lastYear}} 年为暂定（仅法定节假日与周末）。',
  rangeAllOfficial: '工作日历：{{firstYear}}–{{lastYear}} 年按国务院节假日安排计算。',
  importIncomplete:
    '{{year}} 年的安排不完整，缺少以下法定节假日：{{dates}}。每个法定节假日都须作为放假日（holiday）列出；未导入任何内容。',
  importErrors: {
    json: '文件不是有效的 JSON。',
    shape: '文件须是一个 JSON 对象，包含 year、source 和 days 三项。',
    year: 'year 须是 2001–2100 之间的整数年份。',
    source: 'source（依据，如通知文号）须填写，最多 200 字。',
    days: 'days 须是数组，最多 400 条。',
    day: 'days 第 {{row}} 条须是包含 date 和 kind 的对象。',
    date: 'days 第 {{row}} 条的 date 须是 YYYY-MM-DD 格式的真实日期。',
    kind: 'days 第 {{row}} 条的 kind 须是 holiday、makeup_workday 或 workday。',
    name: 'days 第 {{row}} 条的名称过长（中文最多 40 字，英文最多 80 字）。',
    outsideYear: 'days 第 {{row}} 条的日期 {{date}} 不在 {{year}} 年内。',
    duplicate: 'days 第 {{row}} 条的日期 {{date}} 重复。',
    controlCharacters: '文件中的文字含有不可见的控制字符（如 NUL），请删除后再导入。',
  },
  yearLinkTitle: '查看 {{year}} 年的调整',
  yearsTitle: '已导入或有调整的年份',
  overrideCount: '调整条数',
}

export const en: Dictionary<typeof zh> = {
  provisional: {
    label: 'provisional',
    title:
      'Computed with a provisional calendar: the State Council arrangement for {{years}} is not published or not loaded yet.',
    explain:
      'The official holiday arrangement for {{years}} is not loaded yet, so that year counts the statutory public holidays of the national holidays regulation and weekends only, with no make-up workdays. Dates already announced keep their value when the official arrangement is imported; later computations use it.',
  },
  range:
    'Working-day calendar: {{firstYear}}–{{lastOfficialYear}} follow the State Council arrangements; {{firstProvisionalYear}}–{{lastYear}} are provisional (statutory holidays and weekends only).',
  rangeAllOfficial: 'Working-day calendar: {{firstYear}}–{{lastYear}} follow the State Council arrangements.',
  importIncomplete:
    'The {{year}} arrangement is incomplete; these statutory holidays are missing: {{dates}}. Every statutory holiday must be listed as a holiday; nothing was imported.',
  importErrors: {
    json: 'The file is not valid JSON.',
    shape: 'The file must be one JSON object with year, source and days.',
    year: 'year must be a whole year between 2001 and 2100.',
    source: 'source (the notice it comes from) is required, at most 200 characters.',
    days: 'days must be a list of at most 400 entries.',
    day: 'Entry {{row}} of days must be an object with date and kind.',
    date: 'Entry {{row}} of days: date must be a real date as YYYY-MM-DD.',
    kind: 'Entry {{row}} of days: kind must be holiday, makeup_workday or workday.',
    name: 'Entry {{row}} of days: the name is too long (Chinese at most 40, English at most 80 characters).',
    outsideYear: 'Entry {{row}} of days: {{date}} is not in {{year}}.',
    duplicate: 'Entry {{row}} of days: {{date}} is listed twice.',
    controlCharacters:
      'The file’s text contains invisible control characters (such as NUL); remove them and import again.',
  },
  yearLinkTitle: 'Overrides of {{year}}',
  yearsTitle: 'Years imported or with overrides',
  overrideCount: 'Overrides',
}
