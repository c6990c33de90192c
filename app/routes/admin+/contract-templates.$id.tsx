import { getFormProps, getTextareaProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { BackLink } from '~/components/admin/shared'
import { ErrorList, FormProblem, SubmitButton, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { useSchemaForm } from '~/components/use-schema-form'
import { contractVariables } from '~/domain/contracts/contract-text'
import { ContractTemplateSchema, ResetTemplateSchema, type ContractTemplateInput } from '~/domain/contracts/template-schemas'
import {
  contractTemplateForEdit,
  resetContractTemplate,
  saveContractTemplate,
} from '~/domain/contracts/templates.server'
import { actorOf, requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { useLocalized } from '~/utils/localized'
import { redirectWithToast } from '~/utils/toast.server'
import { shanghaiDateTime } from './__shared.server'

export const meta: MetaFunction = () => [{ title: '合同模板 · Contract template · 管理后台' }]

/** A service type's contract template (its own, or the default prefilled), with the variables as help. */
export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  await requirePermission(request, 'catalogue.manage')
  const record = await contractTemplateForEdit(await getDb(), params.id ?? '')
  return {
    ...record,
    updatedAt: record.updatedAt ? shanghaiDateTime(record.updatedAt) : null,
    variables: [...contractVariables],
  }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'catalogue.manage')
  const db = await getDb()
  // An unknown service type: 404 before anything is read from the form.
  const { serviceType } = await contractTemplateForEdit(db, params.id ?? '')
  const back = `/admin/contract-templates/${serviceType.id}`
  return runIntents(request, {
    save: intent({
      schema: ContractTemplateSchema,
      run: (value) => saveContractTemplate(db, actorOf(user), serviceType.id, value),
      done: () => redirectWithToast(back, { kind: 'success', messageKey: 'contractSigning.templates.saved' }),
    }),
    reset: intent({
      schema: ResetTemplateSchema,
      run: () => resetContractTemplate(db, actorOf(user), serviceType.id),
      done: () => redirectWithToast(back, { kind: 'success', messageKey: 'contractSigning.templates.resetDone' }),
    }),
  })
})

export default function ContractTemplatePage() {
  const data = useLoaderData<typeof loader>()
  // A fresh form per version, so a save or a reset shows what is stored now.
  return <TemplateForm key={`${data.serviceType.id}-${data.version ?? 0}`} />
}

function TemplateForm() {
  const { t } = useTranslation()
  const name = useLocalized()
  const data = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply('save')
  const reset = useIntentReply('reset')
  const [form, fields] = useSchemaForm<ContractTemplateInput>(ContractTemplateSchema, {
    id: 'contract-template',
    lastResult,
    defaultValue: { bodyZh: data.bodyZh, bodyEn: data.bodyEn },
  })
  const body = (label: string, meta: typeof fields.bodyZh, lang: string) => {
    const props = getTextareaProps(meta)
    return (
      <div className="field">
        <label htmlFor={meta.id}>{label}</label>
        <textarea {...props} key={props.key} rows={24} lang={lang} className="contract-text" />
        <ErrorList id={meta.errorId} errors={meta.errors} />
      </div>
    )
  }
  return (
    <>
      <BackLink to="/admin/contract-templates" />
      <PageHeader title={t('contractSigning.templates.editTitle', { name: name(data.serviceType) })} />
      <p className="muted" data-testid="template-state">
        {data.version === null
          ? t('contractSigning.templates.usingDefault')
          : t('contractSigning.templates.usingVersion', { version: data.version, at: data.updatedAt ?? '' })}
      </p>
      <Form method="post" className="admin-form" {...getFormProps(form)}>
        <FormProblem problem={formError} />
        {body(t('contractSigning.templates.bodyZh'), fields.bodyZh, 'zh-CN')}
        {body(t('contractSigning.templates.bodyEn'), fields.bodyEn, 'en')}
        <SubmitButton name="intent" value="save">
          {t('contractSigning.templates.save')}
        </SubmitButton>
      </Form>
      <section aria-labelledby="template-variables">
        <h2 id="template-variables">{t('contractSigning.templates.variablesTitle')}</h2>
        <p className="hint">{t('contractSigning.templates.variablesHint')}</p>
        <dl className="facts" data-testid="template-variables">
          {data.variables.map((v) => (
            <div key={v}>
              <dt>
                <code>{`{{${v}}}`}</code>
              </dt>
              <dd>{t(`contractSigning.templates.variable.${v}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {data.version !== null ? (
        <section aria-labelledby="template-reset">
          <h2 id="template-reset">{t('contractSigning.templates.reset')}</h2>
          <p className="hint">{t('contractSigning.templates.resetHint')}</p>
          <Form method="post" className="inline-form">
            <FormProblem problem={reset.formError} />
            <SubmitButton name="intent" value="reset">
              {t('contractSigning.templates.reset')}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  )
}
