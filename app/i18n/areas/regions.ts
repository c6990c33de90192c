import type { Dictionary } from '../dictionary'

/** Region fields (the regions catalogue, app/domain/organisations/regions.ts; zh-CN is the source of the key set). */
export const zh = {
  choose: '请选择所在地区。',
  unknown: '地区不在行政区划目录中，请从列表中选择。',
  placeholder: '— 请选择 —',
  notGiven: '未填写',
}

export const en: Dictionary<typeof zh> = {
  choose: 'Choose the region.',
  unknown: 'That region is not in the list of administrative divisions: choose one from the list.',
  placeholder: '— choose —',
  notGiven: 'Not given',
}
