import type { Dictionary } from '../dictionary'

/** The page frame (header and navigation). */
export const zh = {
  /** Read after the visible "消息 3" so the link's name contains its visible text. */
  unread: '条未读',
}

export const en: Dictionary<typeof zh> = {
  unread: 'unread',
}
