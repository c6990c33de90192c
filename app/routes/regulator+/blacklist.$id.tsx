import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { getDb } from '#db/client.server'
import { EntryTable } from '~/components/blacklist/entry-table'
import { ConfirmField } from '~/components/confirm-field'
import { FormProblem, SubmitButton, TextareaField, useIntentReply } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { BackLink } from '~/components/review/common'
import { useSchemaForm } from '~/components/use-schema-form'
import { entryForRegulator, liftEntry } from '~/domain/blacklist/blacklist.server'
import { LiftSchema } from '~/domain/blacklist/schemas'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'

export const meta: MetaFunction = () => [{ title: '黑名单记录 · Blacklist entry · 监管工作台' }]

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const { appealText: _, ...entry } = await entryForRegulator(await getDb(), user, params.id ?? '')
  return { entry }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'regulator.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  // Out of remit or unknown: 404 before the form is read.
  await entryForRegulator(db, user, id)
  return runIntents(request, {
    default: intent({
      schema: LiftSchema,
      run: (value) => liftEntry(db, user, id, { reason: value.reason }),
      done: () =>
        redirectWithToast(`/regulator/blacklist/${id}`, { kind: 'success', messageKey: 'blacklist.regulator.lifted' }),
    }),
  })
})

export default function RegulatorBlacklistEntry() {
  const { t, i18n } = useTranslation()
  const { entry } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<{ reason: string; confirm: string }>(LiftSchema, { id: 'lift', lastResult })
  return (
    <>
      <BackLink to="/regulator/blacklist" label={t('blacklist.regulator.back')} />
      <PageHeader
        title={t('blacklist.regulator.entryTitle', { name: organisationName(entry.agency, i18n.language) })}
      />
      <EntryTable rows={[entry]} testId="blacklist-entry" />
      {entry.status === 'in_force' ? (
        <section aria-labelledby="blacklist-lift">
          <h2 id="blacklist-lift">{t('blacklist.regulator.liftTitle')}</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormProblem problem={formError} />
            <TextareaField label={t('blacklist.liftReason')} meta={fields.reason} />
            <ConfirmField label={t('blacklist.confirm.lift')} errors={fields.confirm.errors} />
            <SubmitButton>{t('blacklist.regulator.lift')}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  )
}
