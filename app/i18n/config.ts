import { en } from './en'
import { zhCN } from './zh-CN'

export const supportedLanguages = ['zh-CN', 'en'] as const
export type Locale = (typeof supportedLanguages)[number]
export const fallbackLanguage: Locale = 'zh-CN'
export const defaultNS = 'common'

export const resources = {
  'zh-CN': { common: zhCN },
  en: { common: en },
} as const

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value)
}

/** Options shared by the server and the browser i18next instances. */
export const i18nOptions = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS,
  ns: [defaultNS],
  resources,
  interpolation: { escapeValue: false },
  returnNull: false,
} as const
