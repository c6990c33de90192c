import { getFormProps } from '@conform-to/react'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { Field, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { SignContractSchema } from '~/domain/contracts/signing-schemas'
import { formatInstant } from '~/utils/format'
import type { ContractData } from './contract-page'

/**
 * The contract page's signing section (issue 13 §1): both signatures (who, when), the deadline,
 * the SHA-256 both sign, and — when the state machine offers it — the signing form, which asks
 * the signer's password again. An agency without a payout account is pointed to its payout page
 * first; a contract that lapsed says who did not sign.
 */
export function SigningSection({ data }: { data: ContractData }) {
  const { t, i18n } = useTranslation()
  const c = data.contract
  const signature = (at: string | Date | null, by: string | null) =>
    at ? t('contractSigning.signedBy', { name: by ?? '—', at: formatInstant(at, i18n.language) }) : t('contractSigning.notSigned')
  const bothSigned = c.ownerSignedAt !== null && c.agencySignedAt !== null
  return (
    <section aria-labelledby="contract-signing-title" data-testid="contract-signing">
      <h2 id="contract-signing-title">{t('contractSigning.title')}</h2>
      <dl className="facts">
        <dt>{t('contractSigning.dueOn')}</dt>
        <dd data-testid="sign-due-on">{c.signDueOn}</dd>
        <dt>{t('contracts.ownerParty')}</dt>
        <dd data-testid="owner-signature">{signature(c.ownerSignedAt, c.ownerSignedByName)}</dd>
        <dt>{t('contracts.agencyParty')}</dt>
        <dd data-testid="agency-signature">{signature(c.agencySignedAt, c.agencySignedByName)}</dd>
        <dt>{t('contracts.sha256')}</dt>
        <dd>
          <code>{c.sha256}</code>
        </dd>
      </dl>
      {c.terminationKind === 'lapsed' ? (
        <p className="status-note" data-testid="contract-lapsed">
          {t('contractSigning.lapsed', { dueOn: c.signDueOn })}{' '}
          {c.partyAtFault ? <FaultParty party={c.partyAtFault} /> : null}
        </p>
      ) : bothSigned ? (
        <p data-testid="signed-by-both">{t('contractSigning.signedByBoth')}</p>
      ) : null}
      {!bothSigned && c.terminationKind === null && !data.agencyPayoutReady ? (
        <p className="hint" data-testid="payout-missing">
          {data.viewer === 'agency' ? (
            <>
              {t('contractSigning.payoutMissingAgency')} <Link to="/agency/payout">{t('contractSigning.payoutLink')}</Link>
            </>
          ) : (
            t('contractSigning.payoutMissingOther')
          )}
        </p>
      ) : null}
      {data.actions.includes('sign_contract') ? <SignForm /> : null}
    </section>
  )
}

/** Who did not sign in time (the contract records it; the credit ledger reads it). */
function FaultParty({ party }: { party: 'owner' | 'agency' | 'both' | 'none' }) {
  const { t } = useTranslation()
  const text = {
    owner: t('contractSigning.faultOwner'),
    agency: t('contractSigning.faultAgency'),
    both: t('contractSigning.faultBoth'),
    none: t('contractSigning.faultNone'),
  }
  return <>{text[party]}</>
}

function SignForm() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('sign')
  const [form, fields] = useSchemaForm<z.input<typeof SignContractSchema>>(SignContractSchema, {
    id: 'sign-contract',
    lastResult,
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)}>
      <p className="hint">{t('contractSigning.signHint')}</p>
      <FormProblem problem={formError} />
      <Field
        label={t('contractSigning.password')}
        meta={fields.password}
        type="password"
        autoComplete="current-password"
      />
      <SubmitButton name="intent" value="sign">
        {t('contractSigning.sign')}
      </SubmitButton>
    </Form>
  )
}
