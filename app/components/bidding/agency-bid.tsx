import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmField } from '~/components/confirm-field'
import { Field, FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import type { BidAction } from '~/domain/bidding/bid-actions'
import { BidSchema } from '~/domain/bidding/schemas'
import { fenToYuan } from '~/domain/needs/schemas'
import { formatFen } from '~/utils/format'

export interface OwnBid {
  id: string
  status: string
  quoteFen: number
  committedDays: number
  note: string
  team: string
  revision: number
  revisions: { revision: number; quoteFen: number; committedDays: number; at: string | null }[]
}

/** The agency's own bids on the need (live and withdrawn), each with its earlier versions. */
export function OwnBids({ bids }: { bids: OwnBid[] }) {
  const { t, i18n } = useTranslation()
  const money = (fen: number) => formatFen(fen, i18n.language)
  return (
    <section aria-labelledby="own-bids">
      <h2 id="own-bids">{t('directory.notices.agency.ownBid')}</h2>
      {bids.length === 0 ? <p className="muted">{t('directory.notices.agency.noBid')}</p> : null}
      {bids.map((b) => (
        <div key={b.id} data-testid="own-bid">
          <p>
            <span className={`status status-${b.status}`}>{t(`terms.bidStatus.${b.status}`)}</span>{' '}
            {t('directory.notices.agency.bidSummary', { quote: money(b.quoteFen), days: b.committedDays, revision: b.revision })}
          </p>
          {b.revisions.length ? (
            <table className="table">
              <caption>{t('directory.notices.agency.history')}</caption>
              <thead>
                <tr>
                  <th>{t('directory.notices.agency.revision', { revision: '#' })}</th>
                  <th>{t('directory.notices.agency.quote')}</th>
                  <th>{t('directory.notices.agency.committedDays')}</th>
                  <th>{t('directory.notices.agency.at')}</th>
                </tr>
              </thead>
              <tbody>
                {b.revisions.map((r) => (
                  <tr key={r.revision}>
                    <td>{t('directory.notices.agency.revision', { revision: r.revision })}</td>
                    <td>{money(r.quoteFen)}</td>
                    <td>{r.committedDays}</td>
                    <td>{r.at}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ))}
    </section>
  )
}

type BidFields = { quote: string; committedDays: string; note: string; team: string }

/**
 * The bid forms the agency may use (`bidActions`): a new bid, or the live one revised and
 * withdrawn; why it may not bid when it is not eligible; that the window has closed otherwise.
 */
export function BidSection({
  actions,
  live,
  ineligibleReason,
}: {
  actions: BidAction[]
  live: OwnBid | null
  ineligibleReason: string | null
}) {
  const { t } = useTranslation()
  const submitted = useIntentReply('submit')
  const revised = useIntentReply('revise')
  const withdrawn = useIntentReply('withdraw')
  const bidding = actions.includes('revise') ? 'revise' : actions.includes('submit') ? 'submit' : null
  const reply = bidding === 'revise' ? revised : submitted
  const [form, fields] = useSchemaForm<BidFields>(BidSchema, {
    id: 'bid',
    lastResult: reply.lastResult,
    defaultValue: live
      ? { quote: fenToYuan(live.quoteFen), committedDays: String(live.committedDays), note: live.note, team: live.team }
      : undefined,
  })
  return (
    <section aria-labelledby="bid-form">
      <h2 id="bid-form">{t('directory.notices.agency.bidTitle')}</h2>
      {actions.length === 0 && !ineligibleReason ? <p className="muted">{t('directory.notices.agency.closed')}</p> : null}
      {ineligibleReason ? (
        <p role="alert" className="field-errors" data-testid="ineligible">
          {t('directory.notices.agency.ineligible', { reason: t(`terms.ineligible.${ineligibleReason}`) })}
        </p>
      ) : null}
      {bidding ? (
        <Form method="post" {...getFormProps(form)}>
          <FormProblem problem={reply.formError} />
          <Field label={t('directory.notices.agency.quote')} meta={fields.quote} hint={t('directory.notices.agency.quoteHint')} />
          <Field label={t('directory.notices.agency.committedDays')} meta={fields.committedDays} type="number" />
          <TextareaField label={t('directory.notices.agency.note')} meta={fields.note} />
          <TextareaField label={t('directory.notices.agency.team')} meta={fields.team} />
          <SubmitButton name="intent" value={bidding}>
            {bidding === 'revise' ? t('directory.notices.agency.revise') : t('directory.notices.agency.submit')}
          </SubmitButton>
        </Form>
      ) : null}
      {actions.includes('withdraw') ? (
        <Form method="post">
          <FormProblem problem={withdrawn.formError} />
          <ConfirmField label={t('confirm.withdrawBid')} errors={withdrawn.lastResult?.error?.confirm} />
          <SubmitButton name="intent" value="withdraw">
            {t('directory.notices.agency.withdraw')}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}
