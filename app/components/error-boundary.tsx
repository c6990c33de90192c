import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

interface Payload {
  messageKey?: string
  params?: Record<string, string | number>
}

/** Shows a translated message for the error; details stay in the server log. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  let status = 500
  let message = t('errors.unexpected')
  if (isRouteErrorResponse(error)) {
    status = error.status
    const payload = (typeof error.data === 'object' && error.data ? error.data : {}) as Payload
    message = payload.messageKey ? t(payload.messageKey, payload.params) : t(statusKey(status))
  } else if (typeof window !== 'undefined') {
    console.error(error)
  }
  return (
    <section className="error-page" data-status={status}>
      <p className="error-status">{status}</p>
      <h1>{t(`errors.title.${titleOf(status)}`)}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </section>
  )
}

function titleOf(status: number) {
  if (status === 403) return 'forbidden'
  if (status === 404) return 'notFound'
  if (status === 429) return 'tooMany'
  if (status >= 500) return 'server'
  return 'request'
}

function statusKey(status: number) {
  if (status === 403) return 'errors.forbidden'
  if (status === 404) return 'errors.notFound'
  if (status === 429) return 'errors.tooManyRequests'
  if (status >= 500) return 'errors.unexpected'
  return 'errors.badRequest'
}
