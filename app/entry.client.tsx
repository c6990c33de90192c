import { RemixBrowser } from '@remix-run/react'
import i18next from 'i18next'
import { startTransition, StrictMode, useEffect } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { fallbackLanguage, i18nOptions } from '~/i18n/config'

/**
 * Marks `<html data-hydrated>` once React has committed its first render in the browser. A
 * hydration mismatch is reported during that commit, before this effect runs, so the e2e checks
 * wait for the mark and then know every hydration error has been logged.
 */
function HydratedMark({ children }: { children: React.ReactNode }) {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  return children
}

async function hydrate() {
  await i18next.use(initReactI18next).init({
    ...i18nOptions,
    lng: document.documentElement.lang || fallbackLanguage,
  })
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nextProvider i18n={i18next}>
        <StrictMode>
          <HydratedMark>
            <RemixBrowser />
          </HydratedMark>
        </StrictMode>
      </I18nextProvider>,
    )
  })
}

void hydrate()
