import type { Dictionary } from '../dictionary'

/** The contract page's termination section (issue 13); zh-CN is the source of the key set. */
export const zh = {
  title: '终止合同',
}

export const en: Dictionary<typeof zh> = {
  title: 'Ending the contract',
}
