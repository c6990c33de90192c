import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { PublicRating } from '~/domain/ratings/ratings.server'
import { formatInstant } from '~/utils/format'

/** A score average in hundredths as text: 425 → "4.25". */
export const hundredths = (value: number) => (value / 100).toFixed(2)

/** Every dimension's label (literal keys), in display order. */
export const dimensionLabels = (t: TFunction) =>
  ({
    quality: t('ratings.quality'),
    timeliness: t('ratings.timeliness'),
    attitude: t('ratings.attitude'),
    fee: t('ratings.fee'),
    reportQuality: t('ratings.reportQuality'),
    reportTimeliness: t('ratings.reportTimeliness'),
  }) as const

/** One rating: who rated, each score, the comment and the agency's reply — or that the text was hidden and why. */
export function RatingItem({ rating, children }: { rating: PublicRating; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation()
  const labels = dimensionLabels(t)
  const dims =
    rating.raterKind === 'owner'
      ? (['quality', 'timeliness', 'attitude', 'fee'] as const)
      : (['reportQuality', 'reportTimeliness'] as const)
  return (
    <article className="rating" data-testid={`rating-${rating.raterKind}`}>
      <h3>
        {rating.raterKind === 'owner' ? t('ratings.raterOwner') : t('ratings.raterDepartment')} ·{' '}
        {t('ratings.average', { value: hundredths(rating.averageHundredths) })}
      </h3>
      <ul className="plain-list">
        {dims.map((d) => (
          <li key={d}>
            {labels[d]}: {rating[d]} / 5
          </li>
        ))}
        <li className="muted">{t('ratings.ratedAt', { at: formatInstant(rating.createdAt, i18n.language) })}</li>
      </ul>
      {rating.hidden ? (
        <p className="muted" data-testid="rating-hidden">
          {t('ratings.hidden', { at: formatInstant(rating.hidden.at, i18n.language), reason: rating.hidden.reason })}
        </p>
      ) : (
        <>
          {rating.comment ? (
            <p className="text" data-testid="rating-comment">
              {rating.comment}
            </p>
          ) : null}
          {rating.reply ? (
            <blockquote data-testid="rating-reply">
              <strong>{t('ratings.reply')}</strong>
              <p className="text">{rating.reply.text}</p>
              <p className="muted">{t('ratings.replyAt', { at: formatInstant(rating.reply.at, i18n.language) })}</p>
            </blockquote>
          ) : null}
        </>
      )}
      {children}
    </article>
  )
}
