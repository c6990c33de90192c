import type { Dictionary } from '../dictionary'

/** The contract page's service section (issue 13); zh-CN is the source of the key set. */
export const zh = {
  title: '服务与验收',
}

export const en: Dictionary<typeof zh> = {
  title: 'Service and acceptance',
}
