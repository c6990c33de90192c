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
import { agencyBlacklist, fileAppeal } from '~/domain/blacklist/blacklist.server'
import { AppealSchema } from '~/domain/blacklist/schemas'
import { NotFound } from '~/domain/errors'
import { organisationName } from '~/domain/organisations/names'
import { requirePermission, type SessionUser } from '~/utils/auth.server'
import { handle } from '~/utils/handler.server'
import { intent, runIntents } from '~/utils/intents.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { Db } from '#db/client.server'

export const meta: MetaFunction = () => [{ title: '黑名单申诉 · Blacklist appeal · 机构工作台' }]

/** The agency's own entry; another organisation's or a missing one is the same 404. */
async function ownEntry(db: Db, user: SessionUser, id: string) {
  const entry = (await agencyBlacklist(db, user)).find((e) => e.id === id)
  if (!entry) throw new NotFound()
  return entry
}

export const loader = handle(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  return { entry: await ownEntry(await getDb(), user, params.id ?? '') }
})

export const action = handle(async ({ request, params }: ActionFunctionArgs) => {
  const user = await requirePermission(request, 'agency.workspace')
  const db = await getDb()
  const id = params.id ?? ''
  await ownEntry(db, user, id)
  return runIntents(request, {
    default: intent({
      schema: AppealSchema,
      run: (value) => fileAppeal(db, user, id, { text: value.text }),
      done: () =>
        redirectWithToast(`/agency/blacklist/${id}`, { kind: 'success', messageKey: 'blacklist.agencyPage.appealed' }),
    }),
  })
})

export default function AgencyBlacklistEntry() {
  const { t, i18n } = useTranslation()
  const { entry } = useLoaderData<typeof loader>()
  const { lastResult, formError } = useIntentReply()
  const [form, fields] = useSchemaForm<{ text: string; confirm: string }>(AppealSchema, { id: 'appeal', lastResult })
  return (
    <>
      <BackLink to="/agency/blacklist" label={t('blacklist.agencyPage.title')} />
      <PageHeader
        title={t('blacklist.regulator.entryTitle', { name: organisationName(entry.agency, i18n.language) })}
      />
      <EntryTable rows={[entry]} testId="blacklist-entry" />
      {entry.appealText ? (
        <section aria-labelledby="blacklist-appeal-text">
          <h2 id="blacklist-appeal-text">{t('blacklist.appealText')}</h2>
          <p className="prewrap" data-testid="appeal-text">
            {entry.appealText}
          </p>
        </section>
      ) : null}
      {entry.appealStatus === 'not_filed' && entry.status === 'in_force' ? (
        <section aria-labelledby="blacklist-appeal">
          <h2 id="blacklist-appeal">{t('blacklist.agencyPage.appealTitle')}</h2>
          <Form method="post" {...getFormProps(form)}>
            <FormProblem problem={formError} />
            <TextareaField label={t('blacklist.appealText')} meta={fields.text} />
            <ConfirmField label={t('blacklist.confirm.appeal')} errors={fields.confirm.errors} />
            <SubmitButton>{t('blacklist.agencyPage.submit')}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </>
  )
}
