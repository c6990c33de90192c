import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { RepairRecord } from '~/components/credit/repair-record'
import { FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { RadioGroup } from '~/components/review/common'
import { useSchemaForm } from '~/components/use-schema-form'
import { RepairDecisionSchema } from '~/domain/credit/action-schemas'
import { decideRepairApplication, repairApplicationView } from '~/domain/credit/repairs.server'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '信用修复申请 · Credit repair application · 监管工作台' }]

/** GET/POST /regulator/repairs/:id — one application: its evidence, and the decision with reasons. */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  return { application: await repairApplicationView(await getDb(), user, params.id ?? '') }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  // Not this regulator's to decide, or unknown: 404 before the form is read.
  await repairApplicationView(db, user, id)
  return runIntents(request, {
    default: intent({
      schema: RepairDecisionSchema,
      run: (value) => decideRepairApplication(db, user, id, value),
      done: (status) =>
        redirectWithToast(`/regulator/repairs/${id}`, {
          kind: 'success',
          messageKey: status === 'granted' ? 'creditActions.regulator.granted' : 'creditActions.regulator.refused',
        }),
    }),
  })
})

export default function RegulatorRepair() {
  const { t } = useTranslation()
  const { application } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<{ decision: string; reasons: string; confirm: string }>(RepairDecisionSchema, {
    id: 'repair-decision',
    lastResult,
  })
  return (
    <>
      <p className="registry-back">
        <Link to="/regulator/repairs">← {t('creditActions.regulator.repairsTitle')}</Link>
      </p>
      <PageHeader title={t('creditActions.repair.title')} />
      <RepairRecord application={application} />
      {application.status === 'pending' ? (
        <section aria-labelledby="repair-decide">
          <h2 id="repair-decide">{t('creditActions.regulator.decideTitle')}</h2>
          <p className="hint">{t('creditActions.regulator.decideHint', { points: -application.event.points })}</p>
          <Form method="post" className="review-form" {...getFormProps(form)}>
            <FormProblem problem={formError} />
            <RadioGroup
              label={t('creditActions.regulator.decision')}
              meta={fields.decision}
              options={[
                { value: 'grant', label: t('creditActions.regulator.grant') },
                { value: 'refuse', label: t('creditActions.regulator.refuse') },
              ]}
            />
            <TextareaField label={t('creditActions.repair.decisionReasons')} meta={fields.reasons} />
            <ConfirmField label={t('creditActions.confirm.decide')} errors={fields.confirm.errors} />
            <SubmitButton>{t('creditActions.regulator.submitDecision')}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  )
}
