/**
 * Server-renders a route's page as the browser's first paint would show it, in a given language:
 * the loader's data (from `callRoute`, so the real database) into the route component, inside a
 * static data router and an i18next instance set to `lng`. For assertions on what a reader sees
 * (which name, which separator), not on layout.
 */
import { createInstance } from 'i18next'
import { createElement, type ComponentType } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { i18nOptions, type Locale } from '~/i18n/config'
import { callRoute, getRequest } from './routes'

export async function renderPage(
  route: { loader: unknown; default: ComponentType },
  path: string,
  params: Record<string, string>,
  lng: Locale,
  options: { cookie?: string } = {},
): Promise<string> {
  const result = await callRoute(route.loader, getRequest(path, options), params)
  if (result.status !== 200) throw new Error(`renderPage ${path}: loader answered ${result.status}`)
  const handler = createStaticHandler([{ id: 'page', path: '*', loader: () => result.data, Component: route.default }])
  const context = await handler.query(new Request(`http://localhost:3000${path}`))
  if (context instanceof Response) throw new Error(`renderPage ${path}: router answered ${context.status}`)
  const router = createStaticRouter(handler.dataRoutes, context)
  const i18n = createInstance()
  await i18n.init({ ...i18nOptions, lng })
  const html = renderToString(
    createElement(I18nextProvider, { i18n }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
  )
  // Text as read: tags dropped, React's comment markers and entities undone.
  return html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
}
