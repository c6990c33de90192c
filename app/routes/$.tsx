import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { errorResponse } from '~/utils/handler.server'

/** Any unknown URL: a real 404 status with the translated not-found page. */
export async function loader() {
  throw errorResponse(404, 'errors.notFound')
}

export async function action() {
  throw errorResponse(404, 'errors.notFound')
}

export default function NotFound() {
  const { t } = useTranslation()
  return <p>{t('errors.notFound')}</p>
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
