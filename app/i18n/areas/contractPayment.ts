import type { Dictionary } from '../dictionary'

/** The contract page's payment section (issue 13); zh-CN is the source of the key set. */
export const zh = {
  title: '平台代管资金',
}

export const en: Dictionary<typeof zh> = {
  title: 'Platform-held payment',
}
