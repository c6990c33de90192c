import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** "File a complaint" where the caller may file one: a contract's owner, a need's owner or bidder (the form checks again). */
export function ComplainLink({ contractId, needId }: { contractId?: string; needId?: string }) {
  const { t } = useTranslation()
  const to = contractId ? `/complaints/new?contract=${contractId}` : `/complaints/new?need=${needId ?? ''}`
  return (
    <Link to={to} data-testid="complain-link">
      {t(contractId ? 'complaints.offer.contract' : 'complaints.offer.need')}
    </Link>
  )
}
