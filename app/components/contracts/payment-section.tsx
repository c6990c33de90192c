import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { Field, FormProblem, SelectField, SubmitButton, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { PaySchema, shownPaymentError, shownStripeStatus, testCards } from '~/domain/payments/payment-schemas'
import { formatFen } from '~/utils/format'
import type { ContractData } from './contract-page'

/**
 * The contract page's platform-held payment (代管资金, SPEC §7): the price, what the platform has
 * received, paid out to the agency and refunded to the owner (from Stripe's answers only), the
 * state of the owner's payment with Stripe's reason in words when it failed, every Stripe object
 * asked for (id, status), and — when the state machine offers it — the owner's pay form.
 */
export function PaymentSection({ data }: { data: ContractData }) {
  const { t, i18n } = useTranslation()
  const c = data.contract
  const fen = (value: number) => formatFen(value, i18n.language)
  return (
    <section aria-labelledby="contract-payment-title" data-testid="contract-payment">
      <h2 id="contract-payment-title">{t('contractPayment.title')}</h2>
      <p className="hint">{t('contractPayment.lead')}</p>
      <dl className="facts">
        <dt>{t('contractPayment.price')}</dt>
        <dd>{fen(c.priceFen)}</dd>
        <dt>{t('contractPayment.collectStatus')}</dt>
        <dd>
          <span className={`status status-collect-${c.collectStatus}`} data-testid="collect-status">
            {t(`contractPayment.collect.${c.collectStatus}`)}
          </span>
        </dd>
        <dt>{t('contractPayment.held')}</dt>
        <dd data-testid="held-fen">{fen(c.heldFen)}</dd>
        <dt>{t('contractPayment.released')}</dt>
        <dd data-testid="released-fen">{fen(c.releasedFen)}</dd>
        <dt>{t('contractPayment.refunded')}</dt>
        <dd data-testid="refunded-fen">{fen(c.refundedFen)}</dd>
        <dt>{t('contractPayment.heldNow')}</dt>
        <dd>{fen(c.heldNowFen)}</dd>
      </dl>
      {c.collectStatus === 'failed' ? (
        <p className="review-form-error" role="alert" data-testid="payment-error">
          {t(`contractPayment.errors.${shownPaymentError(c.lastPaymentError)}`)}{' '}
          {c.lastPaymentError ? <small>{t('contractPayment.errorCode', { code: c.lastPaymentError })}</small> : null}
        </p>
      ) : c.collectStatus === 'processing' ? (
        <p className="status-note" role="status">
          {t('contractPayment.processingHint')}
        </p>
      ) : c.collectStatus === 'paid' ? (
        <p className="hint">{t('contractPayment.paidHint')}</p>
      ) : null}
      <PaymentObjects data={data} />
      {data.actions.includes('pay') ? <PayForm priceFen={c.priceFen} testCardsOnly={data.stripeTestServer} /> : null}
    </section>
  )
}

const purposes = ['collect', 'acceptance', 'termination', 'late_payment'] as const
const shownPurpose = (purpose: string) =>
  (purposes as readonly string[]).includes(purpose) ? (purpose as (typeof purposes)[number]) : 'termination'

function PaymentObjects({ data }: { data: ContractData }) {
  const { t, i18n } = useTranslation()
  if (data.payments.length === 0) return <p className="hint">{t('contractPayment.objects.none')}</p>
  return (
    <table className="table compact" data-testid="payment-objects">
      <caption>{t('contractPayment.objects.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('contractPayment.objects.kindHeader')}</th>
          <th scope="col">{t('contractPayment.objects.purposeHeader')}</th>
          <th scope="col">{t('contractPayment.objects.amountHeader')}</th>
          <th scope="col">{t('contractPayment.objects.idHeader')}</th>
          <th scope="col">{t('contractPayment.objects.statusHeader')}</th>
        </tr>
      </thead>
      <tbody>
        {data.payments.map((p) => {
          const status = shownStripeStatus(p.status)
          return (
            <tr key={`${p.kind}-${p.purpose}`} data-testid={`payment-${p.kind}`}>
              <td>{t(`contractPayment.kind.${p.kind}`)}</td>
              <td>{t(`contractPayment.purpose.${shownPurpose(p.purpose)}`)}</td>
              <td>{formatFen(p.amountFen, i18n.language)}</td>
              <td>{p.stripeId ? <code>{p.stripeId}</code> : t('contractPayment.objects.pending')}</td>
              <td>
                {status ? t(`contractPayment.stripeStatus.${status}`) : <code>{p.status}</code>}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function PayForm({ priceFen, testCardsOnly }: { priceFen: number; testCardsOnly: boolean }) {
  const { t, i18n } = useTranslation()
  const { lastResult, formError } = useIntentReply('pay')
  const [form, fields] = useSchemaForm<z.input<typeof PaySchema>>(PaySchema, {
    id: 'pay-contract',
    lastResult,
    defaultValue: testCardsOnly ? { paymentMethod: testCards[0] } : undefined,
  })
  return (
    <Form method="post" className="admin-form" {...getFormProps(form)} data-testid="pay-form">
      <h3>{t('contractPayment.pay.title')}</h3>
      <p className="hint">{t('contractPayment.pay.hint')}</p>
      {testCardsOnly ? <p className="hint">{t('contractPayment.pay.testHint')}</p> : null}
      <FormProblem problem={formError} />
      {testCardsOnly ? (
        <SelectField
          label={t('contractPayment.pay.method')}
          meta={fields.paymentMethod}
          options={testCards.map((card) => ({ value: card, label: t(`contractPayment.testCard.${card}`) }))}
        />
      ) : (
        <Field label={t('contractPayment.pay.method')} meta={fields.paymentMethod} hint={t('contractPayment.pay.methodHint')} />
      )}
      <SubmitButton name="intent" value="pay">
        {t('contractPayment.pay.submit', { amount: formatFen(priceFen, i18n.language) })}
      </SubmitButton>
    </Form>
  )
}
