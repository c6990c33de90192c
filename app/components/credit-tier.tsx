import { useTranslation } from 'react-i18next'
import type { CreditTier } from '~/domain/credit/credit'

/** An agency's credit tier (A–D) as a badge, its score in the title. */
export function CreditTierBadge({ tier, score }: { tier: CreditTier; score: number }) {
  const { t } = useTranslation()
  return (
    <span
      className={`status credit-tier credit-tier-${tier}`}
      title={t('credit.tierBadgeTitle', { score, tier })}
      data-testid="credit-tier"
      data-tier={tier}
    >
      {t('credit.tierBadge', { tier })}
    </span>
  )
}

/**
 * The tier a result or a bid list shows beside an agency: the one stored at the window's close,
 * or — for a result stored before standings were kept — the current one, labelled as current.
 */
export function AgencyCreditTier({
  credit,
}: {
  credit: { tier: CreditTier; score: number; asOf: 'close' | 'current' } | null | undefined
}) {
  const { t } = useTranslation()
  if (!credit) return null
  return (
    <span className="agency-credit" data-as-of={credit.asOf}>
      <CreditTierBadge tier={credit.tier} score={credit.score} />
      {credit.asOf === 'current' ? <span className="muted"> {t('credit.currentTier')}</span> : null}
    </span>
  )
}
