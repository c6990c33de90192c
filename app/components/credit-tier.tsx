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
