import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { organisationName } from '~/domain/organisations/names'
import { formatFen } from '~/utils/format'

export interface BidderOutcomeView {
  round: number
  winnerName: string
  winnerNameEn: string
  winnerQuoteFen: number | null
  resultUrl: string
}

/** A bidder that was not selected: who was, at what quote (price methods), and the public result. */
export function BidderOutcomeSection({ outcome }: { outcome: BidderOutcomeView | null }) {
  const { t, i18n } = useTranslation()
  if (!outcome) return null
  return (
    <section aria-labelledby="bidder-outcome-title" data-testid="bidder-outcome">
      <h2 id="bidder-outcome-title">{t('needContext.outcome.title')}</h2>
      <p>{t('needContext.outcome.notSelected', { round: outcome.round, name: organisationName({ name: outcome.winnerName, nameEn: outcome.winnerNameEn }, i18n.language) })}</p>
      {outcome.winnerQuoteFen !== null ? (
        <p>{t('needContext.outcome.winnerQuote', { quote: formatFen(outcome.winnerQuoteFen, i18n.language) })}</p>
      ) : null}
      <p>
        <Link to={outcome.resultUrl}>{t('needContext.outcome.resultLink')}</Link>
      </p>
    </section>
  )
}
