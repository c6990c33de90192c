import type { Dictionary } from '../dictionary'

/** Texts of needs, bids and selection (zh-CN is the source of the key set). */
export const zh = {
  title: '采购需求',
}

export const en: Dictionary<typeof zh> = {
  title: 'Needs',
}
