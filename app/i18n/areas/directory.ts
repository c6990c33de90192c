import type { Dictionary } from '../dictionary'

/** Texts of the directory screens (zh-CN is the source of the key set). */
export const zh = {
  title: '中介机构名录',
}

export const en: Dictionary<typeof zh> = {
  title: 'Agency directory',
}
