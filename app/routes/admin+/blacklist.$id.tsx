import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EntryTable } from '~/components/blacklist/entry-table'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { BackLink, RadioGroup } from '~/components/review/common'
import { useSchemaForm } from '~/components/use-schema-form'
import { decideAppeal, entryForAdmin } from '~/domain/blacklist/blacklist.server'
import { AppealDecisionSchema } from '~/domain/blacklist/schemas'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '黑名单申诉 · Blacklist appeal · 管理后台' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'admin.workspace')
  return { entry: await entryForAdmin(await getDb(), user, params.id ?? '') }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'admin.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  await entryForAdmin(db, user, id)
  return runIntents(request, {
    default: intent({
      schema: AppealDecisionSchema,
      run: (value) => decideAppeal(db, user, id, { decision: value.decision, reasons: value.reasons }),
      done: () =>
        redirectWithToast(`/admin/blacklist/${id}`, { kind: 'success', messageKey: 'blacklist.admin.decided' }),
    }),
  })
})

export default function AdminBlacklistAppeal() {
  const { t, i18n } = useTranslation()
  const { entry } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<{ decision: string; reasons: string; confirm: string }>(AppealDecisionSchema, {
    id: 'appeal-decision',
    lastResult,
  })
  return (
    <>
      <BackLink to="/admin/blacklist" label={t('blacklist.admin.back')} />
      <PageHeader title={t('blacklist.admin.entryTitle', { name: organisationName(entry.agency, i18n.language) })} />
      <EntryTable rows={[entry]} testId="blacklist-entry" />
      {entry.appealText ? (
        <section aria-labelledby="blacklist-appeal-text">
          <h2 id="blacklist-appeal-text">{t('blacklist.appealText')}</h2>
          <p className="prewrap" data-testid="appeal-text">
            {entry.appealText}
          </p>
        </section>
      ) : null}
      {entry.appealStatus === 'pending' ? (
        <section aria-labelledby="blacklist-decide">
          <h2 id="blacklist-decide">{t('blacklist.admin.decision')}</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormProblem problem={formError} />
            <RadioGroup
              label={t('blacklist.admin.decision')}
              meta={fields.decision}
              options={[
                { value: 'upheld', label: t('blacklist.admin.uphold') },
                { value: 'rejected', label: t('blacklist.admin.reject') },
              ]}
            />
            <TextareaField label={t('blacklist.appealReasons')} meta={fields.reasons} />
            <ConfirmField label={t('blacklist.confirm.decide')} errors={fields.confirm.errors} />
            <SubmitButton>{t('blacklist.admin.submit')}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  )
}
