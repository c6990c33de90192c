import { createCookie } from '@remix-run/node'
import { createInstance, type TFunction } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { fallbackLanguage, i18nOptions, isLocale, supportedLanguages, type Locale } from '~/i18n/config'

/** The user's language choice; not secret, but httpOnly since only the server reads it. */
export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: localeCookie,
    order: ['cookie', 'header'],
  },
  i18next: { ...i18nOptions },
})

/** Language from the user's choice (cookie), else Accept-Language, else zh-CN. */
export async function getLocale(request: Request): Promise<Locale> {
  const locale = await i18nServer.getLocale(request)
  return isLocale(locale) ? locale : fallbackLanguage
}

const fixedT = new Map<Locale, TFunction>()

/** A translator for server-side text (emails, API errors, notifications). */
export async function getT(localeOrRequest: Locale | Request): Promise<TFunction> {
  const locale = typeof localeOrRequest === 'string' ? localeOrRequest : await getLocale(localeOrRequest)
  let t = fixedT.get(locale)
  if (!t) {
    const instance = createInstance()
    await instance.init({ ...i18nOptions, lng: locale })
    t = instance.t
    fixedT.set(locale, t)
  }
  return t
}
