import { getFormProps } from '@conform-to/react'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { ConfirmField } from '~/components/confirm-field'
import { Field, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import {
  configToForm,
  DIRECT_MIN_VALID_BIDS,
  MarketplaceConfigFormSchema,
  ResetMarketplaceConfigSchema,
  type ConfigField,
} from '~/domain/settings/marketplace-config'
import {
  getMarketplaceSettings,
  resetMarketplaceConfig,
  saveMarketplaceConfig,
} from '~/domain/settings/marketplace-config.server'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import { CheckboxField } from '~/components/admin/shared'
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

export const action = handle(async ({ request }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'admin.workspace')
  const db = await getDb()
  return runIntents(request, {
    save: intent({
      schema: MarketplaceConfigFormSchema,
      run: (value) => saveMarketplaceConfig(db, actorOf(user), value),
      done: () => redirectWithToast(PATH, { kind: 'success', messageKey: 'settings.saved' }),
    }),
    reset: intent({
      schema: ResetMarketplaceConfigSchema,
      run: () => resetMarketplaceConfig(db, actorOf(user)),
      done: () => redirectWithToast(PATH, { kind: 'success', messageKey: 'settings.resetDone' }),
    }),
  })
})

type FormValues = Record<ConfigField, string>

const groups: { key: string; fields: ConfigField[] }[] = [
  { key: 'deadlines', fields: ['minRegistrationWorkingDays', 'publicityWorkingDays', 'contractSigningWorkingDays'] },
  { key: 'bids', fields: ['minValidBidsRandom', 'minValidBidsLowestPrice', 'minValidBidsComprehensive'] },
  { key: 'direct', fields: ['directSelectionThreshold', 'allowDirectAfterFailedRound'] },
  { key: 'pricing', fields: ['abnormallyLowPercent', 'defaultCreditScore', 'defaultRating'] },
  { key: 'credit', fields: ['tierA', 'tierB', 'tierC'] },
]

const dayFields = new Set<ConfigField>(['minRegistrationWorkingDays', 'publicityWorkingDays', 'contractSigningWorkingDays'])
const bidFields = new Set<ConfigField>(['minValidBidsRandom', 'minValidBidsLowestPrice', 'minValidBidsComprehensive'])

export default function AdminMarketplace() {
  const { t } = useTranslation()
  const { current, defaults, updatedAt, unreadable } = useLoaderData<typeof loader>()
  const save = useIntentReply('save')
  const reset = useIntentReply('reset')
  const [form, fields] = useSchemaForm<FormValues>(MarketplaceConfigFormSchema, {
    id: 'marketplace-config',
    lastResult: save.lastResult,
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
        <FormProblem problem={save.formError} />
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
          <FormProblem problem={reset.formError} />
          <ConfirmField label={t('confirm.resetRules')} errors={reset.lastResult?.error?.confirm} />
          <SubmitButton>{t('settings.reset')}</SubmitButton>
        </Form>
      </section>
    </>
  )
}
