import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { JustificationSchema, ObjectionSchema } from '~/domain/publicity/schemas'

export interface AgencyObjections {
  own: {
    id: string
    round: number
    status: string
    reason: string
    rulingReason: string | null
    filedAt: string | null
    ruledAt: string | null
  }[]
  canObject: boolean
  isWinner: boolean
  publicityEndsOn: string | null
  justification: { text: string | null; attachedAt: string | null; canAttach: boolean } | null
}

/** The agency's objections on this need (every round, with rulings) and, when it may, the form (intent `object`). */
export function ObjectionSection({ objections }: { objections: AgencyObjections }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('object')
  const [form, fields] = useSchemaForm<{ reason: string; confirm: string }>(ObjectionSchema, { id: 'objection', lastResult })
  const { own, canObject, isWinner, publicityEndsOn } = objections
  if (!canObject && own.length === 0 && !(isWinner && publicityEndsOn)) return null
  return (
    <section aria-labelledby="objection-title" data-testid="objection-section">
      <h2 id="objection-title">{t('objections.agency.title')}</h2>
      {own.length ? (
        <>
          <h3>{t('objections.agency.yours')}</h3>
          <ul className="objection-list">
            {own.map((o) => (
              <li key={o.id} data-testid="own-objection">
                <p>
                  <span className={`status status-${o.status}`}>{t(`terms.objectionStatus.${o.status}`)}</span>{' '}
                  {t('objections.agency.filedAt')} {o.filedAt} · {t('objections.regulator.round')} {o.round}
                </p>
                <p className="prewrap">{o.reason}</p>
                {o.rulingReason ? (
                  <p>
                    <strong>{t('objections.agency.ruling')}</strong> ({o.ruledAt}): {o.rulingReason}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {isWinner ? <p className="muted">{t('objections.agency.winnerNote')}</p> : null}
      {canObject && publicityEndsOn ? (
        <Form method="post" {...getFormProps(form)}>
          <p>{t('objections.agency.lead', { endsOn: publicityEndsOn })}</p>
          <FormProblem problem={formError} />
          <TextareaField label={t('objections.agency.reason')} meta={fields.reason} />
          <p className="muted">{t('objections.agency.reasonHint')}</p>
          <ConfirmField label={t('confirm.fileObjection')} errors={fields.confirm.errors} />
          <SubmitButton name="intent" value="object">
            {t('objections.agency.submit')}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}

/** The flagged lowest-price winner's cost justification: what it attached and, during publicity, the form (intent `justify`). */
export function JustificationSection({
  justification,
  endsOn,
}: {
  justification: AgencyObjections['justification']
  endsOn: string | null
}) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('justify')
  const [form, fields] = useSchemaForm<{ text: string }>(JustificationSchema, {
    id: 'justification',
    lastResult,
    defaultValue: justification?.text ? { text: justification.text } : undefined,
  })
  if (!justification) return null
  return (
    <section aria-labelledby="justification-title" data-testid="justification-section">
      <h2 id="justification-title">{t('objections.justification.title')}</h2>
      {justification.text ? (
        <p data-testid="justification-attached">
          {t('objections.justification.attached')} {t('objections.justification.attachedAt')} {justification.attachedAt}
        </p>
      ) : (
        <p className="muted">{t('objections.justification.none')}</p>
      )}
      {justification.canAttach && endsOn ? (
        <Form method="post" {...getFormProps(form)}>
          <p>{t('objections.justification.lead', { endsOn })}</p>
          <FormProblem problem={formError} />
          <TextareaField label={t('objections.justification.text')} meta={fields.text} />
          <SubmitButton name="intent" value="justify">
            {t('objections.justification.submit')}
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}
