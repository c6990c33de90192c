import type { Dictionary } from '../dictionary'

/** Texts of the review screens (zh-CN is the source of the key set). */
export const zh = {
  title: '入驻审核',
}

export const en: Dictionary<typeof zh> = {
  title: 'Entry review',
}
