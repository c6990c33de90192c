import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { ContractLink, ContractToSign } from '~/domain/contracts/contract-links.server'

/** A need page's link to its contract (for its owner and its agency, once it exists). */
export function ContractLinkLine({ contract }: { contract: ContractLink | null }) {
  const { t } = useTranslation()
  if (!contract) return null
  return (
    <p data-testid="contract-link">
      {t('contractSigning.link')} {contract.number}:{' '}
      <Link to={`/contracts/${contract.id}`}>{t('contractSigning.openContract')}</Link>
      {contract.signedByBoth ? null : <> · {t('contractSigning.toSign.dueOn', { date: contract.signDueOn })}</>}
    </p>
  )
}

/** The home page's "contracts to sign", each with its deadline. */
export function ContractsToSign({ contracts }: { contracts: ContractToSign[] }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="contracts-to-sign">
      <h2 id="contracts-to-sign">{t('contractSigning.toSign.title')}</h2>
      {contracts.length === 0 ? (
        <p className="muted">{t('contractSigning.toSign.empty')}</p>
      ) : (
        <ul data-testid="contracts-to-sign">
          {contracts.map((c) => (
            <li key={c.id}>
              <Link to={`/contracts/${c.id}`}>
                {c.needTitle} · {c.number}
              </Link>{' '}
              — {t('contractSigning.toSign.dueOn', { date: c.signDueOn })}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
