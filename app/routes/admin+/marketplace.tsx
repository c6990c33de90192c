import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { Field, SubmitButton } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import {
  configToForm,
  DIRECT_MIN_VALID_BIDS,
  MarketplaceConfigFormSchema,
  type ConfigField,
} from '~/domain/settings/marketplace-config'
import {
  getMarketplaceSettings,
  resetMarketplaceConfig,
  saveMarketplaceConfig,
} from '~/domain/settings/marketplace-config.server'
import { confirmation } from '~/domain/validation'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { readForm, submitForm } from '~/utils/forms.server'
import { errorResponse, handle } from '~/utils/handler.server'
import { redirectWithToast } from '~/utils/toast.server'
import { CheckboxField } from './__shared'
import { shanghaiDateTime } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '交易规则参数 · Rule settings · 管理后台' }]

const PATH = '/admin/marketplace'

export const loader = handle(async ({ request }: LoaderFunctionArgs) => {
  await requirePermission(request, 'admin.workspace')
  const settings = await getMarketplaceSettings(await getDb())
  return {
    current: configToForm(settings.config),
    defaults: configToForm(settings.defaults),
    updatedAt: settings.updatedAt ? shanghaiDateTime(settings.updatedAt) : null,
    unreadable: settings.unreadable,
  }
})

/** Resetting overwrites every stored setting: confirmed in the same form. */
const ResetSchema = z.object({ confirm: confirmation() })

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'admin.workspace')
  const db = await getDb()
  // submitForm reads the untouched request, so the intent is read from a copy.
  const form = await readForm(request.clone())
  const intent = form.get('intent')
  if (intent === 'save') {
    const outcome = await submitForm(request, MarketplaceConfigFormSchema, (value) =>
      saveMarketplaceConfig(db, actorOf(user), value),
    )
    if (!outcome.ok) return outcome.response
    return redirectWithToast(PATH, { kind: 'success', messageKey: 'settings.saved' })
  }
  if (intent === 'reset') {
    const submission = parseWithZod(form, { schema: ResetSchema })
    if (submission.status !== 'success') return data({ intent: 'reset' as const, resetResult: submission.reply() }, { status: 400 })
    await resetMarketplaceConfig(db, actorOf(user))
    return redirectWithToast(PATH, { kind: 'success', messageKey: 'settings.resetDone' })
  }
  throw errorResponse(400, 'errors.badRequest')
})

type FormValues = Record<ConfigField, string>

const groups: { key: string; fields: ConfigField[] }[] = [
  { key: 'deadlines', fields: ['minRegistrationWorkingDays', 'publicityWorkingDays', 'contractSigningWorkingDays'] },
  { key: 'bids', fields: ['minValidBidsRandom', 'minValidBidsLowestPrice', 'minValidBidsComprehensive'] },
  { key: 'direct', fields: ['directSelectionThreshold', 'allowDirectAfterFailedRound'] },
  { key: 'pricing', fields: ['abnormallyLowPercent', 'defaultCreditScore', 'defaultRating'] },
]

const dayFields = new Set<ConfigField>(['minRegistrationWorkingDays', 'publicityWorkingDays', 'contractSigningWorkingDays'])
const bidFields = new Set<ConfigField>(['minValidBidsRandom', 'minValidBidsLowestPrice', 'minValidBidsComprehensive'])

export default function AdminMarketplace() {
  const { t } = useTranslation()
  const { current, defaults, updatedAt, unreadable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm<FormValues>(MarketplaceConfigFormSchema, {
    id: 'marketplace-config',
    lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
    defaultValue: current,
  })

  /** The default, in words, shown next to each setting. */
  const shown = (field: ConfigField, value: string) => {
    if (dayFields.has(field)) return t('settings.workingDaysValue', { count: Number(value) })
    if (bidFields.has(field)) return t('settings.bidsValue', { count: Number(value) })
    if (field === 'directSelectionThreshold') return t('settings.yuanValue', { yuan: value })
    if (field === 'allowDirectAfterFailedRound') return value === 'on' ? t('settings.yesValue') : t('settings.noValue')
    if (field === 'abnormallyLowPercent') return t('settings.percentValue', { percent: value })
    return value
  }
  const hint = (field: ConfigField) => {
    const text = t('settings.defaultIs', { value: shown(field, defaults[field]) })
    return current[field] === defaults[field] ? text : `${text} · ${t('settings.changed')}`
  }
  const integer = (field: ConfigField) => field !== 'directSelectionThreshold' && field !== 'defaultRating'

  return (
    <>
      <PageHeader title={t('settings.title')} lead={t('settings.lead')} />
      {unreadable ? (
        <p role="alert" className="field-errors" data-testid="settings-unreadable">
          {t('settings.unreadable')}
        </p>
      ) : null}
      <p className="muted" data-testid="settings-saved-at">
        {updatedAt ? t('settings.lastSaved', { at: updatedAt }) : t('settings.neverSaved')}
      </p>

      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="save" />
        {groups.map((group) => (
          <fieldset key={group.key} className="admin-section">
            <legend>{t(`settings.groups.${group.key}`)}</legend>
            {group.fields.map((field) =>
              field === 'allowDirectAfterFailedRound' ? (
                <div key={field}>
                  <CheckboxField label={t(`settings.fields.${field}`)} meta={fields[field]} />
                  <p className="hint">{hint(field)}</p>
                </div>
              ) : (
                <Field
                  key={field}
                  label={t(`settings.fields.${field}`)}
                  meta={fields[field]}
                  type={integer(field) ? 'number' : 'text'}
                  hint={hint(field)}
                />
              ),
            )}
            {group.key === 'bids' ? (
              <p className="hint">
                {t('settings.fields.minValidBidsDirect')}: {t('settings.bidsValue', { count: DIRECT_MIN_VALID_BIDS })}
              </p>
            ) : null}
          </fieldset>
        ))}
        <SubmitButton>{t('settings.save')}</SubmitButton>
      </Form>

      <section aria-labelledby="settings-reset" className="admin-section">
        <h2 id="settings-reset">{t('settings.reset')}</h2>
        <p className="hint muted">{t('settings.resetHint')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="reset" />
          <ConfirmField
            label={t('confirm.resetRules')}
            errors={
              actionData && 'resetResult' in actionData
                ? (actionData.resetResult as SubmissionResult<string[]>).error?.confirm
                : null
            }
          />
          <SubmitButton>{t('settings.reset')}</SubmitButton>
        </Form>
      </section>
    </>
  )
}
