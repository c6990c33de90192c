/**
 * A reviewer's actions on an agency (app/routes/review+/agencies.$id.tsx): suspend, reinstate,
 * forced exit. Each form names its intent; the page shows only those the registry state machine
 * allows (`allowedStatusActions`).
 */
import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SelectField, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { ForcedExitSchema, StatusReasonSchema, forcedExitCategories, type ForcedExitInput } from '~/domain/agencies/schemas'

/** Suspending or reinstating an agency: a published reason, confirmed. */
export function StatusForm({ intent }: { intent: 'suspend' | 'reinstate' }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply(intent)
  const [form, fields] = useSchemaForm<{ reason: string; confirm: string }>(StatusReasonSchema, { id: `agency-${intent}`, lastResult })
  return (
    <section className="card" aria-labelledby={`agency-${intent}-title`}>
      <h3 id={`agency-${intent}-title`}>{t(intent === 'suspend' ? 'review.agency.suspendTitle' : 'review.agency.reinstateTitle')}</h3>
      <p className="muted">{t(intent === 'suspend' ? 'review.agency.suspendHint' : 'review.agency.reinstateHint')}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value={intent} />
        <TextareaField label={t('review.agency.reason')} meta={fields.reason} />
        <ConfirmField label={t(intent === 'suspend' ? 'confirm.suspend' : 'confirm.reinstate')} errors={fields.confirm.errors} />
        <SubmitButton>{t(intent === 'suspend' ? 'review.agency.suspendSubmit' : 'review.agency.reinstateSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}

/** A forced exit: a category and a published reason, confirmed; it cannot be undone. */
export function ForceExitForm({ coolingOffDays }: { coolingOffDays: number }) {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('forceExit')
  const [form, fields] = useSchemaForm<ForcedExitInput & { confirm: string }>(ForcedExitSchema, { id: 'agency-force-exit', lastResult })
  return (
    <section className="card" aria-labelledby="agency-force-exit-title">
      <h3 id="agency-force-exit-title">{t('review.agency.forceExitTitle')}</h3>
      <p className="muted">{t('review.agency.forceExitHint', { days: coolingOffDays })}</p>
      <Form method="post" className="review-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <input type="hidden" name="intent" value="forceExit" />
        <SelectField
          label={t('review.agency.forceExitCategory')}
          meta={fields.category}
          options={forcedExitCategories.map((c) => ({ value: c, label: t(`terms.exitCategory.${c}`) }))}
          placeholder={t('review.agency.choose')}
        />
        <TextareaField label={t('review.agency.reason')} meta={fields.reason} />
        <ConfirmField label={t('confirm.forceExit')} errors={fields.confirm.errors} />
        <SubmitButton>{t('review.agency.forceExitSubmit')}</SubmitButton>
      </Form>
    </section>
  )
}
