import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { PublicRating } from '~/domain/ratings/ratings.server'
import type { RatingSummary } from '~/domain/ratings/ratings'
import { departmentDimensions, ownerDimensions } from '~/domain/ratings/ratings'
import { dimensionLabels, hundredths, RatingItem } from './rating-item'

/**
 * An agency's ratings on its public profile: the count, the average of each dimension, how the
 * owner ratings spread over 1–5, and each rating with its contract's need (hidden text shown as hidden).
 */
export function AgencyRatings({
  summary,
  ratings,
}: {
  summary: RatingSummary
  ratings: (PublicRating & { needId: string; needTitle: string })[]
}) {
  const { t } = useTranslation()
  const labels = dimensionLabels(t)
  return (
    <div data-testid="agency-ratings">
      <p data-testid="ratings-count">
        {t('ratings.profile.count', { total: summary.count, owner: summary.ownerCount, department: summary.departmentCount })}
      </p>
      <h3>{t('ratings.profile.averages')}</h3>
      <table className="table compact" data-testid="ratings-averages">
        <thead>
          <tr>
            <th>{t('ratings.profile.dimension')}</th>
            <th>{t('ratings.profile.averageScore')}</th>
          </tr>
        </thead>
        <tbody>
          {[...ownerDimensions, ...departmentDimensions].map((d) => {
            const value = summary.averages[d]
            return value === null ? null : (
              <tr key={d}>
                <td>{labels[d]}</td>
                <td>{hundredths(value)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {summary.ownerCount > 0 ? (
        <>
          <h3>{t('ratings.profile.distribution')}</h3>
          <table className="table compact" data-testid="ratings-distribution">
            <thead>
              <tr>
                <th>{t('ratings.profile.score')}</th>
                <th>{t('ratings.profile.ratingCount')}</th>
              </tr>
            </thead>
            <tbody>
              {[5, 4, 3, 2, 1].map((stars) => (
                <tr key={stars}>
                  <td>{t('ratings.profile.stars', { stars })}</td>
                  <td>{summary.distribution[stars - 1]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h3>{t('ratings.profile.list')}</h3>
      {ratings.map((r) => (
        <RatingItem key={r.id} rating={r}>
          <p className="muted">
            <Link to={`/needs/${r.needId}`}>{t('ratings.contractOf', { title: r.needTitle })}</Link>
          </p>
        </RatingItem>
      ))}
    </div>
  )
}
