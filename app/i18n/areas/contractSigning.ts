import type { Dictionary } from '../dictionary'

/** The contract page's signing section (issue 13); zh-CN is the source of the key set. */
export const zh = {
  title: '签署',
}

export const en: Dictionary<typeof zh> = {
  title: 'Signing',
}
