import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { BackLink, CheckboxField } from '~/components/admin/shared'
import { Field, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { BehaviourSchema } from '~/domain/credit/action-schemas'
import { getBehaviour, saveBehaviour } from '~/domain/credit/behaviours.server'
import { behaviourPointsBounds } from '~/domain/credit/credit'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import { recordIdParam } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '负面行为 · Negative behaviour · 管理后台' }]

type BehaviourFields = {
  code: string
  nameZh: string
  nameEn: string
  points: string
  proposesBlacklisting: string
  active: string
}

/** GET/POST /admin/negative-behaviours/:id (or /new) — one behaviour; never deleted, deactivated instead. */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const record = id ? await getBehaviour(await getDb(), id) : null
  return {
    record: record && {
      id: record.id,
      code: record.code,
      nameZh: record.nameZh,
      nameEn: record.nameEn,
      points: record.points,
      proposesBlacklisting: record.proposesBlacklisting,
      active: record.active,
    },
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const id = recordIdParam(params.id)
  const db = await getDb()
  // An unknown id: 404 before the form is read.
  if (id) await getBehaviour(db, id)
  return runIntents(request, {
    default: intent({
      schema: BehaviourSchema,
      run: (value) => saveBehaviour(db, user, value, id),
      done: () => redirectWithToast('/admin/negative-behaviours', { kind: 'success', messageKey: 'admin.saved' }),
    }),
  })
})

export default function NegativeBehaviourPage() {
  const { record } = useLoaderData<typeof loader>()
  return <BehaviourForm key={record?.id ?? 'new'} />
}

function BehaviourForm() {
  const { t } = useTranslation()
  const { record } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<BehaviourFields>(BehaviourSchema, {
    id: 'negative-behaviour',
    lastResult,
    defaultValue: record
      ? {
          code: record.code,
          nameZh: record.nameZh,
          nameEn: record.nameEn,
          points: String(record.points),
          proposesBlacklisting: record.proposesBlacklisting ? 'on' : undefined,
          active: record.active ? 'on' : undefined,
        }
      : { active: 'on' },
  })
  return (
    <>
      <BackLink to="/admin/negative-behaviours" />
      <PageHeader
        title={record ? `${t('creditActions.behaviours.edit')} · ${record.code}` : t('creditActions.behaviours.new')}
      />
      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        <Field label={t('common.code')} meta={fields.code} hint={t('admin.codeHint')} />
        <Field label={t('common.nameZh')} meta={fields.nameZh} />
        <Field label={t('common.nameEn')} meta={fields.nameEn} />
        <Field
          label={t('creditActions.behaviours.points')}
          meta={fields.points}
          type="number"
          hint={t('creditActions.behaviours.pointsHint', { min: behaviourPointsBounds.min, max: behaviourPointsBounds.max })}
        />
        <CheckboxField label={t('creditActions.behaviours.proposesBlacklisting')} meta={fields.proposesBlacklisting} />
        <CheckboxField label={t('common.active')} meta={fields.active} />
        <p className="hint">{t('creditActions.behaviours.neverDeleted')}</p>
        <SubmitButton>{t('common.save')}</SubmitButton>
      </Form>
    </>
  )
}
