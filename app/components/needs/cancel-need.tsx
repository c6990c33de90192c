import { getFormProps } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { useSchemaForm } from '~/components/use-schema-form'
import { CancelNeedSchema } from '~/domain/needs/schemas'

/** Cancelling a need before selection: a published reason and a confirmation (intent `cancel`). */
export function CancelNeedSection() {
  const { t } = useTranslation()
  const { lastResult, formError } = useIntentReply('cancel')
  const [form, fields] = useSchemaForm<{ reason: string; confirm: string }>(CancelNeedSchema, { id: 'cancel-need', lastResult })
  return (
    <section aria-labelledby="cancel-need-title">
      <h2 id="cancel-need-title">{t('needs.owner.cancelTitle')}</h2>
      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <TextareaField label={t('needs.owner.cancelReason')} meta={fields.reason} />
        <ConfirmField label={t('confirm.cancelNeed')} errors={fields.confirm.errors} />
        <SubmitButton name="intent" value="cancel">
          {t('needs.owner.cancelSubmit')}
        </SubmitButton>
      </Form>
    </section>
  )
}
