import { createCookie } from '@remix-run/node'
import { createInstance, type TFunction } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { fallbackLanguage, i18nOptions, isLocale, supportedLanguages, type Locale } from '~/i18n/config'
import { getSessionUser } from './auth.server'

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

const localeOf = new WeakMap<Request, Promise<Locale>>()

/**
 * The language of a request: a signed-in user's saved language, else the visitor's choice (cookie),
 * else Accept-Language, else zh-CN. Everything that renders text asks here (the server render,
 * the root loader, loaders and actions), so a page is never half in one language: a cookie that
 * disagrees with the account (switched on another device) made the server render English text
 * under <html lang="zh-CN"> and the browser's hydration fail (React #418/#423/#425).
 */
export function getLocale(request: Request): Promise<Locale> {
  let locale = localeOf.get(request)
  if (!locale) {
    locale = resolveLocale(request)
    localeOf.set(request, locale)
  }
  return locale
}

async function resolveLocale(request: Request): Promise<Locale> {
  const user = await getSessionUser(request)
  if (user) return user.locale
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
