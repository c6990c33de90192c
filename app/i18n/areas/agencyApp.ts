import type { Dictionary } from '../dictionary'

/** Texts of the agencyApp screens (zh-CN is the source of the key set). */
export const zh = {
  title: '入驻申请',
}

export const en: Dictionary<typeof zh> = {
  title: 'Entry application',
}
