import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** Previous / "page n of m" / next links; hidden when everything fits on one page. */
export function Pagination({
  page,
  pageCount,
  previous,
  next,
}: {
  page: number
  pageCount: number
  previous: string | null
  next: string | null
}) {
  const { t } = useTranslation()
  if (pageCount <= 1 && page <= 1) return null
  return (
    <nav className="pagination" aria-label={t('directory.pagination.label')}>
      {previous ? (
        <Link to={previous} rel="prev">
          {t('directory.pagination.previous')}
        </Link>
      ) : (
        <span className="disabled">{t('directory.pagination.previous')}</span>
      )}
      <span>{t('directory.pagination.pageOf', { page, pageCount })}</span>
      {next ? (
        <Link to={next} rel="next">
          {t('directory.pagination.next')}
        </Link>
      ) : (
        <span className="disabled">{t('directory.pagination.next')}</span>
      )}
    </nav>
  )
}
